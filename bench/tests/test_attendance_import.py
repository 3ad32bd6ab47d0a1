"""The machine-log generator and the attendance_import scenario at a tiny size: deterministic, importable as
generated (every line valid, the double presses counted as duplicates), and the quick run reports its ratio."""

from __future__ import annotations

import pytest

from bench.generate import generate_province
from bench.machine_log import biggest_agency, machine_log
from bench.measure import Options
from bench.scenarios import attendance_import
from terpadu.attendance.models import AttendanceEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    return generate_province(seed=7, agencies=4, employees=120)


def test_the_log_is_deterministic_and_two_punches_per_employee_and_day(gov):
    log = machine_log(gov, events=600)

    assert machine_log(gov, events=600).data == log.data
    assert len(log.rows) == 600 and log.agency_id == biggest_agency(gov)
    assert log.lines >= 600 and log.data.startswith(b"nip,timestamp,device\n")
    assert {kind for _, kind, *_ in log.rows} == {"in", "out"}


def test_quick_run_imports_then_rolls_back(gov):
    figures = attendance_import.run(gov, Options.quick())

    assert [f.case.split(",")[0] for f in figures] == ["parse + check", "import", "re-import"]
    assert figures[1].ratio is not None and figures[1].ratio > 0
    assert figures[1].per_sample == figures[2].per_sample >= attendance_import.QUICK_EVENTS
    assert AttendanceEvent.objects.count() == 0


def test_full_and_quick_sizes():
    assert attendance_import.events_for(Options()) == 1_000_000
    assert attendance_import.events_for(Options.quick()) == 10_000
