"""Preflight's one-line messages: the Java range and the target it checks for (no Spark).

Each test runs scripts/preflight.py as `make` does, with a stub `java` on
PATH (a shell script printing what `java -version` prints) and its own
profiles.yml and lakehouse folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PREFLIGHT = REPO / "scripts" / "preflight.py"


def stub_java(folder: Path, version_line: str) -> Path:
    """A `java` whose `-version` prints version_line on stderr, as a JDK does."""
    folder.mkdir(parents=True, exist_ok=True)
    java = folder / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\necho 'OpenJDK Runtime Environment' >&2\n")
    java.chmod(0o755)
    return java


def preflight(tmp_path: Path, *args: str, java=None, java_home=None, target=None, profile=None):
    """Run preflight with only the stub java (or none) on PATH; returns (exit code, stderr lines)."""
    bin_dir = tmp_path / "bin"
    if java is not None:
        stub_java(bin_dir, java)
    bin_dir.mkdir(exist_ok=True)
    profiles = tmp_path / "profiles"
    profiles.mkdir(exist_ok=True)
    if profile is None:
        shutil.copy(REPO / "profiles.yml.example", profiles / "profiles.yml")
    else:
        (profiles / "profiles.yml").write_text(profile)
    env = {key: value for key, value in os.environ.items() if key not in {"JAVA_HOME", "DBT_TARGET"}}
    env.update(PATH=str(bin_dir), DBT_PROFILES_DIR=str(profiles))  # no system java: only the stub
    if target is not None:
        env["DBT_TARGET"] = target
    if java_home is not None:
        env["JAVA_HOME"] = str(java_home)
    lakehouse = tmp_path / "lakehouse"
    result = subprocess.run(
        [sys.executable, str(PREFLIGHT), "--lakehouse-dir", str(lakehouse), *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    return result.returncode, result.stderr.strip().splitlines()


@pytest.mark.parametrize(
    "version_line",
    ['openjdk version "17.0.15" 2025-04-15', 'openjdk version "21.0.5" 2024-10-15 LTS', 'java version "21"'],
)
def test_supported_java_passes(tmp_path, version_line):
    assert preflight(tmp_path, java=version_line) == (0, [])


@pytest.mark.parametrize(
    ("version_line", "found"),
    [
        ('openjdk version "11.0.2" 2019-01-15', "Java 11"),
        ('java version "1.8.0_392"', "Java 8"),
        ('openjdk version "23.0.1" 2024-10-15', "Java 23"),
        ('openjdk version "25" 2025-09-16 LTS', "Java 25"),
    ],
)
def test_unsupported_java_fails_in_one_line_naming_the_supported_versions(tmp_path, version_line, found):
    code, lines = preflight(tmp_path, java=version_line)
    assert code == 2
    assert len(lines) == 1
    assert "Java 17 or 21 is required" in lines[0]
    assert f"found {found} at {tmp_path / 'bin' / 'java'}" in lines[0]


def test_no_java_on_path_fails_in_one_line(tmp_path):
    code, lines = preflight(tmp_path)
    assert code == 2
    assert len(lines) == 1
    assert "Java 17 or 21 is required" in lines[0] and "no `java` is on PATH" in lines[0]


def test_java_home_wins_over_path(tmp_path):
    jdk = tmp_path / "jdk"
    stub_java(jdk / "bin", 'openjdk version "24" 2025-03-18')
    code, lines = preflight(tmp_path, java='openjdk version "17.0.15"', java_home=jdk)
    assert code == 2
    assert len(lines) == 1 and f"found Java 24 at {jdk / 'bin' / 'java'}" in lines[0]


def test_a_java_home_without_java_fails_in_one_line(tmp_path):
    code, lines = preflight(tmp_path, java='openjdk version "17.0.15"', java_home=tmp_path / "no-jdk")
    assert code == 2
    assert len(lines) == 1 and "point it at a Java 17 or 21 JDK" in lines[0]


@pytest.fixture
def held_metastore(tmp_path):
    """The lakehouse's Derby lock file, held by this process as a running Spark would hold it."""
    lock_file = tmp_path / "lakehouse" / "metastore_db" / "dbex.lck"
    lock_file.parent.mkdir(parents=True)
    lock_file.write_bytes(b"")
    with open(lock_file, "rb+") as handle:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield lock_file
        fcntl.lockf(handle, fcntl.LOCK_UN)


def test_local_target_checks_the_metastore(tmp_path, held_metastore):
    code, lines = preflight(tmp_path, java='openjdk version "17.0.15"', target="local")
    assert code == 2
    assert len(lines) == 1 and "in use by another process" in lines[0]


@pytest.mark.parametrize("target", ["thrift", "databricks"])
def test_remote_targets_need_no_local_java_nor_metastore(tmp_path, held_metastore, target):
    # no java on PATH at all, and the metastore held (a running `make cluster-up` holds it)
    assert preflight(tmp_path, target=target) == (0, [])
    assert preflight(tmp_path, "--skip-metastore", target=target) == (0, [])


def test_the_profiles_own_target_is_used_without_dbt_target(tmp_path, held_metastore):
    profile = (REPO / "profiles.yml.example").read_text()
    thrift_profile = profile.replace("target: \"{{ env_var('DBT_TARGET', 'local') }}\"", "target: thrift")
    assert thrift_profile != profile
    assert preflight(tmp_path, profile=thrift_profile) == (0, [])
    # and the example's own default, rendered from its env_var(), is the local target
    code, lines = preflight(tmp_path)
    assert code == 2 and "Java 17 or 21 is required" in lines[0]


def test_an_unknown_target_fails_in_one_line(tmp_path):
    code, lines = preflight(tmp_path, java='openjdk version "17.0.15"', target="staging")
    assert code == 2
    assert len(lines) == 1
    assert "dbt target 'staging' is not in" in lines[0] and "local, thrift, databricks" in lines[0]


def test_python_only_checks_nothing_else(tmp_path, held_metastore):
    assert preflight(tmp_path, "--python-only", target="local") == (0, [])
