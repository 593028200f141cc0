"""`make chaos` in short (scripts/chaos.py): seeded random SIGKILLs of the warm runner, then the oracle.

The same code as `make chaos N=20`, with one kill and a fixed seed, and
without the start that measures a cycle (each start of a runner costs a
JVM's start-up, the suite's scarcest resource): the kill falls in the very
first cycle, the one that creates the tables, while a file lands. It goes to
the runner's whole process group, its Spark JVM included. A last run to
completion must then leave the lakehouse equal to the oracle over every file
landed, by the script's own comparison, read through this session once the
last runner has exited (the runners have their own lakehouse and metastore).
test_watch.py kills runners at chosen commits; this test runs the script.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import chaos

REPO = Path(__file__).resolve().parents[2]
SEED = 5  # the kill in the dbt run, a file landed while the cycle runs
RUN_SECONDS = 20.0  # the kill falls at 65 % of it into the dbt run (13 s), well inside the first cycle


def test_seeded_random_kills_of_the_runner_lose_and_duplicate_nothing(lakehouse, tmp_path):
    said: list[str] = []

    def say(line: str) -> None:
        said.append(line)
        print(line)

    result = chaos.run(1, SEED, tmp_path, spark=lambda: lakehouse.spark, say=say, run_seconds=RUN_SECONDS)
    output = "\n".join(said)
    assert [kill.number for kill in result.kills] == [1], output
    assert result.kills[0].landed_during == 1, output
    assert not result.kills[0].phase.startswith(("idle", "start-up")), f"the kill interrupted no cycle:\n{output}"
    assert result.differences == [], output + "\n" + "\n".join(result.differences)
    assert result.failed_cycles == [], output
    assert result.lines > 0 and "gold" in result.summary, output


def test_chaos_refuses_bad_arguments_in_one_line():
    for args, message in (
        (["--kills", "0"], "error: --kills must be at least 1, got 0\n"),
        (["--seed", "x"], "error: argument --seed: invalid int value: 'x'\n"),
        (["--run-seconds", "-1"], "error: --run-seconds must be between 0 and 3600, got -1\n"),
    ):
        result = subprocess.run([sys.executable, str(REPO / "scripts" / "chaos.py"), *args],
                                capture_output=True, text=True, timeout=60, cwd=REPO)
        assert (result.returncode, result.stderr, result.stdout) == (2, message, "")
