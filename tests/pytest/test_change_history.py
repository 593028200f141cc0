"""The change_history macro and the SCD2 generic tests on hand-made change rows.

The macro's SQL is compiled by dbt (`compile --inline`) against a small Delta
table of changes and run on the same Spark session; every case that AUTO CDC
semantics cover has its own key, and the expected versions are written out.
"""

from __future__ import annotations

import pytest

SCHEMA = "chtest"
CHANGES = f"{SCHEMA}_silver.key_changes"

# key, sequence, op, a and c (tracked), b (history not tracked), note (never in history)
ROWS = [
    # out of order: the change at 3 arrives first, 1 last
    ("k1", 3, "update", "z", None, None, "n"),
    ("k1", 1, "insert", "x", 1, 1, "n"),
    ("k1", 2, "update", "y", None, None, "n"),
    # duplicates of one (key, sequence) collapse
    ("k2", 1, "insert", "x", 1, 1, "n"),
    ("k2", 1, "insert", "x", 1, 1, "n"),
    ("k2", 2, "update", "y", None, None, "n"),
    ("k2", 2, "update", "y", None, None, "other note"),
    # a null update keeps the previous value
    ("k3", 1, "insert", "x", 1, 1, "n"),
    ("k3", 2, "update", None, 2, None, "n"),
    # delete, then re-insert: the new life starts from nothing
    ("k4", 1, "insert", "x", 1, 1, "n"),
    ("k4", 2, "delete", None, None, None, "n"),
    ("k4", 3, "insert", "y", None, None, "n"),
    # changes only to the untracked column open no version
    ("k5", 1, "insert", "x", 1, 1, "n"),
    ("k5", 2, "update", None, None, 2, "n"),
    ("k5", 3, "update", "y", None, 3, "n"),
    ("k5", 4, "update", None, None, 4, "n"),
    # deleted for good; the delete arrived before the insert
    ("k6", 2, "delete", None, None, None, "n"),
    ("k6", 1, "insert", "x", 1, 1, "n"),
    # an update equal to the version changes nothing; a second delete is a no-op
    ("k7", 1, "insert", "x", 1, 1, "n"),
    ("k7", 2, "update", "x", 1, None, "n"),
    ("k7", 3, "delete", None, None, None, "n"),
    ("k7", 4, "delete", None, None, None, "n"),
    ("k7", 5, "update", "w", None, 9, "n"),
    # a delete of a key that never existed, then its insert
    ("k8", 1, "delete", None, None, None, "n"),
    ("k8", 2, "insert", "x", None, None, "n"),
]

# key: [(start, end, a, c, b)]
EXPECTED = {
    "k1": [(1, 2, "x", 1, 1), (2, 3, "y", 1, 1), (3, None, "z", 1, 1)],
    "k2": [(1, 2, "x", 1, 1), (2, None, "y", 1, 1)],
    "k3": [(1, 2, "x", 1, 1), (2, None, "x", 2, 1)],
    "k4": [(1, 2, "x", 1, 1), (3, None, "y", None, None)],
    "k5": [(1, 3, "x", 1, 2), (3, None, "y", 1, 4)],
    "k6": [(1, 2, "x", 1, 1)],
    "k7": [(1, 3, "x", 1, 1), (5, None, "w", None, 9)],
    "k8": [(2, None, "x", None, None)],
}

MACRO_CALL = (
    "{{ change_history(api.Relation.create(schema='" + SCHEMA + "_silver', identifier='key_changes'), "
    "keys=['entity_id'], sequence_by='sequence_num', apply_as_deletes=\"op = 'delete'\", "
    "ignore_null_updates=true, except_columns=['op', 'note'], track_history_except_columns=['b']) }}"
)


@pytest.fixture(scope="module")
def changes(lakehouse, tmp_path_factory):
    landing = tmp_path_factory.mktemp("landing-change-history")
    # the first dbt invocation creates the Spark session with Delta's configuration
    lakehouse.dbt("show", "--inline", "select 1 as session_started", schema=SCHEMA, landing=landing)
    spark = lakehouse.spark
    spark.sql(f"create schema if not exists {SCHEMA}_silver")
    spark.sql(f"drop table if exists {CHANGES}")
    spark.createDataFrame(
        ROWS, "entity_id string, sequence_num bigint, op string, a string, c int, b int, note string"
    ).write.format("delta").saveAsTable(CHANGES)
    return landing


COMPILED: dict[str, str] = {}


def compiled_sql(lakehouse, landing, inline: str) -> str:
    """dbt's rendering of `inline`; each distinct text is compiled once (a dbt invocation costs seconds)."""
    if inline not in COMPILED:
        result = lakehouse.dbt("compile", "--inline", inline, schema=SCHEMA, landing=landing)
        COMPILED[inline] = result.result.results[0].node.compiled_code
    return COMPILED[inline]


def test_history_follows_auto_cdc_semantics(lakehouse, changes):
    sql = compiled_sql(lakehouse, changes, MACRO_CALL)
    result = lakehouse.spark.sql(sql)
    assert result.columns == ["entity_id", "a", "c", "b", "__start_at", "__end_at", "is_current"]
    actual: dict[str, list] = {}
    for row in result.orderBy("entity_id", "__start_at").collect():
        actual.setdefault(row["entity_id"], []).append(
            (row["__start_at"], row["__end_at"], row["a"], row["c"], row["b"])
        )
        assert row["is_current"] == (row["__end_at"] is None)
    assert actual == EXPECTED


def scd2_test_sql(lakehouse, landing, history_sql: str, test: str, arguments: str) -> list:
    lakehouse.spark.sql(f"create or replace temporary view candidate_history as {history_sql}")
    inline = (
        "{{ test_" + test + "(model=api.Relation.create(identifier='candidate_history'), keys=['entity_id'], "
        + arguments + ") }}"
    )
    return lakehouse.spark.sql(compiled_sql(lakehouse, landing, inline)).collect()


DELETES = (
    "changes=api.Relation.create(schema='" + SCHEMA + "_silver', identifier='key_changes'), "
    "sequence_column='sequence_num', deleted_condition=\"op = 'delete'\""
)
TESTS = {
    "scd2_one_current_row_per_live_key": "valid_to='__end_at', " + DELETES,
    "scd2_deleted_keys_have_no_current_row": "valid_to='__end_at', " + DELETES,
    "scd2_contiguous_versions": "valid_from='__start_at', valid_to='__end_at', " + DELETES,
}


@pytest.mark.parametrize("test", sorted(TESTS))
def test_scd2_tests_pass_on_the_macro_history(lakehouse, changes, test):
    history = compiled_sql(lakehouse, changes, MACRO_CALL)
    assert scd2_test_sql(lakehouse, changes, history, test, TESTS[test]) == []


BROKEN = {
    # k1 gets a second current row
    "scd2_one_current_row_per_live_key": "union all select 'k1', 'q', 1, 1, 9, cast(null as bigint), true",
    # k6 (deleted) gets a current row
    "scd2_deleted_keys_have_no_current_row": "union all select 'k6', 'q', 1, 1, 5, cast(null as bigint), true",
    # k1 gets a version overlapping its others
    "scd2_contiguous_versions": "union all select 'k1', 'q', 1, 1, 0, 2, false",
}


@pytest.mark.parametrize("test", sorted(TESTS))
def test_scd2_tests_fail_on_a_broken_history(lakehouse, changes, test):
    history = compiled_sql(lakehouse, changes, MACRO_CALL)
    assert scd2_test_sql(lakehouse, changes, f"{history} {BROKEN[test]}", test, TESTS[test]) != []


def test_contiguity_test_fails_on_a_gap_without_a_delete(lakehouse, changes):
    history = compiled_sql(lakehouse, changes, MACRO_CALL)
    gapped = f"select * from ({history}) where not (entity_id = 'k1' and __start_at = 2)"
    problems = scd2_test_sql(lakehouse, changes, gapped, "scd2_contiguous_versions", TESTS["scd2_contiguous_versions"])
    assert [(row["entity_id"], row["problem"]) for row in problems] == [("k1", "gap_without_delete")]


def test_snapshot_style_far_future_valid_to_counts_as_current(lakehouse, changes):
    history = compiled_sql(lakehouse, changes, MACRO_CALL)
    snapshot_like = (
        "select entity_id, a, c, b, __start_at, coalesce(__end_at, 99999) as __end_at, is_current "
        f"from ({history})"
    )
    for test, arguments in TESTS.items():
        assert scd2_test_sql(lakehouse, changes, snapshot_like, test, arguments + ", current_valid_to='99999'") == []
    # without the far-future value the current rows look closed: live keys lack a current row
    assert scd2_test_sql(lakehouse, changes, snapshot_like, "scd2_one_current_row_per_live_key",
                         TESTS["scd2_one_current_row_per_live_key"]) != []
