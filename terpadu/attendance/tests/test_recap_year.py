"""One employee's recap with the year to date: its query count (DESIGN §7), the year's tally in one SQL
query against reading every day of the year, adjustments laid over, the cached settings, and who may read."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from terpadu.attendance import policies, recap, rules, settings_cache
from terpadu.attendance.interfaces import deduction_table_for, discipline_settings_for
from terpadu.attendance.models import Adjustment, AttendanceDay, MonthClosing
from terpadu.attendance.rules import Band
from terpadu.attendance.services import deduction_table_create, discipline_settings_create
from terpadu.attendance.tests.test_days import build_org, compute, full_day
from terpadu.core.roles import Role
from terpadu.directory.models import Position
from terpadu.directory.tests.factories import PositionFactory, user_with_role

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
OCTOBER = date(2026, 10, 1)
HOLIDAYS = {date(2026, 1, 1), date(2026, 3, 19), date(2026, 5, 14), date(2026, 8, 17), date(2026, 10, 20)}
#: the working days from 2 to 16 March 2026 (9 March is a holiday here), unexcused: ten in a row
RUN = [date(2026, 3, 2) + timedelta(days=n) for n in range(15) if n not in (5, 6, 7, 12, 13)]
#: present around the run and inside April's run of four unexcused days
PRESENT = {date(2026, 2, 27), date(2026, 3, 17), date(2026, 4, 3), date(2026, 4, 13)}
APRIL = {date(2026, 4, 6), date(2026, 4, 7), date(2026, 4, 9), date(2026, 4, 10)}


@pytest.fixture
def org():
    return build_org()


def stored(employee, day, status, late=0, early=0):
    return AttendanceDay(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        date=day,
        status=status,
        expected_minutes=450 if status in recap.WORKING_STATUSES else 0,
        minutes_worked=430 if status == "present" else 0,
        late_minutes=late,
        early_minutes=early,
        late_code="TL1" if late else "",
        deduction_percent=D("4") if status == "unexcused" else D("0.5") if late else D("0"),
        computed_at=timezone.now(),
    )


def a_stored_year(employee, first=date(2025, 6, 1), last=date(2026, 10, 31), seed=7):
    """Every date from ``first`` to ``last``: weekends, holidays, present (some late or early), excused and
    unexcused days, with the ten-day run of :data:`RUN` and April's run broken by an excused day."""
    rng = random.Random(seed)
    rows, day = [], first
    while day <= last:
        if day.weekday() >= 5:
            rows.append(stored(employee, day, "weekend"))
        elif day in HOLIDAYS or day == date(2026, 3, 9):
            rows.append(stored(employee, day, "holiday"))
        elif day in RUN or day in APRIL:
            rows.append(stored(employee, day, "unexcused"))
        elif day == date(2026, 4, 8):
            rows.append(stored(employee, day, "excused"))
        elif day in PRESENT:
            rows.append(stored(employee, day, "present"))
        else:
            roll = rng.random()
            status = "unexcused" if roll < 0.04 else "excused" if roll < 0.08 else "present"
            late = rng.choice([0, 0, 0, 12, 45, 95]) if status == "present" else 0
            early = rng.choice([0, 0, 0, 0, 30]) if status == "present" else 0
            rows.append(stored(employee, day, status, late, early))
        day += timedelta(days=1)
    AttendanceDay.objects.bulk_create(rows)


def read_day_by_day(employee, on):
    """What the year to date was before recap_sql: every day of the year read and counted in Python."""
    settings = settings_cache.versions(government_id=employee.government_id).discipline_settings_on(on)
    start, end = rules.discipline_window(on, settings.year_mode)
    days = recap.employee_days(employee=employee, start=start, end=end)
    return rules.assess_discipline(
        unexcused_dates=[day.date for day in days if day.status == "unexcused"],
        late_early_minutes=sum(day.late_minutes + day.early_minutes for day in days if day.status == "present"),
        settings=settings,
        working_days=[day.date for day in days if day.status in recap.WORKING_STATUSES],
    )


ON_DATES = [
    date(2026, 1, 1),
    date(2026, 3, 6),
    date(2026, 3, 13),
    date(2026, 4, 10),
    date(2026, 7, 31),
    date(2026, 10, 31),
]


def test_the_tally_in_sql_is_the_day_by_day_reading_in_a_calendar_year(org):
    staff = org["staff"]
    a_stored_year(staff)
    for on in ON_DATES:
        found = recap.year_to_date(employee=staff, on=on)
        assert (found.start, found.end) == (date(2026, 1, 1), on)
        assert found.assessment == read_day_by_day(staff, on), on
    october = recap.year_to_date(employee=staff, on=date(2026, 10, 31)).assessment
    assert october.consecutive_max == 10 and october.salary_stopped  # RUN, over a weekend and a holiday
    assert set(RUN) | APRIL <= set(october.evidence_dates)
    assert october.late_early_minutes > 0


def test_the_tally_in_sql_is_the_day_by_day_reading_over_twelve_months(org):
    staff = org["staff"]
    a_stored_year(staff)
    discipline_settings_create(
        user=user_with_role(Role.PLATFORM_ADMIN, government=org["government"]),
        government=org["government"],
        name="Perbup uji",
        effective_from=date(2025, 1, 1),
        minutes_per_day=300,
        year_mode="rolling",
    )
    for on in ON_DATES:
        found = recap.year_to_date(employee=staff, on=on)
        assert found.start == on.replace(year=2025) + timedelta(days=1)
        assert found.assessment == read_day_by_day(staff, on), on
    assert "300 menit = 1 hari" in recap.year_to_date(employee=staff, on=date(2026, 3, 6)).assessment.why


def test_an_employee_with_no_day_computed(org):
    found = recap.month_recap(user=org["staff_user"], employee=org["staff"], month=OCTOBER)
    assert (found.days, found.working_days, found.deduction.percent) == ([], 0, D("0"))
    assert (found.year_to_date.start, found.year_to_date.end) == (date(2026, 1, 1), OCTOBER)
    assert found.year_to_date.assessment == rules.assess_discipline(unexcused_dates=[])


def test_one_employees_recap_reads_a_year_in_two_queries(org, django_assert_num_queries):
    """The month's days and the year's tally; the settings come from the cache once read (two queries)."""
    staff, user = org["staff"], org["staff_user"]
    a_stored_year(staff)
    user.get_actor()  # the request's actor, read once per request by the access check
    with django_assert_num_queries(4):
        cold = recap.month_recap(user=user, employee=staff, month=OCTOBER)
    with django_assert_num_queries(2):
        warm = recap.month_recap(user=user, employee=staff, month=OCTOBER)
    assert warm == cold and len(warm.days) == 31
    assert warm.year_to_date.assessment == read_day_by_day(staff, date(2026, 10, 31))
    bkpsdm = org["bkpsdm_admin"]
    bkpsdm.get_actor()
    with django_assert_num_queries(3):  # + is the reader the BKPSDM
        assert recap.month_recap(user=bkpsdm, employee=staff, month=OCTOBER) == warm


def test_the_superior_walks_up_the_position_tree_once_per_level(org, django_assert_num_queries):
    staff, head = org["staff"], org["head_user"]
    a_stored_year(staff)
    recap.month_recap(user=head, employee=staff, month=OCTOBER)
    with django_assert_num_queries(4):  # + the superior's position and the staff's position's superior
        recap.month_recap(user=head, employee=staff, month=OCTOBER)


def test_adjustments_are_laid_over_the_month_and_the_year(org, django_assert_num_queries):
    staff = org["staff"]
    a_stored_year(staff)
    closing = MonthClosing.objects.create(
        government=org["government"],
        month=date(2026, 3, 1),
        closed_at=datetime(2026, 4, 2, tzinfo=WITA),
        closed_by=org["bkpsdm_admin"],
    )
    october = MonthClosing.objects.create(
        government=org["government"],
        month=OCTOBER,
        closed_at=datetime(2026, 11, 2, tzinfo=WITA),
        closed_by=org["bkpsdm_admin"],
    )

    def adjust(day, after, reason, month_closing):
        Adjustment.objects.create(
            government=org["government"],
            agency=staff.agency,
            employee=staff,
            date=day,
            closing=month_closing,
            before={},
            after=after,
            deduction_delta=D("-4"),
            reason=reason,
            created_at=timezone.now(),
            created_by=org["bkpsdm_admin"],
        )

    adjust(date(2026, 3, 6), {"status": "present", "late_minutes": "20", "deduction_percent": "0.50"}, "mesin", closing)
    adjust(date(2026, 3, 9), {"status": "unexcused", "deduction_percent": "4.00"}, "libur batal", closing)
    adjust(date(2026, 10, 1), {"status": "excused", "excuse_kind": "duty", "deduction_percent": "0"}, "dinas", october)
    staff_user = org["staff_user"]
    staff_user.get_actor()
    recap.month_recap(user=staff_user, employee=staff, month=OCTOBER)
    with django_assert_num_queries(5):  # + the month's adjustments, and the year read day by day
        found = recap.month_recap(user=staff_user, employee=staff, month=OCTOBER)
    assessment = found.year_to_date.assessment
    assert assessment == read_day_by_day(staff, date(2026, 10, 31))
    assert date(2026, 3, 6) not in assessment.evidence_dates and date(2026, 3, 9) in assessment.evidence_dates
    assert assessment.consecutive_max == 6  # 6 March is present now, 9 March (no longer a holiday) unexcused
    first = found.days[0]
    assert (first.status, first.excuse_kind, first.adjusted) == ("excused", "duty", "dinas")
    assert found.excused_days["duty"] == 1


def test_a_new_table_or_setting_is_read_at_once(org, django_capture_on_commit_callbacks):
    """The services drop the cached versions at once, and again once committed."""
    staff, user = org["staff"], org["staff_user"]
    compute(org)
    admin = user_with_role(Role.PLATFORM_ADMIN, government=org["government"])
    before = recap.month_recap(user=user, employee=staff, month=OCTOBER)
    assert before.deduction.percent == D("88")  # 22 × TK 4%
    with django_capture_on_commit_callbacks(execute=True):
        deduction_table_create(
            user=admin,
            government=org["government"],
            name="Perbup uji",
            effective_from=date(2026, 1, 1),
            late_bands=(Band(1, None, D("1")),),
            early_bands=(Band(1, None, D("1")),),
            missing_record_percent=D("2"),
            unexcused_percent=D("3"),
        )
    compute(org)
    assert recap.month_recap(user=user, employee=staff, month=OCTOBER).deduction.percent == D("66")  # 22 × 3%
    discipline_settings_create(
        user=admin,
        government=org["government"],
        name="Perbup disiplin",
        effective_from=date(2026, 1, 1),
        minutes_per_day=450,
        year_mode="rolling",
    )
    after = recap.month_recap(user=user, employee=staff, month=OCTOBER)
    assert after.year_to_date.start == date(2025, 11, 1)


def test_the_cached_versions_answer_as_the_database_does(org):
    government = org["government"]
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    for effective_from, cap in ((date(2026, 1, 1), D("60")), (date(2026, 7, 1), D("80"))):
        deduction_table_create(
            user=admin,
            government=government,
            name=f"Perbup {effective_from.month}",
            effective_from=effective_from,
            late_bands=(Band(1, None, D("1")),),
            early_bands=(Band(1, None, D("1")),),
            missing_record_percent=D("2"),
            unexcused_percent=D("3"),
            monthly_cap=cap,
        )
    discipline_settings_create(
        user=admin,
        government=government,
        name="Perbup disiplin",
        effective_from=date(2026, 3, 1),
        minutes_per_day=300,
        year_mode="rolling",
    )
    versions = settings_cache.versions(government_id=government.pk)
    for day in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 30), date(2026, 7, 1)):
        assert versions.deduction_table_on(day) == deduction_table_for(government_id=government.pk, day=day)
        assert versions.discipline_settings_on(day) == discipline_settings_for(government_id=government.pk, day=day)


def test_below_in_the_position_tree_is_what_the_walk_down_finds(org):
    agency = org["agency"]
    top = PositionFactory(agency=agency)
    middle = PositionFactory(agency=agency, superior=top)
    low = PositionFactory(agency=agency, superior=middle)
    aside = PositionFactory(agency=agency)
    ring_a = PositionFactory(agency=agency)
    ring_b = PositionFactory(agency=agency, superior=ring_a)
    Position.objects.filter(pk=ring_a.pk).update(superior=ring_b)  # a loop must not hang either walk
    ids = [None, top.pk, middle.pk, low.pk, aside.pk, ring_a.pk, ring_b.pk]
    for superior in ids:
        below = policies.subordinate_position_ids(superior)
        for position in ids:
            assert policies.is_below(position, superior) is (position in below), (position, superior)
    assert policies.is_below(low.pk, top.pk) and not policies.is_below(top.pk, low.pk)


def test_the_recap_of_a_computed_month_is_unchanged(org):
    """The month read from days_compute: the same totals as summing the stored rows."""
    staff = org["staff"]
    full_day(staff, date(2026, 10, 1), arrive=(7, 40))
    compute(org)
    found = recap.month_recap(user=org["staff_user"], employee=staff, month=OCTOBER)
    rows = AttendanceDay.objects.filter(employee=staff, date__gte=OCTOBER).order_by("date")
    assert [day.date for day in found.days] == [row.date for row in rows]
    assert [day.explanation for day in found.days] == [row.explanation for row in rows]
    assert found.minutes_worked == sum(row.minutes_worked for row in rows)
    assert (found.unexcused_days, found.year_to_date.assessment.consecutive_max) == (21, 21)


def test_the_discipline_report_agrees_with_the_recap_when_a_closed_month_was_corrected(org):
    from terpadu.attendance.discipline_report import discipline_report

    staff, reader = org["staff"], org["bkpsdm_admin"]
    a_stored_year(staff)
    on = date(2026, 10, 31)
    (before,) = [c for c in discipline_report(user=reader, on=on)[2] if c.employee_id == staff.pk]
    assert before.assessment == read_day_by_day(staff, on)
    assert before.assessment.consecutive_max == 10  # RUN: ten working days in a row
    closing = MonthClosing.objects.create(
        government=org["government"],
        month=date(2026, 3, 1),
        closed_at=datetime(2026, 4, 2, tzinfo=WITA),
        closed_by=reader,
    )
    Adjustment.objects.create(
        government=org["government"],
        agency=staff.agency,
        employee=staff,
        date=RUN[4],
        closing=closing,
        before={"status": "unexcused"},
        after={"status": "excused", "excuse_kind": "sick", "deduction_percent": "0"},
        deduction_delta=D("-4"),
        reason="Surat sakit diserahkan terlambat",
        created_at=timezone.now(),
        created_by=reader,
    )
    (after,) = [c for c in discipline_report(user=reader, on=on)[2] if c.employee_id == staff.pk]
    assert after.assessment == read_day_by_day(staff, on) == recap.year_to_date(employee=staff, on=on).assessment
    assert after.assessment.consecutive_max == 5 and RUN[4] not in after.assessment.evidence_dates
    assert after.assessment.unexcused_days == before.assessment.unexcused_days - 1
