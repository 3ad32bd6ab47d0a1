"""Demo requests and shifts for Kabupaten Contoh (seeder ``attendance_requests``, after the directory
and E-Surat). Idempotent: nothing is added once the government has an excuse.

- pegawai.kominfo: one day of cuti tahunan ahead, approved by the superior (admin.kominfo); a WFH day
  waiting; a correction of a forgotten check-out on the last working day, waiting;
- operator.kominfo: two days of cuti sakit last week, approved;
- kadis.kominfo: dinas luar ahead, waiting for the Sekda;
- Satpol PP: a day shift for a unit and a night shift (21:00–07:00) for one of its employees.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction

from terpadu.calendar.interfaces import calendar_days
from terpadu.core.errors import ApplicationError
from terpadu.directory.models import Agency, Employee, OrgUnit, User

from . import corrections, excuses, shifts
from . import request_common as common
from .models import Excuse, Shift


def _working(government_id: int, start: date, end: date) -> list[date]:
    return [d.date for d in calendar_days(government_id=government_id, start=start, end=end) if d.is_working]


def _users(government_id: int) -> dict[str, User]:
    names = ("pegawai.kominfo", "operator.kominfo", "admin.kominfo", "kadis.kominfo", "sekda", "admin")
    rows = User.objects.filter(government_id=government_id, username__in=names)
    return {u.username: u for u in rows}


def _excuses(government_id: int, users: dict[str, User], today: date) -> int:
    ahead = _working(government_id, today + timedelta(days=7), today + timedelta(days=40))
    behind = _working(government_id, today - timedelta(days=12), today - timedelta(days=1))
    made = 0
    if len(ahead) >= 6:
        leave = excuses.excuse_request(
            user=users["pegawai.kominfo"],
            kind="annual",
            start_date=ahead[0],
            end_date=ahead[0],
            reason="Urusan keluarga",
        )
        excuses.excuse_approve(user=users["admin.kominfo"], excuse=leave, note="Silakan.")
        excuses.excuse_request(
            user=users["pegawai.kominfo"], kind="wfh", start_date=ahead[2], end_date=ahead[2], reason="Menyusun laporan"
        )
        excuses.excuse_request(
            user=users["kadis.kominfo"],
            kind="duty",
            start_date=ahead[4],
            end_date=ahead[5],
            reason="Rapat koordinasi SPBE tingkat provinsi",
            place="Kupang",
        )
        made += 3
    if len(behind) >= 3:
        sick = excuses.excuse_request(
            user=users["operator.kominfo"],
            kind="sick",
            start_date=behind[-3],
            end_date=behind[-2],
            reason="Demam, surat keterangan dokter menyusul",
        )
        excuses.excuse_approve(user=users["admin.kominfo"], excuse=sick)
        corrections.correction_request(
            user=users["pegawai.kominfo"], date=behind[-1], kind="out", time=time(16, 5), reason="Lupa presensi pulang"
        )
        made += 2
    return made


def _shifts(government_id: int, admin: User, today: date) -> str:
    agency = Agency.objects.filter(government_id=government_id, short_name="Satpol PP").first()
    unit = OrgUnit.objects.filter(agency=agency, code="03").first() if agency else None
    if agency is None or unit is None or Shift.objects.filter(agency=agency).exists():
        return "sif sudah ada atau tanpa Satpol PP"
    day = shifts.shift_create(
        user=admin, agency=agency, data=shifts.ShiftInput("P", "Sif pagi", time(7, 0), time(15, 0), 30)
    )
    night = shifts.shift_create(
        user=admin, agency=agency, data=shifts.ShiftInput("M", "Sif malam", time(21, 0), time(7, 0), 60)
    )
    start, end = today.replace(day=1), today.replace(day=1) + timedelta(days=180)
    every_day = tuple(range(7))
    shifts.assignment_create(
        user=admin, agency=agency, data=shifts.AssignmentInput(day.pk, start, end, every_day, org_unit_id=unit.pk)
    )
    guard = Employee.objects.filter(org_unit=unit, is_active=True).order_by("pk").first()
    if guard is not None:
        shifts.assignment_create(
            user=admin,
            agency=agency,
            data=shifts.AssignmentInput(night.pk, start, end, every_day, employee_id=guard.pk),
        )
    return "2 sif Satpol PP (pagi, malam 21.00–07.00)"


@transaction.atomic
def _seed(government_id: int) -> str:
    users = _users(government_id)
    if len(users) < 6:
        return "E-Absen pengajuan: bukan direktori demo, dilewati."
    today = common.local_today(government_id)
    made = _excuses(government_id, users, today)
    return f"E-Absen pengajuan: {made} pengajuan contoh; {_shifts(government_id, users['admin'], today)}."


def seed_demo_requests(government_id: int) -> str:
    if Excuse.objects.filter(government_id=government_id).exists():
        return "E-Absen pengajuan: contoh sudah ada."
    try:
        return _seed(government_id)
    except ApplicationError as exc:  # e.g. no cuti tahunan left in a year with many cuti bersama
        return f"E-Absen pengajuan: contoh dilewati ({exc.message})."
