"""Check, without installing, that requirements.lock installs on the oldest and newest Python the project supports.

For each Python version, pip resolves every pin of the lock as it would for
that interpreter (`pip install --dry-run --python-version`), wheels only but
for the few pure-Python packages published as source only. Then every
dependency each pinned package declares for that Python must be pinned in
the lock at a version that satisfies it: a lock that installs on one Python
can still pull in an unpinned package, or fail to resolve, on another.
Takes about 20 seconds (pip reads the package index; no download of
packages). Prints one line per Python the lock fails on, and exits 1.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preflight import MAX_PYTHON, MIN_PYTHON  # noqa: E402 (a sibling script)

ROOT = Path(__file__).resolve().parent.parent
# Pure-Python packages that PyPI has as source only: pip may build these
# (no compiler involved); every other package must have a wheel for the Python.
SOURCE_ONLY = ["pyspark", "PyHive", "pure-sasl", "thrift"]


def pinned(lock: Path) -> dict[str, tuple[Version, Requirement]]:
    """The lock's pins by canonical name (a name may be pinned once per marker)."""
    pins: dict[str, tuple[Version, Requirement]] = {}
    for line in lock.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            pins.setdefault(canonicalize_name(requirement.name), (Version(specifier.version), requirement))
    return pins


def pip_dry_run(python: str, lock: Path, pins: dict, report: Path) -> subprocess.Popen:
    # Wheels only, by name: with `--no-binary` the source-only ones would be
    # fetched as source even where a wheel is cached (pyspark's is 400 MB).
    source_only = {canonicalize_name(name) for name in SOURCE_ONLY}
    wheels_only = ",".join(sorted(name for name in pins if name not in source_only))
    command = [
        sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed", "--no-deps",
        "--python-version", python, f"--only-binary={wheels_only}",
        "--target", str(report.parent / "target"), "--report", str(report), "--requirement", str(lock),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def pip_problem(output: str) -> str:
    """pip's reason in a few words: the pin it could not find, and why when it says."""
    missing = re.search(r"satisfies the requirement (\S+)", output)
    if not missing:
        lines = [line for line in output.splitlines() if line.startswith("ERROR")] or output.splitlines() or ["?"]
        return lines[0].removeprefix("ERROR: ")[:300]
    name, version = missing.group(1).split("==", 1) if "==" in missing.group(1) else (missing.group(1), "")
    needs = re.search(rf"(?:^|; | ){re.escape(version)} (Requires-Python [^;\n]+)", output) if version else None
    why = f" ({needs.group(1)})" if needs else " (no wheel for it: if it is pure Python, add it to SOURCE_ONLY)"
    return f"no {name}=={version} for it{why}"


def unmet_dependencies(report: dict, pins: dict, python: str) -> list[str]:
    """Dependencies the pinned packages declare for this Python that the lock does not satisfy."""
    environment = default_environment()
    environment.update(python_version=python, python_full_version=f"{python}.0", extra="")
    problems = []
    for item in report["install"]:
        metadata = item["metadata"]
        for text in metadata.get("requires_dist", []):
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate(environment):
                continue
            pin = pins.get(canonicalize_name(requirement.name))
            if pin is None:
                problems.append(f"{metadata['name']} needs {requirement}, which the lock does not pin")
            elif not requirement.specifier.contains(pin[0], prereleases=True):
                problems.append(f"{metadata['name']} needs {requirement}, the lock pins {pin[0]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    supported = [f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}", f"{MAX_PYTHON[0]}.{MAX_PYTHON[1]}"]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    parser.add_argument(
        "--python",
        action="append",
        help=f"a Python version to check (repeatable; default: {' and '.join(supported)}, from scripts/preflight.py)",
    )
    args = parser.parse_args(argv)
    pythons = args.python or supported
    pins = pinned(args.lock)
    failures = []
    with tempfile.TemporaryDirectory(prefix="check_lock_") as scratch:
        runs = {}
        for python in pythons:  # all at once: each spends its time waiting on the index
            report = Path(scratch) / python / "report.json"
            report.parent.mkdir()
            runs[python] = (pip_dry_run(python, args.lock, pins, report), report)
        for python, (process, report) in runs.items():
            output, _ = process.communicate()
            if process.returncode != 0:
                failures.append(f"{args.lock.name} does not install on Python {python}: {pip_problem(output)}")
                continue
            unmet = unmet_dependencies(json.loads(report.read_text()), pins, python)
            if unmet:
                more = f" (and {len(unmet) - 1} more)" if len(unmet) > 1 else ""
                failures.append(f"{args.lock.name} is incomplete on Python {python}: {unmet[0]}{more}")
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
