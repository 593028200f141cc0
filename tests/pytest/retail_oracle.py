"""The judge of the retail feeds: their contract in plain Python, over the landed files.

Shares no code with the pipeline (it reuses only the events oracle's reading
of files, JSON values and timestamps). From every visible landed file of the
customers, products, stores and sales feeds it computes the change records,
each dimension's current state and SCD2 history (AUTO CDC semantics), the
current version of every sale line, and what the retail gold marts must hold.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from oracle import EXTENSIONS, RawNumber, as_text, file_lines, line_reason, parse_amount, parse_timestamp, percentage

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
DEFAULT_SALT = "lakehouse-events-demo-salt"
CENT = Decimal("0.01")
DIMENSIONS = {
    # feed: (key column, attribute columns as silver names, JSON field of each)
    "customers": ("customer_id", {
        "first_name": "first_name", "last_name": "last_name", "email": "email", "phone": "phone",
        "birth_date": "birth_date", "city": "city", "country": "country", "loyalty_tier": "loyalty_tier",
    }),
    "products": ("product_id", {"product_name": "name", "category": "category", "brand": "brand",
                                "list_price": "list_price"}),
    "stores": ("store_id", {"store_name": "name", "city": "city", "region": "region",
                            "store_type": "store_type"}),
}
PAYMENT_METHODS = ("cash", "card", "mobile", "gift_card")
DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
QUANTITY_TEXT = re.compile(r"^-?[0-9]{1,9}$")


@dataclass(frozen=True)
class Change:
    key: str
    updated_at: datetime
    is_delete: bool
    values: dict  # attribute -> value (None: unchanged)
    ingest_time: datetime
    record_hash: str


@dataclass(frozen=True)
class Version:
    key: str
    start_at: datetime
    end_at: datetime | None
    values: dict


@dataclass(frozen=True)
class SaleLine:
    sale_line_id: str
    transaction_id: str
    customer_id: str
    product_id: str
    store_id: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    payment_method: str
    event_time: datetime
    ingest_time: datetime
    record_hash: str

    @property
    def sale_date(self) -> date:
        return self.event_time.date()

    @property
    def is_return(self) -> bool:
        return self.quantity < 0

    @property
    def revenue(self) -> Decimal:
        """quantity * unit_price * (1 - discount), rounded half up to cents: negative for a return."""
        return (self.quantity * self.unit_price * (1 - self.discount)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class FeedState:
    bronze_rows: int = 0
    valid_rows: int = 0
    quarantine: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    winners: dict = field(default_factory=dict)  # version key -> Change | SaleLine


def landed_files(landing_dir: Path, feed: str) -> list[Path]:
    root = landing_dir / feed
    if not root.exists():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if any(part.startswith(("_", ".")) for part in path.relative_to(root).parts):
            continue
        if path.is_file() and path.name.endswith(EXTENSIONS):
            found.append(path)
    return found


def landed_lines(landing_dir: Path, feed: str):
    for path in landed_files(landing_dir, feed):
        for line in file_lines(path):
            if line.strip(" "):
                yield line


def line_hash(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def parse_record(line: str) -> dict | None:
    try:
        record = json.loads(line, parse_float=RawNumber, parse_int=RawNumber)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def judge_times(record: dict, sequence_field: str) -> tuple[tuple[datetime, datetime] | None, str | None]:
    sequence_text, ingest_text = as_text(record.get(sequence_field)), as_text(record.get("ingest_time"))
    if sequence_text is None:
        return None, f"missing_{sequence_field}"
    sequence = parse_timestamp(sequence_text)
    if sequence is None:
        return None, f"invalid_{sequence_field}"
    if ingest_text is None:
        return None, "missing_ingest_time"
    ingest_time = parse_timestamp(ingest_text)
    if ingest_time is None:
        return None, "invalid_ingest_time"
    return (sequence, ingest_time), None


def judge_change(feed: str, line: str) -> tuple[Change | None, str | None]:
    key_column, attributes = DIMENSIONS[feed]
    if reason := line_reason(line):
        return None, reason
    record = parse_record(line)
    if record is None:
        return None, "not_a_json_object"
    key = as_text(record.get(key_column))
    if not (key or "").strip(" "):
        return None, f"missing_{key_column}"
    op = as_text(record.get("op"))
    op = "upsert" if op is None else op
    if op not in ("upsert", "delete"):
        return None, "invalid_op"
    times, reason = judge_times(record, "updated_at")
    if reason:
        return None, reason
    values = {name: as_text(record.get(json_field)) for name, json_field in attributes.items()}
    if feed == "customers" and values["birth_date"] is not None:
        birth = values["birth_date"]
        try:
            values["birth_date"] = date.fromisoformat(birth) if DATE_TEXT.match(birth) else None
        except ValueError:
            values["birth_date"] = None
        if values["birth_date"] is None:
            return None, "invalid_birth_date"
    if feed == "products" and values["list_price"] is not None:
        price = parse_amount(values["list_price"])
        if price is None or price < 0:
            return None, "invalid_list_price"
        values["list_price"] = price
    return Change(key, times[0], op == "delete", values, times[1], line_hash(line)), None


def parse_discount(text: str | None) -> Decimal | None:
    if text is None:
        return Decimal(0)
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return value if abs(value) < 10**5 else None


def judge_sale(line: str) -> tuple[SaleLine | None, str | None]:
    if reason := line_reason(line):
        return None, reason
    record = parse_record(line)
    if record is None:
        return None, "not_a_json_object"
    texts = {name: as_text(record.get(name)) for name in (
        "sale_line_id", "transaction_id", "customer_id", "product_id", "store_id", "quantity", "unit_price",
        "discount", "payment_method")}
    for name in ("sale_line_id", "transaction_id", "customer_id", "product_id", "store_id"):
        if not (texts[name] or "").strip(" "):
            return None, f"missing_{name}"
    times, reason = judge_times(record, "event_time")
    if reason:
        return None, reason
    quantity_text = texts["quantity"]
    if quantity_text is None or not QUANTITY_TEXT.match(quantity_text) or int(quantity_text) == 0:
        return None, "invalid_quantity"
    unit_price = parse_amount(texts["unit_price"]) if texts["unit_price"] is not None else None
    if unit_price is None or unit_price < 0:
        return None, "invalid_unit_price"
    discount = parse_discount(texts["discount"])
    if discount is None or not 0 <= discount <= 1:
        return None, "invalid_discount"
    if texts["payment_method"] not in PAYMENT_METHODS:
        return None, "invalid_payment_method"
    return SaleLine(texts["sale_line_id"], texts["transaction_id"], texts["customer_id"], texts["product_id"],
                    texts["store_id"], int(quantity_text), unit_price, discount, texts["payment_method"],
                    times[0], times[1], line_hash(line)), None


def newer(candidate, held) -> bool:
    return held is None or (candidate.ingest_time, candidate.record_hash) > (held.ingest_time, held.record_hash)


def read_feed(landing_dir: Path, feed: str) -> FeedState:
    state = FeedState()
    for line in landed_lines(landing_dir, feed):
        state.bronze_rows += 1
        if feed == "sales":
            item, reason = judge_sale(line)
            version_key = item.sale_line_id if item else None
        else:
            item, reason = judge_change(feed, line)
            version_key = (item.key, item.updated_at) if item else None
        if reason:
            state.quarantine[reason] += 1
            continue
        state.valid_rows += 1
        if newer(item, state.winners.get(version_key)):
            state.winners[version_key] = item
    state.quarantine = dict(state.quarantine)
    return state


def changes_by_key(changes: dict) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes.values():
        grouped[change.key].append(change)
    for members in grouped.values():
        members.sort(key=lambda change: change.updated_at)
    return grouped


def current_state(changes: dict) -> dict[str, dict]:
    """key -> fields (latest non-null since the last delete) and updated_at; deleted keys absent."""
    state = {}
    for key, members in changes_by_key(changes).items():
        fields: dict | None = None
        updated_at = None
        for change in members:
            if change.is_delete:
                fields = None
                continue
            fields = dict(fields or {name: None for name in change.values})
            fields.update({name: value for name, value in change.values.items() if value is not None})
            updated_at = change.updated_at
        if fields is not None:
            state[key] = {**fields, "updated_at": updated_at}
    return state


def history(changes: dict) -> list[Version]:
    """SCD2 versions (AUTO CDC: ignore null updates, deletes close, equal states merge)."""
    versions = []
    for key, members in changes_by_key(changes).items():
        open_values: dict | None = None
        open_since = None
        for change in members:
            if change.is_delete:
                if open_values is not None:
                    versions.append(Version(key, open_since, change.updated_at, open_values))
                open_values = None
                continue
            base = open_values or {name: None for name in change.values}
            values = {**base, **{name: value for name, value in change.values.items() if value is not None}}
            if open_values is None:
                open_values, open_since = values, change.updated_at
            elif values != open_values:
                versions.append(Version(key, open_since, change.updated_at, open_values))
                open_values, open_since = values, change.updated_at
        if open_values is not None:
            versions.append(Version(key, open_since, None, open_values))
    return versions


def version_at(versions_of_key: list[Version], moment: datetime) -> Version | None:
    for version in versions_of_key:
        if version.start_at <= moment and (version.end_at is None or moment < version.end_at):
            return version
    return None


def micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def version_key(key: str, version: Version | None) -> str | None:
    if version is None:
        return None
    return hashlib.sha256(f"{key}|{micros(version.start_at)}".encode()).hexdigest()


def hashed(value: str | None, salt: str = DEFAULT_SALT) -> str | None:
    return None if value is None else hashlib.sha256(f"{salt}|{value}".encode()).hexdigest()


def hashed_email(email: str | None) -> str | None:
    return None if email is None else hashed(email.strip(" ").lower())


def hashed_phone(phone: str | None) -> str | None:
    return None if phone is None else hashed(re.sub(r"[^0-9+]", "", phone))


@dataclass
class Expected:
    feeds: dict[str, FeedState]
    current: dict[str, dict[str, dict]]  # dimension -> key -> fields
    history: dict[str, list[Version]]  # dimension -> versions
    sales: dict[str, SaleLine]


def expected_state(landing_dir: Path) -> Expected:
    feeds = {feed: read_feed(landing_dir, feed) for feed in (*DIMENSIONS, "sales")}
    return Expected(
        feeds=feeds,
        current={dim: current_state(feeds[dim].winners) for dim in DIMENSIONS},
        history={dim: history(feeds[dim].winners) for dim in DIMENSIONS},
        sales=dict(feeds["sales"].winners),
    )


def gold_sales(expected: Expected) -> dict[tuple, dict]:
    by_key = {dim: defaultdict(list) for dim in DIMENSIONS}
    for dim, versions in expected.history.items():
        for version in versions:
            by_key[dim][version.key].append(version)
    rows = {}
    for sale in expected.sales.values():
        customer = version_at(by_key["customers"][sale.customer_id], sale.event_time)
        product = version_at(by_key["products"][sale.product_id], sale.event_time)
        store = version_at(by_key["stores"][sale.store_id], sale.event_time)
        customer_values = customer.values if customer else {}
        product_values = product.values if product else {}
        store_values = store.values if store else {}
        rows[(sale.sale_line_id,)] = {
            "transaction_id": sale.transaction_id,
            "customer_id": sale.customer_id,
            "product_id": sale.product_id,
            "store_id": sale.store_id,
            "customer_version_key": version_key(sale.customer_id, customer),
            "product_version_key": version_key(sale.product_id, product),
            "store_version_key": version_key(sale.store_id, store),
            "sale_date": sale.sale_date,
            "payment_method": sale.payment_method,
            "is_return": sale.is_return,
            "customer_email_hash": hashed_email(customer_values.get("email")),
            "customer_phone_hash": hashed_phone(customer_values.get("phone")),
            "customer_city": customer_values.get("city"),
            "customer_loyalty_tier": customer_values.get("loyalty_tier"),
            "product_name": product_values.get("product_name"),
            "product_category": product_values.get("category"),
            "product_list_price": product_values.get("list_price"),
            "store_name": store_values.get("store_name"),
            "store_region": store_values.get("region"),
            "quantity": sale.quantity,
            "unit_price": sale.unit_price,
            "discount": sale.discount,
            "revenue": sale.revenue,
            "event_time": sale.event_time.replace(tzinfo=None),
        }
    return rows


def daily_store_performance(sales: dict[str, SaleLine]) -> dict[tuple, dict]:
    groups: dict[tuple, list[SaleLine]] = defaultdict(list)
    for sale in sales.values():
        groups[(sale.sale_date, sale.store_id)].append(sale)
    return {
        key: {
            "revenue": sum((sale.revenue for sale in members), Decimal("0.00")),
            "returned_revenue": sum((sale.revenue for sale in members if sale.is_return), Decimal("0.00")),
            "transactions": len({sale.transaction_id for sale in members}),
            "items_sold": sum(sale.quantity for sale in members if not sale.is_return),
            "unique_customers": len({sale.customer_id for sale in members}),
            "return_lines": sum(1 for sale in members if sale.is_return),
            "returned_items": -sum(sale.quantity for sale in members if sale.is_return),
        }
        for key, members in groups.items()
    }


def product_performance(expected: Expected) -> dict[tuple, dict]:
    latest: dict[str, Version] = {}
    for version in expected.history["products"]:
        if version.key not in latest or version.start_at > latest[version.key].start_at:
            latest[version.key] = version
    groups: dict[str, list[SaleLine]] = defaultdict(list)
    for sale in expected.sales.values():
        groups[sale.product_id].append(sale)
    rows = {}
    for product_id, members in groups.items():
        items_sold = sum(sale.quantity for sale in members if not sale.is_return)
        returned = -sum(sale.quantity for sale in members if sale.is_return)
        values = latest[product_id].values if product_id in latest else {}
        rows[(product_id,)] = {
            "product_name": values.get("product_name"),
            "category": values.get("category"),
            "revenue": sum((sale.revenue for sale in members), Decimal("0.00")),
            "net_quantity": sum(sale.quantity for sale in members),
            "items_sold": items_sold,
            "returned_items": returned,
            "orders": len({sale.transaction_id for sale in members}),
            "return_rate_pct": percentage(returned, items_sold) if items_sold else None,
        }
    return rows


def customer_lifetime_value(sales: dict[str, SaleLine]) -> dict[tuple, dict]:
    groups: dict[str, list[SaleLine]] = defaultdict(list)
    for sale in sales.values():
        groups[sale.customer_id].append(sale)
    rows = {}
    for customer_id, members in groups.items():
        purchases = [sale for sale in members if not sale.is_return]
        total = sum((sale.revenue for sale in members), Decimal("0.00"))
        orders = len({sale.transaction_id for sale in purchases})
        rows[(customer_id,)] = {
            "total_spend": total,
            "orders": orders,
            "return_transactions": len({sale.transaction_id for sale in members if sale.is_return}),
            "average_order_value": (total / orders).quantize(CENT, rounding=ROUND_HALF_UP) if orders else None,
            "first_purchase_at": min(sale.event_time for sale in purchases).replace(tzinfo=None) if purchases else None,
            "last_purchase_at": max(sale.event_time for sale in purchases).replace(tzinfo=None) if purchases else None,
        }
    return rows


def dim_date(sales: dict[str, SaleLine]) -> dict[tuple, dict]:
    if not sales:
        return {}
    first = min(sale.sale_date for sale in sales.values())
    last = max(sale.sale_date for sale in sales.values())
    rows = {}
    day = first
    while day <= last:
        rows[(day,)] = {
            "year_number": day.year,
            "quarter_number": (day.month - 1) // 3 + 1,
            "month_number": day.month,
            "month_name": day.strftime("%B"),
            "iso_week_number": day.isocalendar()[1],
            "week_start_date": day - timedelta(days=day.weekday()),
            "weekday_number": day.isoweekday(),
            "weekday_name": day.strftime("%A"),
            "is_weekend": day.isoweekday() >= 6,
        }
        day += timedelta(days=1)
    return rows
