"""The NASA NeoWs feed end to end, judged by neows_oracle after every run.

Recorded responses land in overlapping windows (the same approach fetched
twice), with broken approaches and a truncated copy of a response. After each
run the quarantine, silver and both gold tables must equal the oracle over the
landed responses. A re-fetch of three days with refined numbers must rewrite
only those dates in gold; an older fetch and the same fetch landed again must
change nothing; and an incremental result must equal a rebuild.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

import fetch_neows
import neows_oracle
import report

SCHEMA = "neows_itest"
FEEDS = ("neows",)
GOLD = ("gold.gold_neo_close_approaches", "gold.gold_daily_neo_approaches")


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    return tmp_path_factory.mktemp("neows-landing")


def fetch_recorded(landing, *args: str) -> None:
    assert fetch_neows.main(["--recorded", "--landing-dir", str(landing), "--seed", "11", *args]) == 0


def fact_rows(lakehouse) -> dict[str, dict]:
    return {
        row["approach_key"]: {
            "approach_key": row["approach_key"], "neo_id": row["neo_id"], "approach_time": row["approach_time"],
            "approach_date": row["approach_date"], "year": row["approach_year"], "month": row["approach_month"],
            "day": row["approach_day"], "is_hazardous": row["is_hazardous"], "size_band": row["size_band"],
            "velocity_band": row["velocity_band"], "risk": row["risk_class"],
            "absolute_magnitude_h": row["absolute_magnitude_h"], "diameter_max_km": row["diameter_max_km"],
            "velocity_kps": row["velocity_kps"], "miss_distance_km": row["miss_distance_km"],
        }
        for row in lakehouse.rows(f"{SCHEMA}_gold.gold_neo_close_approaches")
    }


def assert_matches_oracle(lakehouse, landing) -> neows_oracle.Expected:
    expected = neows_oracle.expected_state(landing)
    spark = lakehouse.spark
    assert spark.table(f"{SCHEMA}_bronze.bronze_neows").count() == len(neows_oracle.landed_files(landing))
    quarantine = {
        row["quarantine_reason"]: row["n"]
        for row in spark.sql(
            f"select quarantine_reason, count(*) as n from {SCHEMA}_silver.silver_neows_quarantine group by 1"
        ).collect()
    }
    assert quarantine == dict(expected.quarantine)
    silver = {
        (row["neo_id"], row["approach_epoch_ms"]): (
            row["velocity_kps"], row["miss_distance_km"], row["diameter_max_km"], row["is_hazardous"],
            row["approach_time"], row["ingest_time"])
        for row in lakehouse.rows(f"{SCHEMA}_silver.silver_neows")
    }
    assert silver == {
        key: (a.velocity_kps, a.miss_distance_km, a.diameter_max_km, a.is_hazardous,
              a.approach_time.replace(tzinfo=None), a.fetched_at.replace(tzinfo=None))
        for key, a in expected.current.items()
    }
    expected_facts = neows_oracle.fact_approaches(expected.current)
    for row in expected_facts.values():
        row["approach_time"] = row["approach_time"].replace(tzinfo=None)
    assert fact_rows(lakehouse) == expected_facts
    daily = {
        row["approach_date"]: {
            "approaches": row["approaches"], "hazardous_approaches": row["hazardous_approaches"],
            "closest_miss_km": row["closest_miss_km"], "fastest_velocity_kps": row["fastest_velocity_kps"],
        }
        for row in lakehouse.rows(f"{SCHEMA}_gold.gold_daily_neo_approaches")
    }
    assert daily == neows_oracle.daily_approaches(expected.current)
    return expected


def test_overlapping_windows_with_broken_input_match_the_oracle(lakehouse, landing):
    # 10 days in overlapping 7-day windows, broken approaches, a truncated copy
    fetch_recorded(landing, "--start-date", "2025-03-01", "--days", "10", "--per-day", "12")
    lakehouse.dbt("build", feeds=FEEDS, schema=SCHEMA, landing=landing)
    expected = assert_matches_oracle(lakehouse, landing)
    # the scenario exercises what it claims to
    assert set(expected.quarantine) >= {
        "unparseable_response", "missing_neo_id", "missing_approach_time", "invalid_velocity",
        "invalid_miss_distance"}
    facts = neows_oracle.fact_approaches(expected.current).values()
    assert {row["risk"] for row in facts} == {"high", "moderate", "low"}
    assert {row["size_band"] for row in facts} == {"small", "medium", "large"}
    assert {row["velocity_band"] for row in facts} == {"low", "medium", "high"}


def test_a_refetch_with_refined_numbers_rewrites_only_its_dates(lakehouse, landing):
    before = {table: lakehouse.delta_version(f"{SCHEMA}_{table}") for table in GOLD}
    held = neows_oracle.silver_approaches(landing)
    fetch_recorded(landing, "--start-date", "2025-03-04", "--days", "3", "--per-day", "12", "--revision", "1",
                   "--refetch", "--fetched-at", "2025-03-20T00:00:00Z", "--truncated-copies", "0")
    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=landing)
    expected = assert_matches_oracle(lakehouse, landing)

    refined = {key for key, approach in expected.current.items()
               if approach.velocity_kps != held[key].velocity_kps}
    assert refined, "the revision refined no numbers"
    refetched_dates = {expected.current[key].approach_date for key in refined}
    assert {day.day for day in refetched_dates} == {4, 5, 6}
    for table in GOLD:
        touched = {action["partitionValues"]["approach_date"]
                   for action in lakehouse.file_actions_since(f"{SCHEMA}_{table}", before[table])}
        assert touched == {day.isoformat() for day in refetched_dates}, table


def test_an_older_fetch_and_the_same_fetch_again_change_nothing(lakehouse, landing):
    tables = ("silver.silver_neows", *GOLD)
    before = {table: lakehouse.delta_version(f"{SCHEMA}_{table}") for table in tables}
    held = neows_oracle.silver_approaches(landing)
    # other numbers, fetched before the refined ones silver holds
    fetch_recorded(landing, "--start-date", "2025-03-04", "--days", "3", "--per-day", "12", "--revision", "2",
                   "--refetch", "--fetched-at", "2025-03-12T00:00:00Z", "--truncated-copies", "0")
    # a response landed twice: the same bytes and fetch time under another folder
    first = neows_oracle.landed_files(landing)[0].path
    again = landing / "neows" / "redelivered" / first.name
    again.parent.mkdir()
    shutil.copy2(first, again)

    lakehouse.dbt("run", feeds=FEEDS, schema=SCHEMA, landing=landing)
    expected = assert_matches_oracle(lakehouse, landing)
    assert expected.current == held
    for table in tables:
        assert lakehouse.file_actions_since(f"{SCHEMA}_{table}", before[table]) == [], table


def test_incremental_equals_a_rebuild(lakehouse, landing):
    incremental = {table: sorted(map(repr, lakehouse.rows(f"{SCHEMA}_{table}"))) for table in GOLD}
    lakehouse.dbt("run", "--full-refresh", feeds=FEEDS, schema=SCHEMA, landing=landing)
    for table in GOLD:
        assert sorted(map(repr, lakehouse.rows(f"{SCHEMA}_{table}"))) == incremental[table], table
    assert all(isinstance(row["miss_distance_km"], Decimal)
               for row in lakehouse.rows(f"{SCHEMA}_gold.gold_neo_close_approaches"))


def test_the_report_charts_approaches_by_band_and_risk(lakehouse, landing):
    facts = neows_oracle.fact_approaches(neows_oracle.silver_approaches(landing)).values()
    for band in ("size_band", "velocity_band"):
        chart = report.neo_approaches_by_band(band, band)(report.Lakehouse(lakehouse.spark, SCHEMA))
        drawn = {(x, trace.name): y for trace in chart.figure.data for x, y in zip(trace.x, trace.y, strict=True)}
        expected: dict[tuple[str, str], int] = {}
        for row in facts:
            expected[(row[band], row["risk"])] = expected.get((row[band], row["risk"]), 0) + 1
        assert drawn == expected, band

