"""A small government for the anomaly-report tests: Bupati → Sekda → two agencies, each with a head, an
admin, a division chief and four staff under the chief (accounts for all), plus an auditor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from terpadu.attendance.models import AttendanceEvent
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Employee, Government, Position, User
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    PositionFactory,
    user_with_role,
)

DAY = date(2026, 5, 4)
#: 07:21:14 WITA on DAY
T0 = datetime(2026, 5, 3, 23, 21, 14, tzinfo=UTC)
LAT, LON = Decimal("-10.163812"), Decimal("124.011537")


@dataclass
class Office:
    agency: Agency
    head: User
    admin: User
    chief: User
    staff: list[User]


@dataclass
class Org:
    government: Government
    bupati: User
    sekda: User
    kominfo: Office
    dinkes: Office
    auditor: User
    platform_admin: User


def _user(role: Role, position: Position, agency: Agency | None, username: str) -> User:
    employee = EmployeeFactory(position=position, name=username.replace(".", " ").title())
    return user_with_role(
        role, agency=agency, government=position.agency.government, employee=employee, username=username
    )


def _office(government: Government, sekda: Position, short: str, suffix: str) -> Office:
    agency = AgencyFactory(government=government, short_name=short, name=f"Dinas {short.title()}", code=short.upper())
    head = PositionFactory(agency=agency, name=f"Kepala Dinas {short}", superior=sekda, is_agency_head=True)
    chief = PositionFactory(agency=agency, name="Kepala Bidang", superior=head)
    desk = PositionFactory(agency=agency, name="Kepala Subbagian Umum", superior=head)
    staff = PositionFactory(agency=agency, name="Analis", superior=chief)
    return Office(
        agency=agency,
        head=_user(Role.AGENCY_HEAD, head, agency, f"kadis.{short}{suffix}"),
        admin=_user(Role.AGENCY_ADMIN, desk, agency, f"admin.{short}{suffix}"),
        chief=_user(Role.EMPLOYEE, chief, agency, f"kabid.{short}{suffix}"),
        staff=[_user(Role.EMPLOYEE, staff, agency, f"staf{n}.{short}{suffix}") for n in range(1, 5)],
    )


def build_org(suffix: str = "") -> Org:
    government = GovernmentFactory(name="Kabupaten Uji Kejanggalan", timezone="Asia/Makassar")
    setda = AgencyFactory(government=government, kind=Agency.Kind.SECRETARIAT, short_name="Setda", code="SETDA")
    kdh = PositionFactory(agency=setda, name="Bupati")
    sekda = PositionFactory(agency=setda, name="Sekretaris Daerah", superior=kdh, is_agency_head=True)
    bupati = EmployeeFactory(position=kdh, kind=Employee.Kind.ELECTED, nip=None, name="Bupati Uji")
    inspektorat = AgencyFactory(government=government, kind=Agency.Kind.INSPECTORATE, short_name="Itda", code="ITDA")
    return Org(
        government=government,
        bupati=user_with_role(Role.REGIONAL_HEAD, government=government, employee=bupati, username=f"bupati{suffix}"),
        sekda=_user(Role.SECRETARY, sekda, None, f"sekda{suffix}"),
        kominfo=_office(government, sekda, "kominfo", suffix),
        dinkes=_office(government, sekda, "dinkes", suffix),
        auditor=_user(Role.AUDITOR, PositionFactory(agency=inspektorat, superior=kdh), None, f"inspektur{suffix}"),
        platform_admin=user_with_role(Role.PLATFORM_ADMIN, government=government, username=f"admin{suffix}"),
    )


def gps(
    user: User, *, seconds: float = 0, lat: Decimal = LAT, lon: Decimal = LON, acc: float | None = 3.5, **extra: object
) -> AttendanceEvent:
    """A phone check-in of ``user``'s employee on DAY, ``seconds`` after 07:21:14 WITA."""
    employee = user.employee
    assert employee is not None
    values: dict[str, object] = {
        "government_id": employee.government_id,
        "agency_id": employee.agency_id,
        "employee": employee,
        "kind": AttendanceEvent.Kind.IN,
        "occurred_at": T0 + timedelta(seconds=seconds),
        "local_date": DAY,
        "source": AttendanceEvent.Source.GPS,
        "latitude": lat,
        "longitude": lon,
        "accuracy_m": acc,
        "ip": "114.125.40.17",
    }
    values.update(extra)
    return AttendanceEvent.objects.create(**values)


def fake_cluster(office: Office) -> list[AttendanceEvent]:
    """Four staff at one identical coordinate within one minute: three at the same second, the fourth 26 s
    later reporting 0 m accuracy."""
    staff = office.staff
    return [gps(staff[0]), gps(staff[1], acc=4.0), gps(staff[2]), gps(staff[3], seconds=26, acc=0.0)]
