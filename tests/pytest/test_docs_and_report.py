"""The docs site and the HTML report, opened in headless Chromium.

One small lakehouse is built; `dbt docs generate` writes the site, which is
served over http on localhost and browsed like an analyst would: the gold
models and their upstream models must be on their pages. `scripts/report.py`
renders the report from the same tables, and every chart must be drawn, with
the marts' numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import report
from browser import chromium_page, require_chromium, serve
from conftest import REPO
from produce_events import Knobs, produce_history

SCHEMA = "docsite"
KNOBS = Knobs(seed=21, start_date="2025-05-01", days=3, events_per_day=200, users=20, invalid_share=0.05, batches=3)
PROJECT = "lakehouse_events"
# the docs describe the whole project: build every declared feed (only events land)
ALL_FEEDS = tuple(yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["feeds"])


@pytest.fixture(scope="module")
def chromium() -> None:
    """Skip (or, under CI, fail) before building anything when there is no browser."""
    require_chromium()


@pytest.fixture(scope="module")
def built(lakehouse, tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("docsite_landing")
    produce_history(landing, KNOBS, progress=False)
    # models, snapshots and seeds: the pages describe tables; each feed's data
    # tests are run by its own scenario
    lakehouse.dbt("build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test",
                  feeds=ALL_FEEDS, schema=SCHEMA, landing=landing)
    return landing


@pytest.fixture(scope="module")
def docs_site(lakehouse, built, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("docsite_target")
    lakehouse.dbt("docs", "generate", "--target-path", str(target), feeds=ALL_FEEDS, schema=SCHEMA, landing=built)
    assert (target / "index.html").exists()
    return target


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def project_models(manifest: dict) -> dict[str, dict]:
    return {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == PROJECT
    }


def test_every_built_column_is_described(docs_site):
    """The catalog (the real tables) has no column the YAML leaves undescribed."""
    manifest, catalog = load(docs_site / "manifest.json"), load(docs_site / "catalog.json")
    described = {
        unique_id: node
        for unique_id, node in {**manifest["nodes"], **manifest["sources"]}.items()
        if node["resource_type"] in ("model", "seed", "snapshot", "source") and node["package_name"] == PROJECT
    }
    built = {**catalog["nodes"], **catalog["sources"]}
    assert set(project_models(manifest)) <= set(built), "every model is in the catalog"
    undescribed = [
        f"{described[unique_id]['name']}.{column}"
        for unique_id, entry in built.items()
        if unique_id in described
        for column in entry["columns"]
        if not described[unique_id]["columns"].get(column.lower(), {}).get("description", "").strip()
    ]
    assert undescribed == []


def test_docs_site_shows_gold_models_and_their_lineage(chromium, docs_site):
    from playwright.sync_api import expect

    manifest = load(docs_site / "manifest.json")
    models = project_models(manifest)
    gold = {uid: node for uid, node in models.items() if "gold" in node["tags"]}
    assert gold, "the project has gold models"
    parents = {
        uid: sorted(models[parent]["name"] for parent in node["depends_on"]["nodes"] if parent in models)
        for uid, node in gold.items()
    }
    # the lineage crosses layers: some gold model reads silver
    assert any("silver" in models[p]["tags"] for node in gold.values() for p in node["depends_on"]["nodes"]
               if p in models)

    with serve(docs_site) as url, chromium_page() as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        page.goto(f"{url}/#!/overview")
        expect(page.locator("body")).to_contain_text("How late, repeated and corrected events are counted")
        for node in gold.values():
            expect(page.locator("body")).to_contain_text(node["name"])

        for uid, node in gold.items():
            page.goto(f"{url}/#!/model/{uid}")
            expect(page.get_by_role("heading", name=node["name"])).to_be_visible()
            depends_on = page.locator("section.section", has=page.locator("#depends_on"))
            for parent in parents[uid]:
                expect(depends_on).to_contain_text(parent)

        exposure = next(uid for uid in manifest["exposures"] if uid.endswith(".lakehouse_report"))
        page.goto(f"{url}/#!/exposure/{exposure}")
        depends_on = page.locator("section.section", has=page.locator("#depends_on"))
        for parent in manifest["exposures"][exposure]["depends_on"]["nodes"]:
            expect(depends_on).to_contain_text(parent.split(".")[-1])
        assert errors == []


def test_report_refuses_an_unbuilt_lakehouse(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAKEHOUSE_DIR", str(tmp_path / "nothing_here"))
    assert report.main(["--output", str(tmp_path / "report.html")]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "make demo" in error
    assert not (tmp_path / "report.html").exists()


def test_report_names_the_targets_it_reads(tmp_path, monkeypatch, capsys):
    for target, said in (("databricks", "reads the `local` and `thrift` targets, not 'databricks'"),
                         ("nosuchtarget", "no target 'nosuchtarget'")):
        monkeypatch.setenv("DBT_TARGET", target)
        assert report.main(["--output", str(tmp_path / "report.html")]) == 2
        error = capsys.readouterr().err.strip()
        assert len(error.splitlines()) == 1 and said in error, error


def test_report_without_gold_marts_says_so(lakehouse, tmp_path):
    with pytest.raises(report.LakehouseNotBuilt):
        report.render(report.Lakehouse(lakehouse.spark, "never_built"), tmp_path / "report.html")


def test_a_report_over_some_marts_says_which_are_missing(lakehouse, built, tmp_path):
    """A lakehouse with only the orders mart: the report is written, and each missing domain names its table."""
    lakehouse.spark.sql("create schema if not exists partly_gold")
    lakehouse.spark.sql(f"create table if not exists partly_gold.gold_daily_orders using delta"
                        f" as select * from {SCHEMA}_gold.gold_daily_orders")
    output = tmp_path / "report.html"
    assert report.render(report.Lakehouse(lakehouse.spark, "partly"), output) == []
    page = output.read_text()
    assert "Not built: gold_daily_user_activity does not exist yet" in page
    assert "Nothing to chart yet in gold_daily_orders" in page
    assert "none (the events marts are not built or empty)" in page


def test_report_charts_render_in_chromium(chromium, lakehouse, built, tmp_path):
    output = tmp_path / "lakehouse_report.html"
    charts = report.render(report.Lakehouse(lakehouse.spark, SCHEMA), output)

    # only events landed: the other feeds' marts are built and empty, and say so
    expected = ["revenue_and_events", "late_share_and_latency", "events_by_type", "quarantine_by_reason",
                "quality_by_feed_and_rule", "freshness_by_feed"]
    assert [chart.key for chart in charts] == expected
    # one file that works offline: the plotting library is inlined, nothing is fetched
    page_source = output.read_text()
    assert "<script src=" not in page_source

    gold_amount, gold_events = lakehouse.spark.sql(
        f"select sum(total_amount), sum(total_events) from {SCHEMA}_gold.gold_daily_user_activity"
    ).first()

    with serve(tmp_path) as url, chromium_page() as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/{output.name}")
        page.wait_for_selector(".js-plotly-plot .main-svg")

        domains = page.locator("section.domain")
        assert [domains.nth(index).get_attribute("data-domain") for index in range(domains.count())] == [
            domain.key for domain in report.DOMAINS]
        for empty in ("orders", "retail", "neows"):
            note = page.locator(f'section.domain[data-domain="{empty}"] p.not-built').inner_text()
            assert note.startswith("Nothing to chart yet in gold_"), note

        sections = page.locator("section.chart")
        assert sections.count() == len(charts)
        for index, chart in enumerate(charts):
            section = sections.nth(index)
            assert section.get_attribute("data-chart") == chart.key
            assert section.locator(".main-svg").count() >= 1, chart.key
            # every trace of the figure is drawn, with at least one bar or point
            assert section.locator("g.trace").count() == len(chart.figure.data) > 0, chart.key
            assert section.locator("g.trace path, g.trace .point").count() > 0, chart.key

        plotted = page.evaluate(
            """() => {
                const data = document.getElementById('chart-revenue_and_events').data;
                const sum = (values) => values.reduce((total, value) => total + (value || 0), 0);
                return {revenue: sum(data[0].y), events: sum(data[1].y)};
            }"""
        )
        assert plotted["revenue"] == pytest.approx(float(gold_amount), abs=0.01)
        # the rules, largest on top: the top bar is the rule that affected most rows
        top_rule = page.evaluate(
            "() => document.getElementById('chart-quality_by_feed_and_rule').layout.yaxis.categoryarray.at(-1)")
        assert top_rule == lakehouse.spark.sql(
            f"select concat(model_name, ': ', expectation) from {SCHEMA}_gold.gold_daily_data_quality"
            " where not endswith(model_name, '_quarantine')"
            " group by model_name, expectation order by sum(affected_rows) desc limit 1").first()[0]
        assert plotted["events"] == gold_events
        assert errors == []
