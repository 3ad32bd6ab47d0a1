"""Factories for directory rows. NIPs are generated valid per RULES.md §11."""

from __future__ import annotations

from datetime import date

import factory

from terpadu.core.roles import AGENCY_ROLES, Role
from terpadu.directory.models import (
    Agency,
    Employee,
    Government,
    OrgUnit,
    Placement,
    Position,
    RoleAssignment,
    User,
)


def make_nip(seq: int, birth: date = date(1985, 3, 14), gender: int = 1, appointed: tuple[int, int] = (2010, 3)) -> str:
    return f"{birth:%Y%m%d}{appointed[0]:04d}{appointed[1]:02d}{gender}{seq % 1000:03d}"


class GovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Government

    name = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    slug = factory.Sequence(lambda n: f"uji-{n}")
    level = Government.Level.REGENCY
    region_code = factory.Sequence(lambda n: f"99.{n:02d}")
    timezone = "Asia/Makassar"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    government = factory.SubFactory(GovernmentFactory)
    code = factory.Sequence(lambda n: f"OPD{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"Dinas{n}")
    kind = Agency.Kind.DEPARTMENT


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Bidang {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"J{n:03d}")
    name = factory.Sequence(lambda n: f"Jabatan {n}")
    kind = Position.Kind.EXECUTOR


class EmployeeFactory(factory.django.DjangoModelFactory):
    """An employee placed in a position (agency taken from the position)."""

    class Meta:
        model = Employee
        skip_postgeneration_save = True

    government = factory.LazyAttribute(lambda o: o.position.agency.government)
    position = factory.SubFactory(PositionFactory)
    agency = factory.LazyAttribute(lambda o: o.position.agency)
    org_unit = factory.LazyAttribute(lambda o: o.position.org_unit)
    kind = Employee.Kind.PNS
    nip = factory.Sequence(lambda n: make_nip(n))
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    birth_date = date(1985, 3, 14)
    gender = "L"

    @factory.post_generation
    def placement(obj: Employee, create: bool, extracted: object, **kwargs: object) -> None:
        if create and obj.position_id:
            Placement.objects.create(
                employee=obj,
                agency=obj.agency,
                position=obj.position,
                org_unit=obj.org_unit,
                start_date=date(2020, 1, 1),
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    government = factory.SubFactory(GovernmentFactory)
    password = factory.django.Password("rahasia-uji-123")


def user_with_role(
    role: Role,
    *,
    agency: Agency | None = None,
    government: Government | None = None,
    employee: Employee | None = None,
    username: str | None = None,
) -> User:
    """A user holding ``role`` (agency roles in ``agency``), linked to an employee of that agency."""
    if government is None:
        government = agency.government if agency is not None else GovernmentFactory()
    if role in AGENCY_ROLES and agency is None:
        agency = AgencyFactory(government=government)
    if employee is None and agency is not None:
        employee = EmployeeFactory(position=PositionFactory(agency=agency))
    kwargs = {"username": username} if username else {}
    user = UserFactory(government=government, employee=employee, **kwargs)
    RoleAssignment.objects.create(user=user, role=role.value, agency=agency if role in AGENCY_ROLES else None)
    return user


def bearer(user: User) -> dict[str, str]:
    """Headers carrying a fresh API token of ``user`` (for django.test.Client(headers=…))."""
    from terpadu.directory.tokens import token_create

    _, secret = token_create(user=user, name="uji")
    return {"Authorization": f"Bearer {secret}"}


def login_as(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Log ``user`` in on a test client as if they had passed two-factor (TOTP) verification."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="uji", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def totp_device(user: User, *, confirmed: bool = True):  # type: ignore[no-untyped-def]
    """A TOTP device of ``user`` (confirmed: enrolled; unconfirmed: enrolment pending)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="uji", confirmed=confirmed)


def totp_code(device, *, steps_ahead: int = 0) -> str:  # type: ignore[no-untyped-def]
    """The code an authenticator app shows for ``device`` now (or ``steps_ahead`` 30-second steps later,
    still inside the device's tolerance: a code already used is refused, the next one is not)."""
    from django_otp.oath import totp

    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An XLSX workbook with one sheet per name (first row: headers), for import tests."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    """A comma-separated file (first row: headers), for import tests."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


#: the authorization cases of the page tests (DESIGN.md §6)
ANONYMOUS, OTHER_AGENCY_ADMIN, SAME_AGENCY_EMPLOYEE, AGENCY_ADMIN = (
    "anonymous",
    "other_agency_admin",
    "same_agency_employee",
    "agency_admin",
)


def user_for_case(case: str, *, agency: Agency, other_agency: Agency) -> User | None:
    """The user of one authorization case about ``agency``: nobody (anonymous), the admin of
    ``other_agency``, an employee of ``agency`` without an admin role, or the admin of ``agency``."""
    if case == ANONYMOUS:
        return None
    if case == OTHER_AGENCY_ADMIN:
        return user_with_role(Role.AGENCY_ADMIN, agency=other_agency)
    if case == SAME_AGENCY_EMPLOYEE:
        return user_with_role(Role.EMPLOYEE, agency=agency)
    if case == AGENCY_ADMIN:
        return user_with_role(Role.AGENCY_ADMIN, agency=agency)
    raise ValueError(case)


#: import headers of employees, in the export order
EMPLOYEE_IMPORT_HEADERS = [
    "status",
    "nip",
    "ni_pppk",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "pangkat_golongan",
    "email",
    "telepon",
    "kode_opd",
    "kode_jabatan",
    "kode_unit",
    "tmt",
    "nomor_sk",
]


def directory_sheets() -> dict[str, list[list[object]]]:
    """A small whole directory as import sheets: 2 OPDs, 3 units, 4 positions, 3 employees (rows out of order)."""
    return {
        "opd": [
            ["kode", "nama", "singkatan", "jenis", "alamat", "telepon", "email", "aktif"],
            ["1.01", "Sekretariat Daerah", "Setda", "Sekretariat", "", "", "", "ya"],
            ["3.03", "Dinas Kesehatan", "Dinkes", "dinas", "Jl. Merdeka 1", "0361-1", "dinkes@contoh.go.id", "ya"],
        ],
        "unit_kerja": [
            ["kode_opd", "kode", "nama", "jenis", "kode_induk"],
            ["3.03", "RUJ", "Seksi Rujukan", "seksi", "YANKES"],
            ["3.03", "SEK", "Sekretariat", "sekretariat", ""],
            ["3.03", "YANKES", "Bidang Pelayanan Kesehatan", "Bidang", ""],
        ],
        "jabatan": [
            ["kode_opd", "kode", "nama", "jenis", "eselon", "kode_unit", "kode_atasan", "kepala_opd"],
            ["1.01", "SEKDA", "Sekretaris Daerah", "struktural", "II.a", "", "", "ya"],
            ["3.03", "KADIS", "Kepala Dinas Kesehatan", "struktural", "II.b", "", "1.01:SEKDA", "ya"],
            ["3.03", "STAF", "Pengelola Rujukan", "pelaksana", "", "RUJ", "KABID", "tidak"],
            ["3.03", "KABID", "Kepala Bidang Pelayanan", "struktural", "III.b", "YANKES", "KADIS", "tidak"],
        ],
        "pegawai": [
            EMPLOYEE_IMPORT_HEADERS,
            [
                "PNS",
                "198503142010031001",
                "",
                "Siti Aminah",
                "dr.",
                "M.Kes",
                "Pembina (IV/a)",
                "siti@contoh.go.id",
                "0812",
                "3.03",
                "KADIS",
                "",
                "2021-01-04",
                "SK/1/2021",
            ],
            [
                "PPPK",
                "",
                "199001012023211001",
                "Budi Santoso",
                "",
                "S.Kom.",
                "",
                "",
                "",
                "3.03",
                "STAF",
                "",
                "04-01-2023",
                "",
            ],
            [
                "pns",
                "198703222012031002",
                "",
                "Made Wirawan",
                "",
                "",
                "",
                "",
                "",
                "3.03",
                "KABID",
                "YANKES",
                date(2022, 2, 1),
                "",
            ],
        ],
    }
