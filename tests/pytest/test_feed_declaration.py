"""The feed declaration (var `feeds`): what every per-feed model, the ops
models and the tie-break rule read. No Spark: dbt parses the project and
renders the declaration's macros with the `databricks` target, which opens
no connection (see test_databricks_offline.py).
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import REPO
from test_databricks_offline import dbt

DECLARED = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["feeds"]


def render(tmp_path, inline: str, *extra: str):
    return dbt(tmp_path, "compile", "--quiet", "--no-populate-cache", "--no-introspect", "--inline", inline, *extra)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    tmp_path = tmp_path_factory.mktemp("feeds")
    result = dbt(tmp_path, "parse", "--no-partial-parse")
    assert result.returncode == 0, result.stdout[-3000:]
    return json.loads((tmp_path / "target" / "manifest.json").read_text())


def models_by_name(manifest: dict) -> dict[str, dict]:
    return {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}


def test_every_declared_feed_has_its_models_and_nothing_else_does(manifest):
    models = models_by_name(manifest)
    for feed, spec in DECLARED.items():
        merged = f"silver_{feed}_changes" if "sequence" in spec else f"silver_{feed}"
        for name in (f"bronze_{feed}", f"silver_{feed}_validated", f"silver_{feed}_quarantine", merged):
            assert name in models, f"feed {feed}: no model {name}"
            assert f"/{feed}/" in models[name]["original_file_path"], f"{name} is not in its feed's folder"
    bronze_feeds = {name[len("bronze_"):] for name in models if name.startswith("bronze_")}
    assert bronze_feeds == set(DECLARED), "a bronze model without a declared feed, or the other way round"
    landing_tables = {source["name"] for source in manifest["sources"].values() if source["source_name"] == "landing"}
    assert landing_tables == set(DECLARED), "models/bronze/_bronze__sources.yml must list exactly the declared feeds"


def test_pipeline_runs_comes_after_every_table(manifest):
    """pipeline_runs advances the checkpoints, so it must run after every model
    that writes: it depends on the DAG's leaves, a hand-kept list this checks."""
    models = models_by_name(manifest)
    upstream, to_visit = set(), [models["pipeline_runs"]["unique_id"]]
    while to_visit:
        for parent in manifest["nodes"].get(to_visit.pop(), {}).get("depends_on", {}).get("nodes", []):
            if parent not in upstream:
                upstream.add(parent)
                to_visit.append(parent)
    writers = {name for name, node in models.items()
               if node["config"]["materialized"] != "view" and name != "pipeline_runs"}
    assert writers - {manifest["nodes"][node]["name"] for node in upstream if node in manifest["nodes"]} == set()


def test_one_record_hash_rule_and_the_events_tie_rule(tmp_path):
    rendered = render(tmp_path, "{% for feed in declared_feeds() %}\n{{ feed }}: {{ record_hash(feed) }}{% endfor %}")
    assert rendered.returncode == 0, rendered.stdout[-3000:]
    hashes = dict(re.findall(r"^(\w+): (sha2\(.*\))$", rendered.stdout, re.MULTILINE))
    assert set(hashes) == set(DECLARED)
    # the events contract's content: user, type, event time, amount (the oracle's order)
    assert hashes["events"] == (
        "sha2(concat_ws('|', coalesce(user_id, ''), coalesce(event_type, ''), "
        "coalesce(cast(unix_micros(event_time) as string), ''), coalesce(cast(amount as string), '')), 256)")
    for feed, spec in DECLARED.items():
        keys = [spec["key"]] if isinstance(spec["key"], str) else spec["key"]
        for excluded in [*keys, spec.get("sequence"), "ingest_time"]:
            if excluded:
                assert f"({excluded}" not in hashes[feed] and f" {excluded}," not in hashes[feed], (feed, excluded)
        others = [name for name in spec["fields"] if name not in [*keys, spec.get("sequence"), "ingest_time"]]
        assert [re.search(rf"\b{name}\b", hashes[feed]).start() for name in others] == sorted(
            re.search(rf"\b{name}\b", hashes[feed]).start() for name in others), f"{feed}: not in declared order"


@pytest.mark.parametrize(("events", "message"), [
    ({"key": "event_id", "fields": {"event_id": "text", "ingest_time": "money"}},
     "feed 'events' (var `feeds`), field 'ingest_time': type must be text, timestamp, date, int, bigint, boolean or "
     "decimal(p,s), got 'money'"),
    ({"key": "id", "fields": {"event_id": "text", "ingest_time": "timestamp"}},
     "feed 'events' (var `feeds`): 'id' is not one of its fields"),
    ({"fields": {"event_id": "text"}}, "feed 'events' (var `feeds`): needs `key`"),
])
def test_a_bad_declaration_is_a_clear_error(tmp_path, events, message):
    feeds = {**DECLARED, "events": events}
    result = render(tmp_path, "{{ feed_declaration('events') }}", "--vars", json.dumps({"feeds": feeds}))
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_an_unknown_feed_names_the_declared_ones(tmp_path):
    result = render(tmp_path, "{{ feed_declaration('weather') }}")
    assert result.returncode != 0
    assert ("no landing feed named 'weather': the feeds declared in var `feeds` are "
            + ", ".join(DECLARED)) in result.stdout + result.stderr
