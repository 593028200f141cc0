"""Retail feeds end to end: landed files -> dbt on Spark + Delta -> tables equal to the oracle.

One scenario runs in order (tests share its state, as incremental runs do):
dimension changes arrive partial, out of order, several per key per batch,
with deletes and re-creations; sales arrive late, redelivered, corrected and
broken. After every run the current states, the SCD2 histories, silver
sales and the retail marts must equal the plain-Python oracle; a late
dimension change must move past sales onto the version valid at their event
time; incremental must equal a full refresh; no email or phone in clear in gold.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import report
import retail_oracle as oracle
from produce_retail import Knobs, produce_batches
from test_pipeline import assert_table_equals

SCHEMA = "retail"
# this scenario's feeds: dbt selects their models only
FEEDS = ("customers", "products", "stores", "sales")
KNOBS = Knobs(
    seed=7,
    start_date="2025-03-01",
    days=3,
    customers=40,
    products=15,
    stores=4,
    sales_per_day=70,
    batches=3,
    updates_per_key=2.0,
    delete_share=0.15,
    recreate_share=0.5,
    dimension_late_share=0.3,
    late_share=0.2,
    redelivery_share=0.06,
    correction_share=0.06,
    stale_share=0.04,
    invalid_share=0.04,
    return_share=0.1,
    bad_discount_share=0.03,
    null_email_share=0.1,
    gzip_share=0.4,
)
DIMENSION_TABLES = {
    "customers": ["first_name", "last_name", "email", "phone", "birth_date", "city", "country", "loyalty_tier"],
    "products": ["product_name", "category", "brand", "list_price"],
    "stores": ["store_name", "city", "region", "store_type"],
}
GOLD_TABLES = ["dim_date", "gold_sales", "gold_daily_store_performance", "gold_product_performance",
               "gold_customer_lifetime_value"]


@pytest.fixture(scope="module")
def scenario(lakehouse, tmp_path_factory):
    staging = tmp_path_factory.mktemp("retail-staging")
    batches = produce_batches(staging, KNOBS)
    return {"staging": staging, "landing": tmp_path_factory.mktemp("retail-landing"), "batches": batches}


def land_batch(scenario, index: int) -> None:
    for source in scenario["batches"][index]:
        target = scenario["landing"] / source.relative_to(scenario["staging"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def land_lines(landing: Path, feed: str, name: str, records: list[dict]) -> None:
    target = landing / feed / "manual" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    hidden = target.with_name("." + target.name)
    hidden.write_text("".join(json.dumps(record) + "\n" for record in records))
    hidden.rename(target)


def naive(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(timezone.utc).replace(tzinfo=None)


def assert_matches_oracle(lakehouse, schema: str, landing: Path) -> oracle.Expected:
    expected = oracle.expected_state(landing)
    spark = lakehouse.spark
    key_columns = {"customers": "customer_id", "products": "product_id", "stores": "store_id"}

    for feed, state in expected.feeds.items():
        bronze_rows = spark.table(f"{schema}_bronze.bronze_{feed}").count()
        assert bronze_rows == state.bronze_rows, feed
        quarantine = {
            row["quarantine_reason"]: row["n"]
            for row in spark.sql(f"select quarantine_reason, count(*) as n "
                                 f"from {schema}_silver.silver_{feed}_quarantine group by 1").collect()
        }
        assert quarantine == state.quarantine, feed
        assert bronze_rows == state.valid_rows + sum(quarantine.values()), f"{feed}: every line accounted for"

    for dimension, attributes in DIMENSION_TABLES.items():
        key = key_columns[dimension]
        changes = {
            (row[key], row["updated_at"]): (row["op"] == "delete", tuple(row[a] for a in attributes))
            for row in lakehouse.rows(f"{schema}_silver.silver_{dimension}_changes")
        }
        assert changes == {
            (change.key, naive(change.updated_at)): (change.is_delete, tuple(change.values[a] for a in attributes))
            for change in expected.feeds[dimension].winners.values()
        }, f"{dimension} change records"

        current = {
            row[key]: (row["updated_at"], tuple(row[a] for a in attributes))
            for row in lakehouse.rows(f"{schema}_silver.silver_{dimension}")
        }
        assert current == {
            k: (naive(fields["updated_at"]), tuple(fields[a] for a in attributes))
            for k, fields in expected.current[dimension].items()
        }, f"{dimension} current state"

        history = sorted(
            (row[key], row["__start_at"], row["__end_at"], row["is_current"], tuple(row[a] for a in attributes))
            for row in lakehouse.rows(f"{schema}_silver.silver_{dimension}_history")
        )
        assert history == sorted(
            (v.key, naive(v.start_at), naive(v.end_at), v.end_at is None, tuple(v.values[a] for a in attributes))
            for v in expected.history[dimension]
        ), f"{dimension} history"

    silver_sales = {
        row["sale_line_id"]: (row["customer_id"], row["quantity"], row["unit_price"], row["discount"],
                              row["revenue"], row["event_time"], row["ingest_time"])
        for row in lakehouse.rows(f"{schema}_silver.silver_sales")
    }
    assert silver_sales == {
        sale.sale_line_id: (sale.customer_id, sale.quantity, sale.unit_price, sale.discount, sale.revenue,
                            naive(sale.event_time), naive(sale.ingest_time))
        for sale in expected.sales.values()
    }

    assert_table_equals(lakehouse.rows(f"{schema}_gold.gold_sales"), oracle.gold_sales(expected),
                        key=("sale_line_id",))
    assert_table_equals(lakehouse.rows(f"{schema}_gold.gold_daily_store_performance"),
                        oracle.daily_store_performance(expected.sales), key=("sale_date", "store_id"))
    assert_table_equals(lakehouse.rows(f"{schema}_gold.gold_product_performance"),
                        oracle.product_performance(expected), key=("product_id",))
    assert_table_equals(lakehouse.rows(f"{schema}_gold.gold_customer_lifetime_value"),
                        oracle.customer_lifetime_value(expected.sales), key=("customer_id",))
    assert_table_equals(lakehouse.rows(f"{schema}_gold.dim_date"), oracle.dim_date(expected.sales),
                        key=("date_day",))
    return expected


def run_and_snapshot(lakehouse, scenario, *, test: bool = False) -> None:
    """A run, then the snapshots, and optionally only the retail SCD2 tables' data tests.

    `dbt build` would also run every events test: three narrower invocations
    keep the scenario's runtime modest.
    """
    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    lakehouse.dbt("snapshot", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    if test:
        selected = [f"silver_{d}_history" for d in DIMENSION_TABLES] + [f"snap_{d}" for d in DIMENSION_TABLES]
        result = lakehouse.dbt("test", "--select", *selected, "gold_sales", "gold_daily_store_performance",
                               feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
        statuses = {node.node.name: str(node.status) for node in result.result.results}
        assert any(name.startswith("scd2_contiguous_versions_silver") for name in statuses)
        assert set(statuses.values()) <= {"success", "pass", "warn"}, statuses


def assert_snapshots_follow_current_state(lakehouse, schema: str, expected: oracle.Expected) -> None:
    """Current snapshot rows are the current state; keys deleted since are closed, not current."""
    far_future = datetime(9999, 12, 31)
    for dimension, attributes in DIMENSION_TABLES.items():
        key = {"customers": "customer_id", "products": "product_id", "stores": "store_id"}[dimension]
        rows = lakehouse.rows(f"{schema}_snapshots.snap_{dimension}")
        current = {row[key]: (row["updated_at"], tuple(row[a] for a in attributes))
                   for row in rows if row["dbt_valid_to"] == far_future}
        assert current == {
            k: (naive(fields["updated_at"]), tuple(fields[a] for a in attributes))
            for k, fields in expected.current[dimension].items()
        }, f"snap_{dimension} current rows"
        assert all(row["dbt_valid_to"] is not None for row in rows), "current rows carry the far-future end"
        assert all(row["dbt_valid_from"] == row["updated_at"] for row in rows)


def test_first_batch_matches_oracle(lakehouse, scenario):
    land_batch(scenario, 0)
    run_and_snapshot(lakehouse, scenario)
    expected = assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])
    assert_snapshots_follow_current_state(lakehouse, SCHEMA, expected)


def test_out_of_order_partial_updates_and_deletes_match_oracle(lakehouse, scenario):
    land_batch(scenario, 1)
    land_batch(scenario, 2)
    run_and_snapshot(lakehouse, scenario, test=True)
    expected = assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])
    assert_snapshots_follow_current_state(lakehouse, SCHEMA, expected)

    # the scenario exercises what it claims to
    changes = [c for dim in oracle.DIMENSIONS for c in expected.feeds[dim].winners.values()]
    assert any(c.is_delete for c in changes), "some keys deleted"
    versions = expected.history["customers"]
    assert len(versions) > len({v.key for v in versions}), "customers with several versions"
    assert any(sale.is_return for sale in expected.sales.values())
    assert "invalid_discount" in expected.feeds["sales"].quarantine
    snapshot_ends = lakehouse.spark.sql(
        f"select count(*) from {SCHEMA}_snapshots.snap_customers "
        f"where dbt_valid_to < timestamp'9999-12-31'").collect()[0][0]
    assert snapshot_ends > 0, "snapshots closed some versions"


def test_late_dimension_change_moves_past_sales_to_the_right_version(lakehouse, scenario):
    """A customer change dated before some of their sales, arriving after them, rewrites those sales."""
    spark = lakehouse.spark
    expected = oracle.expected_state(scenario["landing"])
    sales = sorted(expected.sales.values(), key=lambda sale: sale.event_time)
    starts = {}
    for version in expected.history["customers"]:
        starts.setdefault(version.key, []).append(version.start_at)
    # a live customer with a sale followed by a later change: the late change
    # lands between two existing versions, so the current state's updated_at
    # does not move
    target = next(sale for sale in sales
                  if sale.customer_id in expected.current["customers"]
                  and any(start > sale.event_time + timedelta(minutes=1) for start in starts[sale.customer_id])
                  and not any(sale.event_time - timedelta(minutes=1) <= start <= sale.event_time
                              for start in starts[sale.customer_id]))
    changed_at = target.event_time - timedelta(minutes=1)
    snapshot_versions_before = spark.sql(
        f"select count(*) from {SCHEMA}_snapshots.snap_customers where customer_id = '{target.customer_id}'"
    ).collect()[0][0]

    land_lines(scenario["landing"], "customers", "late-change.jsonl", [{
        "customer_id": target.customer_id,
        "updated_at": changed_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "ingest_time": "2025-03-10T12:00:00Z",
        "loyalty_tier": "platinum",
        "email": None,  # null: unchanged
    }])
    run_and_snapshot(lakehouse, scenario)
    expected = assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])

    # the sales whose version now carries the late value (it lasts until a later change sets the tier)
    by_time = sorted((v for v in expected.history["customers"] if v.key == target.customer_id),
                     key=lambda v: v.start_at)
    assert any(v.start_at == changed_at for v in by_time), "the late change opened a version"

    def tier_at(moment: datetime) -> str | None:
        version = oracle.version_at(by_time, moment)
        return version.values.get("loyalty_tier") if version else None

    moved = {sale.sale_line_id for sale in expected.sales.values()
             if sale.customer_id == target.customer_id and tier_at(sale.event_time) == "platinum"}
    assert target.sale_line_id in moved
    tiers = {row["sale_line_id"]: row["customer_loyalty_tier"]
             for row in spark.sql(f"select * from {SCHEMA}_gold.gold_sales "
                                  f"where customer_id = '{target.customer_id}'").collect()}
    assert {line for line, tier in tiers.items() if tier == "platinum"} == moved

    # exactly the dates of that customer's sales from the change on were rebuilt
    rebuilt = {row["sale_date"] for row in spark.table(f"{SCHEMA}_silver.silver_sales_changed_dates").collect()}
    assert rebuilt == {sale.sale_date for sale in expected.sales.values()
                       if sale.customer_id == target.customer_id and sale.event_time >= changed_at}

    # the snapshot cannot slot a past change in: updated_at did not move, so no new version
    # (technical columns such as bronze_loaded_at changed and open none either)
    snapshot_versions_after = spark.sql(
        f"select count(*) from {SCHEMA}_snapshots.snap_customers where customer_id = '{target.customer_id}'"
    ).collect()[0][0]
    assert snapshot_versions_after == snapshot_versions_before


def test_no_email_or_phone_in_clear_in_gold(lakehouse, scenario):
    expected = oracle.expected_state(scenario["landing"])
    secrets = set()
    for change in expected.feeds["customers"].winners.values():
        for name in ("email", "phone"):
            if change.values[name]:
                secrets.add(change.values[name].strip().lower())
    assert secrets
    spark = lakehouse.spark
    for table in GOLD_TABLES:
        frame = spark.table(f"{SCHEMA}_gold.{table}")
        string_columns = [f.name for f in frame.schema.fields if f.dataType.simpleString() == "string"]
        assert not any("email" == c or "phone" == c for c in frame.columns), table
        for row in frame.select(*string_columns).collect() if string_columns else []:
            for value in row:
                assert value is None or value.strip().lower() not in secrets, f"{table} holds {value}"
    hashes = spark.sql(f"select count(customer_email_hash) from {SCHEMA}_gold.gold_sales").collect()[0][0]
    assert hashes > 0, "emails are present, hashed"


def test_the_report_charts_the_retail_marts(lakehouse, scenario, tmp_path):
    """The report's retail section over this scenario: its charts carry the marts' numbers."""
    charts = {chart.key: chart for chart in report.render(report.Lakehouse(lakehouse.spark, SCHEMA),
                                                          tmp_path / "report.html")}
    assert {"store_revenue", "product_revenue", "customer_value"} <= charts.keys()

    def plotted(key: str, axis: str) -> float:
        return sum(value or 0 for trace in charts[key].figure.data for value in getattr(trace, axis))

    def gold(sql: str) -> float:
        return float(lakehouse.spark.sql(sql).first()[0] or 0)

    assert plotted("store_revenue", "y") == pytest.approx(
        gold(f"select sum(revenue) from {SCHEMA}_gold.gold_daily_store_performance"), abs=0.01)
    top_products = f"(select revenue from {SCHEMA}_gold.gold_product_performance order by revenue desc limit 20)"
    assert plotted("product_revenue", "x") == pytest.approx(gold(f"select sum(revenue) from {top_products}"),
                                                            abs=0.01)
    top_customers = (f"(select total_spend from {SCHEMA}_gold.gold_customer_lifetime_value"
                     " order by total_spend desc limit 20)")
    assert plotted("customer_value", "x") == pytest.approx(
        gold(f"select sum(total_spend) from {top_customers}"), abs=0.01)


def test_incremental_equals_full_refresh(lakehouse, scenario):
    tables = [f"{SCHEMA}_silver.silver_{d}{suffix}" for d in DIMENSION_TABLES for suffix in ("", "_history")]
    tables += [f"{SCHEMA}_silver.silver_sales"] + [f"{SCHEMA}_gold.{t}" for t in GOLD_TABLES]
    lineage = {"source_file", "line_number", "bronze_loaded_at", "ingest_time", "previous_sale_date"}

    def contents(table: str) -> list[tuple]:
        frame = lakehouse.spark.table(table)
        columns = sorted(c for c in frame.columns if c not in lineage)
        return sorted(tuple(str(row[c]) for c in columns) for row in frame.select(*columns).collect())

    incremental = {table: contents(table) for table in tables}
    lakehouse.dbt("run", "--full-refresh", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    for table in tables:
        assert contents(table) == incremental[table], table
    assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])
