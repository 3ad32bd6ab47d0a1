"""The printed tables: one line per measured case, the same columns for every scenario."""

from __future__ import annotations

import os
from collections.abc import Iterable

from .generate import GeneratedGovernment
from .measure import Figure

WIDTH = 46
HEADER = f"{'scenario':<{WIDTH}} {'db':<10} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'per s':>14} {'raw p50 ms':>11} {'ratio':>7}"


def figure_line(figure: Figure) -> str:
    raw, ratio = figure.raw_p50_ms, figure.ratio
    return (
        f"{f'{figure.scenario}: {figure.case}':<{WIDTH}} {figure.vendor:<10} {figure.n:>5} "
        f"{figure.p50_ms:>9.1f} {figure.p95_ms:>9.1f} {figure.per_second:>9,.1f} {figure.unit:<4} "
        f"{'-' if raw is None else f'{raw:.2f}':>11} {'-' if ratio is None else f'{ratio:.1f}x':>7}"
    )


def table(figures: Iterable[Figure]) -> str:
    return "\n".join([HEADER, "-" * len(HEADER), *(figure_line(figure) for figure in figures)])


def generation_line(gov: GeneratedGovernment, vendor: str) -> str:
    counts = ", ".join(f"{count:,} {name}" for name, count in gov.counts.items())
    return f"generated on {vendor} in {gov.seconds:.1f} s ({gov.rows_per_second:,.0f} rows/s): {counts}"


def machine_line() -> str:
    """CPUs and load: figures taken while other work loads the machine are slower and noisier."""
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"machine: {os.cpu_count()} CPUs, load average {load} (1 / 5 / 15 min)"
