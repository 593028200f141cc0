"""The NeoWs fetcher, live against a loopback server and recorded, and its oracle: plain Python, no Spark."""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import fetch_neows
import neows_oracle
from fetch_neows import Window, recorded_body

SECRET = "nasa-7f3c9a1e5b2d8046c1e9f7a3b5d2c8e0"  # noqa: S105 (made up) a key that must never be shown
SEED = 42
UTC = timezone.utc
NAME = re.compile(r"^neows_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})_fetched_(\d{8}T\d{6}\.\d{3})Z\.json$")


# --- a fake NeoWs on loopback ---------------------------------------------------


class FakeNeoWs:
    """The feed endpoint serving recorded responses (seed SEED, default knobs).

    `script[start]` lists statuses to answer, one per request, before the
    response (a 429 says Retry-After: 1); `down[start]` is answered forever.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.script: dict[str, list[int]] = defaultdict(list)
        self.down: dict[str, int] = {}
        self.base_url = ""

    def status_for(self, start: str) -> int:
        with self.lock:
            if start in self.down:
                return self.down[start]
            return self.script[start].pop(0) if self.script[start] else 200

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                start, end = date.fromisoformat(query["start_date"]), date.fromisoformat(query["end_date"])
                status = fake.status_for(query["start_date"])
                if parts.path != "/neo/rest/v1/feed" or (end - start).days >= 7:
                    status = 400
                with fake.lock:
                    fake.requests.append({"start": start, "end": end, "api_key": query.get("api_key"),
                                          "status": status, "at": time.monotonic()})
                # like the real API, the links in the body carry the caller's key
                body = (recorded_body(SEED, Window(start, end)).replace(b"DEMO_KEY", query["api_key"].encode())
                        if status == 200 else json.dumps({"error": {"code": status}}).encode())
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass  # the request line holds the key; the test's stderr must not

        return Handler

    def for_window(self, start: str) -> list[dict]:
        return [request for request in self.requests if request["start"].isoformat() == start]


@pytest.fixture
def neows(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNeoWs]:
    monkeypatch.setenv("NASA_API_KEY", SECRET)
    fake = FakeNeoWs()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()


def live(fake: FakeNeoWs, landing: Path, *args: str) -> int:
    return fetch_neows.main(["--landing-dir", str(landing), "--base-url", fake.base_url, "--backoff-seconds", "0.01",
                             "--start-date", "2025-01-01", *args])


def recorded(landing: Path, *args: str) -> int:
    return fetch_neows.main(["--landing-dir", str(landing), "--recorded", "--seed", str(SEED), *args])


def landed(landing: Path) -> dict[str, bytes]:
    """Every file under neows/, hidden ones included, by path."""
    root = landing / "neows"
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()} if root.exists() else {}


def fetch_time(name: str) -> datetime:
    match = NAME.match(Path(name).name)
    assert match, name
    return datetime.strptime(match.group(3), "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)


def parses(body: bytes) -> bool:
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


# --- live mode ------------------------------------------------------------------


def test_live_retries_then_lands_each_response_as_received(neows, tmp_path, capsys):
    neows.script["2025-01-01"] = [429]
    neows.script["2025-01-08"] = [500]
    before = datetime.now(UTC).replace(microsecond=0)
    assert live(neows, tmp_path, "--days", "10") == 0
    after = datetime.now(UTC)
    out, err = capsys.readouterr()

    files = landed(tmp_path)
    windows = [Window(date(2025, 1, 1), date(2025, 1, 7)), Window(date(2025, 1, 8), date(2025, 1, 10))]
    assert [name.split("_fetched_")[0] for name in files] == [
        f"{window.start}/neows_{window.start}_{window.end}" for window in windows]
    for (name, body), window in zip(files.items(), windows, strict=True):
        assert NAME.match(Path(name).name)
        # as received, but for the key the API echoes in its links
        assert body == recorded_body(SEED, window).replace(b"DEMO_KEY", b"***")
        assert SECRET.encode() not in body
        assert before <= fetch_time(name) <= after

    # each window: one refusal, then the response; the 429's Retry-After was honoured
    assert [request["status"] for request in neows.for_window("2025-01-01")] == [429, 200]
    assert [request["status"] for request in neows.for_window("2025-01-08")] == [500, 200]
    first, retry = neows.for_window("2025-01-01")
    assert retry["at"] - first["at"] >= 1.0
    assert "HTTP 429" in err and "HTTP 500" in err

    # windows of at most 7 days that cover the range, each fetched with the key
    asked = {request["start"] + timedelta(days=offset)
             for request in neows.requests for offset in range((request["end"] - request["start"]).days + 1)}
    assert asked == {date(2025, 1, 1) + timedelta(days=offset) for offset in range(10)}
    assert all((request["end"] - request["start"]).days < 7 for request in neows.requests)
    assert {request["api_key"] for request in neows.requests} == {SECRET}

    assert SECRET not in out + err
    assert "api_key=***" in out
    assert "[1/2] 2025-01-01..2025-01-07  200  140 approaches  landed neows/2025-01-01/neows_2025-01-01_2025-01-07_" \
        in out
    assert "[2/2] 2025-01-08..2025-01-10  200  60 approaches  landed neows/2025-01-08/" in out


def test_live_forbidden_fails_at_once(neows, tmp_path, capsys):
    neows.down["2025-01-01"] = 403
    assert live(neows, tmp_path, "--days", "7") != 0
    out, err = capsys.readouterr()
    assert len(neows.requests) == 1
    assert err.strip().splitlines() == [
        "error: window 2025-01-01..2025-01-07: HTTP 403 Forbidden (not retried); nothing landed for it, "
        "re-run to resume"]
    assert landed(tmp_path) == {}
    assert SECRET not in out + err


def test_live_rerun_skips_landed_windows_and_refetch_lands_beside(neows, tmp_path, capsys):
    assert live(neows, tmp_path, "--days", "14") == 0
    first = landed(tmp_path)
    assert len(first) == 2 and len(neows.requests) == 2
    capsys.readouterr()

    assert live(neows, tmp_path, "--days", "14") == 0
    out, _ = capsys.readouterr()
    assert len(neows.requests) == 2
    assert out.count("  skipped (already landed)\n") == 2
    assert landed(tmp_path) == first

    assert live(neows, tmp_path, "--days", "14", "--refetch") == 0
    again = landed(tmp_path)
    assert len(neows.requests) == 4
    assert set(first) < set(again) and len(again) == 4
    newer = sorted(set(again) - set(first))
    assert len(newer) == 2 and all(fetch_time(name) > max(map(fetch_time, first)) for name in newer)


def test_live_failure_mid_run_then_rerun_completes(neows, tmp_path, capsys):
    neows.down["2025-01-08"] = 500
    assert live(neows, tmp_path, "--days", "21", "--max-retries", "2") == 1
    out, err = capsys.readouterr()
    assert [request["status"] for request in neows.for_window("2025-01-08")] == [500, 500, 500]
    assert not neows.for_window("2025-01-15")  # stops at the failed window
    assert err.strip().splitlines()[-1] == (
        "error: window 2025-01-08..2025-01-14: HTTP 500 Internal Server Error, 3 attempts; nothing landed for it, "
        "re-run to resume")
    assert [name.split("/")[0] for name in landed(tmp_path)] == ["2025-01-01"]
    assert SECRET not in out + err

    # what a crash in the middle of a write leaves: ignored by readers, harmless to the re-run
    leftover = tmp_path / "neows" / "2025-01-08" / ".neows_2025-01-08_2025-01-14_fetched_20250101T000000.000Z.json.tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b'{"links":{')

    del neows.down["2025-01-08"]
    assert live(neows, tmp_path, "--days", "21", "--max-retries", "2") == 0
    out, _ = capsys.readouterr()
    assert "[1/3] 2025-01-01..2025-01-07  skipped (already landed)" in out
    assert len(neows.for_window("2025-01-01")) == 1
    visible = [name for name in landed(tmp_path) if not Path(name).name.startswith(".")]
    assert [name.split("/")[0] for name in visible] == ["2025-01-01", "2025-01-08", "2025-01-15"]
    assert len(neows_oracle.landed_files(tmp_path)) == 3
    assert neows_oracle.quarantine(tmp_path)["unparseable_response"] == 0


def test_retry_after_and_redaction():
    now = datetime(2025, 1, 8, 3, 0, 0, tzinfo=UTC)
    assert fetch_neows.retry_after_seconds("7", now) == 7
    assert fetch_neows.retry_after_seconds("Wed, 08 Jan 2025 03:00:30 GMT", now) == 30
    assert fetch_neows.retry_after_seconds("Wed, 08 Jan 2025 02:00:00 GMT", now) == 0
    assert fetch_neows.retry_after_seconds("soon", now) is None
    source = fetch_neows.LiveSource("https://api.nasa.gov", "a+b/c=d", 0, 0.0, random.Random(1))
    url = source.url(Window(date(2025, 1, 1), date(2025, 1, 7)))
    assert "a+b/c=d" not in url  # encoded in the query...
    assert source.redact(url).endswith("api_key=***")  # ...and hidden in that form too
    assert source.delay(0, 1.0) == 1.0  # never sooner than Retry-After


def test_window_of_more_than_seven_days_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        recorded(tmp_path, "--window-days", "8")
    assert exit_info.value.code == 2
    assert "--window-days: must be 1 to 7 (the feed serves at most 7 days a call)" in capsys.readouterr().err


def test_interrupted_run_completes_when_run_again(tmp_path, monkeypatch, capsys):
    whole = tmp_path / "whole"
    assert recorded(whole, "--days", "21") == 0
    real = fetch_neows.recorded_body

    def interrupted(seed, window, *args):
        if window.start == date(2025, 1, 13):
            raise KeyboardInterrupt
        return real(seed, window, *args)

    resumed = tmp_path / "resumed"
    monkeypatch.setattr(fetch_neows, "recorded_body", interrupted)
    assert recorded(resumed, "--days", "21") == 130
    assert "run the same command again" in capsys.readouterr().err
    monkeypatch.setattr(fetch_neows, "recorded_body", real)
    assert recorded(resumed, "--days", "21") == 0
    assert landed(resumed) == landed(whole)


# --- recorded mode ----------------------------------------------------------------


def test_recorded_is_deterministic(tmp_path):
    assert recorded(tmp_path / "a", "--days", "14") == 0
    assert recorded(tmp_path / "b", "--days", "14") == 0
    assert landed(tmp_path / "a") == landed(tmp_path / "b")
    assert len(landed(tmp_path / "a")) == 4  # three windows and a truncated copy
    assert recorded(tmp_path / "c", "--days", "14", "--seed", "7") == 0
    assert landed(tmp_path / "c").keys() == landed(tmp_path / "a").keys()  # names from the dates alone
    assert landed(tmp_path / "c") != landed(tmp_path / "a")


def test_recorded_windows_overlap_and_share_approaches(tmp_path):
    assert recorded(tmp_path, "--days", "14", "--truncated-copies", "0") == 0
    files = landed(tmp_path)
    assert [name.split("/")[1].split("_fetched_")[0] for name in files] == [
        "neows_2025-01-01_2025-01-07", "neows_2025-01-07_2025-01-13", "neows_2025-01-13_2025-01-14"]
    assert len({fetch_time(name) for name in files}) == len(files)
    responses = [json.loads(body) for body in files.values()]
    for response in responses:
        assert response["element_count"] == sum(len(objects) for objects in response["near_earth_objects"].values())
    # the shared day: the same approaches, fetched twice
    assert responses[0]["near_earth_objects"]["2025-01-07"] == responses[1]["near_earth_objects"]["2025-01-07"]
    assert responses[1]["near_earth_objects"]["2025-01-13"] == responses[2]["near_earth_objects"]["2025-01-13"]
    # some NEOs come back on other dates
    epochs_per_neo = Counter(neo_id for neo_id, _ in neows_oracle.silver_approaches(tmp_path))
    assert max(epochs_per_neo.values()) >= 2


def approach_numbers(body: bytes) -> dict[tuple[str, int], tuple]:
    """(id, epoch) -> (fixed fields, refined numbers) for each complete approach of a response."""
    found = {}
    for day, objects in json.loads(body)["near_earth_objects"].items():
        for neo in objects:
            approach = neo["close_approach_data"][0]
            if "id" not in neo or "epoch_date_close_approach" not in approach:
                continue
            fixed = (day, neo["name"], neo["is_potentially_hazardous_asteroid"], approach["close_approach_date_full"])
            numbers = (approach["relative_velocity"]["kilometers_per_second"], approach["miss_distance"]["kilometers"],
                       neo["estimated_diameter"]["kilometers"]["estimated_diameter_max"])
            found[neo["id"], approach["epoch_date_close_approach"]] = (fixed, numbers)
    return found


def test_revision_refines_numbers_later_under_the_same_keys(tmp_path, capsys):
    assert recorded(tmp_path, "--truncated-copies", "0") == 0
    assert recorded(tmp_path, "--truncated-copies", "0", "--revision", "1") == 0
    assert "skipped (already landed)" in capsys.readouterr().out  # a revision is a re-fetch: --refetch
    assert recorded(tmp_path, "--truncated-copies", "0", "--revision", "1", "--refetch") == 0
    (base_name, base_body), (refined_name, refined_body) = landed(tmp_path).items()
    assert fetch_time(refined_name) - fetch_time(base_name) == timedelta(hours=1)
    base, refined = approach_numbers(base_body), approach_numbers(refined_body)
    assert base.keys() == refined.keys()
    for key in base:
        assert base[key][0] == refined[key][0]  # dates, names, hazard flags
        assert base[key][1][:2] != refined[key][1][:2]  # velocity and miss distance
    assert any(base[key][1][2] != refined[key][1][2] for key in base)  # diameters
    current = neows_oracle.silver_approaches(tmp_path)
    assert {approach.fetched_at for approach in current.values()} == {fetch_time(refined_name)}


BROKEN_KINDS = ("missing_id", "missing_date", "negative_velocity", "non_numeric_velocity",
                "non_positive_miss_distance", "non_numeric_miss_distance")


def broken_kinds(body: bytes) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for objects in json.loads(body)["near_earth_objects"].values():
        for neo in objects:
            approach = neo["close_approach_data"][0]
            velocity, miss = approach["relative_velocity"]["kilometers_per_second"], approach["miss_distance"][
                "kilometers"]
            kinds["missing_id"] += "id" not in neo
            kinds["missing_date"] += not {"close_approach_date", "close_approach_date_full",
                                          "epoch_date_close_approach"} & approach.keys()
            kinds["negative_velocity"] += velocity.startswith("-")
            kinds["non_numeric_velocity"] += velocity == "n/a"
            kinds["non_positive_miss_distance"] += miss == "0" or miss.startswith("-")
            kinds["non_numeric_miss_distance"] += miss == "12.3.4"
    return +kinds


def decimals(text: str) -> int:
    return len(text.partition(".")[2])


def check_number_formats(body: bytes) -> None:
    for objects in json.loads(body, parse_float=str)["near_earth_objects"].values():
        for neo in objects:
            assert decimals(neo["absolute_magnitude_h"]) <= 2
            for value in neo["estimated_diameter"]["kilometers"].values():
                assert decimals(value) <= 10 and "e" not in value.lower()
                Decimal(value)
            approach = neo["close_approach_data"][0]
            velocity, miss = approach["relative_velocity"]["kilometers_per_second"], approach["miss_distance"][
                "kilometers"]
            if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", velocity):
                assert decimals(velocity) <= 10
            if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", miss):
                assert decimals(miss) <= 10 and len(miss.lstrip("-").partition(".")[0]) <= 10


@pytest.mark.parametrize(("seed", "start"), [(42, "2025-01-01"), (7, "2024-02-26"), (-3, "2031-12-29")])
def test_a_week_shows_every_broken_kind_band_and_risk(tmp_path, seed, start):
    assert fetch_neows.main(["--landing-dir", str(tmp_path), "--recorded", "--seed", str(seed),
                             "--start-date", start]) == 0
    bodies = [path.read_bytes() for path in sorted((tmp_path / "neows").rglob("*.json"))]
    full = [body for body in bodies if parses(body)]
    assert len(full) == 1 and len(bodies) == 2
    assert set(broken_kinds(full[0])) == set(BROKEN_KINDS)
    check_number_formats(full[0])

    expected = neows_oracle.expected_state(tmp_path)
    assert set(expected.quarantine) == {"unparseable_response", "missing_neo_id", "missing_approach_time",
                                        "invalid_velocity", "invalid_miss_distance"}
    facts = neows_oracle.fact_approaches(expected.current).values()
    assert {row["size_band"] for row in facts} == {"small", "medium", "large"}
    assert {row["velocity_band"] for row in facts} == {"low", "medium", "high"}
    assert {row["risk"] for row in facts} == {"high", "moderate", "low"}
    assert {row["is_hazardous"] for row in facts} == {True, False}
    assert {row["miss_distance_km"] < 1_000_000 for row in facts} == {True, False}
    assert len(neows_oracle.daily_approaches(expected.current)) == 7


def test_truncated_copy_is_cut_and_later_and_the_full_response_lands_too(tmp_path):
    assert recorded(tmp_path) == 0
    (full_name, full), (copy_name, copy) = landed(tmp_path).items()
    assert full == recorded_body(SEED, Window(date(2025, 1, 1), date(2025, 1, 7)))
    assert full_name.split("_fetched_")[0] == copy_name.split("_fetched_")[0]
    assert fetch_time(copy_name) > fetch_time(full_name) == datetime(2025, 1, 8, tzinfo=UTC)
    assert full.startswith(copy) and len(copy) < len(full)
    assert not parses(copy)


def test_clean_recorded_output_and_fetched_at(tmp_path):
    assert recorded(tmp_path, "--days", "14", "--broken-share", "0", "--truncated-copies", "0",
                    "--fetched-at", "2025-03-01T12:00:00Z") == 0
    assert [fetch_time(name) for name in landed(tmp_path)] == [
        datetime(2025, 3, 1, 12, minute, tzinfo=UTC) for minute in range(3)]
    expected = neows_oracle.expected_state(tmp_path)
    assert expected.quarantine == Counter()
    assert expected.records == 20 * (7 + 7 + 2)
    assert len(expected.current) == 20 * 14


# --- the oracle on hand-written responses -----------------------------------------

ABSENT = object()


def entry(neo_id: object = "2000001", *, approaches: object = None, diameter_max: object = 0.5,
          hazardous: bool = False, **approach_fields: object) -> dict:
    """An object with one approach (2025-Jan-01 20:28) unless `approaches` is given; ABSENT fields left out."""
    approach = {"close_approach_date": "2025-01-01", "close_approach_date_full": "2025-Jan-01 20:28",
                "epoch_date_close_approach": 1735763280000,
                "relative_velocity": {"kilometers_per_second": "18.1279360862"},
                "miss_distance": {"kilometers": "45290298.225725659"}, "orbiting_body": "Earth"}
    for name, value in approach_fields.items():
        if name == "kps":
            approach["relative_velocity"] = {"kilometers_per_second": value}
        elif name == "miss":
            approach["miss_distance"] = {"kilometers": value}
        else:
            approach[name] = value
    diameter = {"estimated_diameter_min": 0.2, "estimated_diameter_max": diameter_max}
    neo = {"id": neo_id, "name": f"({neo_id})", "absolute_magnitude_h": 20.44,
           "estimated_diameter": {"kilometers": diameter},
           "is_potentially_hazardous_asteroid": hazardous,
           "close_approach_data": [approach] if approaches is None else approaches,
           "is_sentry_object": False}
    return strip_absent(neo)


def strip_absent(value: object) -> object:
    if isinstance(value, dict):
        return {key: strip_absent(item) for key, item in value.items() if item is not ABSENT}
    if isinstance(value, list):
        return [strip_absent(item) for item in value]
    return value


def land_response(landing: Path, tag: str, body: object, name: str | None = None) -> None:
    folder = landing / "neows" / "2025-01-01"
    folder.mkdir(parents=True, exist_ok=True)
    data = body if isinstance(body, bytes) else json.dumps({"element_count": 0, "near_earth_objects": body}).encode()
    (folder / (name or f"neows_2025-01-01_2025-01-07_fetched_{tag}.json")).write_bytes(data)


def test_oracle_reasons_and_winner(tmp_path):
    land_response(tmp_path, "20250108T000000.000Z", {"2025-01-01": [
        entry("2000001", kps="10.5", miss="500000", diameter_max=1.5, hazardous=True),  # replaced below
        entry("2000002", epoch_date_close_approach=1735765200000, close_approach_date_full="2025-Jan-01 21:00"),
        entry(ABSENT),
        entry("  ", kps="n/a"),  # the first rule broken decides
        entry("2000003", approaches=[]),
        entry("2000004", approaches=ABSENT),
        entry("2000005", close_approach_date_full=ABSENT),
        entry("2000006", epoch_date_close_approach=""),
        entry("2000007", close_approach_date_full="2025-01-01 20:28"),
        entry("2000008", close_approach_date_full="2025-Feb-30 20:28"),
        entry("2000009", close_approach_date_full="2025-jan-01 20:28"),
        entry("2000010", epoch_date_close_approach=1735763280000.5),
        entry("2000011", kps="n/a"),
        entry("2000012", kps="-18.1"),
        entry("2000013", kps="0"),
        entry("2000014", kps=ABSENT),
        entry("2000015", miss="12.3.4"),
        entry("2000016", miss="0"),
        entry("2000017", miss="-5.0"),
        entry("2000018", diameter_max=-0.1),
        entry("2000019", diameter_max="big"),
        entry("2000020", diameter_max=0),  # zero is a diameter
    ]})
    land_response(tmp_path, "20250108T000500.123Z", {"2025-01-01": [
        entry("2000001", kps="30.25", miss="750000.5", diameter_max=1.5, hazardous=True),
    ]})
    land_response(tmp_path, "20250107T230000.000Z", {"2025-01-01": [
        entry("2000002", epoch_date_close_approach=1735765200000, close_approach_date_full="2025-Jan-01 21:00",
              kps="99.0"),  # older than the first file's: loses
    ]})
    land_response(tmp_path, "20250108T001000.000Z", b'{"links":{},"element_count":3,"near_earth_obj')
    land_response(tmp_path, "20250108T001100.000Z", b"[]")
    land_response(tmp_path, "20250108T001200.000Z", [])
    # never read: hidden, under `_`, or not named by the contract
    land_response(tmp_path, "", b"garbage", name=".neows_2025-01-01_2025-01-07_fetched_20250109T000000.000Z.json")
    land_response(tmp_path, "", b"garbage", name="notes.json")
    (tmp_path / "neows" / "_tmp").mkdir()
    (tmp_path / "neows" / "_tmp" / "neows_2025-01-01_2025-01-07_fetched_20250109T000000.000Z.json").write_bytes(b"x")

    expected = neows_oracle.expected_state(tmp_path)
    assert expected.quarantine == Counter({
        "unparseable_response": 3, "missing_neo_id": 2, "missing_approach_time": 4, "invalid_approach_time": 4,
        "invalid_velocity": 4, "invalid_miss_distance": 3, "invalid_diameter": 2})
    assert expected.records == 22 + 1 + 1 + 3
    assert set(expected.current) == {("2000001", 1735763280000), ("2000002", 1735765200000),
                                     ("2000020", 1735763280000)}

    winner = expected.current["2000001", 1735763280000]
    assert winner.velocity_kps == Decimal("30.25") and winner.miss_distance_km == Decimal("750000.5")
    assert winner.fetched_at == datetime(2025, 1, 8, 0, 5, 0, 123000, tzinfo=UTC)
    assert winner.approach_time == datetime(2025, 1, 1, 20, 28, tzinfo=UTC)
    assert winner.diameter_max_km == Decimal("1.5") and winner.absolute_magnitude_h == Decimal("20.44")
    assert expected.current["2000002", 1735765200000].velocity_kps == Decimal("18.1279360862")

    facts = neows_oracle.fact_approaches(expected.current)
    fact = facts[neows_oracle.approach_key("2000001", 1735763280000)]
    assert (fact["size_band"], fact["velocity_band"], fact["risk"]) == ("large", "high", "high")
    assert (fact["year"], fact["month"], fact["day"]) == (2025, 1, 1)
    assert fact["approach_key"] == hashlib.sha256(b"2000001|1735763280000").hexdigest()
    assert {row["risk"] for row in facts.values()} == {"high", "low"}
    assert neows_oracle.daily_approaches(expected.current) == {date(2025, 1, 1): {
        "approaches": 3, "hazardous_approaches": 1, "closest_miss_km": Decimal("750000.5"),
        "fastest_velocity_kps": Decimal("30.25")}}


def test_oracle_refuses_a_tie_with_different_content(tmp_path):
    land_response(tmp_path, "20250108T000000.000Z", {"2025-01-01": [entry("2000001", kps="10.0")]})
    land_response(tmp_path, "20250108T000000.000Z", {"2025-01-01": [entry("2000001", kps="11.0")]},
                  name="neows_2025-01-01_2025-01-01_fetched_20250108T000000.000Z.json")
    with pytest.raises(AssertionError, match="same fetch time, different content"):
        neows_oracle.expected_state(tmp_path)
