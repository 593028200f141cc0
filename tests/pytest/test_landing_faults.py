"""No landed file can stop a feed: every kind of file bronze cannot read in
full sits beside good files, the run succeeds, the file ledger says what
happened to each file, and the marts equal the oracle over what was
readable. One scenario, in order (the tests share its state). Last, the
lakehouse's own disk fills up under the warm runner: one line says so, and
once space is freed the next run equals the oracle."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import oracle
from produce_events import Knobs, produce_history
from test_pipeline import assert_marts_match_oracle

SCHEMA = "faults"
GOOD = {"user_id": "u1", "event_type": "click", "event_time": "2025-04-01T10:00:00Z",
        "ingest_time": "2025-04-01T10:05:00Z", "amount": 1.5}


def event_lines(prefix: str, count: int) -> bytes:
    return b"".join(json.dumps({**GOOD, "event_id": f"{prefix}{n}"}).encode() + b"\n" for n in range(count))


def land(landing: Path, name: str, content: bytes) -> Path:
    target = landing / "events" / "faults" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    hidden = target.with_name("." + name)
    hidden.write_bytes(content)
    hidden.rename(target)
    return target


@pytest.fixture(scope="module")
def scenario(lakehouse, tmp_path_factory):
    landing = tmp_path_factory.mktemp("landing")
    produce_history(landing, Knobs(seed=21, start_date="2025-04-01", days=2, events_per_day=150, users=10,
                                   invalid_share=0.05, gzip_share=0.5, batches=3), progress=False)
    whole = gzip.compress(event_lines("cut", 3000))
    land(landing, "cut-mid-upload.jsonl.gz", whole[: len(whole) // 2])
    land(landing, "cut-in-first-line.jsonl.gz", whole[:30])
    land(landing, "not-gzip.jsonl.gz", event_lines("plain", 2))
    land(landing, "empty.jsonl.gz", gzip.compress(b""))
    land(landing, "blank.jsonl", b"\n  \n\n")
    bom = event_lines("bom", 2).replace(b"\n", b"\r\n")
    land(landing, "bom.jsonl", b"\xef\xbb\xbf" + bom)
    not_utf8 = json.dumps({**GOOD, "event_id": "latin1-X"}).encode().replace(b"-X", b"-\xe9\xff")
    multi_megabyte = json.dumps({**GOOD, "event_id": "big", "note": "x" * 3_000_000}).encode()
    too_long = json.dumps({**GOOD, "event_id": "huge", "note": "x" * (oracle.MAX_LINE_BYTES + 1)}).encode()
    land(landing, "odd-lines.jsonl", b"\n".join([not_utf8, multi_megabyte, too_long, b""]))
    return {"landing": landing}


def ledger(lakehouse) -> dict[str, dict]:
    return {Path(row["source_file"]).name: row for row in lakehouse.rows(f"{SCHEMA}_bronze.file_ledger")}


def test_unreadable_files_are_recorded_and_block_nothing(lakehouse, scenario):
    landing = scenario["landing"]
    lakehouse.dbt("build", schema=SCHEMA, landing=landing)  # fails the test if any node fails

    files = ledger(lakehouse)
    assert {name: (row["status"], row["reason"]) for name, row in files.items() if row["status"] != "loaded"} == {
        "cut-mid-upload.jsonl.gz": ("partial", "gzip_cut_short"),
        "cut-in-first-line.jsonl.gz": ("unreadable", "corrupt_gzip"),
        "not-gzip.jsonl.gz": ("unreadable", "not_gzip"),
    }
    landed = [path for path in oracle.landed_files(landing)]
    assert set(files) == {path.name for path in landed}, "every listed file has one ledger row"
    for path in landed:
        row = files[path.name]
        assert row["file_size_bytes"] == path.stat().st_size
        assert row["lines_taken"] == sum(1 for line in oracle.file_lines(path) if line.strip(" ")), path.name
    assert 0 < files["cut-mid-upload.jsonl.gz"]["lines_taken"] < 3000
    assert (files["empty.jsonl.gz"]["lines_taken"], files["blank.jsonl"]["lines_taken"]) == (0, 0)

    # the lines before the cut flow on; the oracle reads what is readable, as bronze does
    assert_marts_match_oracle(lakehouse, SCHEMA, landing)
    quarantine = oracle.expected_state(landing).quarantine
    assert quarantine["invalid_utf8"] == 1 and quarantine["line_too_long"] == 1

    bronze = {(Path(row["source_file"]).name, row["line_number"]): row for row in lakehouse.spark.sql(
        f"select source_file, line_number, hex(raw_line) as hex_line, octet_length(raw_line) as size"
        f" from {SCHEMA}_bronze.bronze_events where source_file like '%/faults/%'").collect()}
    # the byte-order mark and CRs are gone, a line that is not UTF-8 keeps its bytes
    assert bytes.fromhex(bronze[("bom.jsonl", 1)]["hex_line"]) == event_lines("bom", 1)[:-1]
    raw = (landing / "events" / "faults" / "odd-lines.jsonl").read_bytes().split(b"\n")
    assert bytes.fromhex(bronze[("odd-lines.jsonl", 1)]["hex_line"]) == raw[0]
    assert bronze[("odd-lines.jsonl", 3)]["size"] == len(raw[2])
    silver = {row["event_id"] for row in lakehouse.rows(f"{SCHEMA}_silver.silver_events")}
    assert {"big", "bom0", "bom1"} <= silver

    # counted in the run log and the data-quality mart, in files
    files_logged = lakehouse.spark.sql(
        f"select rows_read, rows_written, rows_dropped, rows_warned, dropped_by_rule, warned_by_rule"
        f" from {SCHEMA}_ops.dq_run_log where model_name = 'bronze_events'").collect()
    assert len(files_logged) == 1
    logged = files_logged[0]
    assert (logged["rows_read"], logged["rows_dropped"], logged["rows_warned"]) == (len(landed), 2, 1)
    assert {rule: n for rule, n in logged["dropped_by_rule"].items() if n} == {
        "file_corrupt_gzip": 1, "file_not_gzip": 1}
    quality = {(row["expectation"], row["action"]): row["affected_rows"] for row in lakehouse.rows(
        f"{SCHEMA}_gold.gold_daily_data_quality") if row["model_name"] == "bronze_events" and row["affected_rows"]}
    assert quality == {("file_corrupt_gzip", "drop"): 1, ("file_not_gzip", "drop"): 1,
                       ("gzip_cut_short", "warn"): 1}


def test_a_good_file_later_flows_and_no_file_is_read_twice(lakehouse, scenario):
    landing = scenario["landing"]
    before = ledger(lakehouse)
    land(landing, "later.jsonl", event_lines("later", 5))
    # the same bytes re-landed under a new name are a new file
    land(landing, "not-gzip-fixed.jsonl", event_lines("plain", 2))
    lakehouse.dbt("run", schema=SCHEMA, landing=landing)
    after = ledger(lakehouse)
    assert set(after) - set(before) == {"later.jsonl", "not-gzip-fixed.jsonl"}
    assert all(after[name] == row for name, row in before.items()), "no file is recorded or read again"
    assert after["not-gzip-fixed.jsonl"]["lines_taken"] == 2
    assert_marts_match_oracle(lakehouse, SCHEMA, landing)


def test_a_file_that_vanishes_after_listing_is_recorded(lakehouse, scenario):
    landing = scenario["landing"]
    doomed = land(landing, "vanishing.jsonl", event_lines("gone", 3))
    land(landing, "beside.jsonl", event_lines("beside", 3))
    listed = []

    def delete_once_listed(event) -> None:
        # bronze lists its new files, then reads them: remove one in between
        # (a session cursor fetches a query's rows after its status event,
        # so the next statement is the first moment the listing is surely done)
        if event.info.name != "SQLQuery":
            return
        if listed and doomed.exists():
            doomed.unlink()
        elif "events_files as listed" in event.data.sql:
            listed.append(True)

    lakehouse.dbt("run", schema=SCHEMA, landing=landing, callbacks=(delete_once_listed,))
    assert listed and not doomed.exists()
    files = ledger(lakehouse)
    assert (files["vanishing.jsonl"]["status"], files["vanishing.jsonl"]["reason"]) == ("unreadable", "vanished")
    assert files["vanishing.jsonl"]["file_size_bytes"] > 0
    assert files["beside.jsonl"]["lines_taken"] == 3
    assert_marts_match_oracle(lakehouse, SCHEMA, landing)


def fill_disk(folder: Path) -> Path:
    """A file that takes every free byte of the disk `folder` is on."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        for chunk in (2**20, 4096, 1):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError:
                continue
    return filler


def test_a_full_lakehouse_disk_fails_in_one_line_and_the_next_run_recovers(lakehouse, tmp_path):
    from test_watch import RUNNER_SCHEMA, RunningRunner, wait_for_metastore

    root = tmp_path
    disk = root / "lakehouse"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small disk here (needs root): {mounted.stderr.decode().strip()}")
    try:
        landing = root / "landing"
        knobs = Knobs(seed=8, start_date="2025-06-01", days=1, events_per_day=120, users=8, gzip_share=0.5,
                      invalid_share=0.05, batches=4)
        for source in sorted(produce_history(root / "staging", knobs, progress=False)):
            target = landing / source.relative_to(root / "staging")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        # full before the runner's first start (each start costs the suite a JVM's): the
        # runner checks the disk before every cycle the same way
        filler = fill_disk(disk)

        full = RunningRunner(root, "--once")
        assert full.wait_exit() == 2
        output = [line for line in full.output if line.strip()]
        assert len(output) == 1 and output[0].startswith("error: the lakehouse disk is full:"), output
        assert str(disk) in output[0]

        filler.unlink()
        assert RunningRunner(root, "--once").wait_exit() == 0
        wait_for_metastore(root)
        for layer, table in [("bronze", "bronze_events"), ("silver", "silver_events"),
                             ("silver", "silver_events_quarantine"), ("gold", "gold_daily_user_activity"),
                             ("gold", "gold_daily_event_types"), ("ops", "dq_run_log")]:
            lakehouse.spark.sql(f"create schema if not exists diskread_{layer}")
            location = disk / "warehouse" / f"{RUNNER_SCHEMA}_{layer}.db" / table
            lakehouse.spark.sql(f"create table diskread_{layer}.{table} using delta location '{location}'")
        assert_marts_match_oracle(lakehouse, "diskread", landing)
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], capture_output=True)
