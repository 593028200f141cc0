"""Benchmark the dbt pipeline against history size, and against a hand-written PySpark job.

For each history size H (days, --days-list), in fresh directories under --work-dir:

  1. land H days of events (produce_events.py, one file per day);
  2. load the seeds (`dbt seed`, not timed), then time `dbt run` from nothing (full build);
  3. time the hand-written PySpark baseline over the same H days (separate JVM);
  4. land one more day and time the incremental `dbt run`;
  5. time a no-op `dbt run` (nothing new landed);
  6. time `dbt run --full-refresh` (full rebuild of H + 1 days);
  7. for the first H only: the bare floor (`dbt show --inline 'select 1'`: Python,
     dbt parse, JVM, session), then the warm runner (scripts/watch.py): a warm
     dbt no-op, a warm incremental day, and --continuous-minutes of the events
     producer at --continuous-rate events/s, with freshness per landed file
     (p50, p95) and the runner's memory (Python + JVM RSS) over the run. A run
     longer than 10 minutes is a soak: its first 10 minutes are held to the
     continuous target, and the whole run is reported too. The runner's
     --timings give every warm cycle's seconds per node.

With --targets local,thrift, the same cold runs (1, 2, 4-6 and the floor) go through the
Spark Thrift Server of `scripts/cluster.py` (a standalone master and one worker on
this machine), brought up on each H's lakehouse and stopped after it.

Every timing is the wall clock of a fresh process, JVM start included. `dbt run`
(models only) is timed, not `dbt build`, so the numbers measure the pipeline and
not the data tests. Results go to <work-dir>/results.json and to a Markdown
report (--output, default docs/benchmarks.md); a hand-written section between
the analysis markers of an existing report is kept.

    .venv/bin/python scripts/benchmark.py                       # H = 7, 30, 90
    .venv/bin/python scripts/benchmark.py --days-list 1 --events-per-day 2000   # smoke run
    .venv/bin/python scripts/benchmark.py --days-list 30 --targets local,thrift   # both targets
    .venv/bin/python scripts/benchmark.py --days-list 90 --continuous-minutes 60  # H = 90 and a 1-hour soak
    .venv/bin/python scripts/benchmark.py --from-results /tmp/bench/results.json  # re-render only
    .venv/bin/python scripts/benchmark.py --from-results a.json b.json   # rows of several runs, one report

Internal mode (what step 3 runs in its own process):

    .venv/bin/python scripts/benchmark.py --pyspark-baseline LANDING_DIR OUT_DIR
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path

from preflight import metastore_holder

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
LANDING_GLOBS = ("*.jsonl", "*.json", "*.jsonl.gz", "*.json.gz")
LATE_THRESHOLD_SECONDS = 10 * 60  # the project's default var late_threshold_minutes
ANALYSIS_START = "<!-- analysis:start -->"
ANALYSIS_END = "<!-- analysis:end -->"
PHASES = {
    "full": "full build",
    "incremental": "incremental (+1 day)",
    "noop": "no-op",
    "rebuild": "full rebuild",
}
TARGETS_INCREMENTAL_GROWTH = 1.3  # incremental(largest H) / incremental(smallest H) at most
TARGETS_REBUILD_FACTOR = 10.0  # full rebuild(largest H) / incremental(largest H) at least
# the continuous target is held over this many minutes; a longer run is also reported as a soak
CONTINUOUS_TARGET_MINUTES = 10
WARM_PHASES = {"first_cycle": "catch-up (first cycle)", "noop": "no-op", "incremental": "incremental (+1 day)"}


# --------------------------------------------------------------------------- baseline


def pyspark_baseline(landing_dir: Path, out_dir: Path) -> int:
    """The pipeline's work in one DataFrame job: parse, validate, dedupe, aggregate, write Delta."""
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    started = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[*]")
        .appName("benchmark-pyspark-baseline")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        # the same driver memory as the dbt profile's default (SPARK_DRIVER_MEMORY)
        .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.sql.warehouse.dir", str(out_dir / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={REPO / 'conf' / 'log4j2.properties'}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session_ready = time.perf_counter()

    def parse_timestamp(text):
        """The contract's timestamp forms (see macros/parsing/parse_event_timestamp.sql)."""
        iso = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
        plain = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"
        return (
            F.when(text.rlike(r"^-?[0-9]{1,13}$"), F.timestamp_millis(text.cast("bigint")))
            .when(text.rlike(iso) | text.rlike(plain), text.try_cast("timestamp"))
        )

    lines = (
        spark.read.option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.{jsonl,json,jsonl.gz,json.gz}")
        .text(str(landing_dir / "events"))
        .select(F.regexp_replace("value", "\r$", "").alias("raw_line"))
        .where(F.trim("raw_line") != "")
    )
    schema = ("event_id string, user_id string, event_type string, event_time string, "
              "ingest_time string, amount string, _corrupt_record string")
    record = F.col("record")
    typed = lines.select(F.from_json("raw_line", schema).alias("record")).select(
        (record.isNotNull() & record["_corrupt_record"].isNull()).alias("is_json_object"),
        record["event_id"].alias("event_id"),
        record["user_id"].alias("user_id"),
        F.coalesce(F.nullif(F.trim(record["event_type"]), F.lit("")), F.lit("unknown")).alias("event_type"),
        parse_timestamp(record["event_time"]).alias("event_time"),
        parse_timestamp(record["ingest_time"]).alias("ingest_time"),
        record["amount"].alias("amount_text"),
        record["amount"].try_cast("decimal(18,2)").alias("amount"),
    )
    valid = typed.where(
        F.col("is_json_object")
        & (F.coalesce(F.trim("event_id"), F.lit("")) != "")
        & (F.coalesce(F.trim("user_id"), F.lit("")) != "")
        & F.col("event_time").isNotNull()
        & F.col("ingest_time").isNotNull()
        & (F.col("amount_text").isNull() | F.col("amount").isNotNull())
    ).select(
        "event_id",
        "user_id",
        "ingest_time",
        "amount",
        F.to_date("event_time").alias("event_date"),
        F.sha2(F.concat_ws("|", "user_id", "event_type", F.unix_micros("event_time").cast("string"),
                           F.coalesce(F.col("amount").cast("string"), F.lit(""))), 256).alias("record_hash"),
        ((F.unix_micros("ingest_time") - F.unix_micros("event_time")) / F.lit(1_000_000.0)).alias("latency_seconds"),
    )
    # one version per event: the greatest (ingest_time, record_hash), as silver's merge keeps
    latest = valid.groupBy("event_id").agg(
        F.max(F.struct("ingest_time", "record_hash", "user_id", "event_date", "amount", "latency_seconds"))
        .alias("version")
    ).select("version.*")
    is_late = F.col("latency_seconds") > F.lit(LATE_THRESHOLD_SECONDS)
    daily = latest.groupBy("event_date", "user_id").agg(
        F.count(F.lit(1)).alias("total_events"),
        F.sum(F.coalesce("amount", F.lit(0))).cast("decimal(18,2)").alias("total_amount"),
        F.count_if(is_late).alias("late_events"),
        F.avg("latency_seconds").alias("avg_latency_seconds"),
        F.max("latency_seconds").alias("max_latency_seconds"),
    ).withColumn(
        "late_event_pct",
        F.round(F.lit(100) * F.col("late_events").cast("decimal(20,0)") / F.nullif("total_events", F.lit(0)), 2)
        .cast("decimal(5,2)"),
    )
    target = out_dir / "gold_daily_user_activity"
    daily.write.format("delta").mode("overwrite").partitionBy("event_date").save(str(target))
    written = time.perf_counter()
    spark.stop()
    print(json.dumps({
        "session_start_s": round(session_ready - started, 2),
        "job_s": round(written - session_ready, 2),
        "output": str(target),
    }))
    return 0


# --------------------------------------------------------------------------- measuring


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def timed(command: list[str], log_file: Path, env: dict[str, str] | None = None, cwd: Path = REPO) -> dict:
    """Run `command` with its output in `log_file`; wall-clock seconds and exit code."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "w") as handle:
        handle.write("$ " + " ".join(command) + "\n")
        handle.flush()
        started = time.perf_counter()
        completed = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=cwd, check=False)
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "returncode": completed.returncode, "log": str(log_file),
            "load_after": [round(value, 2) for value in os.getloadavg()]}


def tail(path: str | Path, lines: int = 25) -> str:
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def landed_files(landing_dir: Path) -> set[Path]:
    """Files the pipeline reads: the patterns of the landing table, hidden names skipped."""
    events = landing_dir / "events"
    found: set[Path] = set()
    for pattern in LANDING_GLOBS:
        for path in events.rglob(pattern):
            relative = path.relative_to(events).parts
            if not any(part.startswith((".", "_")) for part in relative):
                found.add(path)
    return found


def count_lines(files: set[Path]) -> int:
    """Non-blank lines, i.e. the rows bronze holds for these files."""
    total = 0
    for path in files:
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def node_name(unique_id: str) -> str:
    """A node's name in the report: the model's name, or `hook: on-run-start-0`."""
    name = unique_id.split(".")[-1]
    return "hook: " + name.split("-", 1)[-1] if unique_id.startswith("operation.") else name


def model_timings(run_results: Path) -> dict:
    """Per-node execution seconds and status from a dbt run_results.json."""
    if not run_results.exists():
        return {"elapsed_time": None, "nodes": {}}
    data = json.loads(run_results.read_text())
    nodes = {}
    for result in data.get("results", []):
        nodes[node_name(result["unique_id"])] = {
            "seconds": round(result.get("execution_time") or 0.0, 2), "status": result.get("status")}
    return {"elapsed_time": round(data.get("elapsed_time") or 0.0, 2), "nodes": nodes}


def produce(landing_dir: Path, log_file: Path, start_date: str, days: int, events_per_day: int, seed: int) -> dict:
    command = [str(BIN / "python"), str(REPO / "scripts" / "produce_events.py"), "--landing-dir", str(landing_dir),
               "--start-date", start_date, "--days", str(days), "--events-per-day", str(events_per_day),
               "--batches", str(days), "--quiet", "--seed", str(seed)]
    result = timed(command, log_file)
    if result["returncode"] != 0:
        raise SystemExit(f"error: producing events failed:\n{tail(log_file)}")
    return result


def benchmark_history(days: int, target_name: str, args: argparse.Namespace) -> dict:
    """All measurements for one history size, in fresh directories."""
    base = args.work_dir / (str(days) if target_name == "local" else f"{days}-{target_name}")
    shutil.rmtree(base, ignore_errors=True)
    lakehouse, landing, target, logs = base / "lakehouse", base / "landing", base / "target", base / "logs"
    for folder in (lakehouse, landing):
        folder.mkdir(parents=True)
    env = {**os.environ, "LAKEHOUSE_DIR": str(lakehouse), "LANDING_DIR": str(landing), "DBT_PROFILES_DIR": str(REPO),
           "DBT_TARGET": target_name}
    dbt = [str(BIN / "dbt"), "run", "--project-dir", str(REPO), "--profiles-dir", str(REPO),
           "--target-path", str(target), "--log-path", str(logs)]
    row: dict = {"days": days, "target": target_name, "events_per_day": args.events_per_day, "runs": {},
                 "started_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"), "shared": args.shared}

    def dbt_run(phase: str, extra: list[str]) -> None:
        log(f"H={days}: dbt run ({PHASES[phase]}) ...")
        result = timed(dbt + extra, base / f"{phase}.log", env=env)
        saved = base / f"run_results_{phase}.json"
        if (target / "run_results.json").exists():
            shutil.copy(target / "run_results.json", saved)
            (target / "run_results.json").unlink()
        result.update(model_timings(saved))
        row["runs"][phase] = result
        status = "ok" if result["returncode"] == 0 else f"FAILED (exit {result['returncode']})"
        log(f"H={days}: {PHASES[phase]}: {result['seconds']:.1f} s, {status}")
        if result["returncode"] != 0:
            print(tail(result["log"]), flush=True)

    log(f"H={days}: landing {days} days x {args.events_per_day} events in {landing}")
    produced = produce(landing, base / "produce_history.log", args.start_date.isoformat(), days,
                       args.events_per_day, args.seed)
    history_files = landed_files(landing)
    row["history_files"] = len(history_files)
    row["history_lines"] = count_lines(history_files)
    log(f"H={days}: {row['history_lines']:,} bronze lines in {len(history_files)} files ({produced['seconds']:.0f} s)")

    cluster = None
    if target_name == "thrift":
        log(f"H={days}: starting the Spark cluster and Thrift server (scripts/cluster.py up) ...")
        cluster = [str(BIN / "python"), str(REPO / "scripts" / "cluster.py"), "--lakehouse-dir", str(lakehouse)]
        started = timed([*cluster, "up"], base / "cluster_up.log", env=env)
        if started["returncode"] != 0:
            raise SystemExit(f"error: the cluster did not come up:\n{tail(base / 'cluster_up.log')}")
        row["cluster_up_seconds"] = started["seconds"]
    try:
        measure_history(row, base, env, dbt, dbt_run, args)
    finally:
        if cluster:
            timed([*cluster, "down"], base / "cluster_down.log", env=env)
    return row


def measure_history(row: dict, base: Path, env: dict[str, str], dbt: list[str], dbt_run, args) -> None:
    days, landing = row["days"], Path(env["LANDING_DIR"])
    history_files = landed_files(landing)
    log(f"H={days}: dbt seed (reference data, not timed) ...")
    seeded = timed([str(BIN / "dbt"), "seed", *dbt[2:]], base / "seed.log", env=env)
    if seeded["returncode"] != 0:
        raise SystemExit(f"error: dbt seed failed:\n{tail(base / 'seed.log')}")
    dbt_run("full", [])

    if not args.skip_baseline and row["target"] == "local":
        log(f"H={days}: hand-written PySpark baseline over the same {days} days ...")
        out_dir = base / "pyspark_baseline"
        command = [str(BIN / "python"), str(Path(__file__).resolve()), "--pyspark-baseline", str(landing), str(out_dir)]
        result = timed(command, base / "pyspark_baseline.log", cwd=base)
        lines = Path(result["log"]).read_text(errors="replace").splitlines()
        detail = next((line for line in reversed(lines) if line.startswith("{")), None)
        result["detail"] = json.loads(detail) if detail else None
        row["baseline"] = result
        status = "ok" if result["returncode"] == 0 else f"FAILED (exit {result['returncode']})"
        log(f"H={days}: PySpark baseline: {result['seconds']:.1f} s, {status}")
        if result["returncode"] != 0:
            print(tail(result["log"]), flush=True)

    next_day = (args.start_date + timedelta(days=days)).isoformat()
    log(f"H={days}: landing one more day ({next_day})")
    produce(landing, base / "produce_day.log", next_day, 1, args.events_per_day, args.seed + 1)
    new_files = landed_files(landing) - history_files
    row["new_day_files"] = len(new_files)
    row["new_day_lines"] = count_lines(new_files)

    dbt_run("incremental", [])
    dbt_run("noop", [])
    dbt_run("rebuild", ["--full-refresh"])
    if days == args.days_list[0]:
        log(f"H={days}: bare floor: dbt show --inline 'select 1' ...")
        row["floor"] = timed([str(BIN / "dbt"), "show", "--inline", "select 1", *dbt[2:]], base / "floor.log", env=env)
        log(f"H={days}: bare floor: {row['floor']['seconds']:.1f} s")
        if row["target"] == "local" and not args.skip_warm:  # the warm runner holds an embedded session
            row["warm"] = benchmark_warm(base, env, args, (args.start_date + timedelta(days=days + 1)).isoformat())


def benchmark_file_counts(counts: list[int], args: argparse.Namespace) -> list[dict]:
    """A run's cost against the number of files bronze has already ingested:
    for each count N, land N small files (the same lines in all), ingest them,
    land one more file and time `dbt run` of the events feed, then a no-op."""
    rows = []
    lines_total = max(counts) * 5
    for count in counts:
        base = args.work_dir / f"files-{count}"
        shutil.rmtree(base, ignore_errors=True)
        lakehouse, landing, target, logs = base / "lakehouse", base / "landing", base / "target", base / "logs"
        for folder in (lakehouse, landing):
            folder.mkdir(parents=True)
        env = {**os.environ, "LAKEHOUSE_DIR": str(lakehouse), "LANDING_DIR": str(landing),
               "DBT_PROFILES_DIR": str(REPO), "DBT_TARGET": "local"}
        dbt = [str(BIN / "dbt"), "--project-dir", str(REPO), "--profiles-dir", str(REPO)]
        paths = ["--target-path", str(target), "--log-path", str(logs)]
        events_only = ["--select", "bronze_events+", "--vars", "{landing_feeds: [events]}"]
        log(f"files={count}: landing {lines_total:,} events in {count:,} files ...")
        command = [str(BIN / "python"), str(REPO / "scripts" / "produce_events.py"), "--landing-dir", str(landing),
                   "--start-date", args.start_date.isoformat(), "--days", "1", "--events-per-day", str(lines_total),
                   "--batches", str(count), "--quiet", "--seed", str(args.seed)]
        if timed(command, base / "produce.log")["returncode"] != 0:
            raise SystemExit(f"error: producing events failed:\n{tail(base / 'produce.log')}")
        row = {"files": len(landed_files(landing)), "lines": count_lines(landed_files(landing))}
        for phase, extra in (("seed", ["seed", *paths]), ("ingest", ["run", *events_only, *paths])):
            log(f"files={count}: {phase} (not timed) ...")
            result = timed([dbt[0], *extra, *dbt[1:]], base / f"{phase}.log", env=env)
            if result["returncode"] != 0:
                raise SystemExit(f"error: {phase} failed:\n{tail(base / f'{phase}.log')}")
            row[f"{phase}_seconds"] = result["seconds"]
        next_day = (args.start_date + timedelta(days=1)).isoformat()
        produce(landing, base / "produce_one.log", next_day, 1, 500, args.seed + 1)
        for phase in ("one_more_file", "noop"):
            log(f"files={count}: dbt run ({phase}) ...")
            result = timed([dbt[0], "run", *events_only, *paths, *dbt[1:]], base / f"{phase}.log", env=env)
            row[phase] = result
            log(f"files={count}: {phase}: {result['seconds']:.1f} s"
                + ("" if result["returncode"] == 0 else f", FAILED (exit {result['returncode']})"))
        bronze = model_timings(target / "run_results.json") if (target / "run_results.json").exists() else {}
        row["noop_nodes"] = bronze.get("nodes", {})
        rows.append(row)
    return rows


def render_file_counts(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    out = ["", "## Ingested files", "",
           "A run's cost against the number of files bronze has already ingested (events only: "
           "`dbt run --select bronze_events+`): N small files landed and ingested, then one more file "
           "(500 events) and a run, then a no-op. Target: 10,000 files cost at most 10 % more than 100.", "",
           "| files ingested | lines | run with one more file s | no-op s |", "|---:|---:|---:|---:|"]
    for row in rows:
        out.append(f"| {row['files']:,} | {row['lines']:,} | {row['one_more_file']['seconds']:.1f} "
                   f"| {row['noop']['seconds']:.1f} |")
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        for phase, label in (("one_more_file", "run with one more file"), ("noop", "no-op")):
            a, b = small[phase]["seconds"], large[phase]["seconds"]
            out.append("")
            out.append(target_line(f"{label}: {large['files']:,} files <= 1.1 × {small['files']:,} files", b / a,
                                   1.1, True, f"{b:.1f} s / {a:.1f} s = {b / a:.2f}×"))
    return out


class WatchedRunner:
    """scripts/watch.py in its own process, its status lines collected as they come."""

    CYCLE = re.compile(r"cycle (\d+) \| (.*) \| (\d+) nodes ([\d.]+) s \| freshness ([\d.]+|-)")

    def __init__(self, env: dict[str, str], log_file: Path, timings_file: Path):
        self.log = open(log_file, "w")  # noqa: SIM115 (closed in stop())
        self.timings_file = timings_file
        timings_file.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [str(BIN / "python"), str(REPO / "scripts" / "watch.py"), "--feeds", "events", "--interval", "0.5",
             "--timings", str(timings_file)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
        self.cycles: list[dict] = []
        self.rss_mib: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.write(line)
            self.log.flush()
            match = self.CYCLE.search(line)
            if match:
                self.cycles.append({"cycle": int(match.group(1)), "work": match.group(2),
                                    "nodes": int(match.group(3)), "seconds": float(match.group(4)),
                                    "freshness": None if match.group(5) == "-" else float(match.group(5))})

    def wait_cycles(self, count: int, timeout: float = 1800) -> dict:
        deadline = time.monotonic() + timeout
        while len(self.cycles) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"error: the runner stopped or stalled; see {self.log.name}")
            time.sleep(0.2)
        return self.cycles[count - 1]

    def node_seconds(self) -> dict[int, dict[str, float]]:
        """Each dbt cycle's seconds per node (the runner's --timings file), by cycle number."""
        if not self.timings_file.exists():
            return {}
        cycles = [json.loads(line) for line in self.timings_file.read_text().splitlines() if line.strip()]
        return {cycle["cycle"]: {node_name(node): seconds for node, seconds in cycle["nodes"].items()}
                for cycle in cycles}

    def sample_rss(self) -> None:
        """Resident memory of the runner and its Spark JVM, in MiB."""
        total_kib = 0
        pids = [self.process.pid]
        for children in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            pids += [int(pid) for pid in children.read_text().split()]
        for pid in pids:
            status = Path(f"/proc/{pid}/status")
            if status.exists():
                total_kib += next((int(line.split()[1]) for line in status.read_text().splitlines()
                                   if line.startswith("VmRSS:")), 0)
        self.rss_mib.append(round(total_kib / 1024, 1))

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=600)
        time.sleep(0.5)
        self.log.close()
        return code


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def file_latencies(lakehouse: Path) -> list[tuple[float, float]]:
    """(landed at, seconds) per landed file: its modification time (Unix seconds), and the
    seconds from then to the end of the run that took it to gold (bronze's file and
    loaded_at joined with pipeline_runs)."""
    from pyspark.sql import SparkSession

    # Delta's jars are on the venv's Spark classpath (make setup): nothing to resolve
    spark = (
        SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate()
    )
    warehouse = lakehouse / "warehouse"
    spark.read.format("delta").load(str(warehouse / "lakehouse_bronze.db" / "bronze_events")) \
        .createOrReplaceTempView("bronze")
    spark.read.format("delta").load(str(warehouse / "lakehouse_ops.db" / "pipeline_runs")) \
        .createOrReplaceTempView("runs")
    rows = spark.sql("""
        select
            unix_micros(max(files.file_modified_at)) / 1e6 as landed_at,
            (unix_micros(max(runs.recorded_at)) - unix_micros(max(files.file_modified_at))) / 1e6 as seconds
        from (select distinct source_file, file_modified_at, loaded_at from bronze) as files
        join runs on runs.feed = 'events' and runs.run_started_at = files.loaded_at
        where files.file_modified_at >= (select min(newest_file_landed_at) from runs where freshness_seconds < 600)
        group by files.source_file
    """).collect()
    spark.stop()
    return [(row["landed_at"], row["seconds"]) for row in rows]


def freshness_summary(latencies: list[tuple[float, float]]) -> dict:
    seconds = [latency for _landed_at, latency in latencies]
    return {"files": len(seconds), "freshness_p50": percentile(seconds, 0.5),
            "freshness_p95": percentile(seconds, 0.95)}


def node_percentiles(cycles: list[dict[str, float]], share: float) -> dict[str, float]:
    """Per node, the given percentile of its seconds over the cycles that ran it."""
    names = {name for cycle in cycles for name in cycle}
    return {name: percentile([cycle[name] for cycle in cycles if name in cycle], share) for name in names}


def benchmark_warm(base: Path, env: dict[str, str], args: argparse.Namespace, next_day: str) -> dict:
    """The warm runner on the lakehouse the cold runs left: catch-up, a warm
    dbt no-op, a warm incremental day, then a continuous producer."""
    landing = Path(env["LANDING_DIR"])
    env = {**env, "DBT_TARGET_PATH": str(base / "target"), "DBT_LOG_PATH": str(base / "logs")}
    warm: dict = {}
    # the previous dbt process's JVM may still be closing the metastore
    deadline = time.monotonic() + 60
    while metastore_holder(Path(env["LAKEHOUSE_DIR"])) and time.monotonic() < deadline:
        time.sleep(0.5)
    log("warm: starting scripts/watch.py ...")
    started = time.perf_counter()
    runner = WatchedRunner(env, base / "watch.log", base / "watch_timings.jsonl")
    warm["first_cycle"] = runner.wait_cycles(1)
    warm["start_to_first_cycle_seconds"] = round(time.perf_counter() - started, 2)
    log(f"warm: first cycle (catch-up, cold) {warm['first_cycle']['seconds']:.1f} s")

    # a touched file looks new to the runner; bronze has read it: a full dbt no-op, warm
    newest = max(landed_files(landing), key=lambda path: path.stat().st_mtime)
    os.utime(newest)
    warm["noop"] = runner.wait_cycles(2)
    log(f"warm: dbt no-op cycle {warm['noop']['seconds']:.1f} s")

    produce(landing, base / "produce_warm_day.log", next_day, 1, args.events_per_day, args.seed + 2)
    warm["incremental"] = runner.wait_cycles(3)
    log(f"warm: incremental (+1 day) cycle {warm['incremental']['seconds']:.1f} s")

    if args.continuous_minutes > 0:
        interval = 2.0
        per_batch = int(args.continuous_rate * interval)
        batches = int(args.continuous_minutes * 60 / interval)
        log(f"warm: continuous: {args.continuous_rate} events/s ({per_batch} every {interval:g} s) "
            f"for {args.continuous_minutes} min ...")
        first_continuous = len(runner.cycles) + 1
        continuous_started = time.time()
        producer = subprocess.Popen(
            [str(BIN / "python"), str(REPO / "scripts" / "produce_events.py"), "--landing-dir", str(landing),
             "--continuous", "--interval", str(interval), "--events-per-batch", str(per_batch),
             "--max-batches", str(batches), "--quiet", "--seed", str(args.seed + 3)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env, cwd=REPO)
        next_progress = time.monotonic() + 300
        while producer.poll() is None:
            runner.sample_rss()
            if time.monotonic() >= next_progress:
                next_progress += 300
                done = runner.cycles[first_continuous - 1:]
                log(f"warm: continuous: {(time.time() - continuous_started) / 60:.0f} of "
                    f"{args.continuous_minutes:g} min, {len(done)} cycles, last "
                    f"{done[-1]['seconds'] if done else '-'} s, RSS {runner.rss_mib[-1]} MiB")
            time.sleep(10)
        time.sleep(30)  # the last files' cycle
        runner.sample_rss()
        cycles = runner.cycles[first_continuous - 1:]
        warm["continuous"] = {
            "minutes": args.continuous_minutes, "rate": args.continuous_rate, "cycles": len(cycles),
            "cycle_seconds_p50": percentile([c["seconds"] for c in cycles], 0.5),
            "cycle_seconds_p95": percentile([c["seconds"] for c in cycles], 0.95),
            "rss_mib": runner.rss_mib,
        }
    warm["runner_exit"] = runner.stop()
    node_seconds = runner.node_seconds()
    for phase in WARM_PHASES:
        warm[phase]["nodes"] = node_seconds.get(warm[phase]["cycle"], {})
    if args.continuous_minutes > 0:
        continuous = warm["continuous"]
        continuous_nodes = [node_seconds[c["cycle"]] for c in cycles if c["cycle"] in node_seconds]
        continuous["nodes_p50"] = node_percentiles(continuous_nodes, 0.5)
        # the producer's files only: not the history's or the warm day's
        latencies = [pair for pair in file_latencies(Path(env["LAKEHOUSE_DIR"])) if pair[0] >= continuous_started]
        continuous.update(freshness_summary(latencies))
        if args.continuous_minutes > CONTINUOUS_TARGET_MINUTES:
            # a longer run is a soak: its first minutes are held to the continuous target too
            first_minutes = continuous_started + CONTINUOUS_TARGET_MINUTES * 60
            continuous["first_minutes"] = freshness_summary([pair for pair in latencies if pair[0] < first_minutes])
        log(f"warm: continuous freshness p50 {continuous['freshness_p50']} s, "
            f"p95 {continuous['freshness_p95']} s over {len(latencies)} files")
    return warm


def machine_and_versions() -> dict:
    def meminfo_gib() -> str:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        return "unknown"

    def cpu_model() -> str:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
        return platform.processor() or "unknown"

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
        java_version = (java.stderr or java.stdout).splitlines()[0].strip()
    except (OSError, IndexError):
        java_version = "unknown"
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "memory": meminfo_gib(),
        "cpu_model": cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "dbt-core": version("dbt-core"),
        "dbt-spark": version("dbt-spark"),
        "pyspark": version("pyspark"),
        "delta-spark": version("delta-spark"),
        "java": java_version,
        "load_before": [round(value, 2) for value in os.getloadavg()],
    }


# --------------------------------------------------------------------------- report


def seconds_of(row: dict, phase: str) -> float | None:
    run = row["runs"].get(phase)
    return run["seconds"] if run else None


def cell(run: dict | None) -> str:
    if not run:
        return "n/a"
    text = f"{run['seconds']:.1f}"
    return text if run["returncode"] == 0 else f"{text} (FAILED)"


def cell_seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def ratio(numerator: float | None, denominator: float | None, digits: int = 2) -> str:
    if not numerator or not denominator:
        return "n/a"
    return f"{numerator / denominator:.{digits}f}"


def per_second(count: int, seconds: float | None) -> str:
    return f"{count / seconds:,.0f}" if seconds else "n/a"


def load_range(rows: list[dict]) -> str:
    loads = [run["load_after"][0] for row in rows for run in [*row["runs"].values(), row.get("baseline")] if run]
    return f"{min(loads)} to {max(loads)}" if loads else "n/a"


def render(results: dict, analysis: str) -> str:
    machine = results["machine"]
    every_row = sorted(results["rows"], key=lambda row: (row["days"], row.get("target", "local") != "local"))
    rows = [row for row in every_row if row.get("target", "local") == "local"] or every_row
    out = [
        "# Benchmarks",
        "",
        "How the dbt pipeline's run time grows with the history already in the lakehouse,",
        "and how it compares with a hand-written PySpark job doing the same work in one shot.",
        "",
        "## How to run",
        "",
        "```bash",
        "make benchmark                     # .venv/bin/python scripts/benchmark.py (H = 7, 30, 90 days)",
        ".venv/bin/python scripts/benchmark.py --days-list 1 --events-per-day 2000   # smoke run",
        ".venv/bin/python scripts/benchmark.py --help",
        "```",
        "",
        "For each history size H, in fresh directories under `/tmp/bench/<H>` (never `lakehouse/` or `landing/`):",
        "",
        f"1. land H days of events, {results['events_per_day']:,} per day, one file per day "
        f"(`scripts/produce_events.py --seed {results['seed']}`);",
        "2. **full build**: `dbt run` from nothing (empty lakehouse and metastore);",
        "3. **PySpark baseline**: `scripts/benchmark.py --pyspark-baseline`, a hand-written DataFrame job over the",
        "   same H days: read the text files, `from_json`, validate (event_id/user_id non-empty, timestamps and",
        "   amount parse), keep the greatest (ingest_time, content hash) per event_id, aggregate per",
        "   (event_date, user_id) and write one Delta table partitioned by event_date;",
        "4. land one more day (next date, another seed, same landing dir so ids continue) and time the",
        "   **incremental** `dbt run`;",
        "5. **no-op**: `dbt run` again with nothing new landed;",
        "6. **full rebuild**: `dbt run --full-refresh` over all H + 1 days.",
        "",
        "Every timing is the wall clock of a fresh process (Python, dbt parse and the Spark JVM start included),",
        "for dbt and for the baseline alike. Timings use `dbt run` (models only): the data tests of `dbt build`",
        "are left out so the numbers measure the pipeline. dbt writes its target and logs to",
        "`/tmp/bench/<H>/target` and `/tmp/bench/<H>/logs`; each run's `run_results.json` is kept as",
        "`/tmp/bench/<H>/run_results_<phase>.json`. Raw numbers: `/tmp/bench/results.json`.",
        "",
        "The baseline does less than the pipeline: it writes no silver table, no quarantine, no",
        "`gold_daily_event_types` and no checkpoint, and has no incremental bookkeeping, so it is a lower",
        "bound for this work on this machine rather than an equivalent.",
        "",
        "## Machine and versions",
        "",
        f"- CPU: {machine['cpus']} × {machine['cpu_model']}; memory {machine['memory']}; {machine['os']}",
        f"- Python {machine['python']}, dbt-core {machine['dbt-core']}, dbt-spark {machine['dbt-spark']}, "
        f"pyspark {machine['pyspark']}, delta-spark {machine['delta-spark']}; {machine['java']}",
        f"- Run on {results['started_at']} (UTC), {results['total_minutes']:.0f} min in total. "
        + (f"**Shared machine**: {results['shared']}; timings are noisy." if results.get("shared")
           else "Nothing else ran on the machine meanwhile (no other Spark job)."),
        f"  Load average (1/5/15 min) at the start: {'/'.join(str(v) for v in machine['load_before'])}.",
        f"- 1-minute load average right after each timed run: {load_range(rows)} (2 CPUs: above 2 means the",
        "  benchmark was sharing the CPUs).",
        "- Spark: `local[*]`, driver memory 4g, 4 shuffle partitions, session time zone UTC (the profile's defaults).",
        "",
        "## Results",
        "",
        "Seconds of wall clock. *Lines* are the non-blank lines landed (bronze rows: events with their",
        "redeliveries, corrections and invalid lines). *Rebuild / incr.* is full rebuild ÷ incremental.",
        "*ev/s* is lines ÷ seconds: the H days for the full build, the new day for the incremental run.",
        "",
        "| H (days) | target | lines landed | full build s | incremental (+1 day) s | no-op s | full rebuild s "
        "| rebuild / incr. | full build ev/s | incremental ev/s | PySpark baseline s | dbt full / PySpark |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in every_row:
        runs = row["runs"]
        baseline = row.get("baseline")
        baseline_seconds = baseline["seconds"] if baseline and baseline["returncode"] == 0 else None
        out.append(
            f"| {row['days']} | {row.get('target', 'local')} | {row['history_lines']:,} (+{row['new_day_lines']:,}) "
            f"| {cell(runs.get('full'))} "
            f"| {cell(runs.get('incremental'))} | {cell(runs.get('noop'))} | {cell(runs.get('rebuild'))} "
            f"| {ratio(seconds_of(row, 'rebuild'), seconds_of(row, 'incremental'), 1)} "
            f"| {per_second(row['history_lines'], seconds_of(row, 'full'))} "
            f"| {per_second(row['new_day_lines'], seconds_of(row, 'incremental'))} "
            f"| {cell(baseline)} | {ratio(seconds_of(row, 'full'), baseline_seconds, 1)} |"
        )
    failures = [(row["days"], phase) for row in every_row for phase, run in row["runs"].items()
                if run["returncode"] != 0]
    if failures:
        out += ["", "**Failed runs**: " + ", ".join(f"H={days} {PHASES[phase]}" for days, phase in failures)
                + " (see the logs under `/tmp/bench/<H>/`)."]

    out += ["", "## Targets", ""]
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        incr_small, incr_large = seconds_of(small, "incremental"), seconds_of(large, "incremental")
        growth = incr_large / incr_small if incr_small and incr_large else None
        verdict = "n/a" if growth is None else ("MET" if growth <= TARGETS_INCREMENTAL_GROWTH else "NOT MET")
        out.append(f"- incremental({large['days']}) / incremental({small['days']}) <= {TARGETS_INCREMENTAL_GROWTH}: "
                   f"**{verdict}** ({incr_large} s / {incr_small} s = {ratio(incr_large, incr_small)})")
    else:
        out.append("- incremental(largest H) / incremental(smallest H): n/a (one history size only)")
    large = rows[-1]
    rebuild, incr = seconds_of(large, "rebuild"), seconds_of(large, "incremental")
    factor = rebuild / incr if rebuild and incr else None
    verdict = "n/a" if factor is None else ("MET" if factor >= TARGETS_REBUILD_FACTOR else "NOT MET")
    out.append(f"- full rebuild({large['days']}) >= {TARGETS_REBUILD_FACTOR:g} × incremental({large['days']}): "
               f"**{verdict}** ({rebuild} s / {incr} s = {ratio(rebuild, incr)}×)")

    out += render_warm(rows)
    out += render_targets_compared(every_row)
    out += render_file_counts(results.get("file_counts") or [])

    out += ["", f"## Where the time goes (H = {large['days']})", "",
            "Seconds per node from each run's `run_results.json` (`execution_time`: compile, including the",
            "introspection queries of the incremental macros, plus execution). *Outside the nodes* is the wall",
            "clock minus their sum: process and JVM start, dbt parse, catalog cache, connection set-up.", ""]
    phases = [phase for phase in PHASES if phase in large["runs"]]
    names: list[str] = []
    for phase in phases:
        names += [name for name in large["runs"][phase]["nodes"] if name not in names]
    out.append("| node | " + " | ".join(PHASES[phase] for phase in phases) + " |")
    out.append("|---|" + "---:|" * len(phases))
    for name in names:
        values = []
        for phase in phases:
            node = large["runs"][phase]["nodes"].get(name)
            values.append("" if node is None else f"{node['seconds']:.1f}" +
                          ("" if node["status"] in ("success", "pass") else f" ({node['status']})"))
        out.append(f"| {name} | " + " | ".join(values) + " |")
    outside = []
    for phase in phases:
        run = large["runs"][phase]
        outside.append(f"{run['seconds'] - sum(node['seconds'] for node in run['nodes'].values()):.1f}")
    out.append("| *outside the nodes* | " + " | ".join(outside) + " |")
    out.append("| **wall clock** | " + " | ".join(f"**{large['runs'][p]['seconds']:.1f}**" for p in phases) + " |")

    if len(rows) >= 2:
        out += ["", "Incremental run per node, by history size:", "",
                "| node | " + " | ".join(f"H={row['days']}" for row in rows) + " |",
                "|---|" + "---:|" * len(rows)]
        incr_names: list[str] = []
        for row in rows:
            incr_names += [n for n in row["runs"].get("incremental", {}).get("nodes", {}) if n not in incr_names]
        for name in incr_names:
            values = [row["runs"].get("incremental", {}).get("nodes", {}).get(name) for row in rows]
            out.append(f"| {name} | " + " | ".join("" if v is None else f"{v['seconds']:.1f}" for v in values) + " |")
        out.append("| **wall clock** | " + " | ".join(
            f"**{seconds_of(row, 'incremental'):.1f}**" if seconds_of(row, "incremental") else "n/a"
            for row in rows) + " |")

    out += ["", "## Analysis", "", ANALYSIS_START, analysis.strip(), ANALYSIS_END, ""]
    return "\n".join(out)


def target_line(label: str, value: float | None, limit: float, at_most: bool, detail: str) -> str:
    if value is None:
        return f"- {label}: n/a ({detail})"
    met = value <= limit if at_most else value >= limit
    return f"- {label}: **{'MET' if met else 'NOT MET'}** ({detail})"


def render_warm(rows: list[dict]) -> list[str]:
    """The warm runtime's targets (the floor, warm cycles, continuous landing)."""
    first, large = rows[0], rows[-1]
    floor = (first.get("floor") or {}).get("seconds")
    warm = first.get("warm") or {}
    out = ["", f"## Warm runtime and fixed cost (H = {first['days']})", "",
           "The *bare floor* is `dbt show --inline 'select 1'` in a fresh process (Python, dbt parse, JVM, Spark",
           "session, one query), measured in the same run. Warm figures are cycles of `scripts/watch.py` (its",
           "status line's seconds: the dbt invocation, parse excluded since it is kept).", ""]
    noop, incr = seconds_of(first, "noop"), seconds_of(first, "incremental")
    out.append(target_line("cold no-op <= 1.5 × bare floor", noop / floor if noop and floor else None, 1.5, True,
                           f"{noop} s / {floor} s = {ratio(noop, floor)}×"))
    out.append(target_line("cold incremental (+1 day) <= 2 × bare floor", incr / floor if incr and floor else None,
                           2.0, True, f"{incr} s / {floor} s = {ratio(incr, floor)}×"))
    warm_noop = (warm.get("noop") or {}).get("seconds")
    out.append(target_line("warm no-op <= 2 s", warm_noop, 2.0, True,
                           f"{warm_noop} s for a dbt cycle with nothing new to read; a poll that finds no new file "
                           "runs no dbt at all"))
    warm_incr = (warm.get("incremental") or {}).get("seconds")
    out.append(target_line("warm incremental (+1 day) <= 10 s", warm_incr, 10.0, True, f"{warm_incr} s"))
    full, baseline = seconds_of(large, "full"), (large.get("baseline") or {}).get("seconds")
    out.append(target_line(f"full dbt build / PySpark job at H={large['days']} <= 1.2×",
                           full / baseline if full and baseline else None, 1.2, True,
                           f"{full} s / {baseline} s = {ratio(full, baseline)}×"))
    continuous = warm.get("continuous")
    if continuous:
        out += render_continuous(continuous)
    else:
        out.append("- continuous landing: not measured in this run (--continuous-minutes 0)")
    first_cycle = warm.get("first_cycle") or {}
    out += ["", f"Runner start to its first (catch-up) cycle: {warm.get('start_to_first_cycle_seconds')} s, "
            f"of which the cycle {first_cycle.get('seconds')} s."]
    out += render_warm_nodes(warm)
    return out


def freshness_detail(summary: dict) -> str:
    return (f"p50 {cell_seconds(summary.get('freshness_p50'))} s, p95 {cell_seconds(summary.get('freshness_p95'))} s "
            f"over {summary.get('files')} files")


def render_continuous(continuous: dict) -> list[str]:
    """The continuous target (over its first minutes when the run is a longer soak) and memory."""
    minutes, rate = continuous["minutes"], continuous["rate"]
    cycles = (f"{continuous['cycles']} cycles; cycle p50 {continuous['cycle_seconds_p50']} s, "
              f"p95 {continuous['cycle_seconds_p95']} s")
    first = continuous.get("first_minutes")
    out = []
    if first:
        out.append(target_line(
            f"continuous {rate} events/s, the first {CONTINUOUS_TARGET_MINUTES} min of {minutes:g}: "
            "freshness p95 <= 15 s", first.get("freshness_p95"), 15.0, True, freshness_detail(first)))
    whole_run = f"soak, all {minutes:g} min" if first else f"continuous {rate} events/s for {minutes:g} min"
    out.append(target_line(f"{whole_run}: freshness p95 <= 15 s", continuous.get("freshness_p95"), 15.0, True,
                           f"{freshness_detail(continuous)} in {cycles}"))
    rss = continuous.get("rss_mib") or []
    growth = (max(rss[len(rss) // 2:]) / rss[0] - 1) if len(rss) > 2 and rss[0] else None
    detail = "no samples"
    if rss:
        half = len(rss) // 2
        detail = (f"Python + JVM RSS {rss[0]} MiB at the start, {max(rss)} MiB at most, {rss[-1]} MiB at the end; "
                  f"lowest {min(rss[:half] or rss)} MiB in the first half, {min(rss[half:])} MiB in the second; "
                  f"{len(rss)} samples, one per 10 s")
    out.append(target_line(f"runner memory flat over {minutes:g} min (RSS growth < 10 %)", growth, 0.10, True,
                           detail))
    return out


def render_warm_nodes(warm: dict) -> list[str]:
    """The warm cycles' seconds per node, from the runner's --timings file."""
    columns = [(WARM_PHASES[phase], (warm.get(phase) or {}).get("nodes") or {}, (warm.get(phase) or {}).get("seconds"))
               for phase in WARM_PHASES]
    continuous = warm.get("continuous") or {}
    if continuous.get("nodes_p50"):
        columns.append(("continuous cycle, p50 per node", continuous["nodes_p50"], continuous.get("cycle_seconds_p50")))
    if not any(nodes for _label, nodes, _seconds in columns):
        return []
    out = ["", "### Where the warm time goes", "",
           "Seconds per node of the warm cycles (`scripts/watch.py --timings`: each node's compile, including the",
           "introspection queries of the incremental macros, plus execution). *Outside the nodes* is the cycle's",
           "seconds minus their sum: dbt's invocation in the kept process (adapter, catalog cache, the DAG) and,",
           "in the first cycle, the seeds. The continuous column is each node's median over the continuous",
           "cycles, so it need not add up to the median cycle.", "",
           "| node | " + " | ".join(label for label, _nodes, _seconds in columns) + " |",
           "|---|" + "---:|" * len(columns)]
    names: list[str] = []
    for _label, nodes, _seconds in columns:
        names += [name for name in nodes if name not in names]
    for name in names:
        out.append(f"| {name} | " + " | ".join(
            "" if nodes.get(name) is None else f"{nodes[name]:.1f}" for _label, nodes, _seconds in columns) + " |")
    out.append("| *outside the nodes* | " + " | ".join(
        "" if seconds is None or not nodes else f"{seconds - sum(nodes.values()):.1f}"
        for _label, nodes, seconds in columns) + " |")
    out.append("| **cycle** | " + " | ".join(
        "" if seconds is None else f"**{seconds:.1f}**" for _label, _nodes, seconds in columns) + " |")
    return out


def render_targets_compared(rows: list[dict]) -> list[str]:
    """The same cold runs on the embedded session and through the Thrift server, per H."""
    pairs = [(local, thrift) for local in rows for thrift in rows
             if local["days"] == thrift["days"] and local.get("target", "local") == "local"
             and thrift.get("target") == "thrift"]
    if not pairs:
        return []
    out = ["", "## Local session vs Thrift cluster", "",
           "The same cold `dbt run`s, on the embedded session (`local`) and through the Spark Thrift Server of",
           "`make cluster-up` (`thrift`: a standalone master and one worker with every core, on this machine).",
           "The Thrift floor is `dbt show --inline 'select 1'` through the server (the server's JVM is already",
           "up); *cluster up* is `scripts/cluster.py up` until the server answers, paid once per cluster.", ""]
    for local, thrift in pairs:
        out += [f"H = {local['days']}:", "", "| run | local s | thrift s | thrift / local |", "|---|---:|---:|---:|"]
        for phase in PHASES:
            a, b = seconds_of(local, phase), seconds_of(thrift, phase)
            out.append(f"| {PHASES[phase]} | {a} | {b} | {ratio(b, a)} |")
        a, b = (local.get("floor") or {}).get("seconds"), (thrift.get("floor") or {}).get("seconds")
        out.append(f"| bare floor | {a} | {b} | {ratio(b, a)} |")
        out += [f"| cluster up | | {thrift.get('cluster_up_seconds')} | |", ""]
    return out


def existing_analysis(report: Path) -> str:
    """The hand-written text between the analysis markers of a previous report."""
    if report.exists():
        text = report.read_text()
        if ANALYSIS_START in text and ANALYSIS_END in text:
            return text.split(ANALYSIS_START, 1)[1].split(ANALYSIS_END, 1)[0]
    return "_Not written yet: explain the numbers above after a run (this section is kept across re-runs)._"


# --------------------------------------------------------------------------- entry point


def days_list(value: str) -> list[int]:
    try:
        days = [int(part) for part in value.replace(",", " ").split()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected day counts like '7,30,90', got {value!r}") from exc
    if not days or any(day < 1 for day in days):
        raise argparse.ArgumentTypeError(f"day counts must be >= 1, got {value!r}")
    return days


def targets_list(value: str) -> list[str]:
    targets = [part for part in value.replace(",", " ").split()]
    unknown = sorted(set(targets) - {"local", "thrift"})
    if not targets or unknown:
        raise argparse.ArgumentTypeError(f"targets are 'local' and 'thrift', got {value!r}")
    return targets


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--days-list", type=days_list, default=[7, 30, 90],
                        help="history sizes in days, e.g. '7,30,90' (default)")
    parser.add_argument("--events-per-day", type=int, default=50_000)
    parser.add_argument("--start-date", type=date.fromisoformat, default=date(2025, 1, 1))
    parser.add_argument("--seed", type=int, default=7, help="producer seed of the history (the extra day uses seed+1)")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/bench"),  # noqa: S108 (scratch dir, wiped per H)
                        help="where each history size gets <H>/lakehouse and <H>/landing (wiped first)")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "benchmarks.md", help="Markdown report")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run the PySpark baseline")
    parser.add_argument("--shared", metavar="WHAT", default="",
                        help="say in the report what else ran on the machine (default: nothing did)")
    parser.add_argument("--skip-warm", action="store_true",
                        help="do not measure the warm runner (the floor is still measured)")
    parser.add_argument("--continuous-minutes", type=float, default=10.0,
                        help="minutes of continuous landing against the warm runner (0: none; over 10: a soak, "
                        "its first 10 minutes held to the target)")
    parser.add_argument("--continuous-rate", type=int, default=1000, help="events per second while continuous")
    parser.add_argument("--targets", type=targets_list, default=["local"],
                        help="dbt targets, each H on each: 'local' (the embedded session, default) and/or "
                             "'thrift' (the Thrift server of scripts/cluster.py, started per H; no baseline, "
                             "no warm runner), e.g. 'local,thrift'")
    parser.add_argument("--file-counts", type=days_list, default=[], metavar="COUNTS",
                        help="also time a run after this many ingested files each, e.g. '100,10000' "
                             "(events only, one more file; default: not measured)")
    parser.add_argument("--from-results", type=Path, nargs="+", metavar="RESULTS_JSON",
                        help="only re-render the report from previous results.json files (rows of later "
                             "files replace those of earlier ones with the same target and H)")
    parser.add_argument("--pyspark-baseline", nargs=2, type=Path, metavar=("LANDING_DIR", "OUT_DIR"),
                        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def merged_results(runs: list[dict]) -> dict:
    """One report's results from several runs: rows by (target, H), the later run's row winning."""
    merged = {**runs[0], "rows": [], "total_minutes": sum(run.get("total_minutes", 0) for run in runs)}
    by_key: dict[tuple[str, int], dict] = {}
    for run in runs:
        for row in run["rows"]:
            row.setdefault("started_at", run["started_at"])
            row.setdefault("shared", run.get("shared", ""))
            by_key[(row.get("target", "local"), row["days"])] = row
    merged["rows"] = list(by_key.values())
    merged["file_counts"] = next((run["file_counts"] for run in reversed(runs) if run.get("file_counts")), [])
    merged["started_at"] = ", ".join(sorted({row["started_at"] for row in merged["rows"]}))
    merged["shared"] = "; ".join(sorted({f"{row['started_at']}: {row['shared']}"
                                         for row in merged["rows"] if row.get("shared")}))
    return merged


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.pyspark_baseline:
        landing, out_dir = args.pyspark_baseline
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        return pyspark_baseline(landing.resolve(), out_dir.resolve())

    if args.from_results:
        results = merged_results([json.loads(path.read_text()) for path in args.from_results])
    else:
        args.work_dir = args.work_dir.resolve()
        for protected in (REPO / "lakehouse", REPO / "landing"):
            if args.work_dir == protected or protected in args.work_dir.parents:
                raise SystemExit(f"error: --work-dir must not be inside {protected}")
        started = time.perf_counter()
        results = {
            "started_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
            "events_per_day": args.events_per_day,
            "seed": args.seed,
            "shared": args.shared,
            "machine": machine_and_versions(),
            "rows": [],
        }
        results_path = args.work_dir / "results.json"
        for index, days in enumerate(args.days_list, start=1):
            for target in args.targets:
                log(f"history size {index}/{len(args.days_list)}: H={days} days, target {target}")
                results["rows"].append(benchmark_history(days, target, args))
            results["total_minutes"] = (time.perf_counter() - started) / 60
            results_path.write_text(json.dumps(results, indent=2))
        if args.file_counts:
            results["file_counts"] = benchmark_file_counts(args.file_counts, args)
            results["total_minutes"] = (time.perf_counter() - started) / 60
            results_path.write_text(json.dumps(results, indent=2))
        log(f"done in {results['total_minutes']:.1f} min; raw results in {results_path}")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(results, existing_analysis(args.output)))
    log(f"report written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
