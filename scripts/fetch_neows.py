"""Fetch NASA NeoWs close approaches into the landing folder, live or recorded (no network).

One call to the feed endpoint covers a window of at most 7 days (end
inclusive); each response is landed as one file, its body as received but for
the API key, which the API echoes in its links and which is replaced by `***`,
as `$LANDING_DIR/neows/<start>/neows_<start>_<end>_fetched_<yyyymmddTHHMMSS.mmm>Z.json`,
written under a hidden name and renamed when complete.

Live:      NASA_API_KEY=... fetch_neows.py --start-date 2025-01-01 --days 30
Recorded:  fetch_neows.py --recorded --days 14 [--revision 1 --refetch]

Live mode retries 429, 5xx and connection errors with exponential backoff and
jitter, honouring Retry-After. The API key comes from $NASA_API_KEY (else
DEMO_KEY) and is never printed. A window already landed is skipped (--refetch
lands a newer file beside the old one), so running an interrupted or failed
command again completes it.

Recorded mode writes responses in the API's shape, a pure function of the seed
and the knobs: each day's approaches are the same whichever window holds the
day, windows overlap (--overlap-days), --revision refines the numbers, and
broken approaches (--broken-share) and cut-off copies of a response
(--truncated-copies) are mixed in.
"""

from __future__ import annotations

import argparse
import email.utils
import http.client
import json
import math
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from landing_writer import CommonKnobs, KnobParser, millis, positive, share, write_bytes

FEED = "neows"
FEED_PATH = "/neo/rest/v1/feed"
DEFAULT_BASE_URL = "https://api.nasa.gov"
DEMO_KEY = "DEMO_KEY"
MAX_WINDOW_DAYS = 7  # the API refuses longer ranges
TIMEOUT_SECONDS = 60.0
UTC = timezone.utc
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# recorded mode
LINKS_BASE = "http://api.nasa.gov"  # the real API's links say http
POOL_SIZE = 300  # NEOs per seed: small enough that many approach on several dates
KM_PER_AU = 149_597_870.7
KM_PER_LUNAR_DISTANCE = 384_400.0
MILES_PER_KM = 0.621371192
FEET_PER_KM = 3280.8398950131
BROKEN_KINDS = (
    "missing_id",
    "missing_date",
    "negative_velocity",
    "non_numeric_velocity",
    "non_positive_miss_distance",
    "non_numeric_miss_distance",
)
SIZES = ("small", "medium", "large")
# H ranges per size band (max diameter < 0.1 km, up to 1 km, above), kept
# clear of the band edges (H 23.87 and 18.87) so a revision never crosses one
MAGNITUDE_RANGE = {"small": (24.4, 28.5), "medium": (19.4, 23.3), "large": (15.0, 18.4)}
MAGNITUDE_REFINEMENT = 0.08
NUMBER_REFINEMENT = 0.004  # relative: velocity and miss distance move by at most 0.4 %


@dataclass(frozen=True)
class Profile:
    """What a planned approach looks like."""

    hazardous: bool
    size: str
    velocity_kps: tuple[float, float]
    miss_km: tuple[float, float]


# Every day opens with one approach of each risk class, which between them
# show every size, velocity and miss-distance band; the ranges keep clear of
# the band edges (10 and 25 km/s, 1,000,000 km) by more than a refinement.
PLAN = (
    Profile(True, "large", (26.0, 38.0), (80_000.0, 950_000.0)),  # high risk
    Profile(True, "medium", (10.5, 24.0), (1_100_000.0, 60_000_000.0)),  # moderate
    Profile(False, "small", (2.0, 9.5), (40_000.0, 950_000.0)),  # low
)


@dataclass
class Knobs(CommonKnobs):
    window_days: int = MAX_WINDOW_DAYS
    overlap_days: int | None = None  # None: 1 in recorded mode, 0 live
    per_day: int = 20
    revision: int = 0
    broken_share: float = 0.03
    truncated_copies: int = 1


@dataclass(frozen=True)
class Window:
    """One call's date range, both ends inclusive."""

    start: date
    end: date

    def __str__(self) -> str:
        return f"{self.start}..{self.end}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class Fetched:
    """A response to land, and any truncated copies of it (recorded mode) with their own fetch times."""

    status: int
    body: bytes
    fetched_at: datetime
    copies: tuple[tuple[bytes, datetime], ...] = ()


class FetchError(Exception):
    """A window that could not be fetched; the message names the status and never holds the key."""


class Source(Protocol):
    def fetch(self, index: int, window: Window) -> Fetched: ...


# --- windows and names ------------------------------------------------------


def plan_windows(start: date, days: int, window_days: int, overlap_days: int) -> list[Window]:
    """Windows covering `days` days from `start`; each starts `window_days - overlap_days` after the last."""
    if days <= 0:
        return []
    last = start + timedelta(days=days - 1)
    windows = []
    begin = start
    while True:
        end = min(begin + timedelta(days=window_days - 1), last)
        windows.append(Window(begin, end))
        if end == last:
            return windows
        begin += timedelta(days=window_days - overlap_days)


def fetch_tag(moment: datetime) -> str:
    """`20250108T030000.123Z`: the fetch time as the file name carries it (UTC, milliseconds)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%S.") + f"{moment.microsecond // 1000:03d}Z"


def window_prefix(window: Window) -> str:
    return f"neows_{window.start}_{window.end}_fetched_"


def relative_name(window: Window, fetched_at: datetime) -> str:
    """The path under `<landing_dir>/neows/`; the bronze model parses window and fetch time from it."""
    return f"{window.start}/{window_prefix(window)}{fetch_tag(fetched_at)}.json"


def landed_files(landing_dir: Path, window: Window) -> list[Path]:
    """The visible files already landed for `window`, whatever their fetch time."""
    folder = landing_dir / FEED / window.start.isoformat()
    return sorted(folder.glob(window_prefix(window) + "*.json"))


def land(landing_dir: Path, window: Window, body: bytes, fetched_at: datetime) -> tuple[Path, bool]:
    """Land `body`; returns its path and whether it was written (False: the identical file is there).

    A landed file is never rewritten: a different body that would take an
    existing name (two fetches in one millisecond) moves a millisecond later.
    """
    while True:
        relative = relative_name(window, fetched_at)
        final = landing_dir / FEED / relative
        if not final.exists():
            return write_bytes(landing_dir, FEED, relative, body), True
        if final.read_bytes() == body:
            return final, False
        fetched_at += timedelta(milliseconds=1)


def count_approaches(body: bytes) -> int | None:
    """Close approaches in a response, or None when it is not the feed's JSON."""
    try:
        response = json.loads(body)
        days = response["near_earth_objects"].values()
        return sum(len(neo.get("close_approach_data") or []) for objects in days for neo in objects)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


# --- recorded mode: the API's responses, made up ------------------------------


@dataclass(frozen=True)
class Neo:
    neo_id: str
    name: str
    magnitude: float  # absolute magnitude H at revision 0; the diameters follow from it
    hazardous: bool
    sentry: bool
    size: str


@dataclass(frozen=True)
class Approach:
    neo: Neo
    moment: datetime  # UTC, whole minutes: the API gives the time to the minute
    velocity_kps: float
    miss_km: float
    broken: str | None = None

    @property
    def epoch_ms(self) -> int:
        return int(self.moment.timestamp()) * 1000


def designation(rng: random.Random) -> str:
    """A provisional designation such as `2009 JR5`."""
    half_month = rng.choice("ABCDEFGHJKLMNOPQRSTUVWXY")
    letter = rng.choice("ABCDEFGHJKLMNOPQRSTUVWXYZ")
    cycle = rng.choice(["", str(rng.randrange(1, 300))])
    return f"{rng.randrange(1990, 2025)} {half_month}{letter}{cycle}"


def new_neo(rng: random.Random, taken: set[str], hazardous: bool, size: str) -> Neo:
    while True:
        provisional = designation(rng)
        if rng.random() < 0.6:  # numbered: id 2 + number, named after it
            number = rng.randrange(2_000, 700_000)
            neo_id, name = f"2{number:06d}", f"{number} ({provisional})"
        else:
            neo_id = rng.choice([f"3{rng.randrange(10**6):06d}", f"54{rng.randrange(10**5):05d}"])
            name = f"({provisional})"
        if neo_id not in taken:
            taken.add(neo_id)
            break
    low, high = MAGNITUDE_RANGE[size]
    return Neo(neo_id, name, round(rng.uniform(low, high), 2), hazardous, rng.random() < 0.03, size)


@lru_cache(maxsize=8)
def neo_pool(seed: int) -> tuple[Neo, ...]:
    """The NEOs a seed's approaches are drawn from; the first ones are the plan's kinds, so each exists."""
    rng = random.Random(f"{seed}/neows/pool")
    taken: set[str] = set()
    pool = [new_neo(rng, taken, profile.hazardous, profile.size) for profile in PLAN]
    while len(pool) < POOL_SIZE:
        hazardous = rng.random() < 0.15
        size = rng.choices(SIZES, weights=(0, 65, 35) if hazardous else (60, 32, 8))[0]
        pool.append(new_neo(rng, taken, hazardous, size))
    return tuple(pool)


def broken_count(broken_share: float, per_day: int, eligible: int) -> int:
    """Broken approaches in a day: the share, but at least one whenever the share is not 0.

    The kinds rotate by date, so one a day shows every kind in any six
    consecutive days (at the default 20 a day, 0.03 alone would make 0.6).
    """
    if broken_share <= 0 or eligible <= 0:
        return 0
    return min(eligible, max(1, round(broken_share * per_day)))


def day_approaches(seed: int, day: date, per_day: int, broken_share: float) -> list[Approach]:
    """The day's approaches at revision 0, in response order: a pure function of seed, date and knobs."""
    rng = random.Random(f"{seed}/neows/day/{day.isoformat()}")
    pool = neo_pool(seed)
    count = min(per_day, len(pool))  # the command line keeps per_day within the pool
    planned = PLAN[:count]
    chosen: list[Neo] = []
    for profile in planned:
        fits = [neo for neo in pool
                if neo.hazardous == profile.hazardous and neo.size == profile.size and neo not in chosen]
        chosen.append(rng.choice(fits))
    chosen += rng.sample([neo for neo in pool if neo not in chosen], count - len(chosen))
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    approaches = []
    for slot, neo in enumerate(chosen):
        moment = midnight + timedelta(minutes=rng.randrange(24 * 60))
        if slot < len(planned):
            velocity, miss = rng.uniform(*planned[slot].velocity_kps), rng.uniform(*planned[slot].miss_km)
        else:
            velocity, miss = rng.triangular(1.5, 42.0, 14.0), 10 ** rng.uniform(4.5, 7.85)
        approaches.append(Approach(neo, moment, velocity, miss))
    # planned approaches stay valid, so every band and risk class shows whatever breaks
    broken_slots = rng.sample(range(len(planned), count), broken_count(broken_share, per_day, count - len(planned)))
    for number, slot in enumerate(broken_slots):
        kind = BROKEN_KINDS[(day.toordinal() + seed + number) % len(BROKEN_KINDS)]
        approaches[slot] = replace(approaches[slot], broken=kind)
    rng.shuffle(approaches)
    return approaches


def refined(approach: Approach, seed: int, revision: int) -> tuple[float, float, float]:
    """Magnitude, velocity and miss distance at `revision`: later orbit solutions move them slightly.

    The object's magnitude moves with (seed, id, revision), so one response
    gives an object one magnitude; the approach's numbers with (seed, id,
    epoch, revision). Revision 0 is the base values.
    """
    neo = approach.neo
    if revision == 0:
        return neo.magnitude, approach.velocity_kps, approach.miss_km
    object_rng = random.Random(f"{seed}/neows/refine/{neo.neo_id}/{revision}")
    approach_rng = random.Random(f"{seed}/neows/refine/{neo.neo_id}/{approach.epoch_ms}/{revision}")
    magnitude = round(neo.magnitude + object_rng.uniform(-MAGNITUDE_REFINEMENT, MAGNITUDE_REFINEMENT), 2)
    velocity = approach.velocity_kps * (1 + approach_rng.uniform(-NUMBER_REFINEMENT, NUMBER_REFINEMENT))
    miss = approach.miss_km * (1 + approach_rng.uniform(-NUMBER_REFINEMENT, NUMBER_REFINEMENT))
    return magnitude, velocity, miss


def diameters(magnitude: float) -> dict[str, dict[str, float]]:
    """Estimated diameters from H as NeoWs gives them: albedo 0.25 (min) and 0.05 (max)."""
    km_min = 1329 / math.sqrt(0.25) * 10 ** (-magnitude / 5)
    km_max = 1329 / math.sqrt(0.05) * 10 ** (-magnitude / 5)
    units = {"kilometers": 1.0, "meters": 1000.0, "miles": MILES_PER_KM, "feet": FEET_PER_KM}
    return {unit: {"estimated_diameter_min": round(km_min * factor, 10),
                   "estimated_diameter_max": round(km_max * factor, 10)}
            for unit, factor in units.items()}


def approach_time_fields(moment: datetime) -> dict[str, str | int]:
    return {
        "close_approach_date": moment.date().isoformat(),
        # month names spelled out here: strftime's %b follows the locale
        "close_approach_date_full": f"{moment.year}-{MONTHS[moment.month - 1]}-{moment:%d %H:%M}",
        "epoch_date_close_approach": int(moment.timestamp()) * 1000,
    }


def velocity_fields(velocity: float, broken: str | None) -> dict[str, str]:
    fields = {
        "kilometers_per_second": f"{velocity:.10f}",
        "kilometers_per_hour": f"{velocity * 3600:.10f}",
        "miles_per_hour": f"{velocity * 3600 * MILES_PER_KM:.10f}",
    }
    if broken == "negative_velocity":
        fields = {unit: "-" + text for unit, text in fields.items()}
    elif broken == "non_numeric_velocity":
        fields["kilometers_per_second"] = "n/a"
    return fields


def miss_fields(miss: float, broken: str | None, moment: datetime) -> dict[str, str]:
    fields = {
        "astronomical": f"{miss / KM_PER_AU:.10f}",
        "lunar": f"{miss / KM_PER_LUNAR_DISTANCE:.10f}",
        "kilometers": f"{miss:.9f}",
        "miles": f"{miss * MILES_PER_KM:.9f}",
    }
    if broken == "non_positive_miss_distance":  # zero or negative, by the minute's parity
        fields["kilometers"] = "0" if moment.minute % 2 else "-" + fields["kilometers"]
    elif broken == "non_numeric_miss_distance":
        fields["kilometers"] = "12.3.4"
    return fields


def neo_object(approach: Approach, seed: int, revision: int) -> dict:
    """One entry of `near_earth_objects[date]`, holding its one approach, as the API shapes it."""
    neo = approach.neo
    magnitude, velocity, miss = refined(approach, seed, revision)
    time_fields = {} if approach.broken == "missing_date" else approach_time_fields(approach.moment)
    close_approach = {
        **time_fields,
        "relative_velocity": velocity_fields(velocity, approach.broken),
        "miss_distance": miss_fields(miss, approach.broken, approach.moment),
        "orbiting_body": "Earth",
    }
    entry: dict = {
        "links": {"self": f"{LINKS_BASE}/neo/rest/v1/neo/{neo.neo_id}?api_key={DEMO_KEY}"},
        "id": neo.neo_id,
        "neo_reference_id": neo.neo_id,
        "name": neo.name,
        "nasa_jpl_url": f"https://ssd.jpl.nasa.gov/tools/sbdb_lookup.html#/?sstr={neo.neo_id}",
        "absolute_magnitude_h": magnitude,
        "estimated_diameter": diameters(magnitude),
        "is_potentially_hazardous_asteroid": neo.hazardous,
        "close_approach_data": [close_approach],
        "is_sentry_object": neo.sentry,
    }
    if neo.sentry:
        entry["sentry_data"] = f"{LINKS_BASE}/neo/rest/v1/neo/sentry/{neo.neo_id}?api_key={DEMO_KEY}"
    if approach.broken == "missing_id":
        del entry["id"]
    return entry


def feed_link(start: date, end: date) -> str:
    return f"{LINKS_BASE}{FEED_PATH}?start_date={start}&end_date={end}&detailed=false&api_key={DEMO_KEY}"


def recorded_body(seed: int, window: Window, per_day: int = 20, revision: int = 0,
                  broken_share: float = 0.03) -> bytes:
    """The feed's response for `window`, byte for byte the same for the same arguments."""
    days = {
        day.isoformat(): [neo_object(approach, seed, revision)
                          for approach in day_approaches(seed, day, per_day, broken_share)]
        for day in window.days()
    }
    span = timedelta(days=(window.end - window.start).days + 1)
    response = {
        "links": {
            "next": feed_link(window.start + span, window.end + span),
            "previous": feed_link(window.start - span, window.end - span),
            "self": feed_link(window.start, window.end),
        },
        "element_count": sum(len(objects) for objects in days.values()),
        "near_earth_objects": days,
    }
    return json.dumps(response, separators=(",", ":")).encode("utf-8")


def truncated(body: bytes, rng: random.Random) -> bytes:
    """`body` cut between a third and two thirds in: never valid JSON (the closing brace is gone)."""
    return body[:rng.randrange(max(1, len(body) // 3), max(2, 2 * len(body) // 3))]


@dataclass
class RecordedSource:
    """Responses made up offline, with made-up fetch times.

    Window i is fetched `base_time` + i minutes and the truncated copies after
    every window, so no two files of a run share a fetch time; `base_time`
    moves an hour per revision, so a later revision is later.
    """

    knobs: Knobs
    windows: list[Window]
    base_time: datetime
    copy_of: list[int] = field(init=False)  # truncated copy k copies window copy_of[k]

    def __post_init__(self) -> None:
        rng = random.Random(f"{self.knobs.seed}/neows/truncated")
        self.copy_of = [rng.randrange(len(self.windows)) for _ in range(self.knobs.truncated_copies)]

    def fetch(self, index: int, window: Window) -> Fetched:
        knobs = self.knobs
        body = recorded_body(knobs.seed, window, knobs.per_day, knobs.revision, knobs.broken_share)
        copies = tuple(
            (truncated(body, random.Random(f"{knobs.seed}/neows/truncated/{number}")),
             self.base_time + timedelta(minutes=len(self.windows) + number))
            for number, copied in enumerate(self.copy_of) if copied == index
        )
        return Fetched(200, body, self.base_time + timedelta(minutes=index), copies)


def default_fetch_time(last_day: date, revision: int) -> datetime:
    return datetime(last_day.year, last_day.month, last_day.day, tzinfo=UTC) + timedelta(days=1, hours=revision)


# --- live mode ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One HTTP attempt: a status (None for a connection error) and what came with it."""

    status: int | None
    reason: str
    body: bytes = b""
    retry_after: float | None = None
    received_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500

    def describe(self) -> str:
        return self.reason if self.status is None else f"HTTP {self.status} {self.reason}".rstrip()


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """A Retry-After header in seconds: given as seconds, or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())


@dataclass
class LiveSource:
    base_url: str
    api_key: str
    max_retries: int
    backoff_seconds: float
    rng: random.Random
    sleep: Callable[[float], None] = time.sleep

    def url(self, window: Window) -> str:
        query = urllib.parse.urlencode({"start_date": window.start, "end_date": window.end, "api_key": self.api_key})
        return f"{self.base_url.rstrip('/')}{FEED_PATH}?{query}"

    def redact(self, text: str) -> str:
        """`text` with the key, as given or URL-encoded, replaced by `***`."""
        for form in sorted({self.api_key, urllib.parse.quote_plus(self.api_key), urllib.parse.quote(self.api_key)},
                           key=len, reverse=True):
            if form:
                text = text.replace(form, "***")
        return text

    def attempt(self, url: str) -> Outcome:
        try:
            # the scheme is checked when the options are parsed: http or https only
            request = urllib.request.Request(url, headers={"Accept": "application/json",  # noqa: S310
                                                           "User-Agent": "lakehouse-fetch-neows"})
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                body = response.read()
                return Outcome(response.status, response.reason, body, received_at=millis(datetime.now(UTC)))
        except urllib.error.HTTPError as error:  # before OSError: an HTTPError is one
            with error:
                retry_after = retry_after_seconds(error.headers.get("Retry-After"), datetime.now(UTC))
                return Outcome(error.code, str(error.reason), retry_after=retry_after)
        except (ValueError, http.client.InvalidURL) as error:  # a malformed URL: not worth retrying
            raise FetchError(self.redact(f"bad request URL: {error}")) from None
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out, cut short
            cause = getattr(error, "reason", None) or error  # a URLError wraps the socket's error
            return Outcome(None, f"connection error ({str(cause) or type(cause).__name__})")

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with up to 50 % jitter, but never sooner than the server asked."""
        backoff = self.backoff_seconds * 2 ** attempt * (1 + self.rng.random() / 2)
        return max(backoff, retry_after or 0.0)

    def fetch(self, index: int, window: Window) -> Fetched:
        url = self.url(window)
        for attempt in range(self.max_retries + 1):
            outcome = self.attempt(url)
            if outcome.ok:
                assert outcome.status is not None and outcome.received_at is not None
                # the API echoes the caller's key in its links: a landed file must not hold it
                body = self.redact(outcome.body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
                return Fetched(outcome.status, body, outcome.received_at)
            if not outcome.retryable:
                raise FetchError(self.redact(f"{outcome.describe()} (not retried)"))
            if attempt == self.max_retries:
                raise FetchError(self.redact(f"{outcome.describe()}, {plural(attempt + 1, 'attempt')}"))
            wait = self.delay(attempt, outcome.retry_after)
            print(self.redact(f"  {window}: {outcome.describe()}; retry {attempt + 1}/{self.max_retries} "
                              f"in {wait:.1f} s"), file=sys.stderr, flush=True)
            self.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")


# --- the run ----------------------------------------------------------------


@dataclass
class Tally:
    landed: int = 0
    skipped: int = 0
    files: int = 0
    approaches: int = 0


def shown(landing_dir: Path, path: Path) -> str:
    return path.relative_to(landing_dir).as_posix()


def land_fetched(landing_dir: Path, window: Window, fetched: Fetched, prefix: str, tally: Tally) -> None:
    path, written = land(landing_dir, window, fetched.body, fetched.fetched_at)
    approaches = count_approaches(fetched.body)
    counted = "unparseable body" if approaches is None else f"{approaches} approaches"
    action = "landed" if written else "unchanged (identical file already landed)"
    print(f"{prefix}  {fetched.status}  {counted}  {action} {shown(landing_dir, path)}", flush=True)
    tally.landed += 1
    tally.files += written
    tally.approaches += approaches or 0
    for copy, fetched_at in fetched.copies:
        path, written = land(landing_dir, window, copy, fetched_at)
        action = "landed" if written else "unchanged (identical file already landed)"
        print(f"{' ' * len(prefix)}  truncated copy  {action} {shown(landing_dir, path)}", flush=True)
        tally.files += written


def run(landing_dir: Path, windows: list[Window], source: Source, refetch: bool) -> int:
    """Fetch and land each window in order; stops at the first window that fails (exit code 1)."""
    tally = Tally()
    for index, window in enumerate(windows):
        prefix = f"[{index + 1}/{len(windows)}] {window}"
        if not refetch and landed_files(landing_dir, window):
            print(f"{prefix}  skipped (already landed)", flush=True)
            tally.skipped += 1
            continue
        try:
            fetched = source.fetch(index, window)
        except FetchError as error:
            print(f"error: window {window}: {error}; nothing landed for it, re-run to resume", file=sys.stderr)
            summarize(landing_dir, windows, tally)
            return 1
        land_fetched(landing_dir, window, fetched, prefix, tally)
    summarize(landing_dir, windows, tally)
    return 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summarize(landing_dir: Path, windows: list[Window], tally: Tally) -> None:
    print(f"neows: {plural(len(windows), 'window')}: {tally.landed} fetched, {tally.skipped} skipped; "
          f"{plural(tally.files, 'file')} landed, {tally.approaches} approaches, under {landing_dir / FEED}",
          flush=True)


# --- command line -------------------------------------------------------------


def window_days(value: str) -> int:
    number = int(value)
    if not 1 <= number <= MAX_WINDOW_DAYS:
        raise argparse.ArgumentTypeError(
            f"must be 1 to {MAX_WINDOW_DAYS} (the feed serves at most {MAX_WINDOW_DAYS} days a call), got {value}")
    return number


def iso_date(value: str) -> date:
    return date.fromisoformat(value)


def utc_instant(value: str) -> datetime:
    """An ISO timestamp; without an offset it is UTC."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return millis(moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC))


def http_url(value: str) -> str:
    if urllib.parse.urlsplit(value).scheme not in ("http", "https"):
        raise argparse.ArgumentTypeError(f"must be an http or https URL, got {value}")
    return value


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Knobs]:
    defaults = Knobs()
    parser = KnobParser(__doc__, defaults)
    # the docstring's examples and contract under the options, its line breaks kept
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = __doc__.split("\n\n", 1)[1]
    parser.add_argument("--end-date", type=iso_date, help="last day, inclusive (instead of --days)")
    parser.add_argument("--window-days", type=window_days, default=defaults.window_days,
                        help="days per call, 1 to 7 (default: %(default)s)")
    parser.add_argument("--overlap-days", type=positive, default=None,
                        help="days a window shares with the one before (default: 1 recorded, 0 live)")
    parser.add_argument("--refetch", action="store_true",
                        help="fetch windows already landed again: a newer file beside the old")
    live = parser.add_argument_group("live mode (default); the key comes from $NASA_API_KEY, else DEMO_KEY")
    live.add_argument("--base-url", type=http_url, default=DEFAULT_BASE_URL, help="default: %(default)s")
    live.add_argument("--max-retries", type=positive, default=5,
                      help="retries of a 429, 5xx or connection error (default: %(default)s)")
    live.add_argument("--backoff-seconds", type=float, default=1.0,
                      help="first retry's wait, doubling after (default: %(default)s)")
    recorded = parser.add_argument_group("recorded mode (no network)")
    recorded.add_argument("--recorded", action="store_true", help="make the responses up instead of fetching")
    recorded.add_argument("--per-day", type=positive, default=defaults.per_day,
                          help=f"approaches a day, at most {POOL_SIZE} (default: %(default)s)")
    recorded.add_argument("--revision", type=positive, default=defaults.revision,
                          help="refined numbers, fetched revision hours later (default: %(default)s)")
    recorded.add_argument("--broken-share", type=share, default=defaults.broken_share,
                          help="share of broken approaches, at least one a day unless 0 (default: %(default)s)")
    recorded.add_argument("--truncated-copies", type=positive, default=defaults.truncated_copies,
                          help="extra cut-off copies of a response (default: %(default)s)")
    recorded.add_argument("--fetched-at", type=utc_instant,
                          help="first window's fetch time, ISO UTC (default: the day after the range "
                               "+ revision hours)")
    args, knobs = parser.parse_knobs(argv)
    start = date.fromisoformat(knobs.start_date)
    if args.end_date is not None:
        if args.end_date < start:
            parser.error(f"--end-date {args.end_date} is before --start-date {start}")
        knobs.days = (args.end_date - start).days + 1
    if knobs.overlap_days is None:
        knobs.overlap_days = 1 if args.recorded else 0
    if knobs.overlap_days >= knobs.window_days:
        parser.error(f"--overlap-days must be below --window-days ({knobs.window_days}), got {knobs.overlap_days}")
    if knobs.per_day > POOL_SIZE:
        parser.error(f"--per-day must be at most {POOL_SIZE} (the NEOs a seed draws from), got {knobs.per_day}")
    if args.backoff_seconds < 0:
        parser.error("--backoff-seconds must be >= 0")
    if args.fetched_at is not None and not args.recorded:
        parser.error("--fetched-at needs --recorded: live fetch times are when the response arrived")
    return args, knobs


def make_source(args: argparse.Namespace, knobs: Knobs, windows: list[Window]) -> Source:
    if args.recorded:
        base_time = args.fetched_at or default_fetch_time(windows[-1].end, knobs.revision)
        return RecordedSource(knobs, windows, base_time)
    return LiveSource(args.base_url, os.environ.get("NASA_API_KEY") or DEMO_KEY, args.max_retries,
                      args.backoff_seconds, random.Random(knobs.seed))


def main(argv: list[str] | None = None) -> int:
    args, knobs = parse_args(argv)
    assert knobs.overlap_days is not None
    landing_dir = Path(args.landing_dir)
    windows = plan_windows(date.fromisoformat(knobs.start_date), knobs.days, knobs.window_days, knobs.overlap_days)
    if not windows:
        print("neows: no days to fetch")
        return 0
    source = make_source(args, knobs, windows)
    if isinstance(source, LiveSource):
        print(f"neows: fetching {source.redact(source.url(windows[0]))} and {plural(len(windows) - 1, 'more window')}",
              flush=True)
    try:
        return run(landing_dir, windows, source, args.refetch)
    except KeyboardInterrupt:
        print("interrupted: landed windows stay; run the same command again to fetch the rest", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
