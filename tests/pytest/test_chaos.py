"""`make chaos` in short (scripts/chaos.py): seeded random SIGKILLs of the warm runner, then the oracle.

The same code as `make chaos N=20`, with two kills and a fixed seed, and
without the start that measures a cycle (to save a minute): the first kill
falls in the very first cycle, the one that creates the tables, the second
in the catch-up of the next start. Each kill goes to the runner's whole
process group, its Spark JVM included. A last run to completion must then
leave the lakehouse equal to the oracle over every file landed, by the
script's own comparison and by the suite's (`assert_marts_match_oracle`),
through tables registered in this session once the last runner has exited
(the runners have their own lakehouse and metastore).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import chaos
from test_pipeline import assert_marts_match_oracle

REPO = Path(__file__).resolve().parents[2]
SEED = 5  # two kills in the dbt run, a file landed while each cycle runs
RUN_SECONDS = 30.0  # the kills fall at 65 % and 31 % of it into the dbt run
READ_SCHEMA = "chaosread"


def register_tables(lakehouse, warehouse: Path) -> None:
    """This session's tables over the runner's Delta files, as `chaosread_<layer>.<table>`."""
    for log in sorted(warehouse.glob(f"{chaos.SCHEMA}_*.db/*/_delta_log")):
        layer = log.parent.parent.name.removeprefix(f"{chaos.SCHEMA}_").removesuffix(".db")
        lakehouse.spark.sql(f"create schema if not exists {READ_SCHEMA}_{layer}")
        lakehouse.spark.sql(f"create table if not exists {READ_SCHEMA}_{layer}.{log.parent.name} using delta "
                            f"location '{log.parent}'")


def test_seeded_random_kills_of_the_runner_lose_and_duplicate_nothing(lakehouse, tmp_path):
    said: list[str] = []

    def say(line: str) -> None:
        said.append(line)
        print(line)

    result = chaos.run(2, SEED, tmp_path, spark=lambda: lakehouse.spark, say=say, run_seconds=RUN_SECONDS)
    output = "\n".join(said)
    assert [kill.number for kill in result.kills] == [1, 2], output
    assert any(not kill.phase.startswith("idle") for kill in result.kills), f"no kill interrupted a cycle:\n{output}"
    assert result.differences == [], output + "\n" + "\n".join(result.differences)
    assert result.failed_cycles == [], output

    register_tables(lakehouse, tmp_path / "lakehouse" / "warehouse")
    assert_marts_match_oracle(lakehouse, READ_SCHEMA, tmp_path / "landing")


def test_chaos_refuses_bad_arguments_in_one_line():
    for args, message in (
        (["--kills", "0"], "error: --kills must be at least 1, got 0\n"),
        (["--seed", "x"], "error: argument --seed: invalid int value: 'x'\n"),
        (["--run-seconds", "-1"], "error: --run-seconds must be between 0 and 3600, got -1\n"),
    ):
        result = subprocess.run([sys.executable, str(REPO / "scripts" / "chaos.py"), *args],
                                capture_output=True, text=True, timeout=60, cwd=REPO)
        assert (result.returncode, result.stderr, result.stdout) == (2, message, "")
