"""Every script in scripts/ answers --help: it prints its usage and exits 0, doing nothing else (no Spark).

Each runs in an empty folder with the landing and lakehouse folders pointed
into it and no `java` reachable, so a script that started work, or Spark,
would leave files behind or fail.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO

SCRIPTS = sorted(path.name for path in (REPO / "scripts").glob("*.py"))


def test_every_script_is_listed():
    assert {"demo.py", "preflight.py", "watch.py", "report.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_prints_usage_and_does_nothing(tmp_path, script):
    work = tmp_path / "work"
    work.mkdir()
    no_java = tmp_path / "bin"
    no_java.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "JAVA_HOME"}
    env.update(PATH=str(no_java), LANDING_DIR=str(work / "landing"), LAKEHOUSE_DIR=str(work / "lakehouse"))
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / script), "--help"],
        capture_output=True, text=True, env=env, cwd=work, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("usage:"), result.stdout[:500]
    assert "--help" in result.stdout
    assert not list(work.iterdir()), "--help left files behind"
