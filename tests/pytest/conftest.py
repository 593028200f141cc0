"""Shared fixtures: real dbt on a real local Spark + Delta lakehouse.

dbt runs in this process (dbtRunner), so every invocation shares one Spark
session and one JVM, and the tests read the resulting tables through that
same session. Each scenario uses its own schema and landing folder.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


# vars no config, ref or parse-time check reads (the quality and reprocess
# macros read them while a model's SQL is rendered)
VARS_READ_ONLY_IN_SQL = {"expectation_actions", "circuit_breakers", "reprocess_from", "reprocess_to"}

# the seeds a feed's models and tests read
SEEDS_READ_BY_FEED = {"events": "event_types", "stores": "store_regions"}

# Longest modules first: pytest-xdist hands whole modules (--dist loadfile) to
# whichever worker is free, so a long module started last would leave one
# worker running alone at the end.
MODULES_LONGEST_FIRST = [
    "test_quality", "test_retail", "test_operations", "test_thrift_cluster", "test_watch", "test_pipeline",
    "test_feed_isolation", "test_docs_and_report", "test_orders", "test_neows", "test_landing_faults", "test_chaos",
    "test_feed_declaration", "test_landing_and_runtime", "test_databricks_offline", "test_fetch_neows",
    "test_change_history",
]


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        module = item.module.__name__.rsplit(".", 1)[-1]
        return MODULES_LONGEST_FIRST.index(module) if module in MODULES_LONGEST_FIRST else len(MODULES_LONGEST_FIRST)
    items.sort(key=rank)  # stable: a module's tests keep their order


def record_timing(kind: str, args: list[str], seconds: float, result) -> None:
    """With LAKEHOUSE_TEST_TIMINGS=<file>, one JSON line per dbt invocation
    (the test, the command, its seconds and its slowest nodes): where the
    suite's time goes, without timing assertions in the tests."""
    path = os.environ.get("LAKEHOUSE_TEST_TIMINGS")
    if not path:
        return
    nodes = getattr(result.result, "results", None) or []
    slowest = sorted(((node.node.name, round(node.execution_time, 2)) for node in nodes
                      if hasattr(node, "node")), key=lambda pair: -pair[1])[:8]
    line = {"test": os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0], "kind": kind,
            "args": [arg for arg in args if len(arg) < 200], "seconds": round(seconds, 2),
            "nodes": len(nodes), "slowest": slowest}
    with open(path, "a") as out:
        out.write(json.dumps(line) + "\n")


@dataclass
class Lakehouse:
    root: Path
    manifests: dict = field(default_factory=dict)
    seeded: set = field(default_factory=set)

    def dbt(self, *args: str, schema: str, landing: Path, expect_success: bool = True,
            feeds: tuple[str, ...] = ("events",), seed: bool = True, project: Path = REPO,
            callbacks: tuple = ()):
        """Run dbt over the given feeds only: the other feeds' models are not
        selected and their landing tables not registered, which keeps each
        invocation as small as the scenario (the project has six feeds).
        `project`: another copy of the project (one a test edited);
        `callbacks`: called with each of dbt's events, as it happens."""
        import yaml
        from dbt.cli.main import dbtRunner

        os.environ["LAKEHOUSE_SCHEMA"] = schema
        os.environ["LANDING_DIR"] = str(landing)
        args = list(args)
        dbt_vars = {}
        if "--vars" in args:
            at = args.index("--vars")
            dbt_vars = yaml.safe_load(args[at + 1]) or {}
            del args[at:at + 2]
        dbt_vars["landing_feeds"] = list(feeds)
        vars_json = json.dumps(dbt_vars)
        args += ["--vars", vars_json]
        selecting = {"-s", "--select", "-m", "--models"} & set(args)
        if args[0] in ("run", "build", "test", "snapshot") and not selecting:
            args += ["--select", *(f"bronze_{feed}+" for feed in feeds)]
        paths = ["--project-dir", str(project), "--profiles-dir", str(REPO)]
        seeds = [name for feed, name in SEEDS_READ_BY_FEED.items()
                 if feed in feeds and (schema, name) not in self.seeded]
        if seed and seeds and args[0] in ("run", "build", "test", "snapshot", "retry"):
            # the reference data (seeds/) the feeds' models read, as `dbt build` would load it first
            seeded = dbtRunner(manifest=self.manifest(schema, "seed", vars_json, project)).invoke(
                ["seed", "--quiet", "--vars", vars_json, "--select", *seeds, *paths])
            assert seeded.success, seeded.exception
            self.seeded.update((schema, name) for name in seeds)
        manifest = self.manifest(schema, args[0], vars_json, project)
        started = time.monotonic()
        result = dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke([*args, *paths])
        record_timing("dbt", args, time.monotonic() - started, result)
        if expect_success and not result.success:
            failures = []
            for node in getattr(result.result, "results", None) or []:
                if str(node.status) not in ("success", "pass", "skipped"):
                    failures.append(f"{node.node.name}: {node.status}: {node.message}")
            pytest.fail(f"dbt {' '.join(args)} failed: {result.exception or ''} {failures}")
        return result

    def manifest(self, schema: str, command: str, dbt_vars: str, project: Path = REPO):
        """The project parsed once per schema and graph vars, as the warm runner
        does: a node's schema and the refs a var decides (the feeds the ops
        models read) are fixed at parse time; LANDING_DIR and the rest are
        read again by every invocation."""
        from dbt.cli.main import dbtRunner

        if command not in ("run", "build", "test", "snapshot", "show", "compile", "seed", "run-operation"):
            return None
        # vars read only inside model SQL, which every invocation renders
        # again with its own vars: they do not need a parse of their own
        graph_vars = {name: value for name, value in json.loads(dbt_vars).items()
                      if name not in VARS_READ_ONLY_IN_SQL}
        key = (schema, json.dumps(graph_vars, sort_keys=True), project)
        if key not in self.manifests:
            started = time.monotonic()
            parsed = dbtRunner().invoke(
                ["parse", "--no-write-json", "--no-partial-parse", "--vars", key[1],
                 "--project-dir", str(project), "--profiles-dir", str(REPO)])
            record_timing("parse", [schema, key[1]], time.monotonic() - started, parsed)
            if not parsed.success:
                # a project that does not parse (bad vars): the invocation parses again and reports it
                return None
            self.manifests[key] = parsed.result
        return self.manifests[key]

    @property
    def spark(self):
        from pyspark.sql import SparkSession

        if SparkSession._instantiatedSession is None:
            # no dbt run yet in this process: let dbt open the session its
            # profile describes (Delta, the metastore) with a trivial query
            self.dbt("show", "--inline", "select 1", schema="session", landing=self.root / "no_landing")
        # the session dbt created (active sessions are per thread, the default is not)
        return SparkSession.builder.getOrCreate()

    def rows(self, table: str) -> list[dict]:
        return [row.asDict() for row in self.spark.table(table).collect()]

    def table_location(self, table: str) -> Path:
        location = self.spark.sql(f"describe detail {table}").collect()[0]["location"]
        return Path(location.removeprefix("file:"))

    def delta_version(self, table: str) -> int:
        return max(int(p.stem) for p in (self.table_location(table) / "_delta_log").glob("*.json"))

    def file_actions_since(self, table: str, version: int) -> list[dict]:
        """`add` and `remove` actions of the commits after `version`."""
        actions = []
        log_dir = self.table_location(table) / "_delta_log"
        for commit in sorted(log_dir.glob("*.json")):
            if int(commit.stem) <= version:
                continue
            for line in commit.read_text().splitlines():
                action = json.loads(line)
                for kind in ("add", "remove"):
                    if kind in action:
                        actions.append({"kind": kind, **action[kind]})
        return actions


@pytest.fixture(scope="session")
def lakehouse(tmp_path_factory) -> Lakehouse:
    root = tmp_path_factory.mktemp("lakehouse")
    os.chdir(REPO)
    os.environ["LAKEHOUSE_DIR"] = str(root)
    os.environ["DBT_PROFILES_DIR"] = str(REPO)
    # each pytest worker (pytest-xdist) has its own JVM, metastore and dbt target
    os.environ["DBT_TARGET_PATH"] = str(root / "target")
    os.environ["DBT_LOG_PATH"] = str(root / "logs")
    os.environ.setdefault("SPARK_DRIVER_MEMORY", "3g")
    # the scenarios are a few thousand rows: interpreted operators beat
    # compiling each query (profiles.yml.example, SPARK_CODEGEN); the
    # subprocess tests (runner, cluster) inherit it
    os.environ.setdefault("SPARK_CODEGEN", "false")
    os.environ.setdefault("SPARK_CODEGEN_FACTORY", "NO_CODEGEN")
    # the JVM's C1 compiler only (README, Tests): the suite's JVMs live seconds
    # to minutes, too short for C2's compiling to pay for itself
    c1_only = "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=512m"
    os.environ.setdefault("SPARK_DRIVER_JAVA_OPTIONS", c1_only)
    os.environ.setdefault("SPARK_EXECUTOR_JAVA_OPTIONS", c1_only)  # the test cluster's executors
    profiles = REPO / "profiles.yml"
    if not profiles.exists():
        shutil.copy(REPO / "profiles.yml.example", profiles)
    return Lakehouse(root)
