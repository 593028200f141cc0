"""Land synthetic retail feeds: customers, products, stores (change records) and sales.

Same landing conventions as the events producer: JSON Lines under
`$LANDING_DIR/<feed>/`, nested folders, some gzip-compressed, written under a
hidden name and renamed when complete. Output is a pure function of the seed
and the knobs.

Dimension feeds carry change records keyed by id with an `updated_at`: an
upsert may carry only some fields (a missing or null field means unchanged),
changes of one key arrive out of order and several in one batch, some keys are
deleted (`op = 'delete'`) and some of those are re-created later. Sales are one
record per sale line, late, redelivered, corrected and malformed like events,
with returns as negative quantities, a few invalid discounts and customers
without an email.

    produce_retail.py --days 7 --sales-per-day 500 --batches 7
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from landing_writer import CommonKnobs, KnobParser, format_timestamp, millis, positive, share, write_file

FEEDS = ("customers", "products", "stores", "sales")
PAYMENT_METHODS = ["card", "card", "card", "cash", "mobile", "gift_card"]
DISCOUNTS = ["0", "0", "0", "0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.5"]
FIRST_NAMES = ["Ana", "Ben", "Chloé", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kofi", "Lea"]
LAST_NAMES = ["Novak", "Smith", "García", "Okafor", "Tanaka", "Müller", "Rossi", "Kowalski", "Haddad"]
CITIES = [("Lisbon", "PT"), ("Porto", "PT"), ("Madrid", "ES"), ("Lyon", "FR"), ("Berlin", "DE"), ("Milan", "IT")]
REGIONS = ["north", "south", "east", "west"]
STORE_TYPES = ["flagship", "mall", "outlet", "online"]
LOYALTY_TIERS = ["none", "bronze", "silver", "gold"]
CATEGORIES = ["tops", "bottoms", "shoes", "outerwear", "accessories"]
BRANDS = ["Northwind", "Alder", "Kestrel", "Marlow", "Quill"]
INVALID_DIMENSION_KINDS = ["not_json", "truncated", "missing_key", "bad_updated_at", "bad_op", "missing_ingest_time"]
INVALID_SALE_KINDS = ["not_json", "missing_sale_line_id", "missing_customer_id", "bad_event_time",
                      "missing_ingest_time", "zero_quantity", "bad_unit_price", "bad_payment_method"]


@dataclass
class Knobs(CommonKnobs):
    customers: int = 200
    products: int = 50
    stores: int = 10
    sales_per_day: int = 500  # sale lines per day
    batches: int = 7  # files per feed the history is split into
    updates_per_key: float = 1.5  # mean dimension changes per key over the period
    delete_share: float = 0.05  # keys deleted during the period
    recreate_share: float = 0.5  # of deleted keys: re-created later
    dimension_late_share: float = 0.2  # dimension changes that arrive hours to days late
    late_share: float = 0.15  # sale lines that arrive after the late threshold
    late_max_minutes: int = 2 * 24 * 60
    redelivery_share: float = 0.04  # identical lines delivered again (every feed)
    correction_share: float = 0.03  # newer versions of a record (later ingest_time)
    stale_share: float = 0.02  # older versions arriving after the current one
    invalid_share: float = 0.02  # malformed lines (every feed)
    return_share: float = 0.05  # sale lines that are returns (negative quantity)
    bad_discount_share: float = 0.01  # sale lines with a discount outside 0..1
    null_email_share: float = 0.05  # customers created without an email
    gzip_share: float = 0.3


@dataclass
class Timeline:
    """One key's true history: (time, change) with change None for a delete."""

    key: str
    changes: list[tuple[datetime, dict | None]] = field(default_factory=list)

    def state_at(self, moment: datetime) -> dict | None:
        """The key's full state at `moment`, None when it does not exist then."""
        state: dict | None = None
        for when, change in self.changes:
            if when > moment:
                break
            if change is None:
                state = None
            else:
                state = {**(state or {}), **{k: v for k, v in change.items() if v is not None}}
        return state


def customer_fields(rng: random.Random, knobs: Knobs, number: int) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city, country = rng.choice(CITIES)
    email = None if rng.random() < knobs.null_email_share else f"{first}.{last}{number}@example.com".lower()
    return {
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": f"+351 9{rng.randrange(10**7, 10**8)}",
        "birth_date": (date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))).isoformat(),
        "city": city,
        "country": country,
        "loyalty_tier": rng.choice(LOYALTY_TIERS),
    }


def product_fields(rng: random.Random, knobs: Knobs, number: int) -> dict:
    return {
        "name": f"{rng.choice(BRANDS)} {rng.choice(CATEGORIES)} {number}",
        "category": rng.choice(CATEGORIES),
        "brand": rng.choice(BRANDS),
        "list_price": round(rng.uniform(5, 300), 2),
    }


def store_fields(rng: random.Random, knobs: Knobs, number: int) -> dict:
    city, _ = rng.choice(CITIES)
    return {
        "name": f"Store {number} {city}",
        "city": city,
        "region": rng.choice(REGIONS),
        "store_type": rng.choice(STORE_TYPES),
    }


DIMENSIONS = {
    # feed: (key column, id format, count knob, full-record builder)
    "customers": ("customer_id", "C{:05d}", "customers", customer_fields),
    "products": ("product_id", "P{:04d}", "products", product_fields),
    "stores": ("store_id", "S{:03d}", "stores", store_fields),
}


def partial_change(rng: random.Random, full: dict) -> dict:
    """Some fields changed; a field left out or sent as null means unchanged."""
    names = list(full)
    chosen = rng.sample(names, k=rng.randint(1, min(3, len(names))))
    change = {name: full[name] for name in chosen}
    for name in rng.sample(names, k=rng.randint(0, 2)):
        if name not in change:
            change[name] = None  # explicit null: unchanged
    if "email" in change and change["email"] is None and rng.random() < 0.5:
        del change["email"]
    return change


def dimension_timelines(feed: str, knobs: Knobs, start: datetime, span: timedelta) -> list[Timeline]:
    key_column, id_format, count_knob, build = DIMENSIONS[feed]
    timelines = []
    for number in range(1, getattr(knobs, count_knob) + 1):
        rng = random.Random(f"{knobs.seed}/{feed}/{number}")
        key = id_format.format(number)
        timeline = Timeline(key)
        created = start - timedelta(days=30) + timedelta(days=29) * rng.random()
        timeline.changes.append((created, build(rng, knobs, number)))
        updates = sorted(start + span * rng.random() for _ in range(poisson(rng, knobs.updates_per_key)))
        deleted_at = start + span * rng.random() if rng.random() < knobs.delete_share else None
        for when in updates:
            if deleted_at is not None and when > deleted_at:
                break
            timeline.changes.append((when, partial_change(rng, build(rng, knobs, number))))
        if deleted_at is not None:
            timeline.changes.append((deleted_at, None))
            if rng.random() < knobs.recreate_share:
                recreated = deleted_at + (start + span - deleted_at) * rng.random()
                timeline.changes.append((recreated, build(rng, knobs, number)))
        timelines.append(timeline)
    return timelines


def poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0) if mean > 0 else 1.0
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


class Emitter:
    """Collects (arrival time, feed, line) for every feed."""

    def __init__(self, knobs: Knobs, rng: random.Random):
        self.knobs = knobs
        self.rng = rng
        self.arrivals: list[tuple[datetime, str, str]] = []

    def emit(self, received: datetime, feed: str, record: dict | str) -> None:
        line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
        self.arrivals.append((received, feed, line))

    def stamp(self, moment: datetime) -> str | int:
        return format_timestamp(moment, self.rng)

    def with_extra_versions(self, feed: str, record: dict, received: datetime, vary) -> None:
        """The record, and maybe a redelivery, a correction or a stale version of it."""
        rng, knobs = self.rng, self.knobs
        self.emit(received, feed, record)
        roll = rng.random()
        if roll < knobs.redelivery_share:
            self.emit(received + timedelta(minutes=rng.uniform(1, 600)), feed, record)
        elif roll < knobs.redelivery_share + knobs.correction_share:
            corrected_at = millis(received + timedelta(minutes=rng.uniform(1, 240)))
            self.emit(corrected_at, feed, {**vary(record), "ingest_time": self.stamp(corrected_at)})
        elif roll < knobs.redelivery_share + knobs.correction_share + knobs.stale_share:
            stale_at = millis(received - timedelta(minutes=rng.uniform(1, 240)))
            self.emit(received + timedelta(minutes=rng.uniform(1, 600)), feed,
                      {**vary(record), "ingest_time": self.stamp(stale_at)})


def dimension_records(emitter: Emitter, feed: str, timelines: list[Timeline], knobs: Knobs,
                      start: datetime) -> None:
    key_column = DIMENSIONS[feed][0]
    rng = emitter.rng
    for timeline in timelines:
        for index, (when, change) in enumerate(timeline.changes):
            updated_at = millis(when)
            if when < start:
                received = start - timedelta(minutes=rng.uniform(1, 60))  # the initial load
            elif rng.random() < knobs.dimension_late_share:
                received = when + timedelta(hours=rng.uniform(2, 48))
            else:
                received = when + timedelta(seconds=rng.uniform(1, 300))
            received = millis(received)
            record: dict = {key_column: timeline.key}
            if change is None:
                record["op"] = "delete"
            elif rng.random() < 0.5:
                record["op"] = "upsert"  # absent means upsert too
            record["updated_at"] = emitter.stamp(updated_at)
            record["ingest_time"] = emitter.stamp(received)
            if change is not None:
                record.update(change if index > 0 else {k: v for k, v in change.items() if v is not None})

            def vary(original: dict) -> dict:
                varied = dict(original)
                for name in [k for k in original if k not in (key_column, "op", "updated_at", "ingest_time")][:1]:
                    varied[name] = f"{original[name]}*" if isinstance(original[name], str) else original[name]
                return varied

            emitter.with_extra_versions(feed, record, received, vary)
        if rng.random() < knobs.invalid_share * 3:
            emitter.emit(start + timedelta(minutes=rng.uniform(0, 600)), feed,
                         invalid_dimension_line(rng, key_column, timeline.key, start))


def invalid_dimension_line(rng: random.Random, key_column: str, key: str, start: datetime) -> str:
    kind = rng.choice(INVALID_DIMENSION_KINDS)
    good = {key_column: key, "updated_at": start.strftime("%Y-%m-%d %H:%M:%S"),
            "ingest_time": start.strftime("%Y-%m-%d %H:%M:%S")}
    if kind == "not_json":
        return "{not json"
    if kind == "truncated":
        return json.dumps(good)[:20]
    if kind == "missing_key":
        del good[key_column]
    elif kind == "bad_updated_at":
        good["updated_at"] = rng.choice(["yesterday", "2025-02-30 10:00:00"])
    elif kind == "bad_op":
        good["op"] = "merge"
    elif kind == "missing_ingest_time":
        del good["ingest_time"]
    return json.dumps(good)


def live_keys(timelines: list[Timeline], moment: datetime) -> list[tuple[str, dict]]:
    return [(t.key, state) for t in timelines if (state := t.state_at(moment)) is not None]


def sales_records(emitter: Emitter, knobs: Knobs, start: datetime, span: timedelta,
                  dims: dict[str, list[Timeline]]) -> None:
    rng = emitter.rng
    sequence = 0
    transaction = 0
    lines_wanted = knobs.sales_per_day * knobs.days
    while sequence < lines_wanted:
        transaction += 1
        event_time = millis(start + span * rng.random())
        customers = live_keys(dims["customers"], event_time)
        products = live_keys(dims["products"], event_time)
        stores = live_keys(dims["stores"], event_time)
        if not (customers and products and stores):
            continue
        customer_id, _ = rng.choice(customers)
        store_id, _ = rng.choice(stores)
        payment = rng.choice(PAYMENT_METHODS)
        is_return = rng.random() < knobs.return_share
        for _ in range(rng.randint(1, 3)):
            sequence += 1
            line_id = f"SL-{knobs.seed}-{sequence:08d}"
            if rng.random() < knobs.invalid_share:
                emitter.emit(event_time + timedelta(seconds=30), "sales", invalid_sale_line(rng, line_id))
                continue
            product_id, product = rng.choice(products)
            quantity = rng.randint(1, 4)
            if is_return:
                quantity = -rng.randint(1, 2)
            discount: str | float = rng.choice(DISCOUNTS)
            if rng.random() < knobs.bad_discount_share:
                discount = rng.choice(["1.5", "-0.1"])
            elif rng.random() < 0.5:
                discount = float(discount)
            if rng.random() < knobs.late_share:
                received = event_time + timedelta(minutes=rng.uniform(10.5, max(11.0, knobs.late_max_minutes)))
            else:
                received = event_time + timedelta(seconds=rng.uniform(0, 540))
            received = millis(received)
            unit_price = product["list_price"]
            record = {
                "sale_line_id": line_id,
                "transaction_id": f"T-{knobs.seed}-{transaction:08d}",
                "customer_id": customer_id,
                "product_id": product_id,
                "store_id": store_id,
                "quantity": quantity,
                "unit_price": unit_price if rng.random() < 0.7 else f"{unit_price:.2f}",
                "discount": discount,
                "payment_method": payment,
                "event_time": emitter.stamp(event_time),
                "ingest_time": emitter.stamp(received),
            }

            def vary(original: dict, event_time: datetime = event_time) -> dict:
                varied = dict(original)
                varied["quantity"] = original["quantity"] + (1 if original["quantity"] > 0 else -1)
                if rng.random() < 0.3:
                    moved = millis(event_time + timedelta(days=rng.choice([-1, 1])))
                    varied["event_time"] = emitter.stamp(moved)
                return varied

            emitter.with_extra_versions("sales", record, received, vary)


def invalid_sale_line(rng: random.Random, line_id: str) -> str:
    kind = rng.choice(INVALID_SALE_KINDS)
    good = {"sale_line_id": line_id, "transaction_id": "T-x", "customer_id": "C00001", "product_id": "P0001",
            "store_id": "S001", "quantity": 1, "unit_price": 10, "discount": 0, "payment_method": "card",
            "event_time": "2025-01-01 10:00:00", "ingest_time": "2025-01-01 10:00:05"}
    if kind == "not_json":
        return "sale line, not json"
    if kind == "missing_sale_line_id":
        del good["sale_line_id"]
    elif kind == "missing_customer_id":
        good["customer_id"] = ""
    elif kind == "bad_event_time":
        good["event_time"] = "2025-01-01"
    elif kind == "missing_ingest_time":
        del good["ingest_time"]
    elif kind == "zero_quantity":
        good["quantity"] = rng.choice([0, 1.5, "two"])
    elif kind == "bad_unit_price":
        good["unit_price"] = rng.choice([-3, "free"])
    elif kind == "bad_payment_method":
        good["payment_method"] = "cheque"
    return json.dumps(good)


def build_arrivals(knobs: Knobs) -> list[tuple[datetime, str, str]]:
    """Every line of every feed with the time it arrives, in arrival order."""
    start = datetime.fromisoformat(knobs.start_date).replace(tzinfo=timezone.utc)
    span = timedelta(days=knobs.days)
    emitter = Emitter(knobs, random.Random(f"{knobs.seed}/retail"))
    dims = {feed: dimension_timelines(feed, knobs, start, span) for feed in DIMENSIONS}
    for feed, timelines in dims.items():
        dimension_records(emitter, feed, timelines, knobs, start)
    sales_records(emitter, knobs, start, span, dims)
    return sorted(emitter.arrivals, key=lambda arrival: arrival[0])


def produce_batches(landing_dir: Path, knobs: Knobs) -> list[list[Path]]:
    """Land the history as `batches` files per feed (arrival windows); the files of each batch."""
    start = datetime.fromisoformat(knobs.start_date).replace(tzinfo=timezone.utc)
    arrivals = build_arrivals(knobs)
    batch_count = max(1, knobs.batches)
    window = timedelta(days=knobs.days) / batch_count
    grouped: list[dict[str, list[str]]] = [{feed: [] for feed in FEEDS} for _ in range(batch_count)]
    for received, feed, line in arrivals:
        index = min(batch_count - 1, max(0, int((received - start) / window)))
        grouped[index][feed].append(line)
    batches = []
    for index, feeds in enumerate(grouped):
        rng = random.Random(f"{knobs.seed}/retail-file/{index}")
        first = start + window * index
        files = []
        for feed in FEEDS:
            if not feeds[feed]:
                continue
            name = f"{first:%Y/%m/%d}/{rng.getrandbits(32):08x}-{feed}-batch-{index:04d}.jsonl"
            files.append(write_file(landing_dir, feed, name, feeds[feed], rng.random() < knobs.gzip_share))
        batches.append(files)
    return batches


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Knobs]:
    defaults = Knobs()
    parser = KnobParser(__doc__, defaults)
    parser.add_knobs(("customers", "products", "stores", "sales_per_day", "batches", "late_max_minutes"), positive)
    parser.add_argument("--updates-per-key", type=float, default=defaults.updates_per_key)
    parser.add_knobs(("delete_share", "recreate_share", "dimension_late_share", "late_share", "redelivery_share",
                      "correction_share", "stale_share", "invalid_share", "return_share", "bad_discount_share",
                      "null_email_share", "gzip_share"), share)
    return parser.parse_knobs(argv)


def main(argv: list[str] | None = None) -> int:
    args, knobs = parse_args(argv)
    landing_dir = Path(args.landing_dir)
    batches = produce_batches(landing_dir, knobs)
    print(f"landed {sum(len(files) for files in batches)} files in {len(batches)} batches under "
          f"{landing_dir}/{{{','.join(FEEDS)}}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
