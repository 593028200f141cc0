"""Landing conventions, the producer, and the runtime's one-line errors."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import oracle
from conftest import REPO
from produce_events import Knobs, load_state, produce_history
from produce_events import main as produce_main

SCHEMA = "edge"


def test_missing_landing_folder_is_a_normal_run(lakehouse, tmp_path):
    landing = tmp_path / "never-created"
    lakehouse.dbt("run", schema=SCHEMA, landing=landing)
    assert lakehouse.spark.table(f"{SCHEMA}_bronze.bronze_events").count() == 0
    assert lakehouse.spark.table(f"{SCHEMA}_gold.gold_daily_user_activity").count() == 0


def test_landing_conventions(lakehouse, tmp_path):
    landing = tmp_path / "landing"
    events = landing / "events"
    nested = events / "2025" / "01" / "03"
    nested.mkdir(parents=True)
    good = {"event_id": "a", "user_id": "ü", "event_time": "2025-01-03 10:00:00", "ingest_time": "2025-01-03 10:20:00"}
    (nested / "plain.jsonl").write_text(json.dumps(good) + "\r\n\r\n" + "   \r\n" + "not json\r\n")
    (nested / "compressed.json.gz").write_bytes(gzip.compress((json.dumps({**good, "event_id": "b"}) + "\n").encode()))
    (events / "empty.jsonl").write_text("")
    # still being written, or not event files: never read
    (events / ".hidden.jsonl").write_text(json.dumps({**good, "event_id": "hidden"}) + "\n")
    (events / "_tmp").mkdir()
    (events / "_tmp" / "partial.jsonl").write_text(json.dumps({**good, "event_id": "partial"}) + "\n")
    (events / "notes.txt").write_text(json.dumps({**good, "event_id": "txt"}) + "\n")

    lakehouse.dbt("run", schema=SCHEMA, landing=landing)
    bronze = lakehouse.rows(f"{SCHEMA}_bronze.bronze_events")
    assert sorted(row["raw_line"] for row in bronze) == sorted(
        [json.dumps(good), json.dumps({**good, "event_id": "b"}), "not json"]
    )
    silver = {row["event_id"]: row for row in lakehouse.rows(f"{SCHEMA}_silver.silver_events")}
    assert set(silver) == {"a", "b"}
    assert silver["a"]["user_id"] == "ü"
    assert oracle.expected_state(landing).bronze_rows == len(bronze)

    # renaming the hidden file into place makes it visible exactly once
    (events / ".hidden.jsonl").rename(events / "0-visible.jsonl")
    lakehouse.dbt("run", schema=SCHEMA, landing=landing)
    lakehouse.dbt("run", schema=SCHEMA, landing=landing)
    assert lakehouse.spark.table(f"{SCHEMA}_bronze.bronze_events").count() == len(bronze) + 1
    assert lakehouse.spark.table(f"{SCHEMA}_silver.silver_events").count() == 3


def test_metastore_in_use_is_reported_in_one_line(lakehouse):
    # this test process's JVM holds the session lakehouse's metastore
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "preflight.py"), "--lakehouse-dir", str(lakehouse.root)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "in use by another process" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert time.monotonic() - started < 60


def test_missing_java_is_reported_in_one_line(tmp_path):
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-jdk")}
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "preflight.py"), "--lakehouse-dir", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 2
    assert "JAVA_HOME" in result.stderr and "Java 17 or 21" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def read_landed(landing: Path) -> list[str]:
    return [line for path in oracle.landed_files(landing) for line in oracle.file_lines(path) if line]


def test_producer_is_deterministic_for_a_seed(tmp_path):
    knobs = Knobs(seed=5, days=2, events_per_day=200, batches=3)
    produce_history(tmp_path / "one", knobs, progress=False)
    produce_history(tmp_path / "two", knobs, progress=False)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two
    assert not [p for p in (tmp_path / "one").rglob(".*")], "no hidden file is left behind"


def test_producer_resumes_without_id_collisions(tmp_path):
    landing = tmp_path / "landing"
    args = ["--landing-dir", str(landing), "--continuous", "--interval", "0", "--events-per-batch", "50",
            "--max-batches", "2", "--invalid-share", "0", "--redelivery-share", "0", "--correction-share", "0",
            "--stale-share", "0", "--conflict-share", "0"]
    produce_main(args)
    produce_main(args)  # a restart
    ids = [json.loads(line)["event_id"] for line in read_landed(landing)]
    assert len(ids) == 200
    assert len(set(ids)) == 200
    assert load_state(landing).next_batch == 4


def test_producer_rejects_bad_knobs(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "produce_events.py"), "--landing-dir", str(tmp_path),
         "--late-share", "1.5"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "between 0 and 1" in result.stderr


def test_docs_catalog_describes_delta_tables(lakehouse, tmp_path):
    target = tmp_path / "target"
    lakehouse.dbt("docs", "generate", "--target-path", str(target), schema=SCHEMA, landing=tmp_path / "never-created")
    catalog = json.loads((target / "catalog.json").read_text())
    columns = {key.split(".")[-1]: set(node["columns"]) for key, node in catalog["nodes"].items()}
    assert {"event_date", "user_id", "late_event_pct"} <= columns["gold_daily_user_activity"]
    assert {"event_id", "ingest_time", "previous_event_date"} <= columns["silver_events"]
    assert "raw_line" in columns["bronze_events"]


def test_a_run_before_the_seeds_are_loaded_says_what_to_do(lakehouse, tmp_path):
    landing = tmp_path / "landing"
    produce_history(landing, Knobs(seed=5, days=1, events_per_day=20, batches=1), progress=False)
    result = lakehouse.dbt("run", schema="noseeds", landing=landing, expect_success=False, seed=False)
    assert not result.success
    messages = " ".join(str(node.message) for node in result.result.results)
    assert "the seed 'event_types' is not loaded" in messages
    assert "run `dbt seed` once, or `dbt build`" in messages
