"""Expectations and the data-quality log, driven by hand-written broken records.

Each action is triggered by a real landed line and a real dbt build:
drop sends the line to the quarantine under the rule's name, warn keeps it
and counts it; an opted-in fail rule or a tripped circuit breaker stops the
feed (its silver tables take nothing, its checkpoint stays) while the other
feeds go on, and the run ends with an error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCHEMA = "quality"


def land(landing: Path, name: str, lines: list[str]) -> None:
    target = landing / "events" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    hidden = target.with_name("." + target.name)
    hidden.write_text("".join(line + "\n" for line in lines))
    hidden.rename(target)


def event(event_id: str, **fields) -> str:
    record = {"event_id": event_id, "user_id": "u1", "event_type": "purchase",
              "event_time": "2025-04-01 10:00:00", "ingest_time": "2025-04-01 10:01:00", "amount": 10}
    record.update(fields)
    return json.dumps({key: value for key, value in record.items() if value is not None})


# one line per contract rule, in file order, with the reason it must get
CONTRACT_VIOLATIONS = [
    ("not json", "not_a_json_object"),
    ('[{"event_id":"a"}]', "not_a_json_object"),
    (event("", user_id="u"), "missing_event_id"),
    (event("x1", user_id=None), "missing_user_id"),
    (event("x2", event_time=None), "missing_event_time"),
    (event("x3", event_time="2025-02-30 10:00:00"), "invalid_event_time"),
    (event("x4", event_time="2025-04-01"), "invalid_event_time"),
    (event("x5", ingest_time=None), "missing_ingest_time"),
    (event("x6", ingest_time="yesterday"), "invalid_ingest_time"),
    (event("x7", amount="ten"), "invalid_amount"),
]


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("quality_landing")


def run_messages(result) -> str:
    """What a dbt invocation said went wrong: its nodes' messages and, when
    the end-of-run report stopped it, that error."""
    nodes = getattr(result.result, "results", None) or []
    return " ".join([str(result.exception or ""), *(str(node.message) for node in nodes if node.message)])


def sql_rows(lakehouse, query: str) -> list[dict]:
    return [row.asDict() for row in lakehouse.spark.sql(query).collect()]


def test_drop_and_warn_rules_and_the_run_log(lakehouse, landing):
    land(landing, "first.jsonl", [
        *(line for line, _ in CONTRACT_VIOLATIONS),
        event("ok1"),
        event("ok1"),  # a redelivery
        event("ok2", event_type="teleport"),  # warn: unknown_event_type
        event("ok3", amount=50000),  # warn: amount_out_of_range
        event("ok4", event_time="2025-04-01 10:05:00"),  # warn: event_time_after_ingest
    ])
    land(landing, "second.jsonl", [
        event("ok1", ingest_time="2025-04-01 10:00:30", amount=99),  # a stale correction
        event("ok5", amount=-12.5),
    ])
    lakehouse.dbt("build", schema=SCHEMA, landing=landing)

    reasons = {row["line_number"]: row["quarantine_reason"] for row in sql_rows(
        lakehouse, f"select line_number, quarantine_reason from {SCHEMA}_silver.silver_events_quarantine")}
    assert reasons == {number: reason for number, (_, reason) in enumerate(CONTRACT_VIOLATIONS, start=1)}

    silver = {row["event_id"]: row for row in sql_rows(
        lakehouse, f"select event_id, event_type, amount from {SCHEMA}_silver.silver_events")}
    assert set(silver) == {"ok1", "ok2", "ok3", "ok4", "ok5"}, "warned rows stay in silver"
    assert silver["ok1"]["amount"] == 10, "the stale correction changed nothing"

    [log] = sql_rows(lakehouse, f"select * from {SCHEMA}_ops.dq_run_log where model_name = 'silver_events'")
    bronze_rows = lakehouse.spark.table(f"{SCHEMA}_bronze.bronze_events").count()
    assert log["rows_read"] == bronze_rows == len(CONTRACT_VIOLATIONS) + 7
    assert (log["rows_dropped"], log["rows_written"], log["redeliveries"], log["stale_versions_ignored"]) == (
        len(CONTRACT_VIOLATIONS), 5, 1, 1)
    assert log["rows_warned"] == 3
    assert {rule: n for rule, n in log["warned_by_rule"].items()} == {
        "event_time_after_ingest": 1, "unknown_event_type": 1, "amount_out_of_range": 1,
        "event_time_far_after_ingest": 0}
    expected_drops = {}
    for _, reason in CONTRACT_VIOLATIONS:
        expected_drops[reason] = expected_drops.get(reason, 0) + 1
    assert {rule: n for rule, n in log["dropped_by_rule"].items() if n} == expected_drops
    assert set(log["dropped_by_rule"]) >= {"missing_event_id", "missing_ingest_time"}, "zero counts listed too"

    quality = {(row["expectation"], row["action"]): row for row in sql_rows(
        lakehouse, f"select * from {SCHEMA}_gold.gold_daily_data_quality where model_name = 'silver_events'")}
    assert quality[("unknown_event_type", "warn")]["affected_rows"] == 1
    assert quality[("not_a_json_object", "drop")]["affected_rows"] == 2
    assert quality[("not_a_json_object", "drop")]["rows_read"] == bronze_rows


OPT_IN_FAIL = ("--vars", "{expectation_actions: {event_time_far_after_ingest: fail}}")


def feed_runs(lakehouse, schema: str, feed: str) -> list[dict]:
    return sql_rows(lakehouse, f"select * from {schema}_ops.pipeline_runs where feed = '{feed}'"
                               " order by recorded_at")


def test_an_opted_in_fail_rule_stops_the_feed_before_silver_changes(lakehouse, landing):
    silver_before = lakehouse.delta_version(f"{SCHEMA}_silver.silver_events")
    quarantine_before = lakehouse.delta_version(f"{SCHEMA}_silver.silver_events_quarantine")
    runs_before = feed_runs(lakehouse, SCHEMA, "events")
    # received two days before it happened: a broken producer clock, or a valid record
    land(landing, "third.jsonl", [event("future1", event_time="2025-04-03 10:00:00"), event("ok6")])

    # `run`: the retail feeds' fail rules below stop a `build`; this scenario's data
    # tests run once its last step has settled what the rule decided
    result = lakehouse.dbt("run", *OPT_IN_FAIL, schema=SCHEMA, landing=landing, expect_success=False)

    assert not result.success
    messages = run_messages(result)
    assert "Feed 'events' stopped" in messages and "event_time_far_after_ingest" in messages
    assert "1 row(s)" in messages and "future1 at " in messages and "third.jsonl:1" in messages
    for table, version in ((f"{SCHEMA}_silver.silver_events", silver_before),
                           (f"{SCHEMA}_silver.silver_events_quarantine", quarantine_before)):
        assert lakehouse.file_actions_since(table, version) == [], f"{table} changed"
    runs = feed_runs(lakehouse, SCHEMA, "events")
    assert len(runs) == len(runs_before) + 1
    assert runs[-1]["status"] == "stopped" and runs[-1]["processed_through"] is None
    assert "future1 at " in runs[-1]["stop_reason"]
    assert "ok6" not in {row["event_id"] for row in sql_rows(
        lakehouse, f"select event_id from {SCHEMA}_silver.silver_events")}


def test_deciding_to_drop_what_a_fail_rule_stopped_quarantines_the_row(lakehouse, landing):
    lakehouse.dbt("run", "--vars", "{expectation_actions: {event_time_far_after_ingest: drop}}",
                  schema=SCHEMA, landing=landing)

    quarantined = sql_rows(lakehouse, f"select event_id, quarantine_reason"
                                      f" from {SCHEMA}_silver.silver_events_quarantine"
                                      " where source_file like '%third.jsonl'")
    assert quarantined == [{"event_id": "future1", "quarantine_reason": "event_time_far_after_ingest"}]
    assert "ok6" in {row["event_id"] for row in sql_rows(
        lakehouse, f"select event_id from {SCHEMA}_silver.silver_events")}
    [log] = sql_rows(lakehouse, f"select * from {SCHEMA}_ops.dq_run_log where model_name = 'silver_events'"
                                " order by run_started_at desc limit 1")
    assert log["rows_read"] == 2 and log["dropped_by_rule"]["event_time_far_after_ingest"] == 1


@pytest.mark.parametrize(("override", "message"), [
    ("{expectation_actions: {missing_event_id: warn}}", "is a rule of the data contract"),
    ("{expectation_actions: {no_such_rule: drop}}", "no model declares an expectation of that name"),
    ("{expectation_actions: {unknown_event_type: ignore}}", "action must be warn, drop or fail"),
    ("{circuit_breakers: {unknown_event_type: 2}}", "a number in (0, 1]"),
    ("{circuit_breakers: {no_such_rule: 0.5}}", "var circuit_breakers names 'no_such_rule'"),
])
def test_bad_expectation_configuration_is_a_clear_error(lakehouse, landing, override, message):
    result = lakehouse.dbt("build", "-s", "silver_events_validated", "--vars", override,
                           schema=SCHEMA, landing=landing, expect_success=False)
    assert not result.success
    assert message in run_messages(result)



def test_an_override_given_once_is_reported_by_later_tests(lakehouse, landing):
    result = lakehouse.dbt("test", "--select", "silver_events_quarantine",
                           schema=SCHEMA, landing=landing, expect_success=False)
    failed = {node.node.name for node in result.result.results if str(node.status) == "fail"}
    assert any(name.startswith("declared_drop_expectation_silver_events_quarantine") for name in failed), failed


def test_a_run_that_dies_after_logging_is_logged_once(lakehouse, landing):
    # the override that quarantined future1 stays, as the docs say it must
    override = ("--vars", "{expectation_actions: {event_time_far_after_ingest: drop}}")
    land(landing, "fourth.jsonl", [event("ok7"), "not json either"])
    # what a run killed after dq_run_log and before the checkpoint leaves behind
    lakehouse.dbt("run", "--select", "+dq_run_log", *override, schema=SCHEMA, landing=landing)
    lakehouse.dbt("build", *override, schema=SCHEMA, landing=landing)

    logs = sql_rows(lakehouse, f"select * from {SCHEMA}_ops.dq_run_log where model_name = 'silver_events'")
    bronze_rows = lakehouse.spark.table(f"{SCHEMA}_bronze.bronze_events").count()
    assert sum(log["rows_read"] for log in logs) == bronze_rows, "the re-run replaced the dead run's row"
    rerun = max(logs, key=lambda log: log["processed_after"])
    assert (rerun["rows_read"], rerun["rows_written"], rerun["rows_dropped"]) == (2, 1, 1)


# a clock broken upstream on a retail feed: stamped days after it was received
# (a change more than a day after, a sale more than a week after)
RETAIL_CLOCK_FAILURES = {
    "sales": ("sale_line_id", "sale_time_far_after_ingest", {
        "transaction_id": "T1", "customer_id": "C00001", "product_id": "P0001", "store_id": "S001",
        "quantity": 1, "unit_price": 10, "discount": 0, "payment_method": "card",
        "event_time": "2025-04-09 10:00:00", "ingest_time": "2025-04-01 10:00:00"}),
    "customers": ("customer_id", "updated_at_far_after_ingest", {
        "op": "upsert", "first_name": "Ada", "updated_at": "2025-04-03 10:00:00",
        "ingest_time": "2025-04-01 10:00:00"}),
}


@pytest.mark.parametrize("feed", sorted(RETAIL_CLOCK_FAILURES))
def test_retail_opted_in_fail_rule_stops_the_feed_before_silver_is_written(lakehouse, tmp_path, feed):
    key, rule, broken = RETAIL_CLOCK_FAILURES[feed]
    good = {**broken, key: "good1", "event_time" if feed == "sales" else "updated_at": "2025-04-01 09:00:00"}
    target = tmp_path / feed / "batch.jsonl"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({**broken, key: "broken1"}) + "\n" + json.dumps(good) + "\n")
    schema = f"quality_{feed}"
    silver = {"sales": "silver_sales", "customers": "silver_customers_changes"}[feed]

    result = lakehouse.dbt("build", "--select", f"+{silver}", f"+silver_{feed}_quarantine",
                           "--vars", f"{{expectation_actions: {{{rule}: fail}}}}",
                           schema=schema, landing=tmp_path, feeds=(feed,), expect_success=False)

    assert not result.success
    messages = run_messages(result)
    assert rule in messages and "1 row(s)" in messages and "broken1 at " in messages and "batch.jsonl:1" in messages
    assert "good1" not in messages
    for table in (silver, f"silver_{feed}_quarantine"):
        assert lakehouse.spark.table(f"{schema}_silver.{table}").count() == 0, f"{table} took rows"


def test_a_circuit_breaker_stops_a_feed_above_its_share_and_not_below(lakehouse, tmp_path):
    schema = "quality_breaker"
    breaker = ("--vars", "{circuit_breakers: {unknown_event_type: 0.5}}")
    # 2 of 4 new lines break the rule: 50 %, not above the breaker
    land(tmp_path, "half.jsonl", [event("b1", event_type="teleport"), event("b2", event_type="teleport"),
                                  event("b3"), event("b4")])
    lakehouse.dbt("run", *breaker, schema=schema, landing=tmp_path)
    assert feed_runs(lakehouse, schema, "events")[-1]["status"] == "completed"
    assert lakehouse.spark.table(f"{schema}_silver.silver_events").count() == 4

    # 3 of 4: above it, so the feed stops and takes nothing
    land(tmp_path, "mostly.jsonl", [event("b5", event_type="teleport"), event("b6", event_type="teleport"),
                                    event("b7", event_type="teleport"), event("b8")])
    result = lakehouse.dbt("run", *breaker, schema=schema, landing=tmp_path, expect_success=False)
    assert not result.success
    messages = run_messages(result)
    assert "Feed 'events' stopped" in messages
    assert "'unknown_event_type'" in messages and "broken by 3 of 4 new lines (75.0% > 50%)" in messages
    assert feed_runs(lakehouse, schema, "events")[-1]["status"] == "stopped"
    assert lakehouse.spark.table(f"{schema}_silver.silver_events").count() == 4

    # the default has no breaker: the same lines flow, flagged (and pass the data tests)
    lakehouse.dbt("build", schema=schema, landing=tmp_path)
    assert feed_runs(lakehouse, schema, "events")[-1]["status"] == "completed"
    assert lakehouse.spark.table(f"{schema}_silver.silver_events").count() == 8
    logs = sql_rows(lakehouse, f"select * from {schema}_ops.dq_run_log where model_name = 'silver_events'")
    assert sum(log["rows_read"] for log in logs) == 8, "the stopped window was logged once, when taken"
    assert sum(log["warned_by_rule"]["unknown_event_type"] for log in logs) == 5


def order_change(order_id: str, sequence_num: int) -> str:
    return json.dumps({"order_id": order_id, "op": "insert", "sequence_num": sequence_num, "status": "placed",
                       "customer_id": "C00001", "amount": "10.00", "quantity": 1,
                       "order_time": "2025-04-01 09:00:00", "updated_at": "2025-04-01 09:00:00",
                       "ingest_time": "2025-04-01 10:00:00"})


def test_a_stopped_feed_leaves_the_other_feeds_checkpoints_moving(lakehouse, tmp_path):
    schema = "quality_feeds"
    feeds = ("events", "orders")
    land(tmp_path, "first.jsonl", [event("e1"), event("e2")])
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "first.jsonl").write_text(order_change("O1", 1) + "\n")
    # `run` until the last step, which builds: the data tests run once, on the final state
    lakehouse.dbt("run", *OPT_IN_FAIL, schema=schema, landing=tmp_path, feeds=feeds)

    # events breaks its opted-in fail rule twice in a row; orders keeps landing
    land(tmp_path, "second.jsonl", [event("e3", event_time="2025-04-05 10:00:00"), event("e4")])
    for run, order in ((2, "O2"), (3, "O3")):
        (tmp_path / "orders" / f"run{run}.jsonl").write_text(order_change(order, 1) + "\n")
        result = lakehouse.dbt("run", *OPT_IN_FAIL, schema=schema, landing=tmp_path, feeds=feeds,
                               expect_success=False)
        assert not result.success and "Feed 'events' stopped" in run_messages(result)
        assert [r["status"] for r in feed_runs(lakehouse, schema, "events")] == ["completed"] + ["stopped"] * (run - 1)
        order_runs = feed_runs(lakehouse, schema, "orders")
        assert [r["status"] for r in order_runs] == ["completed"] * run
        assert order_runs[-1]["bronze_rows"] == 1, "orders re-read only its own new file"
        assert order in {row["order_id"] for row in sql_rows(
            lakehouse, f"select order_id from {schema}_silver.silver_orders_changes")}

    # deciding the rule only warns releases the events window: every line once
    lakehouse.dbt("build", schema=schema, landing=tmp_path, feeds=feeds)
    assert feed_runs(lakehouse, schema, "events")[-1]["status"] == "completed"
    assert {row["event_id"] for row in sql_rows(lakehouse, f"select event_id from {schema}_silver.silver_events")} == {
        "e1", "e2", "e3", "e4"}
    for model, bronze in (("silver_events", "bronze_events"), ("silver_orders_changes", "bronze_orders")):
        logged = sql_rows(lakehouse, f"select sum(rows_read) as n from {schema}_ops.dq_run_log"
                                     f" where model_name = '{model}'")[0]["n"]
        assert logged == lakehouse.spark.table(f"{schema}_bronze.{bronze}").count(), model
