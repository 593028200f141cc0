"""The judge: the events contract in plain Python, over the landed files.

Shares no code with the pipeline. Reads every visible landed file, applies
the contract's validity, version and late rules, and computes what the gold
marts must hold.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

EXTENSIONS = (".jsonl", ".json", ".jsonl.gz", ".json.gz")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
EPOCH_MILLIS = re.compile(r"^-?[0-9]{1,13}$")
ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|([+-])(\d{2}):(\d{2}))$"
)
PLAIN = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$")
CENT = Decimal("0.01")
AMOUNT_LIMIT = Decimal(10) ** 16  # decimal(18, 2)


class RawNumber(str):
    """A JSON number kept as text, as Spark's JSON reader hands it to a string field."""


@dataclass(frozen=True)
class Event:
    event_id: str
    user_id: str
    event_type: str
    event_time: datetime
    ingest_time: datetime
    amount: Decimal | None
    content_key: str

    @property
    def event_date(self) -> date:
        return self.event_time.date()

    @property
    def latency_seconds(self) -> float:
        delta = self.ingest_time - self.event_time
        micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
        return micros / 1_000_000


def landed_files(landing_dir: Path) -> list[Path]:
    root = landing_dir / "events"
    if not root.exists():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if any(part.startswith(("_", ".")) for part in relative):
            continue
        if path.is_file() and path.name.endswith(EXTENSIONS):
            found.append(path)
    return found


# var max_line_bytes: a longer line is quarantined unparsed
MAX_LINE_BYTES = 8 * 1024 * 1024


def readable_bytes(path: Path) -> bytes:
    """What bronze reads of a file: all of it; of a gzip cut short or broken,
    the complete lines before the break; of bytes that are not gzip under a
    `.gz` name, nothing."""
    data = path.read_bytes()
    if not path.name.endswith(".gz"):
        return data
    if not data.startswith(b"\x1f\x8b"):
        return b""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    text = bytearray()
    for start in range(0, len(data), 4096):
        try:
            text += inflater.decompress(data[start:start + 4096])
        except zlib.error:
            break
        if inflater.eof:
            return bytes(text)
    return bytes(text[:text.rfind(b"\n") + 1])


def file_lines(path: Path) -> list[str]:
    """The file's lines as bronze keeps them: without line ending, without a
    byte-order mark before the first; bytes that are not UTF-8 kept as
    surrogates (see line_reason)."""
    lines = readable_bytes(path).split(b"\n")
    if lines[0].startswith(b"\xef\xbb\xbf"):
        lines[0] = lines[0][3:]
    return [(line[:-1] if line.endswith(b"\r") else line).decode("utf-8", "surrogateescape") for line in lines]


def line_reason(line: str) -> str | None:
    """The line rules every line feed checks before parsing."""
    try:
        size = len(line.encode("utf-8"))
    except UnicodeEncodeError:
        return "invalid_utf8"
    return "line_too_long" if size > MAX_LINE_BYTES else None


def as_text(value) -> str | None:
    """The text Spark's reader gives a JSON value read into a string field."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, RawNumber):
        return str(int(value)) if re.fullmatch(r"-?\d+", value) else repr(float(value))
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def parse_timestamp(text: str | None) -> datetime | None:
    if text is None:
        return None
    if EPOCH_MILLIS.match(text):
        return EPOCH + timedelta(milliseconds=int(text))
    match = ISO.match(text)
    try:
        if match:
            year, month, day, hour, minute, second, fraction, zone, sign, zone_h, zone_m = match.groups()
            micros = int((fraction or "0").ljust(6, "0"))
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micros,
                              tzinfo=timezone.utc)
            if zone != "Z":
                offset = timedelta(hours=int(zone_h), minutes=int(zone_m))
                moment = moment - offset if sign == "+" else moment + offset
            return moment
        match = PLAIN.match(text)
        if match:
            return datetime(*map(int, match.groups()), tzinfo=timezone.utc)
    except ValueError:
        return None
    return None


def parse_amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return value if abs(value) < AMOUNT_LIMIT else None


def judge(line: str) -> tuple[Event | None, str | None]:
    """A valid event, or the quarantine reason."""
    if reason := line_reason(line):
        return None, reason
    try:
        record = json.loads(line, parse_float=RawNumber, parse_int=RawNumber)
    except ValueError:
        return None, "not_a_json_object"
    if not isinstance(record, dict):
        return None, "not_a_json_object"
    event_id, user_id = as_text(record.get("event_id")), as_text(record.get("user_id"))
    if not (event_id or "").strip(" "):
        return None, "missing_event_id"
    if not (user_id or "").strip(" "):
        return None, "missing_user_id"
    event_time_text, ingest_time_text = as_text(record.get("event_time")), as_text(record.get("ingest_time"))
    if event_time_text is None:
        return None, "missing_event_time"
    event_time = parse_timestamp(event_time_text)
    if event_time is None:
        return None, "invalid_event_time"
    if ingest_time_text is None:
        return None, "missing_ingest_time"
    ingest_time = parse_timestamp(ingest_time_text)
    if ingest_time is None:
        return None, "invalid_ingest_time"
    amount_text = as_text(record.get("amount"))
    amount = None
    if amount_text is not None:
        amount = parse_amount(amount_text)
        if amount is None:
            return None, "invalid_amount"
    event_type = (as_text(record.get("event_type")) or "").strip(" ") or "unknown"
    content = "|".join([
        user_id,
        event_type,
        str(int((event_time - EPOCH) / timedelta(microseconds=1))),
        "" if amount is None else f"{amount:.2f}",
    ])
    return Event(event_id, user_id, event_type, event_time, ingest_time, amount,
                 hashlib.sha256(content.encode("utf-8")).hexdigest()), None


@dataclass
class Expected:
    bronze_rows: int
    quarantine: dict[str, int]  # reason -> count
    current: dict[str, Event]  # event_id -> current version
    valid_rows: int


def expected_state(landing_dir: Path) -> Expected:
    bronze_rows = 0
    valid_rows = 0
    quarantine: dict[str, int] = defaultdict(int)
    current: dict[str, Event] = {}
    for path in landed_files(landing_dir):
        for line in file_lines(path):
            if not line.strip(" "):
                continue
            bronze_rows += 1
            event, reason = judge(line)
            if reason:
                quarantine[reason] += 1
                continue
            valid_rows += 1
            held = current.get(event.event_id)
            if held is None or (event.ingest_time, event.content_key) > (held.ingest_time, held.content_key):
                current[event.event_id] = event
    return Expected(bronze_rows, dict(quarantine), current, valid_rows)


def percentage(part: int, whole: int) -> Decimal:
    exact = Fraction(100 * part, whole)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def daily_user_activity(events: dict[str, Event], late_threshold_minutes: float = 10) -> dict[tuple, dict]:
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for event in events.values():
        groups[(event.event_date, event.user_id)].append(event)
    threshold = late_threshold_minutes * 60
    rows = {}
    for key, members in groups.items():
        latencies = [member.latency_seconds for member in members]
        late = sum(1 for latency in latencies if latency > threshold)
        rows[key] = {
            "total_events": len(members),
            "total_amount": sum((member.amount or Decimal(0) for member in members), Decimal("0.00")),
            "late_events": late,
            "late_event_pct": percentage(late, len(members)),
            "avg_latency_seconds": sum(latencies) / len(latencies),
            "max_latency_seconds": max(latencies),
        }
    return rows


def daily_event_types(events: dict[str, Event], late_threshold_minutes: float = 10) -> dict[tuple, dict]:
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for event in events.values():
        groups[(event.event_date, event.event_type)].append(event)
    threshold = late_threshold_minutes * 60
    return {
        key: {
            "total_events": len(members),
            "total_amount": sum((member.amount or Decimal(0) for member in members), Decimal("0.00")),
            "distinct_users": len({member.user_id for member in members}),
            "late_events": sum(1 for member in members if member.latency_seconds > threshold),
        }
        for key, members in groups.items()
    }
