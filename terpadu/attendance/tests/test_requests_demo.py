"""The demo seeder of requests and shifts: what it makes for Kabupaten Contoh, and nothing twice."""

from datetime import date, time

import pytest

from terpadu.attendance.demo_requests import seed_demo_requests
from terpadu.attendance.models import CorrectionRequest, Excuse, Shift, ShiftAssignment
from terpadu.core.demo import seeders
from terpadu.directory.demo import seed_demo_government
from terpadu.directory.tests.factories import GovernmentFactory

from .requests_org import fixed_today  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_seeder_is_registered_after_directory_and_correspondence():
    found = {seeder.name: seeder.order for seeder in seeders()}
    assert found["attendance_requests"] == 55 and found["correspondence"] < 55


def test_demo_requests_and_shifts():
    government, _ = seed_demo_government()
    line = seed_demo_requests(government.pk)
    assert line == "E-Absen pengajuan: 5 pengajuan contoh; 2 sif Satpol PP (pagi, malam 21.00–07.00)."
    rows = {
        (e.created_by.username, e.kind): (e.status, e.start_date, e.end_date, e.working_days)
        for e in Excuse.objects.select_related("created_by")
    }
    assert rows == {
        ("pegawai.kominfo", "annual"): ("approved", date(2026, 7, 22), date(2026, 7, 22), 1),
        ("pegawai.kominfo", "wfh"): ("pending", date(2026, 7, 24), date(2026, 7, 24), 1),
        ("kadis.kominfo", "duty"): ("pending", date(2026, 7, 28), date(2026, 7, 29), 2),
        ("operator.kominfo", "sick"): ("approved", date(2026, 7, 10), date(2026, 7, 13), 2),
    }
    correction = CorrectionRequest.objects.get()
    assert (correction.date, correction.kind, correction.time, correction.status) == (
        date(2026, 7, 14),
        "out",
        time(16, 5),
        "pending",
    )
    night = Shift.objects.get(code="M")
    assert (night.start, night.end, night.crosses_midnight, night.agency.short_name) == (
        time(21, 0),
        time(7, 0),
        True,
        "Satpol PP",
    )
    assert ShiftAssignment.objects.count() == 2
    assert seed_demo_requests(government.pk) == "E-Absen pengajuan: contoh sudah ada."
    assert Excuse.objects.count() == 4


def test_a_government_without_the_demo_directory_is_skipped():
    assert seed_demo_requests(GovernmentFactory().pk) == "E-Absen pengajuan: bukan direktori demo, dilewati."
