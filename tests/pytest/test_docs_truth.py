"""The README and docs/ say what the repository holds (no Spark).

- every relative link resolves to a file inside the repository, and an
  `#anchor` to a heading of the file it points at;
- every `make <target>` the README names is a target of the Makefile, and
  `make help` lists every target the README names;
- every table the README or docs/ name in backticks (a name shaped like one
  of the project's models) is a node of the manifest `dbt parse` writes
  (parsing opens no Spark session), and every path they name exists;
- the README's layout names every folder of macros/;
- the Python range the README promises is the one preflight checks and
  pyproject declares.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

DOCS = [REPO / "README.md", REPO / "scripts" / "README.md", *sorted((REPO / "docs").glob("*.md"))]
TABLE_NAME = re.compile(r"(?:bronze|silver|gold|dq|snap|dim)_[a-z0-9_]+|pipeline_runs|file_ledger")
REPO_PATH = re.compile(r"(?:scripts|tests|models|macros|docs|seeds|snapshots|conf)/[\w./<>*…-]*[\w>*]")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def prose(path: Path) -> str:
    """The file without its fenced code blocks (links and headings there are not markdown)."""
    return re.sub(r"^```.*?^```", "", path.read_text(), flags=re.S | re.M)


def inline_code(path: Path) -> list[str]:
    """Every `code span` of the file, fenced blocks' lines included."""
    text = path.read_text()
    spans = re.findall(r"`([^`\n]+)`", prose(path))
    for block in re.findall(r"^```.*?\n(.*?)^```", text, flags=re.S | re.M):
        spans.extend(block.splitlines())
    return spans


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#{1,6} +(.+?) *#*$", prose(path), flags=re.M)
    return {slug(heading) for heading in headings}


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(REPO)))
def test_relative_links_resolve_inside_the_repository(doc):
    broken = []
    for target in LINK.findall(prose(doc)):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (doc.parent / file_part).resolve() if file_part else doc
        if not linked.is_relative_to(REPO):
            broken.append(f"{target}: outside the repository")
        elif not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(REPO)}")
    assert not broken, f"{doc.relative_to(REPO)}: {broken}"


def makefile_targets() -> set[str]:
    makefile = (REPO / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*):(?!=)", makefile, flags=re.M))


def test_every_make_target_the_readme_names_exists():
    named = {
        target
        for doc in DOCS
        for span in inline_code(doc)
        for target in re.findall(r"(?:^|[\s;(&|])make ([a-z][\w-]*)", span)
    }
    assert {"demo", "test", "help"} <= named
    assert named <= makefile_targets(), f"not in the Makefile: {sorted(named - makefile_targets())}"


def test_make_help_lists_the_targets():
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=REPO, capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    listed = set(re.findall(r"^  make (\S+) ", result.stdout, flags=re.M))
    phony = set(re.search(r"^\.PHONY:(.*)$", (REPO / "Makefile").read_text(), flags=re.M).group(1).split())
    assert listed == phony, f"missing from make help: {sorted(phony - listed)}; not phony: {sorted(listed - phony)}"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    """target/manifest.json of `dbt parse`, in a folder of its own: parsing needs no Spark and no java."""
    work = tmp_path_factory.mktemp("parse")
    shutil.copy(REPO / "profiles.yml.example", work / "profiles.yml")
    env = {key: value for key, value in os.environ.items() if key != "JAVA_HOME"}
    env.update(
        PATH=f"{Path(sys.executable).parent}:/nonexistent",  # no java: a Spark start would fail, not run
        DBT_PROFILES_DIR=str(work), DBT_LOG_PATH=str(work / "logs"), DBT_TARGET="local",
        LAKEHOUSE_DIR=str(work / "lakehouse"), LANDING_DIR=str(work / "landing"),
    )  # fmt: skip
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "parse", "--quiet", "--no-partial-parse",
         "--project-dir", str(REPO), "--target-path", str(work / "target")],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert not (work / "lakehouse").exists(), "dbt parse started a lakehouse"
    return json.loads((work / "target" / "manifest.json").read_text())


def test_every_table_the_docs_name_is_a_node(manifest):
    nodes = {node["name"] for node in manifest["nodes"].values()}
    macros = {macro["name"] for macro in manifest["macros"].values()}
    missing = {}
    for doc in DOCS:
        for span in inline_code(doc):
            for name in TABLE_NAME.findall(span):
                # a whole backticked name, not part of a path, a macro or a column
                if span.strip() == name and name not in nodes and name not in macros:
                    missing.setdefault(str(doc.relative_to(REPO)), set()).add(name)
    assert not missing, f"named in backticks, not a model, snapshot or seed: {missing}"
    assert {"bronze_events", "pipeline_runs", "file_ledger", "snap_customers", "gold_neo_close_approaches"} <= nodes


def test_every_path_the_docs_name_exists():
    missing = set()
    for doc in DOCS:
        for span in inline_code(doc):
            for path in REPO_PATH.findall(span):
                if not any(mark in path for mark in "<*…") and not (REPO / path).exists():
                    missing.add(f"{doc.relative_to(REPO)}: {path}")
    assert not missing, sorted(missing)


def test_the_layout_names_every_macro_folder():
    readme = (REPO / "README.md").read_text()
    layout = readme[readme.index("## Layout") :].split("\n## ", 1)[0]
    folders = sorted(path.name for path in (REPO / "macros").iterdir() if path.is_dir())
    assert folders
    unnamed = [folder for folder in folders if not re.search(rf"\b{folder}\b", layout)]
    assert not unnamed, f"README's layout does not name macros/{unnamed}"


def test_the_python_range_is_the_same_everywhere():
    sys.path.insert(0, str(REPO / "scripts"))
    from preflight import MAX_PYTHON, MIN_PYTHON

    oldest, newest = (f"{major}.{minor}" for major, minor in (MIN_PYTHON, MAX_PYTHON))
    readme = (REPO / "README.md").read_text()
    assert f"Python {oldest} to {newest}" in readme
    requires = re.search(r'^requires-python = "(.*)"$', (REPO / "pyproject.toml").read_text(), flags=re.M)
    assert requires and requires.group(1) == f">={oldest},<{MAX_PYTHON[0]}.{MAX_PYTHON[1] + 1}"
