"""Every registered scenario runs in --quick mode on a small province and reports positive figures.

These prove the scenarios work, not how fast: speed is measured by `make bench`, never asserted."""

from __future__ import annotations

import math

import pytest

from bench.generate import generate_province
from bench.measure import Figure, Options, percentile
from bench.report import table
from bench.scenarios import SCENARIOS


@pytest.fixture
def gov(db):
    return generate_province(seed=5, agencies=6, employees=240)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_runs_quick_and_reports_positive_figures(gov, name):
    figures = SCENARIOS[name].run(gov, Options.quick())

    assert figures
    for figure in figures:
        assert figure.scenario == name and figure.n >= 1
        assert figure.p50_ms > 0 and figure.p95_ms >= figure.p50_ms and figure.per_second > 0
        assert figure.ratio is None or figure.ratio > 0
    assert any(figure.ratio for figure in figures)
    assert name in table(figures)


def test_percentile_is_a_measured_value():
    assert percentile([0.3, 0.1, 0.2], 50) == 0.2
    assert percentile([0.1] * 19 + [1.0], 95) == 0.1
    assert percentile([0.5], 95) == 0.5
    assert math.isnan(percentile([], 50))


def test_figure_arithmetic():
    figure = Figure("s", "c", [0.010, 0.030], raw=[0.002], per_sample=100, unit="rows", vendor="sqlite")

    assert (figure.n, round(figure.p50_ms, 6), round(figure.p95_ms, 6)) == (2, 10.0, 30.0)
    assert round(figure.per_second) == 5000
    assert figure.ratio is not None and round(figure.ratio, 6) == 5.0
