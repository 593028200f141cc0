"""The orders change feed end to end, judged by orders_oracle after every run.

Files land in shuffled order over several runs (so changes arrive out of
sequence order, duplicated, corrected, several of one order per file); a
hand-made file adds a change slotted between two versions, a correction that
moves an order to another date, and a whole insert/update/delete/re-insert
life in one batch. After every run the quarantine, the changes, the history
and gold_daily_orders must equal the oracle's; at the end an incremental
result must equal a rebuild from scratch.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

import orders_oracle
from produce_orders import Knobs, produce_orders

SCHEMA = "orders_itest"
# this scenario's feeds: dbt selects their models only
FEEDS = ("orders",)
REBUILD_SCHEMA = "orders_rebuild"
KNOBS = Knobs(
    seed=5,
    start_date="2025-04-01",
    days=3,
    orders_per_day=35,
    customers=30,
    delete_share=0.1,
    late_share=0.3,
    duplicate_share=0.1,
    correction_share=0.06,
    invalid_share=0.04,
    gzip_share=0.5,
    batches=4,
)
ORDERS_TABLES = ("silver.silver_orders_changes", "silver.silver_orders_history", "gold.gold_daily_orders")


@pytest.fixture(scope="module")
def scenario(lakehouse, tmp_path_factory):
    staging = tmp_path_factory.mktemp("orders-staging")
    files = produce_orders(staging, KNOBS)
    order = list(files)
    random.Random(9).shuffle(order)
    return {"staging": staging, "landing": tmp_path_factory.mktemp("orders-landing"), "pending": order}


def land(scenario, count: int) -> None:
    for source in scenario["pending"][:count]:
        target = scenario["landing"] / source.relative_to(scenario["staging"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    del scenario["pending"][:count]


def land_lines(landing: Path, name: str, lines: list[str]) -> None:
    target = landing / "orders" / "manual" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    hidden = target.with_name("." + target.name)
    hidden.write_text("".join(line + "\n" for line in lines))
    hidden.rename(target)


def iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def history_rows(lakehouse, schema: str) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {}
    for row in lakehouse.spark.sql(
        f"select * from {schema}_silver.silver_orders_history order by order_id, __start_at"
    ).collect():
        assert row["is_current"] == (row["__end_at"] is None)
        rows.setdefault(row["order_id"], []).append((
            row["__start_at"], row["__end_at"], row["status"], row["customer_id"], row["amount"],
            row["quantity"], row["order_time"], row["order_date"], row["updated_at"],
        ))
    return rows


def oracle_history(expected: orders_oracle.Expected) -> dict[str, list[tuple]]:
    def naive(moment):
        return moment.replace(tzinfo=None) if moment else None

    return {
        order_id: [
            (v.start_at, v.end_at, v.status, v.customer_id, v.amount, v.quantity, naive(v.order_time),
             v.order_date, naive(v.updated_at))
            for v in versions
        ]
        for order_id, versions in expected.history.items()
    }


def gold_rows(lakehouse, schema: str) -> dict[tuple, dict]:
    return {
        (row["order_date"], row["status"]): {
            "distinct_orders": row["distinct_orders"], "revenue": row["revenue"], "quantity": row["quantity"],
        }
        for row in lakehouse.spark.sql(f"select * from {schema}_gold.gold_daily_orders").collect()
    }


def assert_matches_oracle(lakehouse, schema: str, landing: Path) -> orders_oracle.Expected:
    expected = orders_oracle.expected_state(landing)
    spark = lakehouse.spark
    assert spark.table(f"{schema}_bronze.bronze_orders").count() == expected.bronze_rows
    quarantine = {
        row["quarantine_reason"]: row["n"]
        for row in spark.sql(
            f"select quarantine_reason, count(*) as n from {schema}_silver.silver_orders_quarantine group by 1"
        ).collect()
    }
    assert quarantine == expected.quarantine
    changes = {
        (row["order_id"], row["sequence_num"]): row["record_hash"]
        for row in spark.sql(f"select * from {schema}_silver.silver_orders_changes").collect()
    }
    assert changes == {key: change.record_hash for key, change in expected.changes.items()}
    assert history_rows(lakehouse, schema) == oracle_history(expected)
    assert gold_rows(lakehouse, schema) == orders_oracle.daily_orders(expected.history)
    return expected


def test_first_files_match_the_oracle(lakehouse, scenario):
    land(scenario, 2)
    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    expected = assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])
    # the scenario exercises what it claims to
    assert sum(len(versions) > 2 for versions in expected.history.values()) > 5
    assert expected.quarantine


def test_later_files_with_out_of_order_changes_match_the_oracle(lakehouse, scenario):
    land(scenario, 1)
    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])


def test_slotted_change_moved_order_and_same_batch_life(lakehouse, scenario):
    expected = orders_oracle.expected_state(scenario["landing"])
    sequences: dict[str, list[int]] = {}
    for order_id, sequence_num in sorted(expected.changes):
        sequences.setdefault(order_id, []).append(sequence_num)
    # a change slotted between an order's first two changes, both versions
    slotted_order, versions = next(
        (order_id, versions) for order_id, versions in sorted(expected.history.items())
        if len(versions) >= 2 and sequences[order_id][:2] == [versions[0].start_at, versions[1].start_at]
        and versions[1].start_at - versions[0].start_at > 1
    )
    slot = versions[0].start_at + 1
    first = versions[0]
    lines = [json.dumps({
        "order_id": slotted_order, "op": "update", "sequence_num": slot, "status": "paid", "amount": "1.00",
        "updated_at": iso(first.updated_at + timedelta(seconds=1)),
        "ingest_time": iso(first.updated_at + timedelta(days=30)),
    })]
    # a correction of the insert of a live order that only ever had that
    # change, moving it to a date of its own
    moved_order = next(
        order_id for order_id, versions in sorted(expected.history.items())
        if order_id != slotted_order and len(sequences[order_id]) == 1 and versions[-1].end_at is None
        and expected.changes[(order_id, sequences[order_id][0])].order_time is not None
    )
    insert = expected.changes[(moved_order, sequences[moved_order][0])]
    moved_time = insert.order_time + timedelta(days=20)
    lines.append(json.dumps({
        "order_id": moved_order, "op": insert.op, "sequence_num": insert.sequence_num, "status": insert.status,
        "customer_id": insert.customer_id, "amount": str(insert.amount), "quantity": insert.quantity,
        "order_time": iso(moved_time), "updated_at": iso(insert.updated_at),
        "ingest_time": iso(insert.ingest_time + timedelta(days=30)),
    }))
    # the only change of a third order corrected into a delete: it is left
    # with no version, and incremental runs must drop its old one
    erased_order = next(
        order_id for order_id, versions in sorted(expected.history.items())
        if order_id not in (slotted_order, moved_order) and len(sequences[order_id]) == 1
    )
    erased = expected.changes[(erased_order, sequences[erased_order][0])]
    lines.append(json.dumps({
        "order_id": erased_order, "op": "delete", "sequence_num": erased.sequence_num,
        "updated_at": iso(erased.updated_at), "ingest_time": iso(erased.ingest_time + timedelta(days=30)),
    }))
    # a new order's whole life in one file, shuffled, with a duplicate
    life = [
        {"op": "insert", "sequence_num": 1, "status": "placed", "customer_id": "C00001", "amount": 10,
         "quantity": 1, "order_time": "2025-04-02T10:00:00Z"},
        {"op": "update", "sequence_num": 2, "status": "paid"},
        {"op": "update", "sequence_num": 3, "status": "paid", "quantity": None},
        {"op": "delete", "sequence_num": 4},
        {"op": "insert", "sequence_num": 5, "status": "placed", "amount": 12.5, "order_time": "2025-04-02T11:00:00Z"},
        {"op": "update", "sequence_num": 6, "status": "shipped"},
    ]
    life_lines = [
        json.dumps({"order_id": "O-life", **change, "updated_at": f"2025-04-02 12:00:0{change['sequence_num']}",
                    "ingest_time": "2025-04-02 13:00:00"})
        for change in life
    ]
    life_lines.append(life_lines[1])
    random.Random(1).shuffle(life_lines)
    land_lines(scenario["landing"], "extra-cases.jsonl", lines + life_lines)
    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    after = assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])
    slotted = after.history[slotted_order]
    assert [v.start_at for v in slotted[:2]] == [first.start_at, slot]
    assert slotted[0].end_at == slot
    assert after.history[moved_order][-1].order_date == moved_time.date()
    assert erased_order not in after.history
    assert [(v.start_at, v.end_at, v.status, v.quantity) for v in after.history["O-life"]] == [
        (1, 2, "placed", 1), (2, 4, "paid", 1), (5, 6, "placed", None), (6, None, "shipped", None),
    ]


def test_last_files_match_the_oracle_and_pass_the_data_tests(lakehouse, scenario):
    land(scenario, len(scenario["pending"]))
    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    assert_matches_oracle(lakehouse, SCHEMA, scenario["landing"])
    result = lakehouse.dbt("test", "-s", "silver_orders_changes", "silver_orders_history", "gold_daily_orders",
                           feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    statuses = {
        node.node.name: str(node.status) for node in result.result.results if node.node.resource_type == "test"
    }
    assert sum(name.startswith("scd2_") for name in statuses) == 3
    assert set(statuses.values()) == {"pass"}


def test_run_without_new_files_rewrites_nothing(lakehouse, scenario):
    tables = [f"{SCHEMA}_{table}" for table in ORDERS_TABLES]
    before = {table: lakehouse.delta_version(table) for table in tables}
    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=scenario["landing"])
    for table, version in before.items():
        assert lakehouse.file_actions_since(table, version) == [], f"{table} changed data files"


def test_incremental_equals_rebuild(lakehouse, scenario):
    lakehouse.dbt("run", "-s", "+gold_daily_orders", "silver_orders_quarantine",
                  feeds=FEEDS, schema=REBUILD_SCHEMA, landing=scenario["landing"])
    assert history_rows(lakehouse, REBUILD_SCHEMA) == history_rows(lakehouse, SCHEMA)
    assert gold_rows(lakehouse, REBUILD_SCHEMA) == gold_rows(lakehouse, SCHEMA)


def test_producer_is_deterministic_and_out_of_order(tmp_path):
    knobs = Knobs(seed=3, days=2, orders_per_day=30, batches=3)
    produce_orders(tmp_path / "one", knobs)
    produce_orders(tmp_path / "two", knobs)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two and len(one) == 3
    assert not [p for p in (tmp_path / "one").rglob(".*")], "no hidden file is left behind"
    # what the feed promises: changes out of sequence order, several of one
    # order in one file, duplicates, deletes, partial updates
    seen: dict[str, int] = {}
    out_of_order = several_in_one_file = 0
    for path in orders_oracle.landed_files(tmp_path / "one"):
        per_order: dict[str, int] = {}
        for line in orders_oracle.file_lines(path):
            change, _ = orders_oracle.judge(line) if line else (None, None)
            if change is None:
                continue
            per_order[change.order_id] = per_order.get(change.order_id, 0) + 1
            out_of_order += change.sequence_num < seen.get(change.order_id, -1)
            seen[change.order_id] = max(seen.get(change.order_id, -1), change.sequence_num)
        several_in_one_file += sum(count > 1 for count in per_order.values())
    expected = orders_oracle.expected_state(tmp_path / "one")
    assert out_of_order > 0 and several_in_one_file > 0
    assert expected.bronze_rows > len(expected.changes), "duplicates or corrections were landed"
    assert any(change.op == "delete" for change in expected.changes.values())
    assert any(change.op == "update" and change.amount is None for change in expected.changes.values())
