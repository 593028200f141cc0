"""A run killed half-way, then run again, loses and duplicates nothing.

dbt runs here as a separate process (it has to be killable), on a lakehouse of
its own: the embedded metastore admits one JVM, and the test's JVM holds the
shared one. The result is then read from the Delta tables' folders.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

from conftest import REPO
from produce_events import Knobs, produce_history
from test_pipeline import assert_marts_match_oracle

SCHEMA = "killed"
TABLES = {
    "bronze": ["bronze_events"],
    "silver": ["silver_events", "silver_events_quarantine"],
    "gold": ["gold_daily_user_activity", "gold_daily_event_types"],
    # killed before it runs, so its counts must still add up to bronze
    "ops": ["dq_run_log"],
}


# only the events feed's models, as the in-process scenarios select theirs
EVENTS_ONLY = ("--select", "bronze_events+", "--vars", "{landing_feeds: [events]}")


def dbt_process(lakehouse_dir, landing, *args) -> subprocess.Popen:
    env = {**os.environ, "LAKEHOUSE_DIR": str(lakehouse_dir), "LANDING_DIR": str(landing),
           "LAKEHOUSE_SCHEMA": SCHEMA, "DBT_PROFILES_DIR": str(REPO)}
    return subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "dbt"), *args, "--project-dir", str(REPO),
         "--target-path", str(lakehouse_dir / "target"), "--log-path", str(lakehouse_dir / "logs")],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


def test_killed_run_then_rerun_loses_and_duplicates_nothing(lakehouse, tmp_path):
    landing = tmp_path / "landing"
    separate_lakehouse = tmp_path / "lakehouse"
    produce_history(landing, Knobs(seed=23, days=2, events_per_day=300, batches=2, correction_share=0.1,
                                   move_day_share=0.5), progress=False)
    # the first run loads the seed too (`build` of it and the events models, no data tests)
    first = dbt_process(separate_lakehouse, landing, "build", "--select", "event_types", "bronze_events+",
                        "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test",
                        "--vars", "{landing_feeds: [events]}")
    first.communicate(timeout=900)
    assert first.returncode == 0

    produce_history(landing, Knobs(seed=24, start_date="2025-01-02", days=2, events_per_day=300, batches=2,
                                   correction_share=0.2, move_day_share=0.5), progress=False)
    second = dbt_process(separate_lakehouse, landing, "run", *EVENTS_ONLY)
    killed_after_silver = False
    deadline = time.monotonic() + 900
    for line in second.stdout:
        if "OK created sql incremental model" in line and ".silver_events " in line:
            os.killpg(second.pid, signal.SIGKILL)
            killed_after_silver = True
            break
        assert time.monotonic() < deadline
    second.wait(timeout=60)
    assert killed_after_silver, "the run finished before it could be killed"

    third = dbt_process(separate_lakehouse, landing, "run", *EVENTS_ONLY)
    output, _ = third.communicate(timeout=900)
    assert third.returncode == 0, output[-3000:]

    for layer, names in TABLES.items():
        lakehouse.spark.sql(f"create schema if not exists {SCHEMA}_{layer}")
        for name in names:
            location = separate_lakehouse / "warehouse" / f"{SCHEMA}_{layer}.db" / name
            lakehouse.spark.sql(f"drop table if exists {SCHEMA}_{layer}.{name}")
            lakehouse.spark.sql(f"create table {SCHEMA}_{layer}.{name} using delta location '{location}'")
    assert_marts_match_oracle(lakehouse, SCHEMA, landing)
