"""`make report`: a static HTML report over the gold marts, with Plotly charts.

Reads the lakehouse through the dbt target the user builds with (DBT_TARGET,
else the profile's): `local`, a Spark session configured like that profile
(the embedded Derby metastore admits one JVM at a time: run it when no dbt
is running), or `thrift`, the Thrift server of that profile (a cluster's),
as a SQL client. It writes one self-contained HTML file, the plotting
library inlined, that opens offline in any browser.

The report has a section per domain (`DOMAINS`: events, orders, retail,
NeoWs, data quality, runs and freshness). Each holds chart builders: each
reads what it needs and returns a chart, or None when its table is not
there or has no rows, so a domain not built yet (or with nothing landed)
shows one line saying so instead of failing the report. A new chart is one
more builder in its domain: a function, or a `StackedBarsChart` for one query
drawn as stacked bars.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
from plotly.subplots import make_subplots

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from preflight import spark_can_start  # noqa: E402

DEFAULT_OUTPUT = REPO / "reports" / "lakehouse_report.html"
NOT_BUILT_HINT = "build it first with `make demo` (or land files and `make build`)"


class LakehouseNotBuilt(Exception):
    """The gold marts the report reads do not exist."""


@dataclass
class Chart:
    key: str
    title: str
    explanation: str
    figure: object  # plotly.graph_objects.Figure


@dataclass
class Lakehouse:
    spark: object  # a pyspark.sql.SparkSession, or a DB-API connection to a Thrift server
    schema: str
    daily: list[dict] | None = None  # daily_activity(), read once

    def table(self, layer: str, name: str) -> str:
        return f"{self.schema}_{layer}.{name}"

    def exists(self, layer: str, name: str) -> bool:
        if hasattr(self.spark, "catalog"):
            return self.spark.catalog.tableExists(self.table(layer, name))
        schemas = {row["namespace"] for row in self.rows(f"show schemas like '{self.schema}_{layer}'")}
        return (f"{self.schema}_{layer}" in schemas
                and bool(self.rows(f"show tables in {self.schema}_{layer} like '{name}'")))

    def rows(self, sql: str) -> list[dict]:
        if hasattr(self.spark, "sql"):
            return [row.asDict() for row in self.spark.sql(sql).collect()]
        cursor = self.spark.cursor()
        try:
            cursor.execute(sql)
            names = [column[0].split(".")[-1] for column in cursor.description]
            return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        finally:
            cursor.close()


def number(value) -> float | None:
    """Spark's decimals as floats, which every chart library takes."""
    return None if value is None else float(value)


def profile() -> tuple[str, dict]:
    """The dbt target the report reads through (DBT_TARGET, else the profile's) and its rendered settings."""
    import jinja2
    import yaml

    profiles_dir = Path(os.environ.get("DBT_PROFILES_DIR", REPO))
    profiles = profiles_dir / "profiles.yml"
    if not profiles.exists():
        profiles = REPO / "profiles.yml.example"

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError(f"{profiles}: env var {name} is not set")
        return default

    environment = jinja2.Environment(autoescape=False)  # noqa: S701 (renders config values, not HTML)
    # dbt's type filters: the values are read as text here
    environment.filters.update(as_number=str, as_bool=str, as_text=str, as_native=str)

    def rendered(value):
        if isinstance(value, dict):
            return {key: rendered(item) for key, item in value.items()}
        return environment.from_string(str(value)).render(env_var=env_var)

    project = yaml.safe_load(profiles.read_text())["lakehouse_events"]
    target = os.environ.get("DBT_TARGET") or rendered(project.get("target", "local"))
    if target not in project["outputs"]:
        raise KeyError(f"{profiles}: no target {target!r}")
    return target, rendered(project["outputs"][target])


def spark_session(settings: dict):
    """A SparkSession with the `local` target's settings (as dbt-spark builds it)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in settings.get("server_side_parameters", {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def thrift_connection(settings: dict):
    """A SQL connection to the `thrift` target's server (PyHive, as dbt-spark's thrift method uses)."""
    from pyhive import hive

    return hive.connect(host=settings["host"], port=int(settings["port"]), username=settings.get("user", "dbt"))


# ---------------------------------------------------------------- charts


def stacked_bars(rows: list[dict], x: str, y: str, group: str, y_title: str, empty_text: str):
    """One bar trace per value of `group`, stacked; a note on an empty chart."""
    figure = go.Figure(layout={"barmode": "stack", "yaxis": {"title": {"text": y_title}}})
    for name in sorted({row[group] for row in rows}):
        members = [row for row in rows if row[group] == name]
        figure.add_trace(go.Bar(x=[row[x] for row in members], y=[number(row[y]) for row in members], name=name))
    if not rows:
        figure.add_annotation(text=empty_text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return figure


def daily_activity(lakehouse: Lakehouse) -> list[dict]:
    """Per event date: events, revenue, late share and latency over all users (none: no events mart)."""
    if lakehouse.daily is not None:
        return lakehouse.daily
    if not lakehouse.exists("gold", "gold_daily_user_activity"):
        return []
    lakehouse.daily = lakehouse.rows(f"""
        select
            event_date,
            sum(total_events) as events,
            sum(total_amount) as revenue,
            sum(late_events) as late_events,
            100 * sum(late_events) / sum(total_events) as late_pct,
            sum(avg_latency_seconds * total_events) / sum(total_events) / 60 as avg_latency_minutes,
            max(max_latency_seconds) / 60 as max_latency_minutes
        from {lakehouse.table('gold', 'gold_daily_user_activity')}
        group by event_date
        order by event_date
    """)
    return lakehouse.daily


def revenue_and_events(lakehouse: Lakehouse) -> Chart | None:
    days = daily_activity(lakehouse)
    if not days:
        return None
    dates = [day["event_date"] for day in days]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(go.Bar(x=dates, y=[number(day["revenue"]) for day in days], name="revenue"))
    figure.add_trace(
        go.Scatter(x=dates, y=[day["events"] for day in days], name="events", mode="lines+markers"),
        secondary_y=True,
    )
    figure.update_yaxes(title_text="revenue (sum of amount)", secondary_y=False)
    # its own round ticks, not ticks synced to the revenue axis's grid (158, 638, 1119, ...)
    figure.update_yaxes(title_text="events", secondary_y=True, rangemode="tozero", showgrid=False, tickmode="auto")
    return Chart(
        "revenue_and_events",
        "Daily revenue and events",
        "Sum of amounts (missing amounts count as 0) and count of events, by the UTC date the events happened.",
        figure,
    )


def late_share_and_latency(lakehouse: Lakehouse) -> Chart | None:
    days = daily_activity(lakehouse)
    if not days:
        return None
    dates = [day["event_date"] for day in days]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(go.Bar(x=dates, y=[number(day["late_pct"]) for day in days], name="late events (%)"))
    for column, label in (("avg_latency_minutes", "mean latency"), ("max_latency_minutes", "max latency")):
        figure.add_trace(
            go.Scatter(x=dates, y=[number(day[column]) for day in days], name=f"{label} (min)", mode="lines+markers"),
            secondary_y=True,
        )
    figure.update_yaxes(title_text="late events (%)", secondary_y=False, rangemode="tozero")
    figure.update_yaxes(title_text="latency (minutes)", secondary_y=True, showgrid=False, tickmode="auto")
    return Chart(
        "late_share_and_latency",
        "Late events and latency by day",
        "Share of events whose ingest_time - event_time exceeds the late threshold, "
        "and the mean and largest latency.",
        figure,
    )


@dataclass(frozen=True)
class StackedBarsChart:
    """A chart builder: one query over one table as stacked bars, or None when the table is not there.

    `sql` names the table `{table}`; `x`, `y` and `group` are columns of its rows.
    """

    key: str
    title: str
    explanation: str
    layer: str
    table: str
    sql: str
    x: str
    y: str
    group: str
    y_title: str
    empty_text: str
    # a feed that may not be landed at all (NeoWs) shows no section rather than an empty one
    only_with_rows: bool = False

    def __call__(self, lakehouse: Lakehouse) -> Chart | None:
        if not lakehouse.exists(self.layer, self.table):
            return None
        rows = lakehouse.rows(self.sql.format(table=lakehouse.table(self.layer, self.table)))
        if self.only_with_rows and not rows:
            return None
        figure = stacked_bars(rows, self.x, self.y, self.group, self.y_title, self.empty_text)
        return Chart(self.key, self.title, self.explanation, figure)


events_by_type = StackedBarsChart(
    key="events_by_type", title="Events by type and day",
    explanation="Current versions of valid events, by type.",
    layer="gold", table="gold_daily_event_types",
    sql="""
        select event_date, event_type, total_events
        from {table}
        order by event_date, event_type
    """,
    x="event_date", y="total_events", group="event_type", y_title="events", empty_text="no event",
)

quarantine_by_reason = StackedBarsChart(
    key="quarantine_by_reason", title="Quarantined lines by reason",
    explanation="Landed lines that break the events contract, by the day bronze loaded them and the rule they break.",
    layer="silver", table="silver_events_quarantine",
    sql="""
        select to_date(bronze_loaded_at) as load_date, quarantine_reason, count(*) as lines
        from {table}
        group by 1, 2
        order by 1, 2
    """,
    x="load_date", y="lines", group="quarantine_reason", y_title="quarantined lines",
    empty_text="no quarantined line",
)

def neo_approaches_by_band(band: str, title: str) -> StackedBarsChart:
    """NASA NeoWs close approaches per band of `band`, stacked by risk class."""
    return StackedBarsChart(
        key=f"neo_approaches_by_{band}", title=title,
        explanation="From gold_neo_close_approaches: the current numbers of every close approach, by band and "
        "risk class (high: hazardous, under 1,000,000 km, and large or fast; moderate: hazardous and close, "
        "or hazardous and medium or large; low: the rest).",
        layer="gold", table="gold_neo_close_approaches",
        sql=f"""
            select {band}, risk_class, count(*) as approaches
            from {{table}}
            group by 1, 2
            order by 1, 2
        """,
        x=band, y="approaches", group="risk_class", y_title="close approaches", empty_text="no close approach",
        only_with_rows=True,
    )


orders_by_status = StackedBarsChart(
    key="orders_by_status", title="Orders by status and day",
    explanation="From gold_daily_orders: distinct orders per order date, stacked by their current status.",
    layer="gold", table="gold_daily_orders",
    sql="""
        select order_date, status, distinct_orders
        from {table}
        order by order_date, status
    """,
    x="order_date", y="distinct_orders", group="status", y_title="orders", empty_text="no order",
    only_with_rows=True,
)

store_revenue = StackedBarsChart(
    key="store_revenue", title="Net revenue by store and day",
    explanation="From gold_daily_store_performance: net revenue (returns negative) per sale date, "
    "stacked by store.",
    layer="gold", table="gold_daily_store_performance",
    sql="""
        select sale_date, store_id, revenue
        from {table}
        order by sale_date, store_id
    """,
    x="sale_date", y="revenue", group="store_id", y_title="net revenue", empty_text="no sale",
    only_with_rows=True,
)


def horizontal_bars(rows: list[dict], label: str, value: str, group: str, x_title: str):
    """One horizontal bar per row, the largest on top, coloured by `group`."""
    ordered = sorted(rows, key=lambda row: number(row[value]) or 0)
    figure = go.Figure(layout={"barmode": "stack", "xaxis": {"title": {"text": x_title}},
                               "height": max(300, 28 * len(ordered) + 120)})
    for name in sorted({row[group] for row in ordered}):
        members = [row for row in ordered if row[group] == name]
        figure.add_trace(go.Bar(y=[row[label] for row in members], x=[number(row[value]) for row in members],
                                name=name, orientation="h"))
    # the order of the rows, not of the traces: largest total at the top
    figure.update_yaxes(categoryorder="array", categoryarray=[row[label] for row in ordered])
    return figure


def product_revenue(lakehouse: Lakehouse) -> Chart | None:
    if not lakehouse.exists("gold", "gold_product_performance"):
        return None
    rows = lakehouse.rows(f"""
        select coalesce(product_name, product_id) as product, coalesce(category, 'unknown') as category, revenue
        from {lakehouse.table('gold', 'gold_product_performance')}
        order by revenue desc
        limit 20
    """)
    if not rows:
        return None
    return Chart(
        "product_revenue", "Net revenue by product (top 20)",
        "From gold_product_performance: net revenue of each product over all sales (returns negative), "
        "largest first, coloured by category.",
        horizontal_bars(rows, "product", "revenue", "category", "net revenue"),
    )


def customer_value(lakehouse: Lakehouse) -> Chart | None:
    if not lakehouse.exists("gold", "gold_customer_lifetime_value"):
        return None
    rows = lakehouse.rows(f"""
        select customer_id, total_spend,
            case when return_transactions > 0 then 'returned something' else 'no return' end as returns
        from {lakehouse.table('gold', 'gold_customer_lifetime_value')}
        order by total_spend desc
        limit 20
    """)
    if not rows:
        return None
    return Chart(
        "customer_value", "Lifetime value by customer (top 20)",
        "From gold_customer_lifetime_value: each customer's net spend over all their lines, largest first.",
        horizontal_bars(rows, "customer_id", "total_spend", "returns", "net spend"),
    )


def quality_by_feed_and_rule(lakehouse: Lakehouse) -> Chart | None:
    if not lakehouse.exists("gold", "gold_daily_data_quality"):
        return None
    rows = lakehouse.rows(f"""
        select concat(model_name, ': ', expectation) as rule, action, sum(affected_rows) as affected_rows
        from {lakehouse.table('gold', 'gold_daily_data_quality')}
        -- a quarantine logs again, under its own name, the rows its model dropped
        where affected_rows > 0 and not endswith(model_name, '_quarantine')
        group by model_name, expectation, action
    """)
    if not rows:
        return None
    return Chart(
        "quality_by_feed_and_rule", "Rows each rule dropped or warned, by model, over all runs",
        "From gold_daily_data_quality: every rule a model's rows broke, largest first; `drop` rows were "
        "quarantined, `warn` rows kept and counted (a file the ledger could not read counts under its "
        "feed's bronze model).",
        horizontal_bars(rows, "rule", "affected_rows", "action", "rows"),
    )


def freshness_by_feed(lakehouse: Lakehouse) -> Chart | None:
    if not lakehouse.exists("ops", "pipeline_runs"):
        return None
    rows = lakehouse.rows(f"""
        select feed, recorded_at, freshness_seconds
        from {lakehouse.table('ops', 'pipeline_runs')}
        where status = 'completed' and freshness_seconds is not null
        order by feed, recorded_at
    """)
    if not rows:
        return None
    figure = go.Figure(layout={"yaxis": {"title": {"text": "freshness (s)"}, "rangemode": "tozero"}})
    for feed in sorted({row["feed"] for row in rows}):
        members = [row for row in rows if row["feed"] == feed]
        figure.add_trace(go.Scatter(x=[row["recorded_at"] for row in members],
                                    y=[number(row["freshness_seconds"]) for row in members],
                                    name=feed, mode="lines+markers"))
    return Chart(
        "freshness_by_feed", "Freshness of each completed run, by feed",
        "From pipeline_runs: per run that completed a feed, the seconds from its oldest new file landing "
        "to the run's gold commit.",
        figure,
    )


@dataclass(frozen=True)
class Domain:
    """A section of the report: its charts, and the tables whose absence it names when it has none."""

    key: str
    title: str
    tables: tuple[tuple[str, str], ...]  # (layer, name)
    charts: tuple[Callable[[Lakehouse], Chart | None], ...]
    nothing: str = "nothing landed for it yet"  # why built tables can have no rows to chart

    def missing(self, lakehouse: Lakehouse) -> str:
        """Why the domain shows no chart: its tables not built, or without rows."""
        absent = [name for layer, name in self.tables if not lakehouse.exists(layer, name)]
        if absent:
            verb = "does" if len(absent) == 1 else "do"
            return f"Not built: {', '.join(absent)} {verb} not exist yet (the models have not run)."
        return f"Nothing to chart yet in {', '.join(name for _, name in self.tables)} ({self.nothing})."


DOMAINS: list[Domain] = [
    Domain("events", "Events", (("gold", "gold_daily_user_activity"),),
           (revenue_and_events, late_share_and_latency, events_by_type, quarantine_by_reason)),
    Domain("orders", "Orders", (("gold", "gold_daily_orders"),), (orders_by_status,)),
    Domain("retail", "Retail", (("gold", "gold_daily_store_performance"), ("gold", "gold_product_performance"),
                                ("gold", "gold_customer_lifetime_value")),
           (store_revenue, product_revenue, customer_value)),
    Domain("neows", "NASA NeoWs close approaches", (("gold", "gold_neo_close_approaches"),),
           (neo_approaches_by_band("size_band", "NeoWs close approaches by size band and risk"),
            neo_approaches_by_band("velocity_band", "NeoWs close approaches by velocity band and risk"))),
    Domain("quality", "Data quality", (("gold", "gold_daily_data_quality"),),
           (quality_by_feed_and_rule,), nothing="no rule has dropped or warned a row"),
    Domain("runs", "Runs and freshness", (("ops", "pipeline_runs"),), (freshness_by_feed,)),
]


# ---------------------------------------------------------------- page


def summary(lakehouse: Lakehouse) -> dict[str, str]:
    days = daily_activity(lakehouse)
    if not days:
        return {"events": "none (the events marts are not built or empty)"}
    events = sum(day["events"] for day in days)
    late = sum(day["late_events"] for day in days)
    facts = {
        "days": f"{days[0]['event_date']} to {days[-1]['event_date']} ({len(days)})",
        "events": f"{events:,}",
        "revenue": f"{sum(number(day['revenue']) for day in days):,.2f}",
        "late events": f"{late:,} ({100 * late / events:.2f} %)" if events else "0",
    }
    if lakehouse.exists("silver", "silver_events_quarantine"):
        quarantine = lakehouse.table("silver", "silver_events_quarantine")
        quarantined = lakehouse.rows(f"select count(*) as n from {quarantine}")[0]["n"]
        facts["quarantined lines"] = f"{quarantined:,}"
    return facts


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lakehouse report: {schema}</title>
<style>
  body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }}
  table.summary td {{ padding: 0.2rem 1.5rem 0.2rem 0; }}
  section.domain {{ margin-top: 3rem; }}
  section.chart {{ margin-top: 2rem; }}
  p.not-built {{ color: #8a5a00; }}
  p.explanation, p.generated {{ color: #555; }}
</style>
<script>{plotly_js}</script>
</head>
<body>
<h1>Lakehouse report</h1>
<p class="generated">Schema <code>{schema}</code>, generated {generated} by <code>make report</code>.</p>
<table class="summary">{summary}</table>
{charts}
</body>
</html>
"""


def chart_section(chart: Chart) -> str:
    chart.figure.update_layout(title_text=None, margin={"t": 30}, legend={"orientation": "h"})
    if chart.figure.layout.height is None:
        chart.figure.update_layout(height=420)
    if not any(getattr(trace, "orientation", None) == "h" for trace in chart.figure.data):
        # one labelled slot per day (a date axis would add 12:00 ticks between few days)
        chart.figure.update_xaxes(type="category", categoryorder="category ascending")
    body = chart.figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{chart.key}",
        config={"displaylogo": False, "responsive": True},
    )
    return (f'<section class="chart" data-chart="{chart.key}">\n<h3>{html.escape(chart.title)}</h3>\n'
            f'<p class="explanation">{html.escape(chart.explanation)}</p>\n{body}\n</section>')


def render(lakehouse: Lakehouse, output: Path) -> list[Chart]:
    """Write the report to `output`; the charts it holds, in order."""
    if not any(lakehouse.exists(layer, name) for domain in DOMAINS for layer, name in domain.tables):
        raise LakehouseNotBuilt(f"none of {', '.join(name for d in DOMAINS for _, name in d.tables)} exists")
    charts, sections = [], []
    for domain in DOMAINS:
        drawn = [chart for build in domain.charts if (chart := build(lakehouse)) is not None]
        charts.extend(drawn)
        body = ("\n".join(chart_section(chart) for chart in drawn) if drawn
                else f'<p class="not-built">{html.escape(domain.missing(lakehouse))}</p>')
        sections.append(f'<section class="domain" data-domain="{domain.key}">\n'
                        f'<h2>{html.escape(domain.title)}</h2>\n{body}\n</section>')
    rows = "".join(
        f"<tr><td>{html.escape(key)}</td><td><b>{html.escape(value)}</b></td></tr>"
        for key, value in summary(lakehouse).items()
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        PAGE.format(
            schema=html.escape(lakehouse.schema),
            generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            summary=rows,
            plotly_js=plotly.offline.get_plotlyjs(),
            charts="\n".join(sections),
        ),
        encoding="utf-8",
    )
    return charts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"default: {DEFAULT_OUTPUT}")
    args = parser.parse_args(argv)
    lakehouse_dir = Path(os.environ.setdefault("LAKEHOUSE_DIR", str(REPO / "lakehouse"))).resolve()
    schema = os.environ.setdefault("LAKEHOUSE_SCHEMA", "lakehouse")
    os.chdir(REPO)  # the profile's paths (log4j config, class archive) are relative to the project
    try:
        target, settings = profile()
    except KeyError as unknown:
        print(f"error: {unknown.args[0]}", file=sys.stderr)
        return 2
    if target == "thrift":
        where = f"the Thrift server at {settings['host']}:{settings['port']}"
        try:
            lakehouse = Lakehouse(thrift_connection(settings), schema)
        except Exception as unreachable:  # noqa: BLE001 (any connection error is said in one line)
            print(f"error: cannot reach {where} (`make cluster-up` starts one): {unreachable}", file=sys.stderr)
            return 2
    elif settings.get("method") == "session":
        where = str(lakehouse_dir)
        # said before Spark starts: an unbuilt lakehouse needs no JVM to tell
        if not (lakehouse_dir / "metastore_db").exists():
            print(f"error: no lakehouse in {lakehouse_dir}: {NOT_BUILT_HINT}", file=sys.stderr)
            return 1
        if not spark_can_start(lakehouse_dir):
            return 2
        lakehouse = Lakehouse(spark_session(settings), schema)
    else:
        print(f"error: the report reads the `local` and `thrift` targets, not {target!r}"
              " (on Databricks, chart the gold marts in a SQL dashboard)", file=sys.stderr)
        return 2
    try:
        charts = render(lakehouse, args.output)
    except LakehouseNotBuilt as missing:
        print(f"error: the lakehouse in {where} has no gold marts ({missing}): {NOT_BUILT_HINT}",
              file=sys.stderr)
        return 1
    print(f"report with {len(charts)} charts written to {args.output.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
