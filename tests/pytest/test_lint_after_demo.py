"""`make lint` passes after `make demo` as on a clean clone (no Spark).

The demo leaves data folders at the repository's top (`landing/`,
`lakehouse/`). Ruff sorts imports by whether a name is the project's own,
so it must not take a data folder for a package: its import roots are
scripts/ and tests/pytest (pyproject.toml, `src`), and no module of the
project is named after a data folder (the producers' shared module was
`landing.py`, and the demo's `landing/` folder turned its imports unsorted).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_passes_with_the_demos_data_folders_present(tmp_path):
    for part in ("scripts", "tests"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    checks = {}
    for state in ("clean clone", "after the demo"):
        if state == "after the demo":
            (tmp_path / "landing" / "events").mkdir(parents=True)
            (tmp_path / "landing" / "events" / "batch.jsonl").write_text("{}\n")
            (tmp_path / "lakehouse" / "warehouse").mkdir(parents=True)
        result = subprocess.run([str(RUFF), "check", "--no-cache", "scripts", "tests"],
                                capture_output=True, text=True, cwd=tmp_path, timeout=120)
        checks[state] = (result.returncode, result.stdout[-2000:])
    assert checks == {"clean clone": (0, "All checks passed!\n"), "after the demo": (0, "All checks passed!\n")}


def test_no_module_shares_a_name_with_a_data_folder():
    data_folders = {"landing", "lakehouse", "reports", "logs", "target"}
    modules = {path.stem for folder in ("scripts", "tests/pytest") for path in (REPO / folder).glob("*.py")}
    assert modules & data_folders == set()
