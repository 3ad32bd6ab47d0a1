"""Timing and the figures a scenario reports: p50/p95 latency, throughput, and the ratio to raw SQL."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import TYPE_CHECKING, Any

from django.db import connection

if TYPE_CHECKING:
    from .generate import GeneratedGovernment


class BenchError(RuntimeError):
    """A scenario could not measure what it meant to (a refused request, an import with errors…)."""


@dataclass(frozen=True)
class Options:
    """How much each scenario does: the full run, or ``--quick`` (a smoke run, also used by the tests)."""

    requests: int = 300
    warmup: int = 20
    raw_samples: int = 100
    import_rows: int = 20_000
    #: letters of the E-Surat scenario on PostgreSQL (SQLite takes at most 100,000: scenarios/letters_esurat.py)
    letters: int = 1_000_000

    @classmethod
    def quick(cls) -> Options:
        return cls(requests=30, warmup=5, raw_samples=30, import_rows=500, letters=3_000)


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) by the nearest-rank method: a value that was actually measured."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Figure:
    """One measured case: latencies in seconds, the work each sample did (``per_sample`` units)."""

    scenario: str
    case: str
    samples: Sequence[float]
    raw: Sequence[float] = ()
    per_sample: int = 1
    unit: str = "req"
    vendor: str = field(default_factory=lambda: connection.vendor)

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def p50_ms(self) -> float:
        return percentile(self.samples, 50) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.samples, 95) * 1000

    @property
    def per_second(self) -> float:
        """Units of work per second, one after the other in one process."""
        total = sum(self.samples)
        return self.per_sample * self.n / total if total > 0 else math.nan

    @property
    def raw_p50_ms(self) -> float | None:
        return percentile(self.raw, 50) * 1000 if self.raw else None

    @property
    def ratio(self) -> float | None:
        raw = self.raw_p50_ms
        return self.p50_ms / raw if raw else None


def sample(call: Callable[[int], Any], *, n: int, warmup: int = 0) -> list[float]:
    """Run ``call(i)`` ``warmup`` times untimed, then ``n`` times timed; the latencies in seconds."""
    for i in range(warmup):
        call(i)
    latencies = []
    for i in range(n):
        started = perf_counter()
        call(i)
        latencies.append(perf_counter() - started)
    return latencies


def once(call: Callable[[], Any]) -> tuple[float, Any]:
    """One timed call: (seconds, result)."""
    started = perf_counter()
    result = call()
    return perf_counter() - started, result


@dataclass(frozen=True)
class Scenario:
    """A registered scenario: ``run(gov, options)`` sets up what it needs and returns its figures."""

    name: str
    description: str
    run: Callable[[GeneratedGovernment, Options], list[Figure]]
