"""E-Absen (b): a fingerprint-machine log of 1,000,000 events (``--quick``: 10,000) of the province's biggest agency
(bench/machine_log.py), imported by its agency admin through the service (machine_imports.machine_import_data:
parse, check every row against the directory, decide in/out, write with duplicate detection, audit).

Timed once each, inside a transaction that is then rolled back (every run starts from the same data):

- *parse + check only*: reading the CSV and checking every row, no write;
- *import*: the whole service call; next to it the raw bulk load of the same distinct events (COPY on PostgreSQL,
  ``executemany`` on SQLite, also rolled back) and the ratio — target ≤ 5×;
- *re-import, all duplicates*: the same file again right after, every line recognised as already stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from terpadu.attendance.machine_imports import ImportResult, machine_import_data, parse_log
from terpadu.directory.models import Agency, Government, User

from ..generate import GeneratedGovernment
from ..machine_log import machine_log, raw_load, raw_rows
from ..measure import BenchError, Figure, Options, Scenario, once

NAME = "attendance_import"
EVENTS = 1_000_000
QUICK_EVENTS = 10_000
RAW_SAMPLES = 2
TARGET = 5.0
FILENAME = "log-mesin.csv"


def events_for(options: Options) -> int:
    """1,000,000 in the full run; ``--quick`` (fewer import rows) 10,000."""
    return EVENTS if options.import_rows >= Options().import_rows else QUICK_EVENTS


def _rolled_back(call: Callable[[], Any]) -> tuple[float, Any]:
    with transaction.atomic():
        seconds, result = once(call)
        transaction.set_rollback(True)
    return seconds, result


def _checked(result: ImportResult, *, imported: int, duplicates: int) -> None:
    if not result.ok or (result.imported, result.duplicates) != (imported, duplicates):
        raise BenchError(f"unexpected import result {result.as_json() | {'errors': result.errors[:3]}}")


def run(gov: GeneratedGovernment, options: Options) -> list[Figure]:
    log = machine_log(gov, events=events_for(options))
    agency = Agency.objects.get(pk=log.agency_id)
    admin = User.objects.get(pk=gov.agency_admin_ids[agency.pk])
    events, lines = len(log.rows), log.lines
    print(
        f"{NAME}: {lines:,} lines ({events:,} distinct events, {log.employees:,} employees of {agency.name},"
        f" {log.days} working days, {len(log.data) / 1e6:.1f} MB csv)",
        flush=True,
    )
    zone = Government.objects.get(pk=gov.government_id).timezone

    def parse() -> Any:
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        return parse_log(data=log.data, agency=agency, zone=ZoneInfo(zone), now=timezone.now())

    parsed_seconds, parsed = once(parse)
    if not parsed.ok:
        raise BenchError(f"the generated log has errors: {parsed.errors[:3]}")

    def import_twice() -> tuple[float, float]:
        first, result = once(lambda: machine_import_data(user=admin, agency=agency, data=log.data, filename=FILENAME))
        _checked(result, imported=events, duplicates=lines - events)
        again, result = once(lambda: machine_import_data(user=admin, agency=agency, data=log.data, filename=FILENAME))
        _checked(result, imported=0, duplicates=lines)
        return first, again

    _, (imported, reimported) = _rolled_back(import_twice)
    rows = raw_rows(gov, log)
    raw = [_rolled_back(lambda: raw_load(rows))[0] for _ in range(RAW_SAMPLES)]
    figures = [
        Figure(NAME, f"parse + check, {lines:,} lines", [parsed_seconds], per_sample=lines, unit="rows"),
        Figure(NAME, f"import, {lines:,} lines", [imported], raw=raw, per_sample=lines, unit="rows"),
        Figure(NAME, "re-import, all duplicates", [reimported], raw=raw, per_sample=lines, unit="rows"),
    ]
    ratio = figures[1].ratio or 0.0
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(
        f"target import ≤ {TARGET:.0f}× raw bulk load: {imported:.1f} s vs {min(raw):.1f} s = {ratio:.1f}× — {verdict}",
        flush=True,
    )
    return figures


SCENARIO = Scenario(NAME, "E-Absen: import of a fingerprint-machine log, next to a raw bulk load", run)
