"""Archive the classes a Spark session loads, so that every later Spark JVM starts faster.

A Spark session with Delta Lake and the Hive metastore loads tens of
thousands of classes before its first query, and parsing and verifying them
is much of a cold start. `make setup` runs one small session, in a temporary
folder, that writes the classes it loaded into a class-data-sharing archive
(the JDK's `-XX:ArchiveClassesAtExit`); every later Spark JVM of the venv maps
it instead (`-XX:SharedArchiveFile`, set in profiles.yml). On the 2-core
machine a cold session's start and first Delta queries took 15 CPU-s and
10.7 s with it, 21 CPU-s and 16.3 s without. The archive is made again when
the Java runtime or Spark's jars change; a JVM given a missing or stale
archive starts as it would without one (profiles.yml silences the JDK's
class-sharing log). With --background (what `make setup` uses) the archive
is made by a detached process while set-up and the first Spark sessions go
on; it appears, whole, when done (its log: the archive's name + `.log`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# the JDK logs each class it cannot archive (generated, signed) to stdout
QUIET_CDS = "-Xlog:cds=off -Xlog:cds+dynamic=off"
DEFAULT_ARCHIVE = REPO / ".venv" / "spark-classes.jsa"

# what a dbt run asks of Spark, in small: the classes these load are archived
WORKLOAD = [
    "create table events (event_id string, payload string, event_date date) using delta partitioned by (event_date)",
    "insert into events values ('e1', '{\"amount\": \"1.5\"}', date'2025-01-01')",
    "create or replace temporary view changes as select 'e1' as event_id, '{\"amount\": \"2\"}' as payload,"
    " date'2025-01-01' as event_date",
    "merge into events as target using changes as source on source.event_id = target.event_id"
    " when matched and source.payload > target.payload then update set * when not matched then insert *",
    "insert into events replace where event_date in (date'2025-01-01')"
    " select event_id, payload, event_date from events",
    "create or replace view parsed as select event_id, event_date, get_json_object(payload, '$.amount') as amount,"
    " from_json(payload, 'amount string') as fields, sha2(payload, 256) as record_hash,"
    " row_number() over (partition by event_id order by event_date desc) as version from events",
    "select event_date, count(*), max_by(event_id, amount), count_if(amount is null) from parsed group by 1",
    "cache lazy table parsed",
    "select * from parsed left anti join events on parsed.event_id = events.event_id",
    "describe history events limit 1",
    "describe extended events",
    "show table extended like '*'",
]


def java_options() -> str:
    """JVM options that map the archive; a missing or stale archive fails nothing and logs nothing."""
    archive = Path(os.environ.get("SPARK_CLASS_ARCHIVE", DEFAULT_ARCHIVE)).resolve()
    return f"-XX:SharedArchiveFile={archive} {QUIET_CDS}"


def java_binary() -> str:
    java_home = os.environ.get("JAVA_HOME")
    return str(Path(java_home) / "bin" / "java") if java_home else "java"


def fingerprint() -> dict:
    """What the archive depends on: the Java runtime and the jars on Spark's classpath."""
    import pyspark

    version = subprocess.run([java_binary(), "-version"], capture_output=True, text=True, check=True).stderr
    jars = sorted((jar.name, jar.stat().st_size) for jar in (Path(pyspark.__file__).parent / "jars").glob("*.jar"))
    return {"java": version.strip(), "jars": hashlib.sha256(json.dumps(jars).encode()).hexdigest()}


def run_workload(archive: Path) -> None:
    """In this process: one Spark session that dumps its loaded classes at exit."""
    from pyspark.sql import SparkSession

    folder = Path(tempfile.mkdtemp(prefix="spark-class-archive-"))
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={folder / 'metastore_db'};create=true")
        .config("spark.driver.extraJavaOptions",
                f"-XX:ArchiveClassesAtExit={archive} {QUIET_CDS} -Dderby.stream.error.file={folder / 'derby.log'}"
                f" -Dlog4j2.configurationFile={REPO / 'conf' / 'log4j2.properties'}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .enableHiveSupport()
        .getOrCreate()
    )
    for statement in WORKLOAD:
        spark.sql(statement).collect()
    # the JVM writes the archive when it exits, after this process has gone
    print(f"jvm-pid={spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()}", flush=True)
    spark.stop()


def making_already(archive: Path) -> bool:
    """Whether a live process is making the archive (its pid names its partial file)."""
    for partial in archive.parent.glob(archive.stem + ".*.part"):
        pid = partial.suffixes[-2].lstrip(".")
        if pid.isdigit() and Path(f"/proc/{pid}").exists():
            return True
        partial.unlink(missing_ok=True)
    return False


def wait_for_exit(pid: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE, help=f"where (default {DEFAULT_ARCHIVE})")
    parser.add_argument("--force", action="store_true", help="make it again even if it is up to date")
    parser.add_argument("--background", action="store_true",
                        help="make it in a detached process and return at once")
    parser.add_argument("--workload", type=Path, help=argparse.SUPPRESS)  # the child process's part
    args = parser.parse_args()
    if args.workload:
        run_workload(args.workload)
        return 0

    stamp = args.archive.with_suffix(".json")
    expected = fingerprint()
    if not args.force and args.archive.exists() and stamp.exists() and json.loads(stamp.read_text()) == expected:
        print(f"Spark class archive is up to date ({args.archive})")
        return 0
    log = args.archive.with_suffix(".log")
    if args.background:
        if making_already(args.archive):
            print(f"Spark class archive: being made already ({log})")
            return 0
        with log.open("w") as out:
            subprocess.Popen([sys.executable, __file__, "--archive", str(args.archive)], stdout=out, stderr=out,
                             stdin=subprocess.DEVNULL, start_new_session=True, cwd=REPO)
        print(f"Spark class archive: being made in the background (~60 s; Spark starts without it until then): {log}")
        return 0
    print("archiving the classes a Spark session loads (once, ~60 s)...", flush=True)
    partial = args.archive.with_suffix(f".{os.getpid()}.part")
    partial.touch()  # says, to another `--background`, that this process is making it
    started = time.monotonic()
    child = subprocess.run([sys.executable, __file__, "--workload", str(partial)], capture_output=True, text=True)
    pid = re.search(r"^jvm-pid=(\d+)$", child.stdout, re.MULTILINE)
    if child.returncode != 0 or not pid:
        # an optimisation only: Spark runs without it, so say why and go on
        print(f"warning: no Spark class archive (the session failed): {child.stderr.strip()[-500:]}", file=sys.stderr)
        partial.unlink(missing_ok=True)
        return 0
    wait_for_exit(int(pid.group(1)))
    if partial.stat().st_size == 0:
        partial.unlink()
        print(f"warning: no Spark class archive ({java_binary()} wrote none)", file=sys.stderr)
        return 0
    partial.replace(args.archive)
    stamp.write_text(json.dumps(expected))
    print(f"Spark class archive written in {time.monotonic() - started:.0f} s ({args.archive})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
