"""Shifts and their assignments: validated, only by the agency's admin/head or the platform admin,
audited; overlapping assignments of the same target refused; night shifts end the next day."""

from datetime import date, time

import pytest

from terpadu.attendance import shifts
from terpadu.attendance.models import Shift, ShiftAssignment
from terpadu.attendance.shifts import AssignmentInput, ShiftInput
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import OrgUnit
from terpadu.directory.tests.factories import OrgUnitFactory, user_with_role

from .requests_org import build_org, fixed_today  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


NIGHT = ShiftInput("M", "Sif malam", time(21, 0), time(7, 0), 60)
EVERY_DAY = tuple(range(7))


def unit_of(office):
    return OrgUnit.objects.get(agency=office.agency, name="Bidang Pelayanan Kesehatan")


def test_an_agency_admin_defines_a_night_shift(org):
    shift = shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    assert (shift.code, shift.start, shift.end, shift.break_minutes, shift.crosses_midnight) == (
        "M",
        time(21, 0),
        time(7, 0),
        60,
        True,
    )
    audit = AuditEvent.objects.get(action="attendance.shift.create")
    assert (audit.after["start"], audit.after["end"], audit.agency_id) == ("21:00:00", "07:00:00", org.agency.pk)


@pytest.mark.parametrize("who", ["staff", "chief", "other_admin", "auditor"])
def test_others_cannot_manage_shifts(org, who):
    with pytest.raises(AccessDenied):
        shifts.shift_create(user=getattr(org, who), agency=org.agency, data=NIGHT)
    assert Shift.objects.count() == 0


def test_the_head_and_the_platform_admin_may(org):
    assert shifts.shift_create(user=org.head, agency=org.agency, data=NIGHT).code == "M"
    admin = user_with_role(Role.PLATFORM_ADMIN, government=org.government)
    data = ShiftInput("P", "Sif pagi", time(7, 0), time(14, 0), 0)
    assert shifts.shift_create(user=admin, agency=org.agency, data=data).code == "P"


def test_shift_validation(org):
    shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    with pytest.raises(ValidationFailed) as excinfo:
        shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    assert excinfo.value.fields == {"code": ["Kode sif sudah dipakai di OPD ini."]}
    long_break = ShiftInput("S", "Sif siang", time(14, 0), time(21, 0), 420)
    with pytest.raises(ValidationFailed) as excinfo:
        shifts.shift_create(user=org.admin, agency=org.agency, data=long_break)
    assert excinfo.value.message == "Istirahat harus lebih singkat dari lama sif."
    # the same code in another agency is fine
    assert (
        shifts.shift_create(user=org.other_admin, agency=org.other_agency, data=NIGHT).agency_id == org.other_agency.pk
    )


def test_update_and_deactivate(org):
    shift = shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    shifts.shift_update(user=org.admin, shift=shift, data=ShiftInput("M", "Sif malam", time(22, 0), time(7, 0), 60))
    shift.refresh_from_db()
    assert shift.start == time(22, 0)
    audit = AuditEvent.objects.get(action="attendance.shift.update")
    assert (audit.before, audit.after) == ({"start": "21:00:00"}, {"start": "22:00:00"})
    with pytest.raises(AccessDenied):
        shifts.shift_set_active(user=org.staff, shift=shift, active=False)
    assert shifts.shift_set_active(user=org.admin, shift=shift, active=False).is_active is False
    with pytest.raises(ValidationFailed) as excinfo:
        shifts.assignment_create(
            user=org.admin,
            agency=org.agency,
            data=AssignmentInput(
                shift.pk, date(2026, 8, 1), date(2026, 8, 31), EVERY_DAY, employee_id=org.staff.employee_id
            ),
        )
    assert excinfo.value.message == "Sif itu tidak aktif."


def test_assignments_of_the_same_target_may_not_overlap(org):
    night = shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    day = shifts.shift_create(user=org.admin, agency=org.agency, data=ShiftInput("P", "Pagi", time(7, 0), time(14, 0)))
    unit = unit_of(org)
    first = shifts.assignment_create(
        user=org.admin,
        agency=org.agency,
        data=AssignmentInput(day.pk, date(2026, 8, 1), date(2026, 8, 31), (0, 1, 2, 3, 4), org_unit_id=unit.pk),
    )
    assert (first.weekdays, first.employee_id) == ([0, 1, 2, 3, 4], None)
    with pytest.raises(Conflict) as excinfo:
        shifts.assignment_create(
            user=org.admin,
            agency=org.agency,
            data=AssignmentInput(night.pk, date(2026, 8, 31), date(2026, 9, 30), (4, 5), org_unit_id=unit.pk),
        )
    assert excinfo.value.message == (
        "Jadwal bertabrakan dengan sif Pagi 1 Agustus 2026 s.d. 31 Agustus 2026 untuk sasaran yang sama."
    )
    # other weekdays of the same unit, or one employee of it, are fine
    shifts.assignment_create(
        user=org.admin,
        agency=org.agency,
        data=AssignmentInput(night.pk, date(2026, 8, 1), date(2026, 8, 31), (5, 6), org_unit_id=unit.pk),
    )
    shifts.assignment_create(
        user=org.admin,
        agency=org.agency,
        data=AssignmentInput(
            night.pk, date(2026, 8, 1), date(2026, 8, 31), EVERY_DAY, employee_id=org.staff.employee_id
        ),
    )
    assert ShiftAssignment.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"org_unit_id": None}, "Pilih satu sasaran: unit kerja atau seorang pegawai."),
        ({"employee_id": -1}, "Pilih satu sasaran: unit kerja atau seorang pegawai."),
        ({"end_date": date(2026, 7, 31)}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"end_date": date(2027, 8, 2)}, "Satu jadwal paling lama satu tahun."),
        ({"weekdays": ()}, "Pilih paling sedikit satu hari."),
        ({"shift_id": 0}, "Pilih sif OPD ini."),
    ],
)
def test_invalid_assignments(org, changes, message):
    shift = shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    values = {"shift_id": shift.pk, "start_date": date(2026, 8, 1), "end_date": date(2026, 8, 31)}
    values |= {"weekdays": EVERY_DAY, "org_unit_id": unit_of(org).pk} | changes
    with pytest.raises(ValidationFailed) as excinfo:
        shifts.assignment_create(user=org.admin, agency=org.agency, data=AssignmentInput(**values))
    assert excinfo.value.message == message
    assert ShiftAssignment.objects.count() == 0


def test_targets_of_another_agency_are_refused(org):
    shift = shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    foreign = OrgUnitFactory(agency=org.other_agency)
    with pytest.raises(ValidationFailed) as excinfo:
        shifts.assignment_create(
            user=org.admin,
            agency=org.agency,
            data=AssignmentInput(shift.pk, date(2026, 8, 1), date(2026, 8, 31), EVERY_DAY, org_unit_id=foreign.pk),
        )
    assert excinfo.value.message == "Unit kerja itu bukan bagian dari OPD ini."
    with pytest.raises(ValidationFailed) as excinfo:
        shifts.assignment_create(
            user=org.admin,
            agency=org.agency,
            data=AssignmentInput(
                shift.pk, date(2026, 8, 1), date(2026, 8, 31), EVERY_DAY, employee_id=org.other_admin.employee_id
            ),
        )
    assert excinfo.value.message == "Pegawai itu bukan pegawai OPD ini."


def test_delete_is_audited_and_refused_to_others(org):
    shift = shifts.shift_create(user=org.admin, agency=org.agency, data=NIGHT)
    assignment = shifts.assignment_create(
        user=org.admin,
        agency=org.agency,
        data=AssignmentInput(
            shift.pk, date(2026, 8, 1), date(2026, 8, 31), EVERY_DAY, employee_id=org.staff.employee_id
        ),
    )
    with pytest.raises(AccessDenied):
        shifts.assignment_delete(user=org.other_admin, assignment=assignment)
    shifts.assignment_delete(user=org.admin, assignment=assignment)
    assert ShiftAssignment.objects.count() == 0
    assert (
        AuditEvent.objects.get(action="attendance.shift_assignment.delete").before["employee_id"]
        == org.staff.employee_id
    )
