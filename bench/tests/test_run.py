"""The runner: its arguments, and its refusal to empty anything but a dedicated bench database."""

from __future__ import annotations

import pytest

from bench.database import NotABenchDatabase, bench_database_name
from bench.run import parse_args


@pytest.mark.parametrize("name", ["terpadu", "terpadu_h9", "/work/main/var/terpadu.sqlite3", "test_terpadu"])
def test_refuses_a_database_that_is_not_a_bench_one(name):
    with pytest.raises(NotABenchDatabase):
        bench_database_name({"NAME": name})


@pytest.mark.parametrize("name", ["terpadu_bench", "/work/main/var/bench.sqlite3"])
def test_accepts_a_bench_database(name):
    assert bench_database_name({"NAME": name}) == name


def test_arguments():
    args = parse_args(["--scenario", "employee_list_api", "--scenario", "directory_import", "--quick"])

    assert (args.scenario, args.quick, args.seed) == (["employee_list_api", "directory_import"], True, 2026)
    assert parse_args([]).scenario is None
