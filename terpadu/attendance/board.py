"""The leaders' board: today, live, who is present, late, absent, on leave, on duty, working from home.

Today is not in :class:`AttendanceDay` yet (days are computed once they are over), so the board is computed
from today's events, the approved excuses and each employee's expected day (:mod:`.schedule`: calendar or
shift), in a handful of queries whatever the number of employees:

- the employees in scope (one query), their expected day (calendar 3 queries, shift assignments 2);
- the first check-in of each office-hours employee today (one aggregate query, ``MIN(occurred_at)`` of
  the events of kind ``in`` and local date today); the check-ins of shift workers inside their shift's
  window (one query, only for them: a night shift's window starts the evening before the next day);
- the approved excuses covering today (one query).

One status per employee (:func:`status_of`), in this order:

1. not a working day for them (weekend, holiday, cuti bersama, a shift worker's day off): ``off``;
2. an approved full-day excuse: leave kinds → ``leave``; dinas luar and training → ``duty``;
3. checked in: with approved WFH/WFA that day → ``flexible``; else ``late`` when the first check-in is
   a whole minute or more after the expected start (07:30:59 is not late), else ``present``;
4. no check-in yet: before the expected start → ``not_due`` (a shift starting later; an approved WFH/WFA
   day counts as ``flexible`` until then); once the start has passed → ``absent``.

Who sees it: the regional head, the deputy, the secretary, the platform admin and the BKPSDM (head or
admin) the whole government; the head or admin of an agency their agency. Elected officials (no NIP) do
not check in and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Min, QuerySet
from django.utils import timezone

from terpadu.core.access import roles
from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, Role, actor_of
from terpadu.directory.models import Agency, Employee, Government, OrgUnit

from . import policies
from .day_rules import FLEXIBLE_EXCUSES, whole_minutes
from .days import excuse_on
from .models import AttendanceEvent, Excuse
from .schedule import ExpectedDay, expected_days

LEADER_ROLES = (Role.PLATFORM_ADMIN, Role.REGIONAL_HEAD, Role.DEPUTY_HEAD, Role.SECRETARY)
AGENCY_ROLES = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN)
#: the pages' and the API's access rule; what each one sees is narrowed by :func:`agencies_for`
READERS = roles(*LEADER_ROLES, *AGENCY_ROLES)

LEAVE_KINDS = frozenset({"annual", "long_service", "sick", "maternity", "important_reason", "unpaid"})
DUTY_KINDS = frozenset({"duty", "training"})


class Status(models.TextChoices):
    PRESENT = "present", "Hadir tepat waktu"
    LATE = "late", "Terlambat"
    ABSENT = "absent", "Tanpa keterangan"
    LEAVE = "leave", "Cuti"
    DUTY = "duty", "Dinas luar/diklat"
    FLEXIBLE = "flexible", "WFH/WFA"
    NOT_DUE = "not_due", "Belum waktunya"
    OFF = "off", "Libur"


STATUSES: tuple[str, ...] = tuple(Status.values)


def status_of(expected: ExpectedDay, first_in: datetime | None, excuse: str | None, now: datetime) -> tuple[str, int]:
    """(status, minutes late) of one employee now (see the module docstring). Pure."""
    if expected.start is None:
        return Status.OFF, 0
    if excuse in LEAVE_KINDS:
        return Status.LEAVE, 0
    if excuse in DUTY_KINDS:
        return Status.DUTY, 0
    flexible = excuse in FLEXIBLE_EXCUSES
    if first_in is not None:
        late = whole_minutes(first_in, expected.start)
        if flexible:
            return Status.FLEXIBLE, late
        return (Status.LATE if late > 0 else Status.PRESENT), late
    if now < expected.start:
        return (Status.FLEXIBLE if flexible else Status.NOT_DUE), 0
    return Status.ABSENT, 0


@dataclass(frozen=True)
class Person:
    employee_id: int
    name: str
    nip: str
    agency_id: int | None
    unit_id: int | None
    status: str
    first_in: datetime | None
    late_minutes: int
    excuse_kind: str
    schedule: str
    expected_start: datetime | None

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass(frozen=True)
class Row:
    """One line of the board: an agency (or a unit of one), with its count per status."""

    key: int | None
    name: str
    code: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the board's column order."""
        return [(status.value, status.label, self.counts[status.value]) for status in Status]


@dataclass(frozen=True)
class Board:
    date: date
    now: datetime
    timezone: str
    rows: list[Row]
    totals: Row


@dataclass(frozen=True)
class AgencyBoard:
    agency: Agency
    date: date
    now: datetime
    timezone: str
    units: list[Row]
    totals: Row
    people: list[Person] = field(default_factory=list)


def current_time() -> datetime:
    """Now (one place, so that tests can fix the board's clock)."""
    return timezone.now()


# --- who sees what ------------------------------------------------------------------------------------------


def can_view(actor: Actor | None) -> bool:
    return actor is not None and actor.government_id is not None and actor.has_role(*LEADER_ROLES, *AGENCY_ROLES)


def sees_whole_government(actor: Actor) -> bool:
    return actor.has_role(*LEADER_ROLES) or policies.is_personnel(actor)


def agencies_for(actor: Actor | None) -> QuerySet[Agency]:
    """The agencies whose board (and monthly recap) ``actor`` reads; none for everyone else."""
    if actor is None or actor.government_id is None or not can_view(actor):
        return Agency.objects.none()
    agencies = Agency.objects.filter(government_id=actor.government_id, is_active=True)
    if sees_whole_government(actor):
        return agencies
    return agencies.filter(pk__in=sorted(actor.agencies_with(*AGENCY_ROLES)))


def agency_for_user(*, user: Any, agency_id: int) -> Agency:
    """One agency of the user's board (the same 404 for missing and not theirs)."""
    agency = agencies_for(actor_of(user)).filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("OPD tidak ditemukan.")
    return agency


# --- computing today ----------------------------------------------------------------------------------------


def _first_ins_office(
    government_id: int, employees: QuerySet[Employee], today: date, now: datetime
) -> dict[int, datetime]:
    rows = (
        AttendanceEvent.objects.filter(
            government_id=government_id,
            local_date=today,
            kind=AttendanceEvent.Kind.IN,
            occurred_at__lte=now,
            employee__in=employees,
        )
        .values("employee_id")
        .annotate(first=Min("occurred_at"))
        .values_list("employee_id", "first")
    )
    return dict(rows)


def _first_ins_shift(schedules: dict[int, ExpectedDay], now: datetime) -> dict[int, datetime]:
    """The first check-in inside each shift worker's window (one query for all of them)."""
    shifts = {pk: day for pk, day in schedules.items() if day.is_shift}
    if not shifts:
        return {}
    lower = min(day.window_start for day in shifts.values())
    rows = AttendanceEvent.objects.filter(
        employee_id__in=sorted(shifts), kind=AttendanceEvent.Kind.IN, occurred_at__gte=lower, occurred_at__lte=now
    ).values_list("employee_id", "occurred_at")
    found: dict[int, datetime] = {}
    for employee_id, moment in rows:
        day = shifts[employee_id]
        if day.window_start <= moment < day.window_end and (employee_id not in found or moment < found[employee_id]):
            found[employee_id] = moment
    return found


def _excuses(employees: QuerySet[Employee], today: date) -> dict[int, str]:
    rows = Excuse.objects.filter(
        employee__in=employees, status="approved", start_date__lte=today, end_date__gte=today
    ).values_list("employee_id", "start_date", "end_date", "kind")
    spans: dict[int, list[tuple[date, date, str]]] = defaultdict(list)
    for employee_id, first, last, kind in rows:
        spans[employee_id].append((first, last, kind))
    chosen = {pk: excuse_on(found, today) for pk, found in spans.items()}
    return {pk: kind for pk, kind in chosen.items() if kind}


def people_today(
    *, government_id: int, employees: QuerySet[Employee], now: datetime | None = None, zone: str | None = None
) -> list[Person]:
    """Each employee of ``employees`` (active, of ``government_id``) with their status now."""
    now = now or current_time()
    zone = zone or Government.objects.values_list("timezone", flat=True).get(pk=government_id)
    today = now.astimezone(ZoneInfo(zone)).date()
    employees = employees.filter(government_id=government_id, is_active=True).exclude(kind=Employee.Kind.ELECTED)
    staff = list(employees.values_list("pk", "name", "nip", "pppk_number", "agency_id", "org_unit_id"))
    if not staff:
        return []
    pairs = [(row[0], row[5]) for row in staff]
    schedules = {
        pk: days[0]
        for pk, days in expected_days(government_id=government_id, employees=pairs, start=today, end=today).items()
    }
    office = _first_ins_office(government_id, employees, today, now)
    first_ins = {pk: moment for pk, moment in office.items() if not (pk in schedules and schedules[pk].is_shift)}
    first_ins.update(_first_ins_shift(schedules, now))
    excuses = _excuses(employees, today)
    people = []
    for pk, name, nip, pppk, agency_id, unit_id in staff:
        expected = schedules[pk]
        status, late = status_of(expected, first_ins.get(pk), excuses.get(pk), now)
        people.append(
            Person(
                pk, name, nip or pppk or "", agency_id, unit_id, status,
                first_ins.get(pk), late, excuses.get(pk, ""), expected.label, expected.start,
            )
        )  # fmt: skip
    return people


def count(people: Iterable[Person]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for person in people:
        counts[person.status] += 1
    return counts


def _rows(people: Sequence[Person], key: str, names: dict[int, tuple[str, str]]) -> list[Row]:
    grouped: dict[int | None, list[Person]] = {pk: [] for pk in names}
    for person in people:
        grouped.setdefault(getattr(person, key), []).append(person)
    rows = [Row(pk, *names.get(pk or 0, ("Tanpa unit kerja", "")), count(found)) for pk, found in grouped.items()]
    return sorted(rows, key=lambda row: (row.key is None, row.code, row.name))


def _zone_today(government_id: int, now: datetime) -> tuple[str, date]:
    zone = Government.objects.values_list("timezone", flat=True).get(pk=government_id)
    return zone, now.astimezone(ZoneInfo(zone)).date()


def board_for_user(*, user: Any, now: datetime | None = None) -> Board:
    """Today per agency the user sees, with the totals."""
    actor = actor_of(user)
    agencies = agencies_for(actor)
    if actor is None or actor.government_id is None or not can_view(actor):
        raise NotFound("Papan presensi tidak tersedia untuk akun ini.")
    now = now or current_time()
    names = {pk: (name, code) for pk, name, code in agencies.values_list("pk", "name", "code")}
    employees = Employee.objects.filter(agency_id__in=agencies.values("pk"))
    zone, today = _zone_today(actor.government_id, now)
    people = people_today(government_id=actor.government_id, employees=employees, now=now, zone=zone)
    rows = [row for row in _rows(people, "agency_id", names) if row.key is not None]
    return Board(today, now, zone, rows, Row(None, "Jumlah", "", count(people)))


def agency_board_for_user(
    *, user: Any, agency_id: int, status: str | None = None, now: datetime | None = None
) -> AgencyBoard:
    """One agency today: per unit, and the names (all, or of one ``status``) with check-in and minutes late."""
    agency = agency_for_user(user=user, agency_id=agency_id)
    now = now or current_time()
    zone, today = _zone_today(agency.government_id, now)
    employees = Employee.objects.filter(agency_id=agency.pk)
    people = people_today(government_id=agency.government_id, employees=employees, now=now, zone=zone)
    units = {
        pk: (name, code) for pk, name, code in OrgUnit.objects.filter(agency=agency).values_list("pk", "name", "code")
    }
    used = {person.unit_id for person in people}
    rows = _rows(people, "unit_id", {pk: names for pk, names in units.items() if pk in used})
    chosen = [person for person in people if status in (None, "", person.status)]
    chosen.sort(key=lambda person: (STATUSES.index(person.status), -person.late_minutes, person.name))
    return AgencyBoard(agency, today, now, zone, rows, Row(agency.pk, agency.name, agency.code, count(people)), chosen)
