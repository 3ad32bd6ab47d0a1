"""A small agency for the request tests: head → chief → two staff (staff and peer), an admin, another
agency's admin and an auditor; "today" fixed at Wednesday 15 July 2026 (WITA)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from terpadu.attendance import request_common
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Government, Position, User
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    OrgUnitFactory,
    PositionFactory,
    user_with_role,
)

TODAY = date(2026, 7, 15)  # a Wednesday; 2026 has 8 days of cuti bersama in the `holidays` package
NOW = datetime.combine(TODAY, time(10, 0), tzinfo=ZoneInfo("Asia/Makassar"))
PASSWORD = "rahasia-uji-123"


@dataclass
class Org:
    government: Government
    agency: Agency
    other_agency: Agency
    head: User
    chief: User
    staff: User
    peer: User
    admin: User
    other_admin: User
    auditor: User


def _user(role: Role, position: Position, username: str, **kwargs: Any) -> User:
    employee = EmployeeFactory(position=position, name=username.title(), **kwargs)
    return user_with_role(role, agency=position.agency, employee=employee, username=username)


def build_org() -> Org:
    government = GovernmentFactory(name="Kabupaten Uji Absen")
    agency = AgencyFactory(government=government, name="Dinas Kesehatan", short_name="Dinkes")
    other = AgencyFactory(government=government, name="Dinas Sosial", short_name="Dinsos")
    unit = OrgUnitFactory(agency=agency, name="Bidang Pelayanan Kesehatan")
    head = PositionFactory(agency=agency, name="Kepala Dinas", is_agency_head=True, kind="struktural")
    chief = PositionFactory(agency=agency, org_unit=unit, name="Kepala Bidang", superior=head, kind="struktural")
    staff = PositionFactory(agency=agency, org_unit=unit, name="Analis", superior=chief)
    clerk = PositionFactory(agency=agency, name="Pengadministrasi", superior=head)
    other_head = PositionFactory(agency=other, name="Kepala Dinas Sosial", is_agency_head=True, kind="struktural")
    return Org(
        government=government,
        agency=agency,
        other_agency=other,
        head=_user(Role.AGENCY_HEAD, head, "kadis"),
        chief=_user(Role.EMPLOYEE, chief, "kabid"),
        staff=_user(Role.EMPLOYEE, staff, "analis"),
        peer=_user(Role.EMPLOYEE, staff, "rekan"),
        admin=_user(Role.AGENCY_ADMIN, clerk, "admin.dinkes"),
        other_admin=_user(Role.AGENCY_ADMIN, other_head, "admin.dinsos"),
        auditor=user_with_role(Role.AUDITOR, government=government, username="inspektur"),
    )


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(request_common, "local_now", lambda government_id: NOW)
    monkeypatch.setattr(request_common, "local_today", lambda government_id: TODAY)
