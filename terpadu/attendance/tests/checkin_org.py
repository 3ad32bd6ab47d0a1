"""A small government for check-in tests: Diskominfo (head → chief → staff, an admin) with a 150 m fence,
and Dinkes (head, staff) with its own fence 2 km away. Times: the government is in WITA (UTC+8)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from terpadu.attendance import checkin_devices
from terpadu.attendance.checkin_rules import EARTH_RADIUS_M
from terpadu.attendance.models import Device, Excuse, WorkLocation
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Government, Position, User
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    PositionFactory,
    user_with_role,
)

DEGREE_M = 2 * math.pi * EARTH_RADIUS_M / 360
KOMINFO = (Decimal("-10.162500"), Decimal("123.611500"))
DINKES = (Decimal("-10.180000"), Decimal("123.611500"))


@dataclass
class Office:
    agency: Agency
    location: WorkLocation
    head: User
    chief: User
    staff: User
    admin: User


@dataclass
class Org:
    government: Government
    kominfo: Office
    dinkes: Office
    auditor: User


def _user(role: Role, position: Position, agency: Agency, username: str) -> User:
    employee = EmployeeFactory(position=position, name=username.replace(".", " ").title())
    return user_with_role(role, agency=agency, employee=employee, username=username)


def _office(government: Government, short: str, point: tuple[Decimal, Decimal], radius: int) -> Office:
    agency = AgencyFactory(government=government, short_name=short, name=f"Dinas {short}", code=short.upper()[:6])
    head = PositionFactory(agency=agency, name=f"Kepala {short}", is_agency_head=True, kind="struktural")
    chief = PositionFactory(agency=agency, name="Kepala Bidang", superior=head, kind="struktural")
    staff = PositionFactory(agency=agency, name="Analis", superior=chief)
    desk = PositionFactory(agency=agency, name="Pengadministrasi", superior=head)
    location = WorkLocation.objects.create(
        government=government,
        agency=agency,
        name=f"Kantor {short}",
        latitude=point[0],
        longitude=point[1],
        radius_m=radius,
    )
    return Office(
        agency=agency,
        location=location,
        head=_user(Role.AGENCY_HEAD, head, agency, f"kadis.{short.lower()}"),
        chief=_user(Role.EMPLOYEE, chief, agency, f"kabid.{short.lower()}"),
        staff=_user(Role.EMPLOYEE, staff, agency, f"staf.{short.lower()}"),
        admin=_user(Role.AGENCY_ADMIN, desk, agency, f"admin.{short.lower()}"),
    )


def build_org() -> Org:
    government = GovernmentFactory(name="Kabupaten Uji Absen", timezone="Asia/Makassar")
    inspektorat = AgencyFactory(government=government, short_name="Itda", code="ITDA")
    return Org(
        government=government,
        kominfo=_office(government, "Kominfo", KOMINFO, 150),
        dinkes=_office(government, "Dinkes", DINKES, 100),
        auditor=_user(Role.AUDITOR, PositionFactory(agency=inspektorat), inspektorat, "inspektur"),
    )


def north_of(location: WorkLocation, metres: float) -> tuple[float, float]:
    """A point ``metres`` due north of a location's centre."""
    return float(location.latitude) + metres / DEGREE_M, float(location.longitude)


def registered_device(user: User, token: str = "token-perangkat-uji-0001") -> Device:
    """``user``'s active device with ``token``."""
    assert user.employee is not None
    return Device.objects.create(
        government_id=user.employee.government_id,
        agency_id=user.employee.agency_id,
        employee=user.employee,
        key_hash=checkin_devices.device_hash(token),
        status=Device.Status.ACTIVE,
        requested_at=timezone.now(),
    )


def approved_excuse(user: User, kind: str, start: date, end: date, status: str = "approved") -> Excuse:
    assert user.employee is not None
    return Excuse.objects.create(
        government_id=user.employee.government_id,
        agency_id=user.employee.agency_id,
        employee=user.employee,
        kind=kind,
        start_date=start,
        end_date=end,
        reason="uji",
        status=status,
        created_at=timezone.now(),
        created_by=user,
    )
