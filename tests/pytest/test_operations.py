"""Operating the lakehouse: the change data feed, time travel, restore to a
run, compaction, the health report and vacuum, on the real engine.

One events scenario: a first run (R1), then a hand-made file with a
correction and a redelivery (R2). Silver's change feed must show the
correction as an update with both images and the redelivery as nothing.
Restoring R1 must put silver and gold back to the oracle over R1's files,
and the next ordinary run must match the oracle over everything. Vacuum
must refuse a short retention, and once forced, a restore to a vacuumed
version must be refused with nothing changed. Reprocessing a date range
after a rule's action changed must rewrite only that range's partitions,
release the rows the rule no longer drops, keep the checkpoint, and end,
over the whole range, equal to the oracle.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import oracle
from conftest import REPO
from produce_events import Knobs, produce_history
from test_pipeline import assert_marts_match_oracle, assert_table_equals

SCHEMA = "ops_itest"
SILVER = f"{SCHEMA}_silver.silver_events"
DEVICE_DAY = date(2025, 1, 1)  # the first day the scenario's producer lands
RESTORED = ("silver.silver_events", "silver.silver_events_quarantine", "gold.gold_daily_user_activity",
            "gold.gold_daily_event_types")


@pytest.fixture(scope="module")
def scenario(lakehouse, tmp_path_factory):
    landing = tmp_path_factory.mktemp("ops-landing")
    produce_history(landing, Knobs(seed=31, days=2, events_per_day=250, batches=2), progress=False)
    # a producer already sends a field the feed does not declare (see the schema evolution test)
    manual = landing / "events" / "manual"
    manual.mkdir(parents=True)
    (manual / "with_device_1.jsonl").write_text(device_line("dev-first", DEVICE_DAY, "ios") + "\n")
    lakehouse.dbt("run", schema=SCHEMA, landing=landing)
    at_first_run = tmp_path_factory.mktemp("ops-landing-r1")
    shutil.copytree(landing, at_first_run, dirs_exist_ok=True)
    return {"landing": landing, "at_first_run": at_first_run, "runs": [latest_run(lakehouse)]}


def device_line(event_id: str, day, device: str) -> str:
    return json.dumps({"event_id": event_id, "user_id": "u-device", "event_type": "page_view",
                       "event_time": f"{day}T08:00:00Z", "ingest_time": f"{day}T08:01:00Z", "device": device})


def latest_run(lakehouse) -> str:
    return lakehouse.spark.sql(
        f"select invocation_id from {SCHEMA}_ops.pipeline_runs where status = 'completed'"
        " order by recorded_at desc limit 1").first()[0]


def operation(lakehouse, scenario, capsys, name: str, args: dict | None = None, expect_success: bool = True):
    """`dbt run-operation name --args args`: its result and what it printed (the macro's log and errors)."""
    capsys.readouterr()
    result = lakehouse.dbt("run-operation", name, *(["--args", json.dumps(args)] if args else []),
                           schema=SCHEMA, landing=scenario["landing"], expect_success=expect_success)
    return result, capsys.readouterr().out


def test_the_change_feed_shows_a_correction_with_both_images_and_a_redelivery_as_nothing(lakehouse, scenario):
    corrected, redelivered = lakehouse.spark.sql(
        f"select event_id, user_id, event_type, event_time, ingest_time, amount from {SILVER}"
        " where amount is not null order by event_id limit 2").collect()
    version = lakehouse.delta_version(SILVER)

    def line(row, **changes) -> str:
        record = {"event_id": row["event_id"], "user_id": row["user_id"], "event_type": row["event_type"],
                  "event_time": row["event_time"].isoformat() + "Z", "ingest_time": row["ingest_time"].isoformat()
                  + "Z", "amount": str(row["amount"])}
        return json.dumps({**record, **changes})

    manual = scenario["landing"] / "events" / "manual" / "correction_and_redelivery.jsonl"
    later = (corrected["ingest_time"] + timedelta(hours=1)).isoformat() + "Z"
    manual.write_text(line(corrected, ingest_time=later, amount="999.99") + "\n" + line(redelivered) + "\n")
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    scenario["runs"].append(latest_run(lakehouse))

    changes = lakehouse.spark.sql(
        f"select event_id, amount, _change_type from table_changes('{SILVER}', {version + 1})").collect()
    assert sorted((row["event_id"], row["_change_type"], row["amount"]) for row in changes) == sorted([
        (corrected["event_id"], "update_preimage", corrected["amount"]),
        (corrected["event_id"], "update_postimage", Decimal("999.99")),
    ])
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"])


def assert_silver_and_gold_match(lakehouse, landing) -> None:
    expected = oracle.expected_state(landing)
    silver = {row["event_id"]: (row["amount"], row["ingest_time"]) for row in lakehouse.rows(SILVER)}
    assert silver == {event_id: (event.amount, event.ingest_time.replace(tzinfo=None))
                      for event_id, event in expected.current.items()}
    assert_table_equals(lakehouse.rows(f"{SCHEMA}_gold.gold_daily_user_activity"),
                        oracle.daily_user_activity(expected.current), key=("event_date", "user_id"))
    assert_table_equals(lakehouse.rows(f"{SCHEMA}_gold.gold_daily_event_types"),
                        oracle.daily_event_types(expected.current), key=("event_date", "event_type"))


def test_as_of_run_and_restore_to_run_then_the_next_run_redoes_what_came_after(lakehouse, scenario, capsys):
    first_run, second_run = scenario["runs"]
    unknown, said = operation(lakehouse, scenario, capsys, "restore_to_run", {"run_id": "no-such-run"},
                              expect_success=False)
    assert not unknown.success
    assert f"no run 'no-such-run' in pipeline_runs; the latest runs: {second_run} (" in said

    # an analyst reads silver as the first run left it
    shown = lakehouse.dbt("show", "--inline",
                          f"select count(*) as n from {{{{ as_of_run('silver_events', '{first_run}') }}}}",
                          schema=SCHEMA, landing=scenario["landing"])
    assert shown.result.results[0].agate_table.rows[0][0] == len(oracle.expected_state(
        scenario["at_first_run"]).current)

    bronze_before = lakehouse.spark.table(f"{SCHEMA}_bronze.bronze_events").count()
    _, said = operation(lakehouse, scenario, capsys, "restore_to_run", {"run_id": first_run})
    assert f"put back to run {first_run}" in said
    assert_silver_and_gold_match(lakehouse, scenario["at_first_run"])
    assert lakehouse.spark.table(f"{SCHEMA}_bronze.bronze_events").count() == bronze_before, "bronze is kept"

    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"], run_log=False)


def test_optimize_compacts_and_table_health_reports(lakehouse, scenario, capsys):
    files_before = lakehouse.spark.sql(f"describe detail {SILVER}").first()["numFiles"]
    _, said = operation(lakehouse, scenario, capsys, "optimize", {"tables": ["silver_events"], "zorder": True})
    assert "zorder by event_id" in said
    # one file per event_date partition
    assert lakehouse.spark.sql(f"describe detail {SILVER}").first()["numFiles"] == min(
        files_before, lakehouse.spark.sql(f"select count(distinct event_date) from {SILVER}").first()[0])
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"], run_log=False)

    _, report = operation(lakehouse, scenario, capsys, "table_health")
    row = next(line for line in report.splitlines() if f"{SILVER} " in line)
    files, size, versions, small = (int(value) for value in row.split()[-4:])
    detail = lakehouse.spark.sql(f"describe detail {SILVER}").first()
    assert (files, size, versions, small) == (detail["numFiles"], detail["sizeInBytes"],
                                              lakehouse.delta_version(SILVER) + 1, detail["numFiles"])


def test_vacuum_refuses_a_short_retention_and_a_vacuumed_run_cannot_be_restored(lakehouse, scenario, capsys):
    refused, said = operation(lakehouse, scenario, capsys, "vacuum", {"retention_hours": 1}, expect_success=False)
    assert not refused.success and "retention_hours 1 is under 168" in said

    _, said = operation(lakehouse, scenario, capsys, "vacuum", {"retention_hours": 0, "force": True})
    assert "time travel and restore_to_run to the 3 run(s) older than 0 hours" in said
    versions = {table: lakehouse.delta_version(f"{SCHEMA}_{table}") for table in RESTORED}
    refused, said = operation(lakehouse, scenario, capsys, "restore_to_run", {"run_id": scenario["runs"][0]},
                              expect_success=False)
    assert not refused.success
    assert "deleted data files that version needs" in said and "Nothing was restored." in said
    assert {table: lakehouse.delta_version(f"{SCHEMA}_{table}") for table in RESTORED} == versions
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"], run_log=False)


def partitions_touched(lakehouse, table: str, version: int) -> set[str]:
    """The `event_date` partitions of the files the commits after `version` added or removed."""
    return {action["partitionValues"]["event_date"] for action in lakehouse.file_actions_since(table, version)}


def test_reprocess_rederives_only_its_dates_and_releases_rows_a_rule_no_longer_drops(lakehouse, scenario, capsys):
    spark = lakehouse.spark
    dates = [row[0] for row in spark.sql(f"select distinct event_date from {SILVER} order by 1").collect()]
    assert len(dates) >= 3
    first, middle, last = dates[0], dates[len(dates) // 2], dates[-1]

    # records the contract accepts, with an amount the warn rule amount_out_of_range flags: two new
    # events (middle and last date) and a correction moving an event held on the first date to the
    # last; a run that opts that rule into drop quarantines all three
    def line(event_id: str, day, user_id: str = "u-large", ingest_time: str | None = None) -> str:
        return json.dumps({"event_id": event_id, "user_id": user_id, "event_type": "purchase",
                           "event_time": f"{day}T12:00:00Z", "ingest_time": ingest_time or f"{day}T12:05:00Z",
                           "amount": "20000.00"})

    moved = spark.sql(f"select event_id, user_id, ingest_time from {SILVER} where event_date = date'{first}'"
                      " order by event_id limit 1").first()
    later = (moved["ingest_time"] + timedelta(hours=1)).isoformat() + "Z"
    manual = scenario["landing"] / "events" / "manual" / "large_amounts.jsonl"
    manual.write_text("\n".join([line("ops-large-middle", middle), line("ops-large-last", last),
                                 line(moved["event_id"], last, moved["user_id"], later)]) + "\n")
    lakehouse.dbt("run", "--vars", "{expectation_actions: {amount_out_of_range: drop}}",
                  schema=SCHEMA, landing=scenario["landing"])

    def quarantined() -> set[str]:
        return {row[0] for row in spark.sql(
            f"select get_json_object(raw_line, '$.event_id') from {SCHEMA}_silver.silver_events_quarantine"
            " where quarantine_reason = 'amount_out_of_range'").collect()}

    def in_silver() -> set[str]:
        return {row[0] for row in spark.sql(
            f"select event_id from {SILVER} where event_id like 'ops-large-%'").collect()}

    assert quarantined() == {"ops-large-middle", "ops-large-last", moved["event_id"]} and in_silver() == set()

    capsys.readouterr()
    refused = lakehouse.dbt("run", "--vars", f"{{reprocess_from: '{last}', reprocess_to: '{first}'}}",
                            schema=SCHEMA, landing=scenario["landing"], expect_success=False)
    assert not refused.success and f"reprocess_from ({last}) is after reprocess_to ({first})" in capsys.readouterr().out

    checkpoint = spark.sql(f"select max_by(processed_through, recorded_at) from {SCHEMA}_ops.pipeline_runs"
                           " where feed = 'events' and status = 'completed'").first()[0]
    gold = (f"{SCHEMA}_gold.gold_daily_user_activity", f"{SCHEMA}_gold.gold_daily_event_types")
    quarantine = f"{SCHEMA}_silver.silver_events_quarantine"
    versions = {table: lakehouse.delta_version(table) for table in (SILVER, quarantine, *gold)}
    # with the rule back to warn, the correction is the event's latest version and it moves from the
    # first date to the last: a range holding only one of them is refused before anything is written
    refused = lakehouse.dbt("run", "--vars", f"{{reprocess_from: '{last}', reprocess_to: '{last}'}}",
                            schema=SCHEMA, landing=scenario["landing"], expect_success=False)
    said = capsys.readouterr().out
    assert not refused.success and "records would move across the range's edge" in said
    assert f"event_id {moved['event_id']} from {first} to {last}" in said and "Nothing was written." in said
    assert {table: lakehouse.delta_version(table) for table in versions} == versions

    # the middle date alone: its record is released, and only that date is rewritten
    lakehouse.dbt("run", "--vars", f"{{reprocess_from: '{middle}', reprocess_to: '{middle}'}}",
                  schema=SCHEMA, landing=scenario["landing"])
    assert in_silver() == {"ops-large-middle"} and quarantined() == {"ops-large-last", moved["event_id"]}
    for table in (SILVER, *gold):
        assert partitions_touched(lakehouse, table, versions[table]) == {str(middle)}, table
    logged = spark.sql(f"select status, reprocessed_from, reprocessed_to, processed_through"
                       f" from {SCHEMA}_ops.pipeline_runs where feed = 'events' order by recorded_at desc").first()
    assert tuple(logged) == ("reprocessed", middle, middle, checkpoint), "the checkpoint stays where it was"

    # the whole range: everything equals the oracle, which knows no warn rule (the correction moved
    # its event), and no event is held twice
    lakehouse.dbt("run", "--vars", f"{{reprocess_from: '{first}', reprocess_to: '{last}'}}",
                  schema=SCHEMA, landing=scenario["landing"])
    assert quarantined() == set()
    assert_silver_and_gold_match(lakehouse, scenario["landing"])
    assert spark.sql(f"select count(*) = count(distinct event_id) from {SILVER}").first()[0]
    # the next ordinary run has nothing new: the window after the kept checkpoint was already merged
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"])
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"], run_log=False)


def evolved_project(folder: Path) -> Path:
    """A copy of the project with the README's schema evolution steps done: the events feed declares
    `device`, added on the live feed, the contracts of the validated view and silver_events list it, and
    gold_daily_event_types counts distinct devices (a column added to a gold model and its contract)."""
    for part in ("dbt_project.yml", "models", "macros", "seeds", "snapshots", "tests/generic", "conf"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, folder / part)
        else:
            shutil.copy(source, folder / part)
    project_file = folder / "dbt_project.yml"
    declaration = "        amount: decimal(18,2)\n    orders:"
    assert declaration in project_file.read_text()
    project_file.write_text(project_file.read_text().replace(
        declaration, "        amount: decimal(18,2)\n        device: {type: text, added: true}\n    orders:"))
    models = folder / "models" / "silver" / "events" / "_events__models.yml"
    # silver_events_validated and silver_events list it; the quarantine keeps its own columns
    column = "      - name: record_hash\n        data_type: string\n"
    assert models.read_text().count(column) == 2
    models.write_text(models.read_text().replace(
        column, column + "      - name: device\n        data_type: string\n        description: The device.\n"))
    mart = folder / "models" / "gold" / "events" / "gold_daily_event_types.sql"
    measure = "        count(distinct user_id) as distinct_users,\n"
    assert mart.read_text().count(measure) == 1 and mart.read_text().count("    late_events\n") == 1
    mart.write_text(mart.read_text().replace(measure, measure + "        count(distinct device) as distinct_devices,\n")
                    .replace("    late_events\n", "    late_events,\n    distinct_devices\n"))
    contract = folder / "models" / "gold" / "events" / "_events__models.yml"
    last_column = "        description: Events whose latency exceeds `late_threshold_minutes`.\n\nunit_tests:"
    assert contract.read_text().count(last_column) == 1
    contract.write_text(contract.read_text().replace(last_column, last_column.replace("\n\nunit_tests:", (
        "\n      - name: distinct_devices\n        data_type: bigint\n        description: Devices.\n\nunit_tests:"))))
    return folder


def test_a_field_declared_on_a_live_feed_reaches_silver_and_gold_without_a_rebuild_and_reprocess_fills_old_rows(
        lakehouse, scenario, tmp_path_factory):
    spark = lakehouse.spark
    first, last = spark.sql(f"select min(event_date), max(event_date) from {SILVER}").first()
    manual = scenario["landing"] / "events" / "manual"
    # the scenario's producer has sent `device` since its first run: undeclared, it broke nothing
    assert "device" not in spark.table(SILVER).columns
    assert '"device": "ios"' in spark.sql(f"select raw_line from {SCHEMA}_bronze.bronze_events"
                                          " where raw_line like '%dev-first%'").first()[0]
    held = {row["event_id"]: row["record_hash"] for row in lakehouse.rows(SILVER)}
    assert "dev-first" in held

    # declared on the live feed, as its user would: the declaration and the validated view's contract,
    # in a copy of the project; the next ordinary run adds the column, no full refresh
    evolved = evolved_project(tmp_path_factory.mktemp("evolved-project"))
    (manual / "with_device_2.jsonl").write_text(device_line("dev-last", last, "android") + "\n")
    lakehouse.dbt("run", schema=SCHEMA, landing=scenario["landing"], project=evolved)
    devices = {row["event_id"]: row["device"] for row in spark.sql(f"select event_id, device from {SILVER}").collect()}
    assert devices["dev-last"] == "android" and devices["dev-first"] is None
    assert {event_id for event_id, device in devices.items() if device is not None} == {"dev-last"}
    # the rows held before keep their content hash: a redelivery of one is still nothing new
    assert held == {row["event_id"]: row["record_hash"] for row in lakehouse.rows(SILVER) if row["event_id"] in held}

    # the mart's new column: filled in the partition this run rebuilt, null in the others
    gold = f"{SCHEMA}_gold.gold_daily_event_types"

    def distinct_devices() -> dict:
        return {(row["event_date"], row["event_type"]): row["distinct_devices"] for row in lakehouse.rows(gold)}

    assert distinct_devices()[(last, "page_view")] == 1
    assert {devices for (day, _), devices in distinct_devices().items() if day != last} == {None}

    # a reprocess fills the old rows from bronze; the marts still equal the oracle
    lakehouse.dbt("run", "--vars", f"{{reprocess_from: '{first}', reprocess_to: '{last}'}}",
                  schema=SCHEMA, landing=scenario["landing"], project=evolved)
    devices = {row["event_id"]: row["device"] for row in spark.sql(f"select event_id, device from {SILVER}").collect()}
    assert {event_id: device for event_id, device in devices.items() if device is not None} == {
        "dev-first": "ios", "dev-last": "android"}
    assert_marts_match_oracle(lakehouse, SCHEMA, scenario["landing"], run_log=False)
    assert distinct_devices() == {group: 1 if group in ((DEVICE_DAY, "page_view"), (last, "page_view")) else 0
                                  for group in distinct_devices()}
