"""Check the machine before Spark starts, and say in one line what is wrong.

Without these checks a missing or unsupported Java, or a metastore held by
another process, surfaces as a long JVM stack trace (or a wait) from deep
inside dbt. Only the chosen dbt target's needs are checked: the `local`
target (an embedded Spark) needs Java and the lakehouse's Derby metastore;
`thrift` and `databricks` run Spark elsewhere, so only Python is checked.
The target is DBT_TARGET, else the one the profile names.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The Pythons requirements.lock installs on: `make lint` checks both ends
# without installing (scripts/check_lock.py). On 3.14 the lock's numpy has no wheel.
MIN_PYTHON = (3, 10)
MAX_PYTHON = (3, 13)
# Spark 4.0 runs on these Java majors; on any other it fails deep in Hadoop.
SUPPORTED_JAVA = (17, 21)
ROOT = Path(__file__).resolve().parent.parent
# Below this much free space on the lakehouse's disk a run is not started: it
# would fail part-way, deep in Derby or a Delta commit, with pages of traces.
MIN_FREE_MB = int(os.environ.get("LAKEHOUSE_MIN_FREE_MB", "64"))


class PreflightError(Exception):
    """A problem the user must fix before Spark can run."""


def python_range() -> str:
    return f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} to {MAX_PYTHON[0]}.{MAX_PYTHON[1]}"


def check_python(version: tuple[int, ...] | None = None) -> None:
    version = tuple(version or sys.version_info[:3])
    if not MIN_PYTHON <= version[:2] <= MAX_PYTHON:
        found = ".".join(map(str, version))
        raise PreflightError(
            f"{python_range()} is required (the versions requirements.lock installs on), "
            f"found {found} ({sys.executable}); name one to make, e.g. `make demo PYTHON=python3.12`"
        )


def java_versions() -> str:
    return " or ".join(map(str, SUPPORTED_JAVA))


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.exists():
            return str(candidate)
        raise PreflightError(
            f"JAVA_HOME is {java_home} but {candidate} does not exist; point it at a Java {java_versions()} JDK"
        )
    found = shutil.which("java")
    if not found:
        raise PreflightError(
            f"Java {java_versions()} is required (Spark 4.0) and no `java` is on PATH (install a JDK or set JAVA_HOME)"
        )
    return found


def java_major_version(java: str) -> int:
    result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if result.returncode != 0 or not match:
        raise PreflightError(f"could not run `{java} -version`: {(result.stderr or result.stdout).strip()[:200]}")
    major = int(match.group(1))
    # Java 8 and older report "1.8.0_x".
    return int(match.group(2)) if major == 1 and match.group(2) else major


def check_java() -> None:
    java = java_executable()
    major = java_major_version(java)
    if major not in SUPPORTED_JAVA:
        raise PreflightError(
            f"Java {java_versions()} is required (the versions Spark 4.0 supports), found Java {major} at {java}; "
            f"set JAVA_HOME to a Java {java_versions()} JDK"
        )


def profiles_file() -> Path | None:
    """The profiles.yml dbt reads here: DBT_PROFILES_DIR, else the working folder, else ~/.dbt."""
    folders = [os.environ.get("DBT_PROFILES_DIR"), os.getcwd(), str(Path.home() / ".dbt")]
    for folder in filter(None, folders):
        if (Path(folder) / "profiles.yml").is_file():
            return Path(folder) / "profiles.yml"
    return None


def chosen_target(profile_path: Path | None = None) -> tuple[str, dict]:
    """The dbt target a run would use, and its profile output.

    DBT_TARGET wins (dbt reads it too); else the profile's `target`, whose
    `env_var()` calls are rendered. Without a profiles.yml (before `make
    setup` copies it) profiles.yml.example says what the target would be.
    """
    import jinja2  # the venv's: only the Python check runs before the venv exists
    import yaml

    path = profile_path or profiles_file() or ROOT / "profiles.yml.example"
    project = yaml.safe_load((ROOT / "dbt_project.yml").read_text())
    profile = (yaml.safe_load(path.read_text()) or {}).get(project["profile"])
    if not isinstance(profile, dict) or not isinstance(profile.get("outputs"), dict):
        raise PreflightError(f"{path} has no profile {project['profile']!r} with outputs (see profiles.yml.example)")
    name = os.environ.get("DBT_TARGET") or str(profile.get("target", "default"))
    if "{{" in name:
        environment = jinja2.Environment(autoescape=False)  # noqa: S701 (renders a profile value, not HTML)
        name = environment.from_string(name).render(env_var=lambda var, default="": os.environ.get(var, default))
    output = profile["outputs"].get(name.strip())
    if not isinstance(output, dict):
        known = ", ".join(profile["outputs"])
        raise PreflightError(f"dbt target {name.strip()!r} is not in {path} (its targets: {known}); set DBT_TARGET")
    return name.strip(), output


def runs_local_spark(output: dict) -> bool:
    """True for a target whose Spark runs inside the dbt process (dbt-spark `method: session`)."""
    return output.get("type") == "spark" and output.get("method") == "session"


def metastore_holder(lakehouse_dir: Path) -> bool:
    """True when another process has the embedded Derby metastore open.

    Derby holds an exclusive lock on `dbex.lck` while a JVM has the database
    booted; on Linux that is an fcntl lock, which this probe can see.
    """
    lock_file = lakehouse_dir / "metastore_db" / "dbex.lck"
    if not lock_file.exists():
        return False
    with open(lock_file, "rb+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.lockf(handle, fcntl.LOCK_UN)
    return False


def check_metastore(lakehouse_dir: Path) -> None:
    if metastore_holder(lakehouse_dir):
        raise PreflightError(
            f"the Hive metastore in {lakehouse_dir}/metastore_db is in use by another process "
            "(the embedded Derby metastore admits one Spark/dbt process at a time): "
            "wait for it to finish, or set LAKEHOUSE_DIR to another folder"
        )


def check_disk_space(lakehouse_dir: Path) -> None:
    """A one-line error when the lakehouse's disk is (nearly) full."""
    existing = lakehouse_dir.resolve()
    while not existing.exists():
        existing = existing.parent
    stats = os.statvfs(existing)
    free_mb = stats.f_bavail * stats.f_frsize // 2**20
    if free_mb < MIN_FREE_MB:
        raise PreflightError(
            f"the lakehouse disk is full: {lakehouse_dir} has {free_mb} MB free, {MIN_FREE_MB} MB needed "
            "(LAKEHOUSE_MIN_FREE_MB); free space there and run again: nothing is lost, the next run "
            "takes up what this one could not"
        )


def spark_can_start(lakehouse_dir: Path) -> bool:
    """A supported Java and a free metastore; when not, the problem said in one line on stderr."""
    try:
        check_java()
        check_metastore(lakehouse_dir)
        check_disk_space(lakehouse_dir)
    except PreflightError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python-only", action="store_true", help="check only the Python version")
    parser.add_argument("--skip-metastore", action="store_true", help="do not check the metastore lock")
    parser.add_argument("--lakehouse-dir", default=os.environ.get("LAKEHOUSE_DIR", "lakehouse"))
    parser.add_argument("--profile", type=Path, help="the profiles.yml to read the target from (default: dbt's)")
    args = parser.parse_args(argv)
    try:
        check_python()
        if args.python_only:
            return 0
        _, output = chosen_target(args.profile)
        if runs_local_spark(output):
            check_java()
            if not args.skip_metastore:
                check_metastore(Path(args.lakehouse_dir))
                check_disk_space(Path(args.lakehouse_dir))
    except PreflightError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
