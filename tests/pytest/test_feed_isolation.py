"""A model of one feed fails: the other feeds' checkpoints still move.

Events and orders land in the same runs. In copies of the project,
gold_daily_orders (first run) or silver_orders_changes (second run, which
also makes dbt skip dq_run_log) reads a column that does not exist, so it
fails for real on Spark and dbt skips pipeline_runs, which waits for every leaf. The
on-run-end hook checkpoint_feeds_after_failure writes the run's rows
instead: events `completed` (its checkpoint moves, so the next run reads
only its new files), orders `failed` with the model and the first line of
its error (its checkpoint stays). This holds on a first run, before
pipeline_runs exists (`dbt run`), and on a later one (`dbt build`). Once the
model is fixed, the next run takes orders' whole window and both feeds equal
their oracles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from produce_events import Knobs as EventKnobs
from produce_events import produce_history
from produce_orders import Knobs as OrderKnobs
from produce_orders import produce_orders
from test_orders import assert_matches_oracle as assert_orders_match_oracle
from test_pipeline import assert_marts_match_oracle as assert_events_match_oracle

SCHEMA = "isolation"
FEEDS = ("events", "orders")
EVENT_KNOBS = EventKnobs(seed=27, start_date="2025-05-01", days=1, events_per_day=80, users=10, batches=2)
ORDER_KNOBS = OrderKnobs(seed=27, start_date="2025-05-01", days=1, orders_per_day=12, customers=10, batches=2)


# a model of orders that fails for real on Spark: it reads a column that does not exist
FAILURES = {
    "gold_daily_orders": ("gold/orders", "        sum(coalesce(quantity, 0)) as quantity\n"),
    # only when incremental: the first run creates the table, a later one fails
    "silver_orders_changes": ("silver/orders", "        bronze_loaded_at\n    from {{ this }}\n"),
}


def project_with_a_failing_model(folder: Path, failing_model: str) -> Path:
    """A copy of the project in which `failing_model` selects a column that does not exist."""
    for part in ("dbt_project.yml", "models", "macros", "seeds", "snapshots", "tests/generic", "conf"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, folder / part)
        else:
            shutil.copy(source, folder / part)
    subfolder, line = FAILURES[failing_model]
    model = folder / "models" / subfolder / f"{failing_model}.sql"
    assert model.read_text().count(line) == 1
    first, rest = line.split("\n", 1)
    model.write_text(model.read_text().replace(line, first + ",\n        no_such_column\n" + rest))
    return folder


@pytest.fixture(scope="module")
def scenario(lakehouse, tmp_path_factory):
    staging = tmp_path_factory.mktemp("isolation-staging")
    batches = {"events": produce_history(staging, EVENT_KNOBS, progress=False),
               "orders": produce_orders(staging, ORDER_KNOBS)}
    return {"staging": staging, "batches": batches, "landing": tmp_path_factory.mktemp("isolation-landing"),
            "failing": {model: project_with_a_failing_model(tmp_path_factory.mktemp("isolation-project"), model)
                        for model in FAILURES}}


def land_next_batch(scenario) -> None:
    for files in scenario["batches"].values():
        source = files.pop(0)
        target = scenario["landing"] / source.relative_to(scenario["staging"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def feed_runs(lakehouse, feed: str) -> list[dict]:
    return [row.asDict() for row in lakehouse.spark.sql(
        f"select * from {SCHEMA}_ops.pipeline_runs where feed = '{feed}' order by recorded_at").collect()]


def bronze(lakehouse, feed: str) -> dict:
    return lakehouse.spark.sql(f"select count(*) as n, max(loaded_at) as loaded_through"
                               f" from {SCHEMA}_bronze.bronze_{feed}").collect()[0].asDict()


def node_statuses(result) -> dict[str, str]:
    return {node.node.name: str(node.status) for node in result.result.results}


def run_failing(lakehouse, scenario, command: str, failing_model: str):
    result = lakehouse.dbt(command, schema=SCHEMA, landing=scenario["landing"], feeds=FEEDS,
                           project=scenario["failing"][failing_model], expect_success=False)
    statuses = node_statuses(result)
    assert not result.success
    assert (statuses[failing_model], statuses["pipeline_runs"]) == ("error", "skipped")
    assert statuses["silver_events"] == statuses["gold_daily_event_types"] == "success"
    return statuses


def assert_failed(run: dict, bronze_rows: int, failing_model: str) -> None:
    assert (run["status"], run["processed_through"], run["bronze_rows"]) == ("failed", None, bronze_rows)
    reason = run["stop_reason"]
    assert reason.startswith(f"model {failing_model} failed: ") and "no_such_column" in reason, reason
    assert "\n" not in reason and "Error in model" not in reason, "the first line of the error itself"
    assert run["freshness_seconds"] is None, "nothing of the window reached gold"


def test_a_failing_model_of_one_feed_leaves_the_other_feeds_checkpoint_moving(lakehouse, scenario):
    # a first run: pipeline_runs does not exist yet, the hook creates it
    land_next_batch(scenario)
    statuses = run_failing(lakehouse, scenario, "run", "gold_daily_orders")
    assert statuses["dq_run_log"] == "success"
    events, orders = bronze(lakehouse, "events"), bronze(lakehouse, "orders")
    [events_run] = feed_runs(lakehouse, "events")
    assert (events_run["status"], events_run["stop_reason"]) == ("completed", None)
    assert (events_run["bronze_rows"], events_run["processed_through"]) == (events["n"], events["loaded_through"])
    assert events_run["freshness_seconds"] is not None and "silver_events" in events_run["table_versions"]
    [orders_run] = feed_runs(lakehouse, "orders")
    assert_failed(orders_run, orders["n"], "gold_daily_orders")
    assert orders_run["invocation_id"] == events_run["invocation_id"]

    # a later run, tests interleaved, and now orders' silver fails: dbt skips the
    # run log (it reads every feed's silver), and the hook logs events' window too;
    # events reads only its new file, orders its whole window again
    land_next_batch(scenario)
    statuses = run_failing(lakehouse, scenario, "build", "silver_orders_changes")
    assert statuses["dq_run_log"] == "skipped"
    events_before, events, orders = events, bronze(lakehouse, "events"), bronze(lakehouse, "orders")
    events_runs = feed_runs(lakehouse, "events")
    assert [run["status"] for run in events_runs] == ["completed", "completed"]
    assert events_runs[-1]["bronze_rows"] == events["n"] - events_before["n"]
    assert events_runs[-1]["processed_through"] == events["loaded_through"]
    orders_runs = feed_runs(lakehouse, "orders")
    assert [run["status"] for run in orders_runs] == ["failed", "failed"]
    assert_failed(orders_runs[-1], orders["n"], "silver_orders_changes")
    logged = lakehouse.spark.sql(f"select sum(rows_read) as n from {SCHEMA}_ops.dq_run_log"
                                 " where model_name = 'silver_events'").collect()[0]["n"]
    assert logged == events["n"], "events' second window is in the run log, written by the hook"

    # fixed: the next run takes orders' whole window; events has nothing new and logs nothing
    lakehouse.dbt("build", schema=SCHEMA, landing=scenario["landing"], feeds=FEEDS)
    orders_runs = feed_runs(lakehouse, "orders")
    assert [run["status"] for run in orders_runs] == ["failed", "failed", "completed"]
    assert (orders_runs[-1]["bronze_rows"], orders_runs[-1]["processed_through"]) == (
        orders["n"], orders["loaded_through"])
    assert len(feed_runs(lakehouse, "events")) == 2
    assert_events_match_oracle(lakehouse, SCHEMA, scenario["landing"])
    assert_orders_match_oracle(lakehouse, SCHEMA, scenario["landing"])
    read = lakehouse.spark.sql(f"select sum(rows_read) as n from {SCHEMA}_ops.dq_run_log"
                               " where model_name = 'silver_orders_changes'").collect()[0]["n"]
    assert read == orders["n"], "the failed runs' logs of the orders window were replaced, not added"
