"""No landed file can stop a feed: every kind of file bronze cannot read in
full sits beside good files, the run succeeds, the file ledger says what
happened to each file, and the marts equal the oracle over what was
readable. One scenario, in order (the tests share its state)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import oracle
import pytest
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
