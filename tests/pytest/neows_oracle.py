"""The judge for the NeoWs feed, in plain Python over the landed responses.

Shares no code with the pipeline or the fetcher. Reads every visible landed
response, flattens it to one record per (object, close approach), applies the
feed's validity rules (the first one broken is the quarantine reason), keeps
the latest fetch of each (neo_id, epoch_ms), and computes what the gold fact
and the daily mart must hold.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

FEED = "neows"
FILE_NAME = re.compile(
    r"^neows_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})_fetched_(\d{8}T\d{6})\.(\d{3})Z\.json$"
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_DATE = re.compile(r"^(\d{4})-(" + "|".join(MONTHS) + r")-(\d{2}) (\d{2}):(\d{2})$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
INTEGER = re.compile(r"^-?[0-9]+$")
BIGINT = 2**63
NEAR_KM = Decimal(1_000_000)
# the reasons, in the order the rules are applied
REASONS = (
    "unparseable_response",
    "missing_neo_id",
    "missing_approach_time",
    "invalid_approach_time",
    "invalid_velocity",
    "invalid_miss_distance",
    "invalid_diameter",
)


class RawNumber(str):
    """A JSON number kept as the text it was written as: `1.50` stays `1.50`, not the float 1.5."""


@dataclass(frozen=True)
class LandedFile:
    path: Path
    window_start: date
    window_end: date
    fetched_at: datetime


@dataclass(frozen=True)
class Approach:
    """One valid close approach, as silver holds it."""

    neo_id: str
    neo_name: str | None
    is_hazardous: bool
    is_sentry: bool
    absolute_magnitude_h: Decimal | None
    diameter_min_km: Decimal | None
    diameter_max_km: Decimal
    approach_time: datetime
    approach_epoch_ms: int
    approach_date: date
    velocity_kps: Decimal
    miss_distance_km: Decimal
    orbiting_body: str | None
    fetched_at: datetime

    @property
    def key(self) -> tuple[str, int]:
        return self.neo_id, self.approach_epoch_ms


@dataclass
class Expected:
    records: int  # flattened records, valid or not, and one per unparseable response
    quarantine: Counter[str]  # reason -> records
    current: dict[tuple[str, int], Approach]  # (neo_id, epoch_ms) -> latest fetch


def landed_files(landing_dir: Path) -> list[LandedFile]:
    """Visible responses under `<landing_dir>/neows/`, with window and fetch time from the name.

    Like Spark's file listing, a name starting with `.` or `_` (at any depth) is
    not read; nor is a file whose name does not follow the contract.
    """
    root = landing_dir / FEED
    if not root.exists():
        return []
    found = []
    for path in sorted(root.rglob("*.json")):
        if not path.is_file() or any(part.startswith((".", "_")) for part in path.relative_to(root).parts):
            continue
        match = FILE_NAME.match(path.name)
        if not match:
            continue
        start, end, stamp, millis = match.groups()
        fetched_at = datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(
            microsecond=int(millis) * 1000, tzinfo=timezone.utc)
        found.append(LandedFile(path, date.fromisoformat(start), date.fromisoformat(end), fetched_at))
    return found


def text(value: object) -> str | None:
    """A JSON value as text: numbers as written, true/false, objects and arrays as compact JSON."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # RawNumber included
        return value
    return json.dumps(value, separators=(",", ":"))


def blank(value: object) -> bool:
    shown = text(value)
    return shown is None or not shown.strip(" ")


def number(value: object) -> Decimal | None:
    """A plain decimal number (`-12.5`, `3`; no exponent, no spaces), else None."""
    shown = text(value)
    return Decimal(shown) if shown is not None and NUMBER.match(shown) else None


def approach_time(full: str) -> datetime | None:
    """`2025-Jan-01 20:28` as a UTC instant, or None when it is not that form or not a real time."""
    match = FULL_DATE.match(full)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        return datetime(int(year), MONTHS.index(month) + 1, int(day), int(hour), int(minute), tzinfo=timezone.utc)
    except ValueError:
        return None


def nested(record: dict, *keys: str) -> object:
    """`record[k1][k2]...`, None where a level is missing or not an object."""
    value: object = record
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def parse_response(body: bytes) -> dict | None:
    """The response object, or None when it is not a JSON object with an object `near_earth_objects`."""
    try:
        response = json.loads(body.decode("utf-8"), parse_float=RawNumber, parse_int=RawNumber,
                              parse_constant=RawNumber)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(response, dict) or not isinstance(response.get("near_earth_objects"), dict):
        return None
    return response


def flatten(response: dict) -> list[tuple[dict, dict]]:
    """(object, approach) pairs; an object without approaches gives one pair with an empty approach.

    Anything that is not a list of objects under a date, or an approach that is
    not an object, counts as an empty one: quarantined, never silently lost.
    """
    pairs = []
    for objects in response["near_earth_objects"].values():
        for neo in objects if isinstance(objects, list) else [objects]:
            neo = neo if isinstance(neo, dict) else {}
            approaches = neo.get("close_approach_data")
            if not isinstance(approaches, list) or not approaches:
                approaches = [{}]
            pairs.extend((neo, approach if isinstance(approach, dict) else {}) for approach in approaches)
    return pairs


def judge(neo: dict, approach: dict, fetched_at: datetime) -> tuple[Approach | None, str | None]:
    """A valid approach, or the first rule it breaks."""
    if blank(neo.get("id")):
        return None, "missing_neo_id"
    full, epoch = approach.get("close_approach_date_full"), approach.get("epoch_date_close_approach")
    if blank(full) or blank(epoch):
        return None, "missing_approach_time"
    moment = approach_time(text(full) or "")
    epoch_text = text(epoch) or ""
    if moment is None or not INTEGER.match(epoch_text) or not -BIGINT <= int(epoch_text) < BIGINT:
        return None, "invalid_approach_time"
    velocity = number(nested(approach, "relative_velocity", "kilometers_per_second"))
    if velocity is None or velocity <= 0:
        return None, "invalid_velocity"
    miss = number(nested(approach, "miss_distance", "kilometers"))
    if miss is None or miss <= 0:
        return None, "invalid_miss_distance"
    diameter_max = number(nested(neo, "estimated_diameter", "kilometers", "estimated_diameter_max"))
    if diameter_max is None or diameter_max < 0:
        return None, "invalid_diameter"
    return Approach(
        neo_id=text(neo["id"]) or "",
        neo_name=text(neo.get("name")),
        is_hazardous=text(neo.get("is_potentially_hazardous_asteroid")) == "true",
        is_sentry=text(neo.get("is_sentry_object")) == "true",
        absolute_magnitude_h=number(neo.get("absolute_magnitude_h")),
        diameter_min_km=number(nested(neo, "estimated_diameter", "kilometers", "estimated_diameter_min")),
        diameter_max_km=diameter_max,
        approach_time=moment,
        approach_epoch_ms=int(epoch_text),
        approach_date=moment.date(),
        velocity_kps=velocity,
        miss_distance_km=miss,
        orbiting_body=text(approach.get("orbiting_body")),
        fetched_at=fetched_at,
    ), None


def keep_latest(current: dict[tuple[str, int], Approach], candidate: Approach) -> None:
    held = current.get(candidate.key)
    if held is not None and held.fetched_at == candidate.fetched_at:
        # the contract has no tie-break: two fetches at one instant must agree
        assert held == candidate, f"same fetch time, different content for {candidate.key}: {held} / {candidate}"
    if held is None or candidate.fetched_at > held.fetched_at:
        current[candidate.key] = candidate


def expected_state(landing_dir: Path) -> Expected:
    records = 0
    quarantine: Counter[str] = Counter()
    current: dict[tuple[str, int], Approach] = {}
    for landed in landed_files(landing_dir):
        response = parse_response(landed.path.read_bytes())
        if response is None:
            records += 1
            quarantine["unparseable_response"] += 1
            continue
        for neo, approach in flatten(response):
            records += 1
            valid, reason = judge(neo, approach, landed.fetched_at)
            if reason:
                quarantine[reason] += 1
            else:
                assert valid is not None
                keep_latest(current, valid)
    return Expected(records, quarantine, current)


def silver_approaches(landing_dir: Path) -> dict[tuple[str, int], Approach]:
    """Silver: (neo_id, epoch_ms) -> the latest fetch's valid approach."""
    return expected_state(landing_dir).current


def quarantine(landing_dir: Path) -> Counter[str]:
    """Quarantined records by reason (an unparseable response is one record)."""
    return expected_state(landing_dir).quarantine


def approach_key(neo_id: str, epoch_ms: int) -> str:
    return hashlib.sha256(f"{neo_id}|{epoch_ms}".encode()).hexdigest()


def size_band(diameter_max_km: Decimal) -> str:
    if diameter_max_km < Decimal("0.1"):
        return "small"
    return "medium" if diameter_max_km <= 1 else "large"


def velocity_band(velocity_kps: Decimal) -> str:
    if velocity_kps < 10:
        return "low"
    return "medium" if velocity_kps <= 25 else "high"


def risk(approach: Approach) -> str:
    size, speed = size_band(approach.diameter_max_km), velocity_band(approach.velocity_kps)
    near = approach.miss_distance_km < NEAR_KM
    if approach.is_hazardous and near and (size == "large" or speed == "high"):
        return "high"
    if approach.is_hazardous and (near or size in ("medium", "large")):
        return "moderate"
    return "low"


def fact_approaches(current: dict[tuple[str, int], Approach]) -> dict[str, dict]:
    """The gold fact: approach_key -> its row (date parts, bands, risk, and the measures)."""
    rows = {}
    for approach in current.values():
        key = approach_key(approach.neo_id, approach.approach_epoch_ms)
        rows[key] = {
            "approach_key": key,
            "neo_id": approach.neo_id,
            "approach_time": approach.approach_time,
            "approach_date": approach.approach_date,
            "year": approach.approach_date.year,
            "month": approach.approach_date.month,
            "day": approach.approach_date.day,
            "is_hazardous": approach.is_hazardous,
            "size_band": size_band(approach.diameter_max_km),
            "velocity_band": velocity_band(approach.velocity_kps),
            "risk": risk(approach),
            "absolute_magnitude_h": approach.absolute_magnitude_h,
            "diameter_max_km": approach.diameter_max_km,
            "velocity_kps": approach.velocity_kps,
            "miss_distance_km": approach.miss_distance_km,
        }
    return rows


def daily_approaches(current: dict[tuple[str, int], Approach]) -> dict[date, dict]:
    """The daily mart: approach_date -> approaches, hazardous ones, closest miss, fastest velocity."""
    groups: dict[date, list[Approach]] = defaultdict(list)
    for approach in current.values():
        groups[approach.approach_date].append(approach)
    return {
        day: {
            "approaches": len(members),
            "hazardous_approaches": sum(1 for member in members if member.is_hazardous),
            "closest_miss_km": min(member.miss_distance_km for member in members),
            "fastest_velocity_kps": max(member.velocity_kps for member in members),
        }
        for day, members in groups.items()
    }
