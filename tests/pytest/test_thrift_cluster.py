"""The same project on a real Spark cluster: `make cluster-up`, the `thrift` target.

A Spark standalone master, one worker and the Thrift server run on loopback
(scripts/cluster.py, as `make cluster-up` starts them) with a lakehouse of
their own; dbt runs as a separate process with DBT_TARGET=thrift and two
threads, so every statement goes through the server to the cluster's executor.
The results are read from the tables' Delta folders, through tables this
session registers over them, and held to the same oracles as the embedded
runs: the events scenario (late files, corrections that move dates, stale
corrections, bad lines, a no-op run that commits nothing, incremental equals
rebuild) and the customers feed's SCD2 history.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import retail_oracle
from conftest import REPO
from produce_events import Knobs, produce_history
from produce_retail import Knobs as RetailKnobs
from produce_retail import produce_batches
from test_pipeline import assert_marts_match_oracle
from test_retail import naive
from test_watch import TABLES as EVENTS_TABLES

SCHEMA = "cluster"
READ_SCHEMA = "clusterread"  # this session's tables over the cluster's Delta files
KNOBS = Knobs(seed=31, start_date="2025-06-01", days=3, events_per_day=300, users=20, late_share=0.3,
              redelivery_share=0.08, correction_share=0.1, move_day_share=0.5, stale_share=0.05,
              invalid_share=0.05, gzip_share=0.3, batches=4)
CUSTOMER_ATTRIBUTES = ["first_name", "last_name", "email", "phone", "birth_date", "city", "country", "loyalty_tier"]


def free_port() -> int:
    """A free port below the kernel's ephemeral range: a port the kernel hands out (bind to 0) can be
    handed to another process's connection before the server, seconds later, binds it."""
    for port in random.Random().sample(range(20000, 32000), 200):  # Linux hands out 32768 and up
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


class SparkCluster:
    def __init__(self, root: Path):
        self.root = root
        self.lakehouse = root / "lakehouse"
        self.landing = root / "landing"
        self.seeded: set[str] = set()  # schemas whose seeds are loaded
        self.env = {
            **os.environ,
            "LAKEHOUSE_DIR": str(self.lakehouse),
            "LANDING_DIR": str(self.landing),
            "LAKEHOUSE_SCHEMA": SCHEMA,
            "DBT_TARGET": "thrift",
            "SPARK_THRIFT_HOST": "127.0.0.1",
            "SPARK_MASTER_PORT": str(free_port()),
            "SPARK_MASTER_UI_PORT": str(free_port()),
            "SPARK_WORKER_UI_PORT": str(free_port()),
            "SPARK_THRIFT_PORT": str(free_port()),
            "SPARK_DRIVER_MEMORY": "2g",
        }

    def script(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(REPO / "scripts" / "cluster.py"), *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout, cwd=REPO)

    def dbt(self, *args: str, feeds: tuple[str, ...] = ("events",), expect_success: bool = True):
        if self.env["LAKEHOUSE_SCHEMA"] not in self.seeded:
            self.seeded.add(self.env["LAKEHOUSE_SCHEMA"])
            self.dbt("seed", feeds=feeds)
        selection = [] if "--select" in args or args[0] == "seed" else [
            "--select", *(f"bronze_{feed}+" for feed in feeds)]
        result = subprocess.run(
            [str(REPO / ".venv" / "bin" / "dbt"), *args, *selection, "--vars", f"{{landing_feeds: {list(feeds)}}}",
             "--project-dir", str(REPO), "--profiles-dir", str(REPO),
             "--target-path", str(self.root / "target"), "--log-path", str(self.root / "logs")],
            env=self.env, capture_output=True, text=True, timeout=1200, cwd=REPO,
        )
        if expect_success:
            assert result.returncode == 0, result.stdout[-4000:]
        return result

    def table_path(self, layer: str, table: str, schema: str = SCHEMA) -> Path:
        return self.lakehouse / "warehouse" / f"{schema}_{layer}.db" / table


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    spark_cluster = SparkCluster(tmp_path_factory.mktemp("cluster"))
    started = spark_cluster.script("up", "--worker-memory", "2g", "--executor-memory", "1500m")
    try:
        assert started.returncode == 0, started.stderr
        yield spark_cluster
    finally:
        stopped = spark_cluster.script("down")
        assert stopped.returncode == 0, stopped.stderr


def delta_version(path: Path) -> int:
    return max(int(p.stem) for p in (path / "_delta_log").glob("*.json"))


def register(lakehouse, cluster: SparkCluster, tables: dict[str, list[str]], schema: str = SCHEMA,
             read_schema: str = READ_SCHEMA) -> None:
    for layer, names in tables.items():
        lakehouse.spark.sql(f"create schema if not exists {read_schema}_{layer}")
        for table in names:
            lakehouse.spark.sql(f"drop table if exists {read_schema}_{layer}.{table}")
            lakehouse.spark.sql(f"create table {read_schema}_{layer}.{table} using delta"
                                f" location '{cluster.table_path(layer, table, schema)}'")


@pytest.fixture(scope="module")
def events(cluster, tmp_path_factory):
    staging = tmp_path_factory.mktemp("cluster_staging")
    files = produce_history(staging, KNOBS, progress=False)
    random.Random(5).shuffle(files)
    return {"staging": staging, "pending": files}


def land(cluster: SparkCluster, events, count: int) -> None:
    for source in events["pending"][:count]:
        target = cluster.landing / source.relative_to(events["staging"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    del events["pending"][:count]


def test_a_second_cluster_is_refused_in_one_line(cluster, tmp_path):
    again = cluster.script("up", timeout=120)
    assert again.returncode == 2
    assert again.stderr.startswith("error: a cluster started from ") and again.stderr.count("\n") == 1

    elsewhere = cluster.script("up", "--lakehouse-dir", str(tmp_path), timeout=120)
    assert elsewhere.returncode == 2
    assert elsewhere.stderr.startswith("error: port ") and " is taken" in elsewhere.stderr
    assert elsewhere.stderr.count("\n") == 1
    assert cluster.script("status").returncode == 0, "the running cluster was left alone"


def test_build_over_thrift_matches_the_oracle(lakehouse, cluster, events):
    land(cluster, events, len(events["pending"]) // 2)
    result = cluster.dbt("build")
    assert "Completed successfully" in result.stdout
    register(lakehouse, cluster, EVENTS_TABLES)
    assert_marts_match_oracle(lakehouse, READ_SCHEMA, cluster.landing)


def test_the_report_reads_through_the_thrift_target(lakehouse, cluster, tmp_path):
    """`make report` with DBT_TARGET=thrift: a SQL client of the cluster's Thrift server, no local Spark."""
    output = tmp_path / "report.html"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "report.py"), "--output", str(output)],
                            env=cluster.env, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("report with ") and output.exists()
    page = output.read_text()
    for chart in ("revenue_and_events", "events_by_type", "quarantine_by_reason", "freshness_by_feed"):
        assert f'data-chart="{chart}"' in page, chart
    events = lakehouse.spark.sql(
        f"select sum(total_events) from {READ_SCHEMA}_gold.gold_daily_user_activity").first()[0]
    assert f"<td>events</td><td><b>{events:,}</b></td>" in page


def test_late_files_and_corrections_over_thrift_match_the_oracle(lakehouse, cluster, events):
    land(cluster, events, len(events["pending"]))
    cluster.dbt("run")
    assert_marts_match_oracle(lakehouse, READ_SCHEMA, cluster.landing)


def test_a_run_without_new_files_commits_nothing_over_thrift(cluster):
    paths = [cluster.table_path(layer, table) for layer, names in EVENTS_TABLES.items() for table in names]
    before = {path.name: delta_version(path) for path in paths}
    cluster.dbt("run")
    assert {path.name: delta_version(path) for path in paths} == before


def test_incremental_equals_rebuild_over_thrift(lakehouse, cluster):
    rebuilt = "clusterrebuilt"
    cluster.env["LAKEHOUSE_SCHEMA"] = rebuilt
    try:
        cluster.dbt("run", "--full-refresh")
    finally:
        cluster.env["LAKEHOUSE_SCHEMA"] = SCHEMA
    register(lakehouse, cluster, EVENTS_TABLES, schema=rebuilt, read_schema=f"{rebuilt}read")
    assert_marts_match_oracle(lakehouse, f"{rebuilt}read", cluster.landing)
    # as in test_pipeline: the business columns of silver (a redelivery's file and
    # line, and a moved event's previous date, are lineage), all of gold but latency
    business = ["event_id", "user_id", "event_type", "event_date", "amount", "event_time", "ingest_time",
                "record_hash"]
    for layer, table in (("silver", "silver_events"), ("gold", "gold_daily_user_activity"),
                         ("gold", "gold_daily_event_types")):
        incremental = lakehouse.spark.table(f"{READ_SCHEMA}_{layer}.{table}")
        columns = business if layer == "silver" else [c for c in incremental.columns if "latency" not in c]
        incremental = incremental.select(columns)
        rebuilt_rows = lakehouse.spark.table(f"{rebuilt}read_{layer}.{table}").select(columns)
        assert incremental.exceptAll(rebuilt_rows).count() == 0 == rebuilt_rows.exceptAll(incremental).count()


def test_customers_scd2_history_over_thrift_matches_the_oracle(lakehouse, cluster, tmp_path):
    staging = tmp_path / "retail"
    batches = produce_batches(staging, RetailKnobs(seed=9, start_date="2025-06-01", days=2, customers=25,
                                                   products=5, stores=2, sales_per_day=5, batches=2,
                                                   updates_per_key=2.0, delete_share=0.15, recreate_share=0.5,
                                                   dimension_late_share=0.3))
    # both batches at once: the out-of-order batches themselves are test_retail's (embedded)
    for source in (source for batch in batches for source in batch):
        if source.relative_to(staging).parts[0] == "customers":
            target = cluster.landing / source.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # the customers feed's own models and the tests on them alone (its bronze+,
    # and the relationship tests of gold_sales, reach the sales feed)
    cluster.dbt("build", "--select", "+silver_customers", "+silver_customers_history", "+snap_customers",
                "+silver_customers_quarantine", "--indirect-selection", "cautious", feeds=("customers",))
    register(lakehouse, cluster, {"silver": ["silver_customers", "silver_customers_history"]})

    expected = retail_oracle.expected_state(cluster.landing)
    history = sorted(
        (row["customer_id"], row["__start_at"], row["__end_at"], row["is_current"],
         tuple(row[a] for a in CUSTOMER_ATTRIBUTES))
        for row in lakehouse.rows(f"{READ_SCHEMA}_silver.silver_customers_history")
    )
    assert history == sorted(
        (v.key, naive(v.start_at), naive(v.end_at), v.end_at is None, tuple(v.values[a] for a in CUSTOMER_ATTRIBUTES))
        for v in expected.history["customers"]
    )
    current = {row["customer_id"]: tuple(row[a] for a in CUSTOMER_ATTRIBUTES)
               for row in lakehouse.rows(f"{READ_SCHEMA}_silver.silver_customers")}
    assert current == {key: tuple(fields[a] for a in CUSTOMER_ATTRIBUTES)
                       for key, fields in expected.current["customers"].items()}
