"""What the producers share: the landing write, their common arguments, timestamp forms.

The landing contract: JSON Lines under `<landing dir>/<feed>/`, nested folders,
some files gzip-compressed (or, for a fetched feed, each response's body as
received), each written under a hidden name (starting with `.`, which readers
skip) and renamed once complete, so a reader never sees a partial file.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Generic, TypeVar

KnobsT = TypeVar("KnobsT", bound="CommonKnobs")


def write_file(landing_dir: Path, feed: str, relative: str, lines: list[str], compress: bool) -> Path:
    """Land `lines` as `<landing_dir>/<feed>/<relative>[.gz]`; returns the visible path.

    No lines make an empty file (gzip of nothing when compressed), not a file
    holding a lone newline.
    """
    payload = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if compress:
        return write_bytes(landing_dir, feed, relative + ".gz", gzip.compress(payload, mtime=0))
    return write_bytes(landing_dir, feed, relative, payload)


def write_bytes(landing_dir: Path, feed: str, relative: str, payload: bytes) -> Path:
    """Land `payload` exactly as given as `<landing_dir>/<feed>/<relative>`; returns the visible path.

    Written under a hidden name, flushed and fsynced, then renamed: readers never
    see a partial file. A hidden file left by a crash is simply overwritten.
    """
    final = landing_dir / feed / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    hidden = final.with_name("." + final.name + ".tmp")
    with open(hidden, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(hidden, final)
    return final


def share(value: str) -> float:
    """argparse type: a share, 0 to 1."""
    number = float(value)
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return number


def positive(value: str) -> int:
    """argparse type: a count, 0 or more."""
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return number


@dataclass
class CommonKnobs:
    """The knobs every producer has; each producer's `Knobs` extends these."""

    seed: int = 42
    start_date: str = "2025-01-01"
    days: int = 7


def add_common_arguments(parser: argparse.ArgumentParser, defaults: CommonKnobs) -> None:
    """--landing-dir ($LANDING_DIR, else `landing`), --seed, --start-date and --days."""
    parser.add_argument("--landing-dir", default=os.environ.get("LANDING_DIR", "landing"))
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--start-date", default=defaults.start_date, type=lambda v: date.fromisoformat(v).isoformat())
    parser.add_argument("--days", type=positive, default=defaults.days)


class KnobParser(argparse.ArgumentParser, Generic[KnobsT]):
    """A producer's command line: the common arguments, then an option per knob of its `Knobs`."""

    def __init__(self, doc: str, defaults: KnobsT):
        super().__init__(description=doc.splitlines()[0])
        self.defaults = defaults
        add_common_arguments(self, defaults)

    def add_knobs(self, names: Iterable[str], kind: Callable[[str], Any]) -> None:
        """`--some-knob` for each knob name, of type `kind`, defaulting to the knob's default."""
        for name in names:
            self.add_argument("--" + name.replace("_", "-"), type=kind, default=getattr(self.defaults, name))

    def parse_knobs(self, argv: list[str] | None) -> tuple[argparse.Namespace, KnobsT]:
        """The parsed options, and the knobs filled from the options of the same names."""
        args = self.parse_args(argv)
        return args, type(self.defaults)(**{name: getattr(args, name) for name in asdict(self.defaults)})


def format_timestamp(moment: datetime, rng: random.Random) -> str | int:
    """One instant in any of the contract's timestamp forms."""
    form = rng.random()
    if form < 0.55:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    if form < 0.7:
        offset_hours = rng.choice([-5, 1, 2, 9])
        local = moment.astimezone(timezone(timedelta(hours=offset_hours)))
        return local.isoformat(timespec="seconds")
    if form < 0.85:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return int(moment.timestamp() * 1000)


def millis(moment: datetime) -> datetime:
    """`moment` cut to whole milliseconds, the finest precision a timestamp form carries."""
    return moment.replace(microsecond=(moment.microsecond // 1000) * 1000)


if __name__ == "__main__":
    # a module, not a command: it answers --help (as every script here does) and runs nothing
    import sys

    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="A module the producers import (produce_*.py, fetch_neows.py); it has nothing to run.",
    )
    parser.parse_args()
    parser.print_help()
    sys.exit(0)
