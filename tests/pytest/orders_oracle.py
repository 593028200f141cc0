"""The judge for the orders feed, in plain Python over the landed files.

Applies the feed's validity rules, keeps one record per (order_id,
sequence_num) (latest ingest_time, then content hash), replays each order's
changes in sequence order with AUTO CDC's SCD2 rules, and computes
gold_daily_orders. Shares no code with the pipeline; the parsing helpers of
the events oracle describe how Spark reads JSON and timestamps.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from oracle import EPOCH, EXTENSIONS, RawNumber, as_text, file_lines, line_reason, parse_amount, parse_timestamp

OPS = ("insert", "update", "delete")
STATUSES = ("placed", "paid", "shipped", "delivered", "cancelled")
SEQUENCE = re.compile(r"^[0-9]{1,18}$")
QUANTITY = re.compile(r"^[0-9]{1,9}$")
# columns whose change opens a version; updated_at is kept but not tracked
TRACKED = ("status", "customer_id", "amount", "quantity", "order_time")
FILLED = (*TRACKED, "updated_at")


@dataclass(frozen=True)
class Change:
    order_id: str
    sequence_num: int
    op: str
    status: str | None
    customer_id: str | None
    amount: Decimal | None
    quantity: int | None
    order_time: datetime | None
    updated_at: datetime
    ingest_time: datetime
    record_hash: str


@dataclass(frozen=True)
class Version:
    order_id: str
    status: str | None
    customer_id: str | None
    amount: Decimal | None
    quantity: int | None
    order_time: datetime | None
    updated_at: datetime
    start_at: int
    end_at: int | None

    @property
    def order_date(self) -> date | None:
        return self.order_time.date() if self.order_time else None


def landed_files(landing_dir: Path) -> list[Path]:
    root = landing_dir / "orders"
    if not root.exists():
        return []
    return [
        path for path in sorted(root.rglob("*"))
        if path.is_file() and path.name.endswith(EXTENSIONS)
        and not any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)
    ]


def micros(moment: datetime | None) -> str:
    return "" if moment is None else str((moment - EPOCH) // timedelta(microseconds=1))


def judge(line: str) -> tuple[Change | None, str | None]:
    """A valid change, or the first rule the record breaks."""
    if reason := line_reason(line):
        return None, reason
    try:
        record = json.loads(line, parse_float=RawNumber, parse_int=RawNumber)
    except ValueError:
        return None, "not_a_json_object"
    if not isinstance(record, dict):
        return None, "not_a_json_object"
    text = {field: as_text(record.get(field)) for field in (
        "order_id", "op", "sequence_num", "status", "customer_id", "amount", "quantity",
        "order_time", "updated_at", "ingest_time")}
    if not (text["order_id"] or "").strip(" "):
        return None, "missing_order_id"
    if not (text["op"] or "").strip(" "):
        return None, "missing_op"
    if text["op"] not in OPS:
        return None, "invalid_op"
    if text["sequence_num"] is None:
        return None, "missing_sequence_num"
    if not SEQUENCE.match(text["sequence_num"]):
        return None, "invalid_sequence_num"
    updated_at, ingest_time = parse_timestamp(text["updated_at"]), parse_timestamp(text["ingest_time"])
    if text["updated_at"] is None:
        return None, "missing_updated_at"
    if updated_at is None:
        return None, "invalid_updated_at"
    if text["ingest_time"] is None:
        return None, "missing_ingest_time"
    if ingest_time is None:
        return None, "invalid_ingest_time"
    if text["status"] is not None and text["status"] not in STATUSES:
        return None, "invalid_status"
    amount = None
    if text["amount"] is not None:
        amount = parse_amount(text["amount"])
        if amount is None or amount < 0:
            return None, "invalid_amount"
    quantity = None
    if text["quantity"] is not None:
        if not QUANTITY.match(text["quantity"]) or int(text["quantity"]) <= 0:
            return None, "invalid_quantity"
        quantity = int(text["quantity"])
    order_time = parse_timestamp(text["order_time"])
    if text["order_time"] is not None and order_time is None:
        return None, "invalid_order_time"
    content = "|".join([
        text["op"],
        text["status"] or "",
        text["customer_id"] or "",
        "" if amount is None else f"{amount:.2f}",
        "" if quantity is None else str(quantity),
        micros(order_time),
        micros(updated_at),
    ])
    return Change(text["order_id"], int(text["sequence_num"]), text["op"], text["status"], text["customer_id"],
                  amount, quantity, order_time, updated_at, ingest_time,
                  hashlib.sha256(content.encode("utf-8")).hexdigest()), None


@dataclass
class Expected:
    bronze_rows: int
    quarantine: dict[str, int]  # reason -> lines
    changes: dict[tuple[str, int], Change]  # (order_id, sequence_num) -> record kept
    history: dict[str, list[Version]]  # order_id -> versions by start


def expected_state(landing_dir: Path) -> Expected:
    bronze_rows = 0
    quarantine: dict[str, int] = defaultdict(int)
    changes: dict[tuple[str, int], Change] = {}
    for path in landed_files(landing_dir):
        for line in file_lines(path):
            if not line.strip(" "):
                continue
            bronze_rows += 1
            change, reason = judge(line)
            if reason:
                quarantine[reason] += 1
                continue
            key = (change.order_id, change.sequence_num)
            held = changes.get(key)
            if held is None or (change.ingest_time, change.record_hash) > (held.ingest_time, held.record_hash):
                changes[key] = change
    return Expected(bronze_rows, dict(quarantine), changes, history(changes.values()))


def history(changes) -> dict[str, list[Version]]:
    """Replay each order's changes in sequence order (AUTO CDC, SCD type 2)."""
    by_order: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_order[change.order_id].append(change)
    result = {}
    for order_id, order_changes in by_order.items():
        versions: list[dict] = []
        open_version: dict | None = None
        for change in sorted(order_changes, key=lambda c: c.sequence_num):
            if change.op == "delete":
                if open_version is not None:
                    open_version["end_at"] = change.sequence_num
                    open_version = None
                continue
            values = {field: getattr(change, field) for field in FILLED}
            if open_version is not None:
                # a null update keeps the value the order had
                values = {field: open_version[field] if value is None else value for field, value in values.items()}
                if all(values[field] == open_version[field] for field in TRACKED):
                    open_version["updated_at"] = values["updated_at"]
                    continue
                open_version["end_at"] = change.sequence_num
            open_version = {**values, "start_at": change.sequence_num, "end_at": None}
            versions.append(open_version)
        if versions:
            result[order_id] = [Version(order_id=order_id, **version) for version in versions]
    return result


def daily_orders(history_by_order: dict[str, list[Version]]) -> dict[tuple, dict]:
    """gold_daily_orders: current versions of live orders with a known order date."""
    rows: dict[tuple, dict] = {}
    for versions in history_by_order.values():
        current = versions[-1]
        if current.end_at is not None or current.order_date is None:
            continue
        row = rows.setdefault((current.order_date, current.status or "unknown"),
                              {"distinct_orders": 0, "revenue": Decimal("0.00"), "quantity": 0})
        row["distinct_orders"] += 1
        row["revenue"] += current.amount or Decimal(0)
        row["quantity"] += current.quantity or 0
    return rows
