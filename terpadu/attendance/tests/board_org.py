"""A small government for the board and monthly recap tests, seen on Wednesday 14 October 2026 at 09:00 WITA.

Diskominfo (office hours 07:30–16:00), 9 employees:
  Ani (head) in 07:20 → present · Budi in 07:45 → late 15 · Citra in 07:30:40 → present (not a whole minute)
  Dedi nothing → absent · Eka annual leave 13–15 Oct → leave · Fajar dinas luar today → duty
  Gita WFH today, in 07:35 → WFH/WFA (5 late) · Hadi leave only requested → absent · Indah in yesterday → absent
RSUD, 5 employees:
  Kiki shift 07:00–14:00, in 06:50 → present · Lina shift 14:00–21:00 → not yet due
  Maya night shift 21:00–07:00, in yesterday 20:55 and out today 07:05 → not yet due (tonight's shift)
  Nina (IGD unit's shift Mon, Tue, Thu, Fri) → off · Oki office hours (admin), in 07:31 → late 1
BKPSDM: its admin, nothing → absent. Setda: the secretary and the regional head (no employee rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from terpadu.attendance.models import AttendanceEvent, Excuse, Shift, ShiftAssignment
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Employee, Government, OrgUnit, User
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    OrgUnitFactory,
    PositionFactory,
    user_with_role,
)

WITA = ZoneInfo("Asia/Makassar")
TODAY = date(2026, 10, 14)  # a Wednesday, no holiday
NOW = datetime(2026, 10, 14, 9, 0, tzinfo=WITA)
OCTOBER = date(2026, 10, 1)


@dataclass
class BoardOrg:
    government: Government
    kominfo: Agency
    rsud: Agency
    bkpsdm: Agency
    people: dict[str, Employee]
    secretary: User
    regional_head: User
    kadis: User  # head of Diskominfo (Ani)
    staff: User  # Budi, a plain employee
    rsud_admin: User  # Oki
    bkpsdm_admin: User
    auditor: User


def at(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=WITA)


def punch(employee: Employee, kind: str, moment: datetime) -> AttendanceEvent:
    return AttendanceEvent.objects.create(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        kind=kind,
        occurred_at=moment,
        local_date=moment.astimezone(WITA).date(),
        source="gps",
    )


def excuse(employee: Employee, kind: str, first: date, last: date, by: User, status: str = "approved") -> Excuse:
    return Excuse.objects.create(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        kind=kind,
        start_date=first,
        end_date=last,
        reason="uji",
        status=status,
        created_at=at(first, 7, 0) - timedelta(days=7),
        created_by=by,
    )


def _people(agency: Agency, units: dict[str, OrgUnit], names: dict[str, str]) -> dict[str, Employee]:
    head = PositionFactory(agency=agency, is_agency_head=True, kind="struktural")
    found = {}
    for name, unit in names.items():
        position = head if not found else PositionFactory(agency=agency, org_unit=units[unit], superior=head)
        found[name] = EmployeeFactory(position=position, name=name, org_unit=units[unit])
    return found


def _shift(org_agency: Agency, code: str, start: time, end: time, by: User, **target: object) -> ShiftAssignment:
    shift = Shift.objects.create(
        government_id=org_agency.government_id, agency=org_agency, code=code, name=code, start=start, end=end
    )
    weekdays = target.pop("weekdays", [0, 1, 2, 3, 4, 5, 6])
    return ShiftAssignment.objects.create(
        government_id=org_agency.government_id,
        agency=org_agency,
        shift=shift,
        start_date=date(2026, 9, 1),
        end_date=date(2026, 12, 31),
        weekdays=weekdays,
        created_by=by,
        **target,
    )


def build_board_org(*, with_events: bool = True) -> BoardOrg:
    government = GovernmentFactory(name="Kabupaten Uji Papan", timezone="Asia/Makassar")
    kominfo = AgencyFactory(government=government, code="2.16", name="Dinas Komunikasi dan Informatika")
    rsud = AgencyFactory(government=government, code="1.02", name="Rumah Sakit Umum Daerah", short_name="RSUD")
    bkpsdm = AgencyFactory(government=government, code="4.01", name="Badan Kepegawaian", short_name="BKPSDM")
    units = {
        "sekretariat": OrgUnitFactory(agency=kominfo, code="K1", name="Sekretariat"),
        "aplikasi": OrgUnitFactory(agency=kominfo, code="K2", name="Bidang Aplikasi"),
        "igd": OrgUnitFactory(agency=rsud, code="R1", name="Instalasi Gawat Darurat"),
        "tu": OrgUnitFactory(agency=rsud, code="R2", name="Tata Usaha"),
    }
    people = _people(
        kominfo,
        units,
        {
            "Ani": "sekretariat",
            "Budi": "aplikasi",
            "Citra": "aplikasi",
            "Dedi": "aplikasi",
            "Eka": "sekretariat",
            "Fajar": "aplikasi",
            "Gita": "aplikasi",
            "Hadi": "sekretariat",
            "Indah": "aplikasi",
        },
    )
    people |= _people(rsud, units, {"Oki": "tu", "Kiki": "igd", "Lina": "igd", "Maya": "igd", "Nina": "igd"})
    EmployeeFactory(position=PositionFactory(agency=kominfo), name="Pensiunan", is_active=False)
    org = BoardOrg(
        government=government,
        kominfo=kominfo,
        rsud=rsud,
        bkpsdm=bkpsdm,
        people=people,
        secretary=user_with_role(Role.SECRETARY, government=government, username="sekda.uji"),
        regional_head=user_with_role(Role.REGIONAL_HEAD, government=government, username="bupati.uji"),
        kadis=user_with_role(Role.AGENCY_HEAD, agency=kominfo, employee=people["Ani"], username="kadis.uji"),
        staff=user_with_role(Role.EMPLOYEE, agency=kominfo, employee=people["Budi"], username="budi.uji"),
        rsud_admin=user_with_role(Role.AGENCY_ADMIN, agency=rsud, employee=people["Oki"], username="admin.rsud"),
        bkpsdm_admin=user_with_role(Role.AGENCY_ADMIN, agency=bkpsdm, username="admin.bkpsdm"),
        auditor=user_with_role(Role.AUDITOR, government=government, username="inspektur.uji"),
    )
    _schedules(org, units)
    if with_events:
        today_events(org)
    return org


def _schedules(org: BoardOrg, units: dict[str, OrgUnit]) -> None:
    by, people = org.rsud_admin, org.people
    _shift(org.rsud, "PAGI", time(7), time(14), by, employee=people["Kiki"])
    _shift(org.rsud, "SIANG", time(14), time(21), by, employee=people["Lina"])
    _shift(org.rsud, "MALAM", time(21), time(7), by, employee=people["Maya"])
    _shift(org.rsud, "IGD", time(7), time(14), by, org_unit=units["igd"], weekdays=[0, 1, 3, 4])


def today_events(org: BoardOrg) -> None:
    people, by = org.people, org.staff
    punch(people["Ani"], "in", at(TODAY, 7, 20))
    punch(people["Budi"], "in", at(TODAY, 7, 45))
    punch(people["Budi"], "in", at(TODAY, 7, 50))  # a second tap: the first one counts
    punch(people["Citra"], "in", at(TODAY, 7, 30, 40))
    excuse(people["Eka"], "annual", TODAY - timedelta(days=1), TODAY + timedelta(days=1), by)
    excuse(people["Fajar"], "duty", TODAY, TODAY, by)
    excuse(people["Gita"], "wfh", TODAY, TODAY, by)
    punch(people["Gita"], "in", at(TODAY, 7, 35))
    excuse(people["Hadi"], "annual", TODAY, TODAY, by, status="pending")
    punch(people["Indah"], "in", at(TODAY - timedelta(days=1), 7, 25))
    punch(people["Kiki"], "in", at(TODAY, 6, 50))
    punch(people["Maya"], "in", at(TODAY - timedelta(days=1), 20, 55))
    punch(people["Maya"], "out", at(TODAY, 7, 5))
    punch(people["Oki"], "in", at(TODAY, 7, 31))
