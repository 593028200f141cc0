"""Seeded random kills of the warm runner (`make chaos N=20`): nothing lost, nothing duplicated.

Lands synthetic events (late, redelivered, corrected, stale, invalid lines,
some gzip) on a lakehouse of its own, starts `scripts/watch.py` in its own
process group and SIGKILLs the whole group, its Spark JVM included (a power
cut), N times at points a seeded RNG picks: a random delay into the cycle's
dbt run, up to twice the run the first start measures (later starts catch
up on more), so the kills fall in bronze, the
silver MERGE, the gold replace, dq_run_log and pipeline_runs, Delta commits
included; some fall in the start-up (JVM, parse, seed). Between kills it
lands more files, and now and then one while the cycle runs. At the end it
runs the runner once more to completion (`--once`) and holds the lakehouse
to the oracle (tests/pytest/oracle.py) over every file landed: bronze holds
each landed line once, the quarantine, silver's current versions and both
gold marts equal the oracle's, dq_run_log accounts for every bronze line
once and pipeline_runs holds only completed runs.

Prints one line per kill and a verdict; exits 0 when the oracle holds, 1
with what differed otherwise, 2 on bad arguments. The same seed gives the
same files and the same kill plan (the phase each kill hits still depends
on how fast the machine runs). The tables are read by path from a Spark
session of this process with an in-memory catalog, started once the last
runner has exited: it never opens the runner's Derby metastore.
"""

from __future__ import annotations

import argparse
import math
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests" / "pytest"))

from preflight import metastore_holder  # noqa: E402

SCHEMA = "chaos"  # the runner's schema, in its own metastore
LINES_PER_FILE = 40  # small batches keep every cycle short
INITIAL_FILES = 3
STARTUP_KILL_SHARE = 0.15  # kills in the start-up (JVM, parse, seed) rather than the dbt run
# a start after kills catches up on a longer window than the first cycle's:
# kills fall in twice the measured run, so that some reach gold and the logs
RUN_WINDOW_FACTOR = 2.0
LAND_DURING_SHARE = 0.3  # kills whose cycle also gets a file landed while it runs
RUN_TIMEOUT = 900.0  # seconds a start may take to reach its dbt run, or the last run to finish
C1_ONLY = "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=512m"  # short-lived JVMs (README, Tests)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NODE = re.compile(r"\b(\d+) of (\d+) (START|OK|ERROR|FAIL|SKIP|WARN|PASS|NO-OP)\b(.*?)(?:\s\.{2,}|$)")
MODEL_START = re.compile(r"\b1 of \d+ START sql \w+ model ")
CYCLE_LINE = re.compile(r"\bcycle \d+ \| ")


class ChaosError(Exception):
    """The run could not go on (a runner that will not start or finish)."""


@dataclass
class PlannedKill:
    land_before: int  # files landed before the start
    in_startup: bool  # kill in the start-up rather than in the dbt run
    fraction: float  # where in the start-up or the run
    land_during: bool  # land one more file while the cycle runs
    land_fraction: float  # when, as a fraction of the delay to the kill


@dataclass
class Plan:
    kills: list[PlannedKill]
    final_files: int = 1

    @property
    def files(self) -> int:
        return INITIAL_FILES + self.final_files + sum(k.land_before + k.land_during for k in self.kills)


def make_plan(kills: int, seed: int) -> Plan:
    """Every random choice, drawn up front: the same seed, the same plan."""
    rng = random.Random(f"chaos/{seed}")
    return Plan([
        PlannedKill(land_before=rng.randint(1, 2), in_startup=rng.random() < STARTUP_KILL_SHARE,
                    fraction=rng.random(), land_during=rng.random() < LAND_DURING_SHARE, land_fraction=rng.random())
        for _ in range(kills)
    ])


def knobs_for(plan: Plan, seed: int):
    from produce_events import Knobs

    days = 3
    return Knobs(seed=seed, start_date="2025-06-01", days=days,
                 events_per_day=math.ceil(plan.files * LINES_PER_FILE / days), users=30, late_share=0.3,
                 redelivery_share=0.08, correction_share=0.08, move_day_share=0.5, stale_share=0.05,
                 conflict_share=0.03, invalid_share=0.05, blank_line_share=0.01, gzip_share=0.3,
                 batches=plan.files)


class Landing:
    """Files produced once into staging, landed a few at a time in a shuffled order."""

    def __init__(self, root: Path, plan: Plan, seed: int):
        from produce_events import produce_history

        self.staging = root / "staging"
        self.landing = root / "landing"
        self.pending = sorted(produce_history(self.staging, knobs_for(plan, seed), progress=False))
        random.Random(f"chaos/{seed}/order").shuffle(self.pending)  # late files with earlier names
        self.landed = 0

    def land(self, count: int) -> int:
        for source in self.pending[:count]:
            target = self.landing / source.relative_to(self.staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            hidden = target.with_name("." + target.name)  # the landing contract: complete, then visible
            shutil.copyfile(source, hidden)
            hidden.rename(target)
        landed = len(self.pending[:count])
        del self.pending[:count]
        self.landed += landed
        return landed


class RunnerProcess:
    """scripts/watch.py leading its own process group (its Spark JVM in it), its output timed."""

    def __init__(self, root: Path, *args: str):
        env = {
            **os.environ,
            "LAKEHOUSE_DIR": str(root / "lakehouse"),
            "LANDING_DIR": str(root / "landing"),
            "LAKEHOUSE_SCHEMA": SCHEMA,
            "DBT_TARGET": "local",
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "DBT_PROFILES_DIR": os.environ.get("DBT_PROFILES_DIR", str(REPO)),
            "SPARK_DRIVER_MEMORY": "2g",
            "PYTHONUNBUFFERED": "1",
        }
        # small batches in a JVM that lives a minute: interpreted operators, C1 only (README, Tests)
        env.setdefault("SPARK_CODEGEN", "false")
        env.setdefault("SPARK_CODEGEN_FACTORY", "NO_CODEGEN")
        env.setdefault("SPARK_DRIVER_JAVA_OPTIONS", C1_ONLY)
        self.log = open(root / "runner.log", "a", buffering=1)  # line by line; closed by the reader at the end
        self.log.write(f"===== watch.py {' '.join(args)}\n")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "scripts" / "watch.py"), "--feeds", "events", "--interval", "0.5",
             "--verbose", *args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
            start_new_session=True,  # leads a process group: one killpg reaches the JVM too
        )
        self.output: list[tuple[float, str]] = []
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for raw in self.process.stdout:
            line = ANSI.sub("", raw.rstrip("\n"))
            stamped = (time.monotonic(), line)
            self.output.append(stamped)
            self.lines.put(stamped)
            self.log.write(line + "\n")
        self.log.close()

    def wait_for(self, pattern: re.Pattern, timeout: float = RUN_TIMEOUT) -> float:
        """The time the runner printed a line matching `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                at, line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and not self.reader.is_alive() and self.lines.empty():
                    raise ChaosError(f"the runner exited ({self.process.returncode}) before printing "
                                     f"/{pattern.pattern}/:\n{self.tail()}") from None
                continue
            if pattern.search(line):
                return at
        raise ChaosError(f"the runner printed no /{pattern.pattern}/ in {timeout:.0f} s:\n{self.tail()}")

    def sleep_until(self, moment: float) -> None:
        while time.monotonic() < moment:
            if self.process.poll() is not None:
                raise ChaosError(f"the runner exited ({self.process.returncode}) on its own:\n{self.tail()}")
            time.sleep(min(0.05, max(0.0, moment - time.monotonic())))

    def kill_group(self) -> None:
        """SIGKILL to the whole group, then wait until no process of it is left."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        deadline = time.monotonic() + 60
        while group_members(self.process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if group_members(self.process.pid):
            raise ChaosError(f"process group {self.process.pid} outlived SIGKILL: {group_members(self.process.pid)}")
        self.reader.join(timeout=10)

    def wait_exit(self, timeout: float = RUN_TIMEOUT) -> int:
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill_group()
            raise ChaosError(f"the runner did not finish in {timeout:.0f} s:\n{self.tail()}") from None
        self.reader.join(timeout=10)
        return code

    def tail(self, lines: int = 25) -> str:
        return "\n".join(line for _, line in self.output[-lines:])

    def failed_cycles(self) -> list[str]:
        return [line for _, line in self.output if CYCLE_LINE.search(line) and "FAILED" in line]


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
        except OSError:  # gone meanwhile
            continue
        fields = rest.rsplit(") ", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(pid))
    return members


def wait_for_metastore(root: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while metastore_holder(root / "lakehouse") and time.monotonic() < deadline:
        time.sleep(0.2)
    if metastore_holder(root / "lakehouse"):
        raise ChaosError(f"the metastore under {root / 'lakehouse'} is still held {timeout:.0f} s after the kill")


def phase_at(output: list[tuple[float, str]], moment: float) -> str:
    """Where the runner was at `moment`, from its dbt output: the node running, or the last one done."""
    invocations, current, cycles = 0, None, 0
    for at, line in output:
        if at > moment:
            break
        if "Running with dbt=" in line:
            invocations += 1
            current = None
        elif CYCLE_LINE.search(line):
            cycles += 1
            current = None
        elif match := NODE.search(line):
            index, total, status, name = match.groups()
            what = node_name(name, seed=invocations == 1)
            current = (f"in {what} ({index} of {total})" if status == "START"
                       else f"after {what} ({index} of {total}, {status})")
    if current:
        return current
    if cycles:
        return f"idle after cycle {cycles}"
    if invocations:
        return "dbt seed starting" if invocations == 1 else "dbt run starting"
    return "start-up (JVM, parse)"


def node_name(text: str, seed: bool) -> str:
    text = text.strip()
    if text.startswith("hook:"):
        return ("seed's " if seed else "") + text.removeprefix("hook:").strip().split(".", 1)[-1] + " hook"
    if text.startswith(("seed file", "loaded seed file")):
        return "seed " + text.rsplit(".", 1)[-1]
    return text.rsplit(".", 1)[-1] if "model" in text else text


def delta_versions(warehouse: Path) -> dict[str, tuple[int, float]]:
    """Each table's latest Delta version and when it was committed."""
    versions = {}
    for log in warehouse.glob(f"{SCHEMA}_*.db/*/_delta_log"):
        commits = [(int(path.stem), path.stat().st_mtime) for path in log.glob("*.json") if path.stem.isdigit()]
        if commits:
            versions[log.parent.name] = max(commits)
    return versions


def new_commits(before: dict, after: dict) -> list[str]:
    """The tables that committed between two snapshots, in commit order."""
    moved = [(stamp, table) for table, (version, stamp) in after.items()
             if table not in before or version > before[table][0]]
    return [table for _, table in sorted(moved)]


@dataclass
class Kill:
    number: int
    seconds_in: float  # into the dbt run (or into the start-up)
    seconds_after_start: float
    phase: str
    commits: list[str]
    landed_before: int
    landed_during: int


@dataclass
class Result:
    seed: int
    kills: list[Kill] = field(default_factory=list)
    files: int = 0
    lines: int = 0
    seconds: float = 0.0
    differences: list[str] = field(default_factory=list)
    summary: str = ""
    failed_cycles: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.differences


def calibrate(root: Path, say: Callable[[str], None]) -> tuple[float, float]:
    """A first start, left to finish its cycle: how long a start-up and a dbt run take here."""
    runner = RunnerProcess(root)
    try:
        run_started = runner.wait_for(MODEL_START)
        cycle_done = runner.wait_for(CYCLE_LINE)
    finally:
        runner.kill_group()  # idle by now: a kill between cycles
    wait_for_metastore(root)
    if runner.failed_cycles():
        raise ChaosError(f"the first cycle failed:\n{runner.tail()}")
    startup, run = run_started - runner.started, cycle_done - run_started
    window = RUN_WINDOW_FACTOR * run
    say(f"first start: dbt run after {startup:.1f} s of start-up, cycle done {run:.1f} s later; "
        f"kills fall in a run's first {window:.0f} s, {STARTUP_KILL_SHARE:.0%} of them in the start-up")
    return startup, window


def kill_once(root: Path, landing: Landing, planned: PlannedKill, number: int, windows: tuple[float, float]
              ) -> tuple[Kill, list[str]]:
    warehouse = root / "lakehouse" / "warehouse"
    landed_before = landing.land(planned.land_before)
    before = delta_versions(warehouse)
    runner = RunnerProcess(root)
    landed_during = 0
    try:
        if planned.in_startup:
            anchor = runner.started
            delay = planned.fraction * windows[0]
        else:
            anchor = runner.wait_for(MODEL_START)
            delay = planned.fraction * windows[1]
        if planned.land_during:
            runner.sleep_until(anchor + planned.land_fraction * delay)
            landed_during = landing.land(1)
        runner.sleep_until(anchor + delay)
        killed_at = time.monotonic()
    finally:
        runner.kill_group()
    wait_for_metastore(root)
    kill = Kill(number, killed_at - anchor, killed_at - runner.started, phase_at(runner.output, killed_at),
                new_commits(before, delta_versions(warehouse)), landed_before, landed_during)
    return kill, runner.failed_cycles()


def describe(kill: Kill, total: int, in_startup: bool) -> str:
    where = "into the start-up" if in_startup else "into the dbt run"
    landed = f"+{kill.landed_before} file(s) before" + (f", +{kill.landed_during} during" if kill.landed_during else "")
    commits = ", ".join(kill.commits) if kill.commits else "none"
    return (f"kill {kill.number:>{len(str(total))}} of {total} at {kill.seconds_in:5.1f} s {where} "
            f"({kill.seconds_after_start:.1f} s after start) | {kill.phase} | commits before the kill: {commits}"
            f" | {landed}")


def run(kills: int, seed: int, root: Path, spark: Callable[[], object] | None = None,
        say: Callable[[str], None] | None = None, run_seconds: float | None = None) -> Result:
    """The whole chaos run under `root`; `spark` gives the session that reads the tables at the end
    (by default one of this process, started then). `run_seconds`: no measuring start, the kills
    fall in the first `run_seconds` of each dbt run (or start-up), the first one in the first cycle."""
    started = time.monotonic()
    say = say or progress
    root.mkdir(parents=True, exist_ok=True)
    plan = make_plan(kills, seed)
    result = Result(seed)
    landing = Landing(root, plan, seed)
    say(f"chaos: seed {seed}, {kills} kill(s), {plan.files} files of ~{LINES_PER_FILE} events to land, under {root}")

    landing.land(INITIAL_FILES)
    if run_seconds is None:
        windows = calibrate(root, say)
    else:
        windows = (run_seconds, run_seconds)
        say(f"no measuring start: kills fall in the first {run_seconds:g} s of a dbt run (or of the start-up); "
            "the first kill in the first cycle, which creates the tables")
    for number, planned in enumerate(plan.kills, 1):
        kill, failed = kill_once(root, landing, planned, number, windows)
        result.kills.append(kill)
        result.failed_cycles += failed
        say(describe(kill, kills, planned.in_startup))
        for line in failed:
            say(f"  a cycle failed before the kill: {line}")

    phases: dict[str, int] = {}
    for kill in result.kills:
        where = re.sub(r" \(\d+ of \d+.*\)$", "", kill.phase)
        phases[where] = phases.get(where, 0) + 1
    say("kills by phase: " + ", ".join(f"{where} x{n}" for where, n in phases.items()))

    landing.land(plan.final_files + len(landing.pending))
    final = RunnerProcess(root, "--once")
    try:
        code = final.wait_exit()
    except BaseException:
        final.kill_group()
        raise
    wait_for_metastore(root)
    result.failed_cycles += final.failed_cycles()
    cycle = [line for _, line in final.output if CYCLE_LINE.search(line)]
    say(f"last run (--once) exited {code}: {cycle[-1].strip() if cycle else 'no cycle line'}")
    if code != 0:
        result.differences.append(f"the last run (--once) exited {code}:\n{final.tail()}")

    result.files = landing.landed
    session = spark() if spark else local_spark(root)
    try:
        result.differences += differences(session, root / "lakehouse" / "warehouse", landing.landing, result)
    finally:
        if spark is None:
            session.stop()
    result.seconds = time.monotonic() - started
    return result


def progress(line: str) -> None:
    """A progress line, shown at once also when the output is a file or a pipe."""
    print(line, flush=True)


def local_spark(root: Path):
    """A Spark session configured like the profile's for reading Delta, with an in-memory catalog
    (no Derby metastore): the tables are read by path."""
    from pyspark.sql import SparkSession

    java_options = (f"-Dderby.stream.error.file={root / 'check-derby.log'} "
                    f"-Dlog4j2.configurationFile={REPO / 'conf' / 'log4j2.properties'} "
                    f"{os.environ.get('SPARK_DRIVER_JAVA_OPTIONS', C1_ONLY)}")
    return (
        SparkSession.builder.master("local[2]").appName("chaos-check")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", str(root / "check-warehouse"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .config("spark.driver.extraJavaOptions", java_options)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def differences(spark, warehouse: Path, landing_dir: Path, result: Result) -> list[str]:
    """What the lakehouse holds that the oracle over `landing_dir` does not, one line per difference."""
    import oracle
    from test_pipeline import assert_table_equals

    expected = oracle.expected_state(landing_dir)
    problems: list[str] = []

    def table(layer: str, name: str):
        return spark.read.format("delta").load(str(warehouse / f"{SCHEMA}_{layer}.db" / name))

    def first(items) -> str:
        items = sorted(items)
        return ", ".join(map(str, items[:3])) + (f" (+{len(items) - 3} more)" if len(items) > 3 else "")

    # bronze: every landed line once
    per_file = {row["source_file"].removeprefix("file:"): row["n"]
                for row in table("bronze", "bronze_events").groupBy("source_file").count()
                .withColumnRenamed("count", "n").collect()}
    bronze_rows = sum(per_file.values())
    distinct = table("bronze", "bronze_events").select("source_file", "line_number").distinct().count()
    result.lines = expected.bronze_rows
    if bronze_rows != expected.bronze_rows:
        problems.append(f"bronze_events: {bronze_rows:,} rows, the oracle {expected.bronze_rows:,} "
                        f"({bronze_rows - expected.bronze_rows:+,})")
        wanted = {str(path): sum(1 for line in oracle.file_lines(path) if line.strip(" "))
                  for path in oracle.landed_files(landing_dir)}
        off = {f"{Path(path).name}: {per_file.get(path, 0)} not {n}" for path, n in wanted.items()
               if per_file.get(path, 0) != n}
        off |= {f"{Path(path).name}: {n} lines of a file never landed" for path, n in per_file.items()
                if path not in wanted}
        problems.append(f"bronze_events per file: {first(off)}")
    if distinct != bronze_rows:
        problems.append(f"bronze_events: {bronze_rows - distinct:,} lines held more than once (same file and line)")

    quarantine = {row["quarantine_reason"]: row["count"]
                  for row in table("silver", "silver_events_quarantine").groupBy("quarantine_reason").count().collect()}
    if quarantine != expected.quarantine:
        problems.append(f"silver_events_quarantine by reason: {quarantine}, the oracle {expected.quarantine}")

    # silver: the current version of every event
    silver_rows = table("silver", "silver_events").select(
        "event_id", "user_id", "event_type", "event_time", "ingest_time", "amount").collect()
    silver = {row["event_id"]: row for row in silver_rows}
    if len(silver) != len(silver_rows):
        problems.append(f"silver_events: {len(silver_rows) - len(silver):,} event_ids held more than once")
    missing, extra = set(expected.current) - set(silver), set(silver) - set(expected.current)
    if missing:
        problems.append(f"silver_events: {len(missing):,} events missing: {first(missing)}")
    if extra:
        problems.append(f"silver_events: {len(extra):,} events the oracle does not have: {first(extra)}")
    wrong = set()
    for event_id, event in expected.current.items():
        row = silver.get(event_id)
        if row is not None and (row["user_id"], row["event_type"], row["amount"], row["ingest_time"],
                                row["event_time"]) != (event.user_id, event.event_type, event.amount,
                                                       event.ingest_time.replace(tzinfo=None),
                                                       event.event_time.replace(tzinfo=None)):
            wrong.add(event_id)
    if wrong:
        problems.append(f"silver_events: {len(wrong):,} events hold another version than the oracle's: {first(wrong)}")

    # gold: both marts, with the suite's own comparison
    gold_rows = {}
    for name, expected_rows, key in (
        ("gold_daily_user_activity", oracle.daily_user_activity(expected.current), ("event_date", "user_id")),
        ("gold_daily_event_types", oracle.daily_event_types(expected.current), ("event_date", "event_type")),
    ):
        rows = [row.asDict() for row in table("gold", name).collect()]
        gold_rows[name] = len(rows)
        try:
            assert_table_equals(rows, expected_rows, key)
        except AssertionError as problem:
            problems.append(f"{name}: {str(problem).splitlines()[0] or 'differs from the oracle'}")

    # dq_run_log accounts for each bronze line once, however often a window was redone
    logged = table("ops", "dq_run_log").where("model_name = 'silver_events'").selectExpr(
        "sum(rows_read) as read", "sum(rows_dropped) as dropped",
        "sum(rows_written + redeliveries + stale_versions_ignored) as valid").collect()[0]
    accounted = (logged["read"], logged["dropped"], logged["valid"])
    wanted = (bronze_rows, sum(expected.quarantine.values()), expected.valid_rows)
    if accounted != wanted:
        problems.append(f"dq_run_log (silver_events) read, dropped, valid: {accounted}, the oracle {wanted}")

    statuses = {row["status"]: row["count"]
                for row in table("ops", "pipeline_runs").groupBy("status").count().collect()}
    if set(statuses) != {"completed"}:
        problems.append(f"pipeline_runs by status: {statuses} (only completed runs expected)")

    result.summary = (f"bronze {bronze_rows:,} rows, silver {len(silver):,} current events, quarantine "
                      f"{sum(quarantine.values()):,}, gold {gold_rows['gold_daily_user_activity']:,} + "
                      f"{gold_rows['gold_daily_event_types']:,} rows, {statuses.get('completed', 0)} completed runs")
    return problems


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str):
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = OneLineParser(
        description="SIGKILL the warm runner (its whole process group, the Spark JVM included) at seeded "
        "random points of its cycles, land files between kills, run it once more to the end, and hold "
        "the lakehouse to the oracle: nothing lost, nothing duplicated.",
        epilog="Exit 0: the oracle holds; 1: it does not (what differed is printed); 2: bad arguments.",
    )
    parser.add_argument("--kills", type=int, default=20, metavar="N", help="how many kills (default 20)")
    parser.add_argument("--seed", type=int, help="the seed of the files and the kill plan (default: a random one, "
                        "printed)")
    parser.add_argument("--run-seconds", type=float, metavar="S",
                        help="skip the first start, which measures a cycle: kill within the first S s of each dbt "
                        "run (or start-up); the first kill then falls in the cycle that creates the tables")
    parser.add_argument("--dir", type=Path, help="work folder, new or empty (default: a temporary folder, removed "
                        "when the oracle holds)")
    args = parser.parse_args(argv)
    if args.kills < 1:
        parser.error(f"--kills must be at least 1, got {args.kills}")
    if args.run_seconds is not None and not 0 < args.run_seconds < 3600:
        parser.error(f"--run-seconds must be between 0 and 3600, got {args.run_seconds:g}")
    if args.seed is not None and args.seed < 0:
        parser.error(f"--seed must be 0 or more, got {args.seed}")
    if args.dir is not None:
        if args.dir.exists() and (not args.dir.is_dir() or any(args.dir.iterdir())):
            parser.error(f"--dir {args.dir} is not an empty folder")
        if not args.dir.resolve().parent.is_dir():
            parser.error(f"--dir: no folder {args.dir.resolve().parent} to create {args.dir.name} in")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    root = args.dir.resolve() if args.dir else Path(tempfile.mkdtemp(prefix="lakehouse-chaos-"))
    os.environ["TZ"] = "UTC"  # PySpark hands timestamps over in the process's time zone
    time.tzset()
    try:
        result = run(args.kills, seed, root, run_seconds=args.run_seconds)
    except ChaosError as problem:
        print(f"error: {problem}\nverdict: INCOMPLETE (seed {seed}); the runner's output is in {root / 'runner.log'}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted; the work folder is {root}", file=sys.stderr)
        return 130
    for problem in result.differences:
        print(f"DIFFERS: {problem}")
    for line in result.failed_cycles:
        print(f"note: a cycle failed (retried by the runner): {line}")
    outcome = ("the oracle holds" if result.holds
               else f"the oracle does NOT hold ({len(result.differences)} difference(s))")
    print(f"verdict: {outcome} after {len(result.kills)} kill(s), seed {seed}, {result.files} files "
          f"{result.lines:,} lines, {result.seconds:.0f} s | {result.summary}")
    if result.holds and args.dir is None:
        shutil.rmtree(root, ignore_errors=True)
    elif not result.holds:
        print(f"the lakehouse, landing and runner.log are kept in {root}")
    return 0 if result.holds else 1


if __name__ == "__main__":
    sys.exit(main())
