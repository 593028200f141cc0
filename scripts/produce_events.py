"""Land synthetic events as a collector would: late, redelivered, corrected, broken.

Files follow the landing contract: JSON Lines under `$LANDING_DIR/events/`,
nested folders, some gzip-compressed, written under a hidden name and renamed
when complete. Output is a pure function of the seed and the knobs.

One-shot:    produce_events.py --days 7 --events-per-day 2000 --batches 14
Continuous:  produce_events.py --continuous --interval 30 --events-per-batch 500

The continuous mode keeps its position in `$LANDING_DIR/_producer_state.json`
(ignored by the pipeline: its name starts with `_`), so a restarted producer
goes on with new batch numbers and event ids instead of colliding.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tqdm import tqdm

from landing_writer import CommonKnobs, KnobParser, format_timestamp, millis, positive, share, write_file

EVENT_TYPES = ["page_view", "page_view", "page_view", "add_to_cart", "purchase", "refund", "search"]
INVALID_KINDS = [
    "not_json",
    "truncated",
    "json_array",
    "missing_event_id",
    "empty_user_id",
    "bad_event_time",
    "missing_ingest_time",
    "bad_amount",
]
FEED = "events"
STATE_FILE = "_producer_state.json"


@dataclass
class Knobs(CommonKnobs):
    events_per_day: int = 1000
    users: int = 200
    late_share: float = 0.15  # share of events that arrive after the late threshold
    late_max_minutes: int = 3 * 24 * 60  # how late a late event can be
    redelivery_share: float = 0.05  # exact copies delivered again
    correction_share: float = 0.04  # newer versions (later ingest_time)
    move_day_share: float = 0.3  # of corrections: moved to another day
    stale_share: float = 0.02  # older versions that arrive after the current one
    conflict_share: float = 0.01  # same ingest_time, different content
    invalid_share: float = 0.02  # malformed lines
    blank_line_share: float = 0.005
    gzip_share: float = 0.3  # files written gzip-compressed
    batches: int = 14  # files the history is split into


@dataclass
class ProducerState:
    next_batch: int = 0
    next_event_seq: int = 0


class EventFactory:
    """Builds records; event ids are unique across runs thanks to the sequence."""

    def __init__(self, knobs: Knobs, rng: random.Random, state: ProducerState):
        self.knobs = knobs
        self.rng = rng
        self.state = state

    def new_event_id(self) -> str:
        self.state.next_event_seq += 1
        return f"evt-{self.knobs.seed}-{self.state.next_event_seq:010d}"

    def record(self, event_id: str, user_id: str, event_type: str | None, event_time: datetime,
               ingest_time: datetime, amount: str | float | None) -> dict:
        record: dict = {"event_id": event_id, "user_id": user_id}
        if event_type is not None:
            record["event_type"] = event_type
        record["event_time"] = format_timestamp(event_time, self.rng)
        record["ingest_time"] = format_timestamp(ingest_time, self.rng)
        if amount is not None:
            record["amount"] = amount
        if self.rng.random() < 0.1:
            record["client"] = {"app": "web", "version": f"1.{self.rng.randint(0, 9)}"}
        return record

    def amount_for(self, event_type: str | None) -> str | float | None:
        if event_type not in ("purchase", "refund", "add_to_cart"):
            return None if self.rng.random() < 0.7 else 0
        value = round(self.rng.uniform(1, 500), 2)
        if event_type == "refund":
            value = -value
        return f"{value:.2f}" if self.rng.random() < 0.3 else value

    def fresh_event(self, event_time: datetime) -> tuple[dict, datetime]:
        """A first version and when the collector received it."""
        knobs = self.knobs
        if self.rng.random() < knobs.late_share:
            latency = timedelta(minutes=self.rng.uniform(10.5, max(11.0, knobs.late_max_minutes)))
        else:
            latency = timedelta(seconds=self.rng.uniform(0, 540))
        event_type = self.rng.choice(EVENT_TYPES) if self.rng.random() > 0.03 else None
        user_id = f"user-{self.rng.randrange(knobs.users):05d}"
        if self.rng.random() < 0.01:
            user_id = f"ユーザー-{self.rng.randrange(knobs.users)}"
        ingest_time = event_time + latency
        record = self.record(self.new_event_id(), user_id, event_type, event_time, ingest_time,
                             self.amount_for(event_type))
        return record, ingest_time

    def correction(self, original: dict, received: datetime, newer: bool) -> tuple[dict, datetime]:
        """Another version of `original`: newer (a correction) or older (stale)."""
        shift = timedelta(minutes=self.rng.uniform(1, 240))
        ingest_time = received + shift if newer else received - shift
        event_time = parse_any(original["event_time"])
        if newer and self.rng.random() < self.knobs.move_day_share:
            event_time += timedelta(days=self.rng.choice([-2, -1, 1]))
        if ingest_time < event_time:
            ingest_time = event_time + timedelta(seconds=self.rng.uniform(0, 60))
        event_type = original.get("event_type")
        if self.rng.random() < 0.3:
            event_type = self.rng.choice(EVENT_TYPES)
        record = self.record(original["event_id"], original["user_id"], event_type, event_time, ingest_time,
                             self.amount_for(event_type))
        return record, ingest_time

    def conflicting_redelivery(self, original: dict) -> dict:
        """Same event_id and ingest_time as `original`, different content."""
        conflict = dict(original)
        conflict["amount"] = round(self.rng.uniform(1, 500), 2)
        conflict["event_type"] = self.rng.choice(EVENT_TYPES)
        return conflict

    def invalid_line(self, event_time: datetime) -> str:
        kind = self.rng.choice(INVALID_KINDS)
        good = self.record(self.new_event_id(), f"user-{self.rng.randrange(self.knobs.users):05d}", "page_view",
                           event_time, event_time + timedelta(seconds=5), None)
        if kind == "not_json":
            return "this is not json"
        if kind == "truncated":
            return json.dumps(good)[:25]
        if kind == "json_array":
            return json.dumps([good])
        if kind == "missing_event_id":
            del good["event_id"]
        elif kind == "empty_user_id":
            good["user_id"] = ""
        elif kind == "bad_event_time":
            good["event_time"] = self.rng.choice(["yesterday", "2025-13-45T10:00:00Z", "2025-01-03"])
        elif kind == "missing_ingest_time":
            del good["ingest_time"]
        elif kind == "bad_amount":
            good["amount"] = self.rng.choice(["ten", True, "", "1,5"])
        return json.dumps(good, ensure_ascii=False)


def parse_any(value: str | int) -> datetime:
    """Parse a timestamp this producer wrote (all UTC-convertible)."""
    if isinstance(value, int):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    text = value.replace("Z", "+00:00")
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def build_lines(knobs: Knobs, rng: random.Random, state: ProducerState, start: datetime,
                span: timedelta, count: int) -> list[tuple[datetime, str]]:
    """`count` events in [start, start + span) with their extra versions, keyed by arrival time."""
    factory = EventFactory(knobs, rng, state)
    arrivals: list[tuple[datetime, str]] = []

    def emit(received: datetime, record: dict | str) -> None:
        line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
        arrivals.append((received, line))

    for _ in range(count):
        event_time = millis(start + span * rng.random())
        if rng.random() < knobs.invalid_share:
            emit(event_time + timedelta(seconds=rng.uniform(0, 600)), factory.invalid_line(event_time))
            continue
        record, received = factory.fresh_event(event_time)
        emit(received, record)
        roll = rng.random()
        if roll < knobs.redelivery_share:
            emit(received + timedelta(minutes=rng.uniform(1, 600)), record)
        elif roll < knobs.redelivery_share + knobs.correction_share:
            corrected, corrected_at = factory.correction(record, received, newer=True)
            emit(corrected_at, corrected)
        elif roll < knobs.redelivery_share + knobs.correction_share + knobs.stale_share:
            stale, _ = factory.correction(record, received, newer=False)
            emit(received + timedelta(minutes=rng.uniform(1, 600)), stale)
        elif roll < (knobs.redelivery_share + knobs.correction_share + knobs.stale_share
                     + knobs.conflict_share):
            emit(received + timedelta(minutes=rng.uniform(1, 600)), factory.conflicting_redelivery(record))
        if rng.random() < knobs.blank_line_share:
            emit(received, "")
    arrivals.sort(key=lambda arrival: arrival[0])
    return arrivals


def batch_file_name(rng: random.Random, batch_number: int, first_arrival: datetime) -> str:
    # The random prefix makes names unordered, as in object stores.
    return f"{first_arrival:%Y/%m/%d}/{rng.getrandbits(32):08x}-batch-{batch_number:06d}.jsonl"


def produce_history(landing_dir: Path, knobs: Knobs, progress: bool = True) -> list[Path]:
    """Land `days` days of history split into `batches` files, in arrival order."""
    state = load_state(landing_dir)
    start = datetime.fromisoformat(knobs.start_date).replace(tzinfo=timezone.utc)
    files: list[Path] = []
    arrivals: list[tuple[datetime, str]] = []
    for day in tqdm(range(knobs.days), desc="generating days", unit="day", disable=not progress):
        rng = random.Random(f"{knobs.seed}/{state.next_batch}/day/{day}")
        arrivals.extend(build_lines(knobs, rng, state, start + timedelta(days=day), timedelta(days=1),
                                    knobs.events_per_day))
    arrivals.sort(key=lambda arrival: arrival[0])
    batch_count = max(1, knobs.batches)
    size = -(-len(arrivals) // batch_count) if arrivals else 0
    for index in tqdm(range(batch_count), desc="landing files", unit="file", disable=not progress):
        chunk = arrivals[index * size:(index + 1) * size]
        rng = random.Random(f"{knobs.seed}/file/{state.next_batch}")
        first = chunk[0][0] if chunk else start
        name = batch_file_name(rng, state.next_batch, first)
        files.append(write_file(landing_dir, FEED, name, [line for _, line in chunk],
                                rng.random() < knobs.gzip_share))
        state.next_batch += 1
    save_state(landing_dir, state)
    return files


def produce_continuously(landing_dir: Path, knobs: Knobs, interval: float, events_per_batch: int,
                         max_batches: int | None) -> None:
    """Land one batch every `interval` seconds until stopped (Ctrl-C) or `max_batches`."""
    landed = 0
    with tqdm(desc="batches landed", unit="batch", total=max_batches) as bar:
        while max_batches is None or landed < max_batches:
            state = load_state(landing_dir)
            rng = random.Random(f"{knobs.seed}/continuous/{state.next_batch}")
            now = datetime.now(timezone.utc)
            lines = build_lines(knobs, rng, state, now - timedelta(seconds=interval), timedelta(seconds=interval),
                                events_per_batch)
            name = batch_file_name(rng, state.next_batch, now)
            write_file(landing_dir, FEED, name, [line for _, line in lines], rng.random() < knobs.gzip_share)
            state.next_batch += 1
            save_state(landing_dir, state)
            landed += 1
            bar.update(1)
            if max_batches is None or landed < max_batches:
                time.sleep(interval)


def load_state(landing_dir: Path) -> ProducerState:
    path = landing_dir / STATE_FILE
    if not path.exists():
        return ProducerState()
    try:
        return ProducerState(**json.loads(path.read_text()))
    except (ValueError, TypeError) as exc:
        raise SystemExit(f"error: producer state {path} is unreadable ({exc}); move it away to start over") from exc


def save_state(landing_dir: Path, state: ProducerState) -> None:
    landing_dir.mkdir(parents=True, exist_ok=True)
    path = landing_dir / STATE_FILE
    hidden = path.with_name("." + path.name)
    hidden.write_text(json.dumps(asdict(state)))
    os.replace(hidden, path)


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Knobs]:
    defaults = Knobs()
    parser = KnobParser(__doc__, defaults)
    parser.add_knobs(("events_per_day",), positive)
    parser.add_argument("--users", type=lambda v: max(1, positive(v)), default=defaults.users)
    parser.add_knobs(("batches", "late_max_minutes"), positive)
    parser.add_knobs(("late_share", "redelivery_share", "correction_share", "move_day_share", "stale_share",
                      "conflict_share", "invalid_share", "blank_line_share", "gzip_share"), share)
    parser.add_argument("--continuous", action="store_true", help="land a batch every --interval seconds")
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--events-per-batch", type=positive, default=500)
    parser.add_argument("--max-batches", type=positive, default=None, help="stop after this many (continuous)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser.parse_knobs(argv)


def main(argv: list[str] | None = None) -> int:
    args, knobs = parse_args(argv)
    landing_dir = Path(args.landing_dir)
    if args.continuous:
        try:
            produce_continuously(landing_dir, knobs, args.interval, args.events_per_batch, args.max_batches)
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
        return 0
    files = produce_history(landing_dir, knobs, progress=not args.quiet)
    print(f"landed {len(files)} files under {landing_dir / FEED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
