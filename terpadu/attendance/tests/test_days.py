"""Computing days from the calendar, shifts, punches and excuses; closed months; adjustments; the recap."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from terpadu.attendance import days, recap
from terpadu.attendance.models import (
    Adjustment,
    AttendanceDay,
    AttendanceEvent,
    Excuse,
    MonthClosing,
    Shift,
    ShiftAssignment,
)
from terpadu.attendance.rules import Band
from terpadu.attendance.services import deduction_table_create
from terpadu.core.errors import AccessDenied, NotFound, ValidationFailed
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    OrgUnitFactory,
    PositionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
OCTOBER = date(2026, 10, 1)  # 22 working days, no holiday


@pytest.fixture
def org():
    return build_org()


def build_org():
    """A government with an agency (head, staff and peer under the head) and a BKPSDM admin."""
    government = GovernmentFactory(timezone="Asia/Makassar")
    agency = AgencyFactory(government=government)
    bkpsdm = AgencyFactory(government=government, short_name="BKPSDM")
    unit = OrgUnitFactory(agency=agency)
    head_position = PositionFactory(agency=agency, org_unit=unit)
    head = EmployeeFactory(position=head_position)
    staff = EmployeeFactory(position=PositionFactory(agency=agency, org_unit=unit, superior=head_position))
    peer = EmployeeFactory(position=PositionFactory(agency=agency, org_unit=unit, superior=head_position))
    return {
        "government": government,
        "agency": agency,
        "unit": unit,
        "head": head,
        "staff": staff,
        "peer": peer,
        "bkpsdm_admin": user_with_role(Role.AGENCY_ADMIN, agency=bkpsdm),
        "staff_user": user_with_role(Role.EMPLOYEE, agency=agency, employee=staff),
        "head_user": user_with_role(Role.EMPLOYEE, agency=agency, employee=head),
        "peer_user": user_with_role(Role.EMPLOYEE, agency=agency, employee=peer),
    }


def punch(employee, kind, day, hour, minute, source="gps"):
    moment = datetime.combine(day, time(hour, minute), tzinfo=WITA)
    return AttendanceEvent.objects.create(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        kind=kind,
        occurred_at=moment,
        local_date=moment.date(),
        source=source,
    )


def full_day(employee, day, arrive=(7, 25), leave=(16, 35)):
    punch(employee, "in", day, *arrive)
    punch(employee, "out", day, *leave)


def excuse(org, employee, kind, first, last):
    return Excuse.objects.create(
        government=org["government"],
        agency=employee.agency,
        employee=employee,
        kind=kind,
        start_date=first,
        end_date=last,
        reason="uji",
        status="approved",
        created_at=datetime(2026, 9, 1, tzinfo=WITA),
        created_by=org["staff_user"],
    )


def compute(org, start=OCTOBER, end=date(2026, 10, 31)):
    return days.days_compute(government_id=org["government"].pk, start=start, end=end)


def day_of(employee, day):
    return AttendanceDay.objects.get(employee=employee, date=day)


def test_a_month_of_days_for_everyone_with_statuses_and_deductions(org):
    staff = org["staff"]
    full_day(staff, date(2026, 10, 1))
    full_day(staff, date(2026, 10, 2), arrive=(8, 1))  # TL2 1%
    punch(staff, "in", date(2026, 10, 5), 7, 0)  # no check-out: PSW4 2%
    excuse(org, staff, "sick", date(2026, 10, 6), date(2026, 10, 7))
    written = compute(org)
    assert written == 4 * 31  # four employees (one at the BKPSDM), every date of October
    assert day_of(staff, date(2026, 10, 1)).status == "present"
    late = day_of(staff, date(2026, 10, 2))
    assert (late.late_minutes, late.late_code, late.deduction_percent, late.minutes_worked) == (
        31,
        "TL2",
        D("1"),
        424 + 31 - 31,
    )
    assert late.explanation == [
        {"code": "TL2", "percent": "1", "why": "TL2 (31–60 menit) · 1% · Tabel bawaan Terpadu (RULES.md §4)"}
    ]
    assert (day_of(staff, date(2026, 10, 5)).early_code, day_of(staff, date(2026, 10, 5)).missing_out) == ("PSW4", True)
    assert day_of(staff, date(2026, 10, 6)).status == "excused"
    assert day_of(staff, date(2026, 10, 8)).status == "unexcused"
    assert day_of(staff, date(2026, 10, 3)).status == "weekend"


def test_recompute_is_idempotent_and_follows_new_punches(org):
    staff = org["staff"]
    compute(org)
    assert day_of(staff, date(2026, 10, 1)).status == "unexcused"
    full_day(staff, date(2026, 10, 1))
    compute(org)
    assert day_of(staff, date(2026, 10, 1)).status == "present"
    assert AttendanceDay.objects.filter(employee=staff).count() == 31


def test_today_and_the_future_are_not_computed(org):
    today = days.local_today(org["government"].pk)
    assert days.days_compute(government_id=org["government"].pk, start=today, end=today + timedelta(days=3)) == 0


def test_night_shift_takes_its_next_morning_check_out(org):
    staff = org["staff"]
    shift = Shift.objects.create(
        government=org["government"],
        agency=org["agency"],
        code="M",
        name="Malam",
        start=time(21),
        end=time(7),
        break_minutes=60,
    )
    ShiftAssignment.objects.create(
        government=org["government"],
        agency=org["agency"],
        employee=staff,
        shift=shift,
        start_date=date(2026, 10, 1),
        end_date=date(2026, 10, 31),
        weekdays=[0, 1, 2, 3],
        created_by=org["staff_user"],
    )
    punch(staff, "in", date(2026, 10, 5), 20, 55)
    punch(staff, "out", date(2026, 10, 6), 6, 50)  # next morning, 10 minutes early
    compute(org)
    monday = day_of(staff, date(2026, 10, 5))
    assert (monday.status, monday.late_minutes, monday.early_minutes, monday.early_code) == ("present", 0, 10, "PSW1")
    assert monday.minutes_worked == 9 * 60 + 55 - 60
    assert monday.schedule == "Sif Malam (21:00–07:00)"
    assert day_of(staff, date(2026, 10, 2)).status == "off"  # Friday is not in the shift's weekdays
    assert day_of(staff, date(2026, 10, 4)).status == "off"  # nor Sunday; the calendar's weekend does not apply


def test_unit_shift_applies_to_its_members_and_an_own_assignment_wins(org):
    shift = Shift.objects.create(
        government=org["government"],
        agency=org["agency"],
        code="P",
        name="Pagi",
        start=time(7),
        end=time(14),
    )
    ShiftAssignment.objects.create(
        government=org["government"],
        agency=org["agency"],
        org_unit=org["unit"],
        shift=shift,
        start_date=date(2026, 10, 1),
        end_date=date(2026, 10, 31),
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        created_by=org["staff_user"],
    )
    compute(org)
    sunday = day_of(org["peer"], date(2026, 10, 4))
    assert (sunday.status, sunday.expected_minutes, sunday.deduction_percent) == ("unexcused", 420, D("4"))


def test_a_closed_month_is_not_rewritten_and_corrections_become_adjustments(org):
    staff = org["staff"]
    compute(org)
    MonthClosing.objects.create(
        government=org["government"],
        month=OCTOBER,
        closed_at=datetime(2026, 11, 2, tzinfo=WITA),
        closed_by=org["bkpsdm_admin"],
    )
    full_day(staff, date(2026, 10, 1))
    assert compute(org) == 0
    assert day_of(staff, date(2026, 10, 1)).status == "unexcused"
    with pytest.raises(AccessDenied):
        days.day_adjust(user=org["head_user"], employee=staff, day=date(2026, 10, 1), reason="lupa presensi")
    with pytest.raises(ValidationFailed, match="Alasan"):
        days.day_adjust(user=org["bkpsdm_admin"], employee=staff, day=date(2026, 10, 1), reason=" ")
    adjustment = days.day_adjust(
        user=org["bkpsdm_admin"], employee=staff, day=date(2026, 10, 1), reason="Presensi mesin terlambat diimpor"
    )
    assert (adjustment.before["status"], adjustment.after["status"], adjustment.deduction_delta) == (
        "unexcused",
        "present",
        D("-4.00"),
    )
    assert day_of(staff, date(2026, 10, 1)).status == "unexcused"  # the closed day itself stays
    found = recap.month_recap(user=org["staff_user"], employee=staff, month=OCTOBER)
    assert found.days[0].adjusted == "Presensi mesin terlambat diimpor"
    assert found.unexcused_days == 21
    rows = recap.month_rows(user=org["bkpsdm_admin"], month=OCTOBER, agency_id=org["agency"].pk)
    assert {row["employee_id"]: row["deduction_percent"] for row in rows}[staff.pk] == D("84")
    assert Adjustment.objects.count() == 1


def test_day_adjust_needs_a_closed_month(org):
    with pytest.raises(ValidationFailed, match="belum ditutup"):
        days.day_adjust(user=org["bkpsdm_admin"], employee=org["staff"], day=date(2026, 10, 1), reason="x")


def test_recap_json_has_the_exact_shape_and_values(org):
    staff = org["staff"]
    for day in range(1, 32):
        current = date(2026, 10, day)
        if current.weekday() < 5 and day not in (6, 7, 8, 9, 12):
            full_day(staff, current)
    full_day(staff, date(2026, 10, 12), arrive=(9, 1), leave=(15, 59))  # TL4 (91 minutes) and PSW1 (1 minute)
    excuse(org, staff, "annual", date(2026, 10, 6), date(2026, 10, 7))
    excuse(org, staff, "duty", date(2026, 10, 8), date(2026, 10, 8))
    compute(org)
    data = recap.recap_json(recap.month_recap(user=org["staff_user"], employee=staff, month=OCTOBER))
    assert data == {
        "nip": staff.nip,
        "month": "2026-10",
        "working_days": 22,
        "days_present": 18,
        "late_minutes": 91,
        "early_minutes": 1,
        "late_counts": {"TL1": 0, "TL2": 0, "TL3": 0, "TL4": 1},
        "early_counts": {"PSW1": 1, "PSW2": 0, "PSW3": 0, "PSW4": 0},
        "unexcused_days": 1,
        "excused_days": {"annual": 2, "duty": 1},
        "minutes_worked": data["minutes_worked"],
        "tpp_deduction_percent": "6.50",  # TK 4% + TL4 2% + PSW1 0.5%
        "year_to_date": {
            "unexcused_days": 1,
            "late_early_minutes": 92,
            "equivalent_days": 0,
            "discipline_level": None,
            "sanction": "tidak ada hukuman disiplin (potongan TPP tetap berlaku)",
        },
        "consecutive_unexcused_max": 1,
    }
    assert data["minutes_worked"] == sum(row.minutes_worked for row in AttendanceDay.objects.filter(employee=staff))


def test_discipline_year_to_date_reaches_a_level_with_minutes_converted(org):
    staff = org["staff"]
    compute(org)  # 22 unexcused days in October
    ytd = recap.year_to_date(employee=staff, on=date(2026, 10, 31))
    assert (ytd.start, ytd.assessment.unexcused_days, ytd.assessment.consecutive_max) == (date(2026, 1, 1), 22, 22)
    assert ytd.assessment.level.value == "berat"
    assert ytd.assessment.salary_stopped is True  # 10 working days in a row


def test_the_month_deduction_is_capped_at_100_percent(org):
    compute(org)
    found = recap.month_recap(user=org["staff_user"], employee=org["staff"], month=OCTOBER)
    assert (found.deduction.raw_percent, found.deduction.percent) == (D("88"), D("88"))
    deduction_table_create(
        user=user_with_role(Role.PLATFORM_ADMIN, government=org["government"]),
        government=org["government"],
        name="Perbup uji",
        effective_from=date(2026, 1, 1),
        late_bands=(Band(1, None, D("1")),),
        early_bands=(Band(1, None, D("1")),),
        missing_record_percent=D("2"),
        unexcused_percent=D("5"),
    )
    compute(org)
    found = recap.month_recap(user=org["staff_user"], employee=org["staff"], month=OCTOBER)
    assert (found.deduction.raw_percent, found.deduction.percent) == (D("110.00"), D("100"))
    assert "dibatasi paling banyak 100%" in found.deduction.why


def test_who_may_read_a_recap(org):
    staff = org["staff"]
    compute(org)
    # the employee, their superior and the BKPSDM (which pays TPP) may read; a peer and the public may not
    for user in (org["staff_user"], org["head_user"], org["bkpsdm_admin"]):
        assert recap.month_recap(user=user, employee=staff, month=OCTOBER).working_days == 22
    for user in (org["peer_user"], None):
        with pytest.raises(NotFound):
            recap.month_recap(user=user, employee=staff, month=OCTOBER)
    other = user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(government=org["government"]))
    with pytest.raises(NotFound):
        recap.employee_for_user(user=other, nip=staff.nip)
    assert recap.month_rows(user=org["peer_user"], month=OCTOBER) != []  # own row only
    assert {row["employee_id"] for row in recap.month_rows(user=org["peer_user"], month=OCTOBER)} == {org["peer"].pk}
