"""The warm runner behind `make watch`: land files, see them in gold in seconds.

One long-lived process keeps the Spark session and the parsed dbt project
warm, watches the landing folders, and runs the pipeline (`dbt run --select
bronze_<feed>+`) for the feeds that received files, one cycle at a time.
It prints one status line per cycle:

    12:00:03 cycle 4 | events +3 files 2,950 lines | 10 nodes 4.1 s | freshness 5.3 s

Stopping: SIGTERM or Ctrl-C ends the current cycle and exits 0 (a second one
exits at once), also when the signal goes to the whole process group, as
systemd, supervisord (`stopasgroup`) and `kill -- -PGID` send it: the Spark
JVM starts with both signals ignored, so it lives until the runner is done
with it (docs/running_as_a_service.md). A hard kill at any point loses and
duplicates nothing: bronze appends whole files, silver MERGEs, gold replaces
partitions, and the per-feed checkpoint (`pipeline_runs`) only moves once a
feed's run has completed, so the next start catches up. One runner per
lakehouse: a second one, or a `make build`, gets a one-line error.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from preflight import PreflightError, check_disk_space, check_java, check_metastore  # noqa: E402

LANDED_SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz")
# A change under these makes the runner parse the project again.
PROJECT_INPUTS = ("dbt_project.yml", "models", "macros", "snapshots", "seeds", "tests/generic")


class RunnerError(Exception):
    """A problem that stops the runner before its first cycle."""


def landing_feeds() -> list[str]:
    """The landing feeds the project declares (the `feeds` var of dbt_project.yml)."""
    import yaml

    project = yaml.safe_load((REPO / "dbt_project.yml").read_text())
    return list(project["vars"]["feeds"])


def landed_files(folder: Path) -> dict[str, tuple[float, int]]:
    """The files Spark would list under a feed folder: any depth, the landing
    suffixes, nothing hidden (a `_` or `.` name is still being written)."""
    found: dict[str, tuple[float, int]] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(("_", "."))]
        for name in files:
            if name.startswith(("_", ".")) or not name.endswith(LANDED_SUFFIXES):
                continue
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except FileNotFoundError:  # renamed away between listing and stat
                continue
            found[path] = (stat.st_mtime, stat.st_size)
    return found


def project_stamp() -> float:
    """The newest modification time among the project's files."""
    newest = 0.0
    for name in PROJECT_INPUTS:
        path = REPO / name
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        for root, _dirs, files in os.walk(path):
            for file in files:
                newest = max(newest, os.stat(os.path.join(root, file)).st_mtime)
    return newest


@dataclass
class Cycle:
    number: int
    feeds: list[str]
    new_files: dict[str, int]
    succeeded: bool = False
    nodes: int = 0
    seconds: float = 0.0
    lines: dict[str, int] = field(default_factory=dict)
    freshness: float | None = None
    error: str = ""

    def status_line(self) -> str:
        stamp = datetime.now().strftime("%H:%M:%S")
        if not self.feeds:
            return f"{stamp} cycle {self.number} | nothing new"
        feeds = ", ".join(
            f"{feed} +{self.new_files.get(feed, 0)} files {self.lines.get(feed, 0):,} lines" for feed in self.feeds
        )
        freshness = f"{self.freshness:.1f} s" if self.freshness is not None else "-"
        outcome = "" if self.succeeded else f" | FAILED: {self.error}"
        work = f"{self.nodes} nodes {self.seconds:.1f} s"
        return f"{stamp} cycle {self.number} | {feeds} | {work} | freshness {freshness}{outcome}"


class Runner:
    def __init__(self, feeds: list[str], landing_dir: Path, quiet_dbt: bool, timings: Path | None = None):
        self.feeds = feeds
        self.landing_dir = landing_dir
        self.quiet_dbt = quiet_dbt
        self.timings = timings
        self.seen: dict[str, dict[str, tuple[float, int]]] = {}
        self.manifest = None
        self.stamp = 0.0
        self.cycles = 0
        self.seeded = False

    def parse(self) -> None:
        """Parse the project (again, when a project file changed)."""
        from dbt.cli.main import dbtRunner

        stamp = project_stamp()
        if self.manifest is not None and stamp == self.stamp:
            return
        result = dbtRunner().invoke(["parse", "--quiet", *self.dbt_vars(), *self.dbt_paths()])
        if not result.success:
            raise RunnerError(f"dbt parse failed: {result.exception}")
        self.manifest, self.stamp = result.result, stamp

    def dbt_vars(self) -> list[str]:
        # the watched feeds are the ones registered and logged (the ops models
        # read them); parse and run see the same vars, so the DAG matches
        return ["--vars", json.dumps({"landing_feeds": self.feeds})]

    def dbt_paths(self) -> list[str]:
        return ["--project-dir", str(REPO), "--profiles-dir", os.environ.get("DBT_PROFILES_DIR", str(REPO))]

    def feeds_with_new_files(self) -> tuple[dict[str, int], dict[str, dict]]:
        """New (or rewritten) files per feed since the last successful cycle.
        The first cycle counts every feed as new: it catches up whatever an
        earlier run left (bronze itself knows which files it has read)."""
        new, listings = {}, {}
        for feed in self.feeds:
            listing = landed_files(self.landing_dir / feed)
            listings[feed] = listing
            if feed not in self.seen:
                new[feed] = len(listing)
                continue
            changed = sum(1 for path, stat in listing.items() if self.seen[feed].get(path) != stat)
            if changed:
                new[feed] = changed
        return new, listings

    def cycle(self) -> Cycle:
        self.cycles += 1
        self.parse()
        new, listings = self.feeds_with_new_files()
        cycle = Cycle(self.cycles, sorted(new), new)
        if not new:
            cycle.succeeded = True
            return cycle
        try:
            # a full disk would fail the run part-way, in Derby or a Delta commit
            check_disk_space(Path(os.environ["LAKEHOUSE_DIR"]))
        except PreflightError as problem:
            cycle.error = str(problem)
            return cycle
        started = time.monotonic()
        from dbt.cli.main import dbtRunner
        from dbt_common.invocation import get_invocation_id

        if not self.seeded:
            # the reference data (seeds/) the models read, loaded once per runner start
            seeded = dbtRunner(manifest=self.manifest).invoke(
                ["seed", "--no-write-json", *(["--quiet"] if self.quiet_dbt else []), *self.dbt_vars(),
                 *self.dbt_paths()])
            if not seeded.success:
                raise RunnerError(f"dbt seed failed: {seeded.exception or 'see the dbt output above'}")
            self.seeded = True
        args = ["run", "--select", *(f"bronze_{feed}+" for feed in cycle.feeds), "--no-write-json", *self.dbt_vars()]
        if self.quiet_dbt:
            args.append("--quiet")
        result = dbtRunner(manifest=self.manifest).invoke([*args, *self.dbt_paths()])
        cycle.seconds = time.monotonic() - started
        cycle.nodes = len(getattr(result.result, "results", None) or [])
        cycle.succeeded = result.success
        if result.success:
            for feed in cycle.feeds:
                self.seen[feed] = listings[feed]
        else:
            cycle.error = str(result.exception or "a model failed (see the dbt output above)").splitlines()[0]
            try:  # a disk that filled up during the run is the error to tell
                check_disk_space(Path(os.environ["LAKEHOUSE_DIR"]))
            except PreflightError as problem:
                cycle.error = str(problem)
        self.read_run_log(cycle, get_invocation_id())
        if self.timings:
            self.write_timings(cycle, getattr(result.result, "results", None) or [])
        return cycle

    def write_timings(self, cycle: Cycle, node_results: list) -> None:
        """One JSON line per dbt cycle: its seconds and each node's (compile and execute)."""
        record = {
            "cycle": cycle.number, "feeds": cycle.feeds, "new_files": cycle.new_files, "lines": cycle.lines,
            "seconds": round(cycle.seconds, 3), "succeeded": cycle.succeeded,
            "nodes": {node.node.unique_id: round(node.execution_time, 3) for node in node_results},
        }
        with open(self.timings, "a") as out:
            out.write(json.dumps(record) + "\n")

    def read_run_log(self, cycle: Cycle, invocation_id: str) -> None:
        """Lines loaded and freshness of the cycle's run, from pipeline_runs."""
        from pyspark.sql import SparkSession

        node = self.manifest.nodes.get("model.lakehouse_events.pipeline_runs")
        spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
        try:
            rows = spark.sql(
                f"select feed, bronze_rows, freshness_seconds from {node.relation_name} "
                f"where invocation_id = '{invocation_id}'"
            ).collect()
        except Exception:  # the first cycle may fail before pipeline_runs exists
            return
        for row in rows:
            cycle.lines[row["feed"]] = row["bronze_rows"]
        freshness = [row["freshness_seconds"] for row in rows if row["freshness_seconds"] is not None]
        cycle.freshness = max(freshness) if freshness else None


def spark_jvm_ignores_stop_signals() -> None:
    """Start the Spark JVM with SIGTERM and SIGINT ignored.

    A supervisor stops a service by signalling its whole process group, and
    the JVM PySpark launches is in the runner's group: a SIGTERM it does not
    ignore kills it mid-cycle (the runner then fails on a closed py4j
    socket). PySpark already starts it with SIGINT ignored (Ctrl-C); this
    adds SIGTERM. An ignored disposition survives fork and exec, and HotSpot
    installs no shutdown handler for a signal ignored at its start, so the
    JVM lives on until the runner, which handles both signals, closes its
    stdin on exit. The runner's own handlers are never touched: a signal
    during the JVM's start is not lost.

    The JVM is started the first time dbt opens a connection, through
    pyspark.java_gateway's Popen; the wrapper only adds to its preexec_fn.
    """
    from pyspark import java_gateway

    popen = java_gateway.Popen

    def popen_ignoring_stop_signals(*args, preexec_fn=None, **kwargs):
        def preexec() -> None:  # in the child, between fork and exec
            if preexec_fn is not None:
                preexec_fn()
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)

        return popen(*args, preexec_fn=preexec, **kwargs)

    java_gateway.Popen = popen_ignoring_stop_signals


class Stopper:
    """SIGTERM / Ctrl-C: finish the current cycle, then exit 0. A second
    signal exits at once (what is half-done is redone by the next start)."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        signal.signal(signal.SIGTERM, self.handle)
        signal.signal(signal.SIGINT, self.handle)

    def handle(self, signum, _frame) -> None:
        if self.requested.is_set():
            print("stopping now", file=sys.stderr, flush=True)
            os._exit(130)
        self.requested.set()
        print(f"{signal.Signals(signum).name}: stopping after this cycle", file=sys.stderr, flush=True)


def hold_runner_lock(lakehouse_dir: Path):
    """One runner per lakehouse: a second one gets a one-line error."""
    lakehouse_dir.mkdir(parents=True, exist_ok=True)
    handle = open(lakehouse_dir / ".runner.lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        raise RunnerError(
            f"another runner ({holder}) is running on the lakehouse {lakehouse_dir}: stop it first, "
            "or set LAKEHOUSE_DIR to another folder"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run the pipeline continuously for the feeds that receive files (the warm runtime).",
        epilog="Prints one status line per cycle: feeds, new files and lines, nodes run, seconds, "
        "and freshness (the newest landed file of the cycle -> gold committed).",
    )
    parser.add_argument("--once", action="store_true", help="run one cycle and exit (non-zero if it failed)")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls of the landing folders")
    parser.add_argument("--feeds", help="comma-separated feeds to watch (default: every landing feed)")
    parser.add_argument("--max-cycles", type=int, help="exit after this many cycles (for benchmarks)")
    parser.add_argument("--verbose", action="store_true", help="show dbt's own output for every node")
    parser.add_argument("--timings", type=Path, metavar="FILE",
                        help="append each dbt cycle's seconds per node to FILE, one JSON line per cycle")
    args = parser.parse_args(argv)
    if args.interval <= 0:
        parser.error(f"--interval must be a positive number of seconds, got {args.interval}")
    if args.timings and not args.timings.resolve().parent.is_dir():
        parser.error(f"--timings: no folder {args.timings.resolve().parent} to write {args.timings.name} in")
    known = landing_feeds()
    args.feed_list = known
    if args.feeds:
        args.feed_list = [feed.strip() for feed in args.feeds.split(",") if feed.strip()]
        unknown = sorted(set(args.feed_list) - set(known))
        if unknown or not args.feed_list:
            parser.error(f"--feeds: unknown feed(s) {unknown or args.feeds!r}; the landing feeds are {known}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    lakehouse_dir = Path(os.environ.get("LAKEHOUSE_DIR", "lakehouse")).resolve()
    landing_dir = Path(os.environ.get("LANDING_DIR", "landing")).resolve()
    os.environ["LAKEHOUSE_DIR"] = str(lakehouse_dir)
    os.environ["LANDING_DIR"] = str(landing_dir)
    os.environ.setdefault("DBT_PROFILES_DIR", str(REPO))
    try:
        check_disk_space(lakehouse_dir)
        lock = hold_runner_lock(lakehouse_dir)  # noqa: F841 (held until exit)
        check_java()
        check_metastore(lakehouse_dir)
    except (PreflightError, RunnerError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2

    spark_jvm_ignores_stop_signals()
    stopper = Stopper()
    runner = Runner(args.feed_list, landing_dir, quiet_dbt=not args.verbose, timings=args.timings)
    print(
        f"watching {', '.join(args.feed_list)} under {landing_dir} every {args.interval:g} s "
        f"(lakehouse {lakehouse_dir}); Ctrl-C to stop",
        flush=True,
    )
    failed = False
    failures_in_a_row = 0
    while True:
        try:
            cycle = runner.cycle()
        except RunnerError as problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        failed = not cycle.succeeded
        failures_in_a_row = failures_in_a_row + 1 if failed else 0
        if cycle.feeds or args.once:
            print(cycle.status_line(), flush=True)
        if args.once or stopper.requested.is_set() or (args.max_cycles and cycle.number >= args.max_cycles):
            break
        # a failing cycle is retried, less and less often (at most every minute)
        stopper.requested.wait(min(60.0, args.interval * 2**failures_in_a_row) if failed else args.interval)
        if stopper.requested.is_set():
            break
    print(f"stopped after {runner.cycles} cycle(s)", flush=True)
    return 1 if (args.once and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
