"""The warm runner (`make watch`, scripts/watch.py) on the real engine.

The runner is started as its own process, on its own lakehouse (a second
JVM cannot share this session's embedded metastore); these tests read its
Delta tables by path, through tables registered in this session's catalog,
and hold them to the same oracle as the batch runs. A supervisor's stop
(SIGTERM to the runner's process group, its Spark JVM included) lets the cycle
in progress complete and exits 0. A runner killed at either
half-done point of a cycle (bronze committed, silver not; silver committed, gold
not) loses and duplicates nothing once restarted: the same models a killed
`dbt run` leaves behind, so this is also the batch runs' recovery test.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import oracle
from preflight import metastore_holder
from produce_events import Knobs, produce_history
from test_pipeline import assert_marts_match_oracle

REPO = Path(__file__).resolve().parents[2]
RUNNER_SCHEMA = "watch"  # the runner's own schema, in its own metastore
READ_SCHEMA = "watchread"  # this session's tables over the runner's Delta files
TABLES = {
    "bronze": ["bronze_events"],
    "silver": ["silver_events", "silver_events_quarantine"],
    "gold": ["gold_daily_user_activity", "gold_daily_event_types"],
    "ops": ["dq_run_log", "pipeline_runs"],
}
KNOBS = Knobs(seed=21, start_date="2025-05-01", days=2, events_per_day=300, users=20, late_share=0.3,
              redelivery_share=0.08, correction_share=0.08, move_day_share=0.5, stale_share=0.05,
              invalid_share=0.05, gzip_share=0.3, batches=18)


STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def no_runner_outlives_its_test():
    yield
    for process in STARTED:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)


class RunningRunner:
    """A runner process and the lines it prints, read without blocking."""

    def __init__(self, root: Path, *args: str, own_group: bool = False):
        env = {
            **os.environ,
            "LAKEHOUSE_DIR": str(root / "lakehouse"),
            "LANDING_DIR": str(root / "landing"),
            "LAKEHOUSE_SCHEMA": RUNNER_SCHEMA,
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "SPARK_DRIVER_MEMORY": "2g",
        }
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "scripts" / "watch.py"), "--feeds", "events", "--interval", "0.5", *args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
            # own_group: the runner leads a process group, its Spark JVM in it, as under a supervisor
            start_new_session=own_group,
        )
        STARTED.append(self.process)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float = 420) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            match = re.search(pattern, line)
            if match:
                return match
        pytest.fail(f"runner never printed /{pattern}/; output:\n{''.join(self.output)[-4000:]}")

    def wait_exit(self, timeout: float = 420) -> int:
        code = self.process.wait(timeout=timeout)
        time.sleep(0.5)  # let the reader thread drain the pipe
        return code


@pytest.fixture(scope="module")
def runner_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("runner")
    staging = root / "staging"
    files = sorted(produce_history(staging, KNOBS, progress=False))
    return {"root": root, "staging": staging, "pending": files}


def land(runner_root, count: int) -> int:
    pending = runner_root["pending"]
    landed = pending[:count]
    for source in landed:
        target = runner_root["root"] / "landing" / source.relative_to(runner_root["staging"])
        target.parent.mkdir(parents=True, exist_ok=True)
        hidden = target.with_name("." + target.name)
        shutil.copy2(source, hidden)
        hidden.rename(target)
    del pending[:count]
    return len(landed)


def table_path(root: Path, layer: str, table: str) -> Path:
    return root / "lakehouse" / "warehouse" / f"{RUNNER_SCHEMA}_{layer}.db" / table


def delta_version(path: Path) -> int:
    return max(int(p.stem) for p in (path / "_delta_log").glob("*.json"))


def versions(root: Path) -> dict[str, int]:
    return {table: delta_version(table_path(root, layer, table)) for layer, names in TABLES.items() for table in names}


def spark_jvm(runner: RunningRunner) -> int:
    """The pid of the runner's Spark JVM (its `java` child)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
        except OSError:  # gone meanwhile
            continue
        comm, fields = rest.rsplit(") ", 1)
        if comm == "java" and int(fields.split()[1]) == runner.process.pid:
            return int(pid)
    pytest.fail(f"runner {runner.process.pid} has no java child")


def ignored_signals(pid: int) -> set[signal.Signals]:
    mask = int(re.search(r"^SigIgn:\s*(\w+)$", Path(f"/proc/{pid}/status").read_text(), re.M).group(1), 16)
    return {sig for sig in (signal.SIGINT, signal.SIGTERM) if mask >> (sig - 1) & 1}


def wait_for_metastore(root: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while metastore_holder(root / "lakehouse") and time.monotonic() < deadline:
        time.sleep(0.5)  # the Spark JVM exits when the runner's pipe closes


def register_runner_tables(lakehouse, root: Path) -> None:
    for layer, names in TABLES.items():
        lakehouse.spark.sql(f"create schema if not exists {READ_SCHEMA}_{layer}")
        for table in names:
            lakehouse.spark.sql(
                f"create table if not exists {READ_SCHEMA}_{layer}.{table} using delta "
                f"location '{table_path(root, layer, table)}'"
            )


def wait_for_new_version(path: Path, after: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (path / "_delta_log").exists() and delta_version(path) > after:
            return
        time.sleep(0.1)
    pytest.fail(f"{path.name} got no new Delta version within {timeout} s")


def test_the_runner_catches_up_follows_new_files_and_stops_cleanly(lakehouse, runner_root):
    root = runner_root["root"]
    land(runner_root, 6)
    timings = root / "timings.jsonl"
    runner = RunningRunner(root, "--timings", str(timings), own_group=True)
    # the first cycle catches up on everything landed before the start
    runner.wait_for(r"cycle 1 \| events \+6 files [\d,]+ lines \| \d+ nodes [\d.]+ s \| freshness [\d.]+ s")
    register_runner_tables(lakehouse, root)
    assert_marts_match_oracle(lakehouse, READ_SCHEMA, root / "landing")

    # idle polls (nothing landed) run nothing and commit nothing
    before = versions(root)
    time.sleep(3)
    assert runner.lines.empty(), runner.output[-1]
    assert versions(root) == before

    # new files are picked up by the next cycle
    landed = land(runner_root, 4)
    match = runner.wait_for(rf"cycle \d+ \| events \+{landed} files ([\d,]+) lines .* freshness ([\d.]+) s")
    assert int(match.group(1).replace(",", "")) > 0
    assert_marts_match_oracle(lakehouse, READ_SCHEMA, root / "landing")
    freshness = lakehouse.spark.sql(
        f"select freshness_seconds, max_landed_to_gold_seconds from {READ_SCHEMA}_ops.pipeline_runs"
        " order by recorded_at desc limit 1"
    ).collect()[0]
    assert 0 < freshness["freshness_seconds"] <= freshness["max_landed_to_gold_seconds"]

    # --timings: one JSON line per dbt cycle, with each node's seconds inside the cycle's
    cycles = [json.loads(line) for line in timings.read_text().splitlines()]
    assert [cycle["new_files"] for cycle in cycles] == [{"events": 6}, {"events": landed}]
    for cycle in cycles:
        models = {node.split(".")[-1] for node in cycle["nodes"] if node.startswith("model.")}
        assert {"bronze_events", "silver_events", "gold_daily_event_types", "pipeline_runs"} <= models
        assert 0 < sum(cycle["nodes"].values()) <= cycle["seconds"]

    # SIGTERM to the runner's whole process group (a supervisor's stop) in the middle of a
    # cycle: the Spark JVM ignores it, the cycle completes, then the runner exits 0
    assert ignored_signals(spark_jvm(runner)) == {signal.SIGINT, signal.SIGTERM}
    bronze = table_path(root, "bronze", "bronze_events")
    bronze_version = delta_version(bronze)
    landed = land(runner_root, 3)
    wait_for_new_version(bronze, bronze_version)
    os.killpg(runner.process.pid, signal.SIGTERM)
    assert runner.wait_exit() == 0, "".join(runner.output)[-3000:]
    output = "".join(runner.output)
    assert re.search(rf"events \+{landed} files [\d,]+ lines \| \d+ nodes [\d.]+ s \| freshness [\d.]+ s\n", output), \
        output[-3000:]
    assert "SIGTERM: stopping after this cycle" in output
    assert "stopped after" in output
    assert_marts_match_oracle(lakehouse, READ_SCHEMA, root / "landing")

    wait_for_metastore(root)  # the next test's runner needs it


def kill_when_committed(root: Path, table: Path, after: int) -> None:
    """Start a runner and SIGKILL it as soon as `table` commits a version after `after`."""
    runner = RunningRunner(root)
    wait_for_new_version(table, after)
    runner.process.kill()
    runner.wait_exit()
    wait_for_metastore(root)


def test_a_killed_runner_loses_and_duplicates_nothing_and_a_second_runner_is_refused(lakehouse, runner_root):
    root = runner_root["root"]
    bronze = table_path(root, "bronze", "bronze_events")
    silver = table_path(root, "silver", "silver_events")
    gold = table_path(root, "gold", "gold_daily_event_types")

    # SIGKILL after bronze committed the new files and before silver did
    before = versions(root)
    land(runner_root, len(runner_root["pending"]) // 2)
    kill_when_committed(root, bronze, before["bronze_events"])
    assert delta_version(silver) == before["silver_events"], "the kill came too late to test a half-done cycle"
    # that start, the first after the process-group stop above, read only the new files: bronze holds
    # each landed line once, none of the stopped cycle's again
    register_runner_tables(lakehouse, root)
    bronze_rows = lakehouse.spark.table(f"{READ_SCHEMA}_bronze.bronze_events").count()
    assert bronze_rows == oracle.expected_state(root / "landing").bronze_rows

    # SIGKILL after silver merged the window and before gold took its dates: silver
    # already holds those versions, so only the checkpoint tells the next run to redo gold
    before = versions(root)
    land(runner_root, len(runner_root["pending"]))
    kill_when_committed(root, silver, before["silver_events"])
    assert delta_version(gold) == before["gold_daily_event_types"], "the kill came too late to test a half-done cycle"

    # the next start catches up; a second runner meanwhile gets a one-line error
    restarted = RunningRunner(root, "--once")
    restarted.wait_for(r"^watching events")
    second = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "watch.py"), "--once"],
        env={**os.environ, "LAKEHOUSE_DIR": str(root / "lakehouse"), "LANDING_DIR": str(root / "landing")},
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert second.returncode == 2
    assert re.fullmatch(r"error: another runner \(pid \d+\) is running on the lakehouse .*\n", second.stderr)
    assert restarted.wait_exit() == 0, "".join(restarted.output)[-3000:]
    assert_marts_match_oracle(lakehouse, READ_SCHEMA, root / "landing")
    runs = lakehouse.spark.sql(f"select status, count(*) as n from {READ_SCHEMA}_ops.pipeline_runs group by 1")
    assert {row["status"]: row["n"] for row in runs.collect()}.keys() == {"completed"}


def test_the_runner_refuses_bad_arguments_in_one_line():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "watch.py"), "--feeds", "events,nosuchfeed"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert result.returncode == 2
    assert "unknown feed(s) ['nosuchfeed']" in result.stderr

    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "watch.py"), "--timings", "/no/such/folder/timings.jsonl"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert result.returncode == 2
    assert "--timings: no folder /no/such/folder to write timings.jsonl in" in result.stderr
