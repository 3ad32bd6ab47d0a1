"""Run the benchmark scenarios: ``python -m bench.run [--scenario NAME] [--quick]``.

Uses the database of DATABASE_URL (default: SQLite var/bench.sqlite3), which must be a dedicated bench
database: it is created if missing (PostgreSQL), migrated and emptied, then the province is generated
once and every scenario runs on it. Each scenario prints a table; a summary of all follows.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
FULL = {"agencies": 50, "employees": 20_000}
QUICK = {"agencies": 50, "employees": 2_000}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--quick", action="store_true", help="small sizes and few requests: a smoke run")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the generated province (default 2026)")
    return parser.parse_args(argv)


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    _setup()
    from .database import analyze, prepare_database
    from .generate import generate_province
    from .measure import Options
    from .report import generation_line, machine_line, table
    from .scenarios import SCENARIOS

    unknown = [name for name in args.scenario or [] if name not in SCENARIOS]
    if unknown:
        print(f"unknown scenario {', '.join(unknown)}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    vendor = prepare_database()
    gov = generate_province(seed=args.seed, **(QUICK if args.quick else FULL))
    analyze()
    print(f"{machine_line()}\n{generation_line(gov, vendor)}", flush=True)
    options = Options.quick() if args.quick else Options()
    figures = []
    for name in args.scenario or list(SCENARIOS):
        scenario = SCENARIOS[name]
        print(f"\n{name} — {scenario.description}", flush=True)
        found = scenario.run(gov, options)
        print(table(found), flush=True)
        figures.extend(found)
    print(f"\nsummary ({vendor}) — {machine_line()}\n{table(figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
