"""End to end: landed files -> dbt on Spark + Delta -> marts equal to the oracle.

One scenario runs in order (tests share its state, as incremental runs do):
files arrive over several runs with late events, redeliveries, corrections,
stale corrections and bad lines; after every run the marts must equal the
plain-Python oracle over the files landed so far.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

import oracle
from produce_events import Knobs, produce_history

SCHEMA = "itest"
KNOBS = Knobs(
    seed=11,
    start_date="2025-03-01",
    days=3,
    events_per_day=400,
    users=25,
    late_share=0.3,
    redelivery_share=0.08,
    correction_share=0.08,
    move_day_share=0.5,
    stale_share=0.05,
    conflict_share=0.04,
    invalid_share=0.05,
    blank_line_share=0.02,
    gzip_share=0.4,
    batches=6,
)


@pytest.fixture(scope="module")
def scenario(lakehouse, tmp_path_factory):
    """Files produced once into a staging area, landed later in shuffled rounds."""
    staging = tmp_path_factory.mktemp("staging")
    files = produce_history(staging, KNOBS, progress=False)
    landing = tmp_path_factory.mktemp("landing")
    order = list(files)
    random.Random(3).shuffle(order)
    return {"staging": staging, "landing": landing, "pending": order}


def land(scenario, count: int) -> list[Path]:
    landed = []
    for source in scenario["pending"][:count]:
        target = scenario["landing"] / source.relative_to(scenario["staging"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        landed.append(target)
    del scenario["pending"][:count]
    return landed


def land_lines(landing: Path, name: str, records: list[dict]) -> None:
    target = landing / "events" / "manual" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    hidden = target.with_name("." + target.name)
    hidden.write_text("".join(json.dumps(record) + "\n" for record in records))
    hidden.rename(target)


def assert_marts_match_oracle(lakehouse, schema: str, landing: Path, run_log: bool = True) -> None:
    """Bronze, quarantine, silver and gold equal the oracle over `landing`; with `run_log`, so does
    dq_run_log's account of every bronze line (a restored lakehouse's log also holds the undone runs)."""
    expected = oracle.expected_state(landing)
    spark = lakehouse.spark

    bronze_rows = spark.table(f"{schema}_bronze.bronze_events").count()
    assert bronze_rows == expected.bronze_rows

    quarantine = {
        row["quarantine_reason"]: row["n"]
        for row in spark.sql(
            f"select quarantine_reason, count(*) as n from {schema}_silver.silver_events_quarantine group by 1"
        ).collect()
    }
    assert quarantine == expected.quarantine
    assert bronze_rows == expected.valid_rows + sum(quarantine.values()), "every bronze line is accounted for"

    if run_log:
        assert_run_log_accounts_for_bronze(lakehouse, schema, bronze_rows, expected)

    silver = {
        row["event_id"]: row
        for row in spark.sql(
            f"select event_id, user_id, event_type, event_time, ingest_time, amount from {schema}_silver.silver_events"
        ).collect()
    }
    assert set(silver) == set(expected.current)
    for event_id, event in expected.current.items():
        row = silver[event_id]
        actual = (row["user_id"], row["event_type"], row["amount"], row["ingest_time"], row["event_time"])
        wanted = (event.user_id, event.event_type, event.amount,
                  event.ingest_time.replace(tzinfo=None), event.event_time.replace(tzinfo=None))
        assert actual == wanted, f"silver version of {event_id}"

    assert_table_equals(
        lakehouse.rows(f"{schema}_gold.gold_daily_user_activity"),
        oracle.daily_user_activity(expected.current),
        key=("event_date", "user_id"),
    )
    assert_table_equals(
        lakehouse.rows(f"{schema}_gold.gold_daily_event_types"),
        oracle.daily_event_types(expected.current),
        key=("event_date", "event_type"),
    )


def assert_run_log_accounts_for_bronze(lakehouse, schema: str, bronze_rows: int, expected) -> None:
    """The run log accounts for every bronze line once, across all runs so far."""
    spark = lakehouse.spark
    logged = spark.sql(
        f"select sum(rows_read) as read, sum(rows_dropped) as dropped,"
        f" sum(rows_written + redeliveries + stale_versions_ignored) as valid"
        f" from {schema}_ops.dq_run_log where model_name = 'silver_events'"
    ).collect()[0]
    assert (logged["read"], logged["dropped"], logged["valid"]) == (
        bronze_rows, sum(expected.quarantine.values()), expected.valid_rows)
    dropped_by_rule = {
        row["rule"]: row["n"]
        for row in spark.sql(
            f"select rule, sum(n) as n from {schema}_ops.dq_run_log"
            f" lateral view explode(dropped_by_rule) as rule, n"
            f" where model_name = 'silver_events' group by rule having sum(n) > 0"
        ).collect()
    }
    assert dropped_by_rule == expected.quarantine


def assert_table_equals(actual_rows: list[dict], expected: dict[tuple, dict], key: tuple[str, ...]) -> None:
    actual = {tuple(row[column] for column in key): row for row in actual_rows}
    assert len(actual) == len(actual_rows), "duplicate keys"
    assert set(actual) == set(expected), f"keys differ: {sorted(set(actual) ^ set(expected))[:5]}"
    for group, columns in expected.items():
        for column, value in columns.items():
            got = actual[group][column]
            if isinstance(value, float):
                assert math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-9), f"{group} {column}: {got} != {value}"
            else:
                assert got == value, f"{group} {column}: {got} != {value}"


def tables(schema: str) -> list[str]:
    return [
        f"{schema}_silver.silver_events",
        f"{schema}_silver.silver_events_quarantine",
        f"{schema}_gold.gold_daily_user_activity",
        f"{schema}_gold.gold_daily_event_types",
    ]


def test_first_run_matches_oracle(lakehouse, scenario):
    land(scenario, 2)
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_late_files_with_earlier_names_are_ingested_and_marts_follow(lakehouse, scenario):
    land(scenario, 2)
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_build_with_data_and_unit_tests_after_the_last_files(lakehouse, scenario):
    land(scenario, len(scenario["pending"]))
    result = lakehouse.dbt("build", schema=SCHEMA, landing=scenario["landing"])
    # exposures are nodes too since dbt 1.10; building one does nothing, so it reports no-op
    statuses = {
        str(node.status) for node in result.result.results if node.node.resource_type != "exposure"
    }
    assert statuses <= {"success", "pass"}, statuses
    assert any(node.node.resource_type == "unit_test" for node in result.result.results)
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_run_without_new_files_commits_nothing(lakehouse, scenario):
    every_table = [*tables(SCHEMA), f"{SCHEMA}_bronze.bronze_events", f"{SCHEMA}_ops.pipeline_runs",
                   f"{SCHEMA}_ops.dq_run_log"]
    before = {table: lakehouse.delta_version(table) for table in every_table}
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    # no MERGE, replace or append at all: not even an empty Delta commit
    assert {table: lakehouse.delta_version(table) for table in every_table} == before
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_stale_corrections_and_redeliveries_rewrite_nothing(lakehouse, scenario):
    current = lakehouse.spark.sql(
        f"select * from {SCHEMA}_silver.silver_events order by event_id limit 2"
    ).collect()
    records = []
    for row in current:
        base = {"event_id": row["event_id"], "user_id": row["user_id"], "event_type": row["event_type"],
                "event_time": row["event_time"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
        if row["amount"] is not None:
            base["amount"] = str(row["amount"])
        # a plain redelivery of the current version
        records.append({**base, "ingest_time": row["ingest_time"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")})
        # a correction older than the current version
        stale_time = row["ingest_time"] - timedelta(minutes=5)
        records.append({**base, "amount": "999.99", "ingest_time": stale_time.strftime("%Y-%m-%d %H:%M:%S")})
    land_lines(scenario["landing"], "stale-and-redelivered.jsonl", records)
    before = {table: lakehouse.delta_version(table) for table in tables(SCHEMA)}
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    for table, version in before.items():
        assert lakehouse.file_actions_since(table, version) == [], f"{table} changed data files"
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_correction_moving_an_event_rewrites_only_the_two_dates(lakehouse, scenario):
    row = lakehouse.spark.sql(
        f"select * from {SCHEMA}_silver.silver_events where event_date = date'2025-03-02' order by event_id limit 1"
    ).collect()[0]
    moved_time = row["event_time"] + timedelta(days=7)  # a date with no other events
    correction = {
        "event_id": row["event_id"],
        "user_id": row["user_id"],
        "event_type": "refund",
        "event_time": moved_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ingest_time": (moved_time + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "amount": -1.25,
    }
    land_lines(scenario["landing"], "0000-correction.jsonl", [correction])
    gold = f"{SCHEMA}_gold.gold_daily_user_activity"
    before = lakehouse.delta_version(gold)
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    touched = {action["partitionValues"]["event_date"] for action in lakehouse.file_actions_since(gold, before)}
    assert touched == {"2025-03-02", moved_time.date().isoformat()}
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_partition_emptied_by_a_correction_disappears(lakehouse, scenario):
    """The event moved to a date of its own above; moving it back must empty that date."""
    row = lakehouse.spark.sql(
        f"select * from {SCHEMA}_silver.silver_events where event_date = date'2025-03-09'"
    ).collect()[0]
    back = {
        "event_id": row["event_id"],
        "user_id": row["user_id"],
        "event_time": "2025-03-02 12:00:00",
        "ingest_time": (row["ingest_time"] + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
    }
    land_lines(scenario["landing"], "0001-move-back.jsonl", [back])
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    dates = {r["event_date"].isoformat() for r in lakehouse.rows(f"{SCHEMA}_gold.gold_daily_user_activity")}
    assert "2025-03-09" not in dates
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_valid_records_far_from_their_ingest_time_flow_by_default(lakehouse, scenario):
    """Two records the contract accepts, which a clock rule once stopped the
    whole pipeline on: a correction moving an event to 36 hours after its
    ingest_time, and a stale correction received 30 days before its
    event_time. By default they are flagged, never a stop."""
    first, second = lakehouse.spark.sql(
        f"select * from {SCHEMA}_silver.silver_events order by event_id limit 2"
    ).collect()
    correction_ingest = first["ingest_time"] + timedelta(minutes=30)
    moved = {"event_id": first["event_id"], "user_id": first["user_id"], "event_type": "purchase",
             "event_time": (correction_ingest + timedelta(hours=36)).strftime("%Y-%m-%d %H:%M:%S"),
             "ingest_time": correction_ingest.strftime("%Y-%m-%d %H:%M:%S"), "amount": "12.34"}
    stale_ingest = second["ingest_time"] - timedelta(minutes=5)
    stale = {"event_id": second["event_id"], "user_id": second["user_id"],
             "event_time": (stale_ingest + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S"),
             "ingest_time": stale_ingest.strftime("%Y-%m-%d %H:%M:%S"), "amount": "999"}
    land_lines(scenario["landing"], "0002-far-from-ingest.jsonl", [moved, stale])

    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])

    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])
    [run] = lakehouse.spark.sql(
        f"select status, processed_through from {SCHEMA}_ops.pipeline_runs"
        " where feed = 'events' order by recorded_at desc limit 1").collect()
    assert run["status"] == "completed" and run["processed_through"] is not None
    [log] = lakehouse.spark.sql(
        f"select warned_by_rule from {SCHEMA}_ops.dq_run_log where model_name = 'silver_events'"
        " order by recorded_at desc limit 1").collect()
    assert log["warned_by_rule"]["event_time_far_after_ingest"] == 2, "both flagged, both kept"


def test_incremental_result_equals_rebuild_from_scratch(lakehouse, scenario):
    rebuilt = "itest_rebuild"
    lakehouse.dbt("run", "--full-refresh", schema=rebuilt, landing=scenario["landing"])
    for table in ("gold.gold_daily_user_activity", "gold.gold_daily_event_types"):
        incremental = lakehouse.spark.table(f"{SCHEMA}_{table}")
        scratch = lakehouse.spark.table(f"{rebuilt}_{table}")
        exact = [c for c in incremental.columns if "latency" not in c]
        assert incremental.select(exact).exceptAll(scratch.select(exact)).count() == 0
        assert scratch.select(exact).exceptAll(incremental.select(exact)).count() == 0
    business = "event_id, user_id, event_type, event_date, amount, event_time, ingest_time, record_hash"
    silver_incremental = lakehouse.spark.sql(f"select {business} from {SCHEMA}_silver.silver_events")
    silver_scratch = lakehouse.spark.sql(f"select {business} from {rebuilt}_silver.silver_events")
    assert silver_incremental.exceptAll(silver_scratch).count() == 0
    assert silver_scratch.exceptAll(silver_incremental).count() == 0
    assert_marts_match_oracle(lakehouse, rebuilt, scenario["landing"])
