"""Land a synthetic orders change feed: out of order, duplicated, corrected, broken.

Every order is inserted (`placed`), then moves through `paid`, `shipped`,
`delivered` or ends `cancelled`; some are deleted and a few re-created.
Each change carries a `sequence_num` (the order of changes, unique per
order) and `updated_at`; the collector's `ingest_time` comes later, sometimes
much later, so changes arrive out of sequence order, several of one order
in one file. Updates often carry only the fields that changed (the rest
missing or null, meaning "unchanged"). Same landing conventions as events:
JSON Lines under `$LANDING_DIR/orders/`, some gzip-compressed, written under
a hidden name then renamed. Output is a pure function of the seed and knobs.

    produce_orders.py --days 7 --orders-per-day 60 --batches 4
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from landing_writer import CommonKnobs, KnobParser, format_timestamp, positive, share, write_file

FEED = "orders"
LIFECYCLE = ["placed", "paid", "shipped", "delivered"]
INVALID_KINDS = [
    "not_json",
    "json_array",
    "missing_order_id",
    "bad_op",
    "missing_sequence_num",
    "bad_sequence_num",
    "bad_updated_at",
    "missing_ingest_time",
    "bad_status",
    "bad_amount",
    "bad_quantity",
    "bad_order_time",
]


@dataclass
class Knobs(CommonKnobs):
    orders_per_day: int = 60
    customers: int = 200
    cancel_share: float = 0.15  # orders that end cancelled
    delete_share: float = 0.05  # orders deleted after their last status
    reinsert_share: float = 0.4  # of deleted orders: created again later
    touch_share: float = 0.15  # extra updates that change only updated_at
    partial_update_share: float = 0.6  # updates carrying only status (other fields missing or null)
    amount_change_share: float = 0.1  # updates that also change amount and quantity
    late_share: float = 0.2  # changes received hours or days after they happened
    duplicate_share: float = 0.08  # changes delivered again, identical
    correction_share: float = 0.04  # same change re-sent later with another amount
    invalid_share: float = 0.03  # malformed lines
    gzip_share: float = 0.3
    batches: int = 4


@dataclass
class Change:
    order_id: str
    step: int  # position in the order's own life, orders changes before sequencing
    record: dict  # without sequence_num and ingest_time
    updated_at: datetime


def money(rng: random.Random) -> float:
    return round(rng.uniform(5, 500), 2)


def order_changes(knobs: Knobs, rng: random.Random, order_id: str, placed_at: datetime) -> list[Change]:
    """The changes of one order, in the order they happened."""
    customer_id = f"C{rng.randrange(1, knobs.customers + 1):05d}"
    amount, quantity = money(rng), rng.randint(1, 5)
    changes: list[Change] = []
    moment = placed_at

    def add(record: dict) -> None:
        # whole seconds: every timestamp form then names the same instant
        changes.append(Change(order_id, len(changes), {"order_id": order_id, **record},
                              moment.replace(microsecond=0)))

    def full(status: str, op: str) -> dict:
        return {"op": op, "status": status, "customer_id": customer_id, "amount": amount,
                "quantity": quantity, "order_time": placed_at}

    add(full("placed", "insert"))
    last_step = rng.randint(0, len(LIFECYCLE) - 1)
    cancel_at = rng.randint(1, 2) if rng.random() < knobs.cancel_share else None
    for position in range(1, len(LIFECYCLE)):
        status = "cancelled" if position == cancel_at else LIFECYCLE[position]
        if position > last_step and status != "cancelled":
            break
        moment += timedelta(minutes=rng.uniform(5, 36 * 60))
        if rng.random() < knobs.touch_share:
            add({"op": "update", "status": None if rng.random() < 0.5 else changes[-1].record.get("status")})
            moment += timedelta(minutes=rng.uniform(1, 60))
        if rng.random() < knobs.amount_change_share:
            amount, quantity = money(rng), rng.randint(1, 5)
            add({"op": "update", "status": status, "amount": amount, "quantity": quantity})
        elif rng.random() < knobs.partial_update_share:
            add({"op": "update", "status": status, **({"amount": None} if rng.random() < 0.3 else {})})
        else:
            add(full(status, "update"))
        if status == "cancelled":
            break
    if rng.random() < knobs.delete_share:
        moment += timedelta(hours=rng.uniform(1, 48))
        add({"op": "delete"})
        if rng.random() < knobs.reinsert_share:
            moment += timedelta(hours=rng.uniform(1, 24))
            amount = money(rng)
            add(full("placed", "insert"))
    return changes


def wire_record(change: Change, sequence_num: int, ingest_time: datetime, rng: random.Random) -> dict:
    """The JSON object as the collector would send it."""
    record = {"order_id": change.order_id, "op": change.record["op"], "sequence_num": sequence_num}
    for field in ("status", "customer_id", "amount", "quantity"):
        if field in change.record:
            value = change.record[field]
            if field == "amount" and value is not None and rng.random() < 0.2:
                value = f"{value:.2f}"
            record[field] = value
    if change.record.get("order_time") is not None:
        record["order_time"] = format_timestamp(change.record["order_time"], rng)
    record["updated_at"] = format_timestamp(change.updated_at, rng)
    record["ingest_time"] = format_timestamp(ingest_time, rng)
    return record


def invalid_line(rng: random.Random, good: dict) -> str:
    kind = rng.choice(INVALID_KINDS)
    broken = dict(good)
    if kind == "not_json":
        return "{order_id: not json"
    if kind == "json_array":
        return json.dumps([good])
    if kind == "missing_order_id":
        del broken["order_id"]
    elif kind == "bad_op":
        broken["op"] = rng.choice(["upsert", "DELETE", ""])
    elif kind == "missing_sequence_num":
        del broken["sequence_num"]
    elif kind == "bad_sequence_num":
        broken["sequence_num"] = rng.choice(["12a", 1.5, -3])
    elif kind == "bad_updated_at":
        broken["updated_at"] = rng.choice(["tomorrow", "2025-02-30T10:00:00Z"])
    elif kind == "missing_ingest_time":
        del broken["ingest_time"]
    elif kind == "bad_status":
        broken["status"] = rng.choice(["lost", "PAID"])
    elif kind == "bad_amount":
        broken["amount"] = rng.choice(["ten", -5, True])
    elif kind == "bad_quantity":
        broken["quantity"] = rng.choice([0, 1.5, "two"])
    elif kind == "bad_order_time":
        broken["order_time"] = "2025-01-03"
    return json.dumps(broken)


def build_arrivals(knobs: Knobs) -> list[tuple[datetime, str]]:
    """Every line of the feed with its arrival time, sorted by arrival."""
    rng = random.Random(f"{knobs.seed}/orders")
    start = datetime.fromisoformat(knobs.start_date).replace(tzinfo=timezone.utc)
    changes: list[Change] = []
    serial = 0
    for day in range(knobs.days):
        for _ in range(knobs.orders_per_day):
            serial += 1
            placed_at = start + timedelta(days=day, seconds=rng.uniform(0, 86400))
            placed_at = placed_at.replace(microsecond=0)
            changes.extend(order_changes(knobs, rng, f"O{knobs.seed:03d}-{serial:06d}", placed_at))
    # the source system's log position: increasing with time across all orders
    changes.sort(key=lambda change: (change.updated_at, change.order_id, change.step))
    arrivals: list[tuple[datetime, str]] = []
    for position, change in enumerate(changes):
        sequence_num = 1000 + position
        if rng.random() < knobs.late_share:
            delay = timedelta(hours=rng.uniform(2, 72))
        else:
            delay = timedelta(seconds=rng.uniform(1, 600))
        received = change.updated_at + delay
        record = wire_record(change, sequence_num, received, rng)
        if rng.random() < knobs.invalid_share:
            arrivals.append((received, invalid_line(rng, record)))
            continue
        arrivals.append((received, json.dumps(record)))
        roll = rng.random()
        if roll < knobs.duplicate_share:
            arrivals.append((received + timedelta(minutes=rng.uniform(1, 2000)), json.dumps(record)))
        elif roll < knobs.duplicate_share + knobs.correction_share and record.get("amount") is not None:
            corrected_at = received + timedelta(minutes=rng.uniform(1, 2000))
            corrected = {**record, "amount": money(rng), "ingest_time": format_timestamp(corrected_at, rng)}
            arrivals.append((corrected_at, json.dumps(corrected)))
    arrivals.sort(key=lambda arrival: arrival[0])
    return arrivals


def produce_orders(landing_dir: Path, knobs: Knobs) -> list[Path]:
    """Land the whole feed as `batches` files, in arrival order; returns the files."""
    arrivals = build_arrivals(knobs)
    batch_count = max(1, knobs.batches)
    size = -(-len(arrivals) // batch_count) if arrivals else 0
    files = []
    for index in range(batch_count):
        chunk = arrivals[index * size:(index + 1) * size]
        rng = random.Random(f"{knobs.seed}/orders/file/{index}")
        first = chunk[0][0] if chunk else datetime.fromisoformat(knobs.start_date)
        name = f"{first:%Y/%m/%d}/{rng.getrandbits(32):08x}-orders-{knobs.seed}-{index:04d}.jsonl"
        files.append(write_file(landing_dir, FEED, name, [line for _, line in chunk],
                                rng.random() < knobs.gzip_share))
    return files


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Knobs]:
    defaults = Knobs()
    parser = KnobParser(__doc__, defaults)
    parser.add_knobs(("orders_per_day", "customers", "batches"), positive)
    parser.add_knobs([name for name, value in asdict(defaults).items() if isinstance(value, float)], share)
    return parser.parse_knobs(argv)


def main(argv: list[str] | None = None) -> int:
    args, knobs = parse_args(argv)
    landing_dir = Path(args.landing_dir)
    files = produce_orders(landing_dir, knobs)
    print(f"landed {len(files)} files under {landing_dir / FEED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
