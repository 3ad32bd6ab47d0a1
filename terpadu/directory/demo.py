"""The demo government "Kabupaten Contoh" (make run). Deterministic and idempotent.

Never run in production: the command refuses unless TERPADU_DEMO or DEBUG is on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from terpadu.core.audit import audit_record
from terpadu.core.roles import AGENCY_ROLES, Role

from .models import Agency, Employee, Government, OrgUnit, Placement, Position, RoleAssignment, User

DEMO_SLUG = "kabupaten-contoh"
DEMO_PASSWORD = "demo"

AGENCIES: list[tuple[str, str, str, str]] = [
    ("1.01", "Sekretariat Daerah", "Setda", Agency.Kind.SECRETARIAT),
    ("1.02", "Sekretariat DPRD", "Setwan", Agency.Kind.COUNCIL_SECRETARIAT),
    ("1.03", "Inspektorat Daerah", "Inspektorat", Agency.Kind.INSPECTORATE),
    ("2.01", "Badan Perencanaan Pembangunan Daerah", "Bappeda", Agency.Kind.BOARD),
    ("2.02", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", Agency.Kind.BOARD),
    ("2.03", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", Agency.Kind.BOARD),
    ("3.01", "Dinas Komunikasi dan Informatika", "Diskominfo", Agency.Kind.DEPARTMENT),
    ("3.02", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", Agency.Kind.DEPARTMENT),
    ("3.03", "Dinas Kesehatan", "Dinkes", Agency.Kind.DEPARTMENT),
    ("3.04", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", Agency.Kind.DEPARTMENT),
    ("3.05", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", Agency.Kind.DEPARTMENT),
    ("3.06", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", Agency.Kind.DEPARTMENT),
    ("3.07", "Dinas Sosial", "Dinsos", Agency.Kind.DEPARTMENT),
    ("3.08", "Satuan Polisi Pamong Praja", "Satpol PP", Agency.Kind.POLICE),
    ("4.01", "Kecamatan Kota Contoh", "Kec. Kota", Agency.Kind.DISTRICT),
]

DIVISIONS: dict[str, list[str]] = {
    "Diskominfo": [
        "Bidang Aplikasi Informatika",
        "Bidang Infrastruktur TIK",
        "Bidang Informasi dan Komunikasi Publik",
    ],
    "Dinkes": [
        "Bidang Kesehatan Masyarakat",
        "Bidang Pencegahan dan Pengendalian Penyakit",
        "Bidang Pelayanan Kesehatan",
    ],
    "Setda": ["Bagian Pemerintahan", "Bagian Organisasi", "Bagian Umum"],
}
DEFAULT_DIVISIONS = ["Bidang Program dan Pelaporan", "Bidang Pelayanan", "Bidang Pembinaan"]

FIRST = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fajar",
    "Gita",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lukas",
    "Maria",
    "Nur",
    "Oktavianus",
    "Putri",
    "Rahmat",
    "Sri",
    "Theresia",
    "Umar",
    "Veronika",
    "Wahyu",
    "Yohanes",
    "Yuliana",
    "Zainal",
    "Fransiskus",
    "Agnes",
    "Benediktus",
    "Siti",
    "Andi",
]
LAST = [
    "Saputra",
    "Wijaya",
    "Lado",
    "Bria",
    "Seran",
    "Tapatab",
    "Nahak",
    "Kolo",
    "Manek",
    "Lewar",
    "Sabon",
    "Ratu",
    "Amuntoda",
    "Langoday",
    "Hurint",
    "Making",
    "Koban",
    "Ola",
    "Tukan",
    "Suban",
]
FRONT_TITLES = ["", "", "", "", "Drs.", "Ir.", "dr."]
BACK_TITLES = ["", "S.Kom", "S.E.", "S.H.", "S.Sos", "S.Pd", "M.Si", "S.T.", "S.AP", "A.Md"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    agency_short: str | None
    position_code: str | None  # which employee the account belongs to


#: the elected regional head and deputy (front title, name, back title): in the directory without a NIP
ELECTED_NAMES = {"bupati": ("Drs.", "Yohanes Seran", "M.Si"), "wabup": ("", "Agnes Lewar", "S.H.")}

DEMO_ACCOUNTS = [
    DemoAccount("admin", Role.PLATFORM_ADMIN, None, "Diskominfo:F1"),
    DemoAccount("bupati", Role.REGIONAL_HEAD, None, "Setda:KDH"),
    DemoAccount("wabup", Role.DEPUTY_HEAD, None, "Setda:WKDH"),
    DemoAccount("sekda", Role.SECRETARY, None, "Setda:H"),
    DemoAccount("kadis.kominfo", Role.AGENCY_HEAD, "Diskominfo", "Diskominfo:H"),
    DemoAccount("admin.kominfo", Role.AGENCY_ADMIN, "Diskominfo", "Diskominfo:S1"),
    DemoAccount("operator.kominfo", Role.AGENCY_OPERATOR, "Diskominfo", "Diskominfo:E2"),
    DemoAccount("pegawai.kominfo", Role.EMPLOYEE, "Diskominfo", "Diskominfo:E1"),
    DemoAccount("kadis.dinkes", Role.AGENCY_HEAD, "Dinkes", "Dinkes:H"),
    DemoAccount("admin.dinkes", Role.AGENCY_ADMIN, "Dinkes", "Dinkes:S1"),
    DemoAccount("admin.bappeda", Role.AGENCY_ADMIN, "Bappeda", "Bappeda:S1"),
    DemoAccount("inspektur", Role.AUDITOR, None, "Inspektorat:H"),
]


class _People:
    def __init__(self, government: Government) -> None:
        self.government = government
        self.rng = random.Random(20260101)  # noqa: S311 (demo data, not security)
        self.sequence = 0
        self.employees: list[Employee] = []
        self.placements: list[tuple[Employee, Position]] = []

    def _nip(self, gender: int) -> tuple[str, date]:
        rng = self.rng
        birth = date(rng.randint(1966, 1997), rng.randint(1, 12), rng.randint(1, 28))
        year = min(birth.year + rng.randint(22, 30), 2024)
        self.sequence += 1
        return f"{birth:%Y%m%d}{year:04d}{rng.randint(1, 12):02d}{gender}{self.sequence % 1000:03d}", birth

    def add(self, position: Position, rank: str) -> None:
        gender = self.rng.choice([1, 2])
        nip, birth = self._nip(gender)
        employee = Employee(
            government=self.government,
            kind=Employee.Kind.PNS,
            nip=nip,
            name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
            front_title=self.rng.choice(FRONT_TITLES),
            back_title=self.rng.choice(BACK_TITLES),
            birth_date=birth,
            gender="L" if gender == 1 else "P",
            rank=rank,
            agency=position.agency,
            org_unit=position.org_unit,
            position=position,
        )
        self.employees.append(employee)
        self.placements.append((employee, position))


def _elected_positions(setda: Agency, people: _People) -> Position:
    """The Bupati and Wakil Bupati at the top of the position tree (they dispose and sign letters)."""
    unit = OrgUnit.objects.create(agency=setda, code="KDH", name="Kepala Daerah", kind=OrgUnit.Kind.LEADERSHIP)
    head = Position.objects.create(agency=setda, org_unit=unit, code="KDH", name="Bupati", kind="struktural")
    deputy = Position.objects.create(
        agency=setda, org_unit=unit, code="WKDH", name="Wakil Bupati", kind="struktural", superior=head
    )
    for position, username in ((head, "bupati"), (deputy, "wabup")):
        front, name, back = ELECTED_NAMES[username]
        people.employees.append(
            Employee(
                government=people.government,
                kind=Employee.Kind.ELECTED,
                name=name,
                front_title=front,
                back_title=back,
                gender="L" if username == "bupati" else "P",
                agency=setda,
                org_unit=unit,
                position=position,
            )
        )
        people.placements.append((people.employees[-1], position))
    return head


def _agency_structure(agency: Agency, head_superior: Position | None, people: _People) -> Position:
    """Head → secretary → general affairs sub-section; three divisions, each with executors."""
    head_name = "Sekretaris Daerah" if agency.kind == Agency.Kind.SECRETARIAT else f"Kepala {agency.name}"
    if agency.kind == Agency.Kind.DISTRICT:
        head_name = f"Camat {agency.name.removeprefix('Kecamatan ')}"
    lead = OrgUnit.objects.create(agency=agency, code="00", name="Pimpinan", kind=OrgUnit.Kind.LEADERSHIP)
    head = Position.objects.create(
        agency=agency,
        org_unit=lead,
        code="H",
        name=head_name,
        kind="struktural",
        echelon="II.a" if agency.kind == Agency.Kind.SECRETARIAT else "II.b",
        superior=head_superior,
        is_agency_head=True,
    )
    people.add(head, "Pembina Utama Muda (IV/c)")
    sec_unit = OrgUnit.objects.create(agency=agency, parent=lead, code="01", name="Sekretariat", kind="sekretariat")
    sec = Position.objects.create(
        agency=agency, org_unit=sec_unit, code="S", name="Sekretaris", kind="struktural", echelon="III.a", superior=head
    )
    people.add(sec, "Pembina (IV/a)")
    sub_unit = OrgUnit.objects.create(
        agency=agency, parent=sec_unit, code="01.1", name="Subbagian Umum dan Kepegawaian", kind="subbagian"
    )
    sub = Position.objects.create(
        agency=agency,
        org_unit=sub_unit,
        code="S1",
        name="Kepala Subbagian Umum dan Kepegawaian",
        kind="struktural",
        echelon="IV.a",
        superior=sec,
    )
    people.add(sub, "Penata Tingkat I (III/d)")
    for n in (1, 2):
        pos = Position.objects.create(
            agency=agency,
            org_unit=sub_unit,
            code=f"E{n}",
            name="Pengadministrasi Perkantoran" if n == 1 else "Operator Layanan Operasional",
            kind="pelaksana",
            superior=sub,
        )
        people.add(pos, "Pengatur (II/c)")
    functional = Position.objects.create(
        agency=agency,
        org_unit=sec_unit,
        code="F1",
        name="Pranata Komputer Ahli Pertama" if agency.short_name == "Diskominfo" else "Analis Kebijakan Ahli Pertama",
        kind="fungsional",
        superior=sec,
    )
    people.add(functional, "Penata Muda (III/a)")
    for d, division in enumerate(DIVISIONS.get(agency.short_name, DEFAULT_DIVISIONS), start=2):
        unit = OrgUnit.objects.create(agency=agency, parent=lead, code=f"{d:02d}", name=division, kind="bidang")
        chief = Position.objects.create(
            agency=agency,
            org_unit=unit,
            code=f"B{d}",
            name=f"Kepala {division}",
            kind="struktural",
            echelon="III.b",
            superior=head,
        )
        people.add(chief, "Pembina (IV/a)")
        for k in range(1, 4):
            staff = Position.objects.create(
                agency=agency,
                org_unit=unit,
                code=f"B{d}.{k}",
                name=["Analis", "Penelaah Teknis Kebijakan", "Pengolah Data"][k - 1],
                kind="pelaksana" if k > 1 else "fungsional",
                superior=chief,
            )
            for _ in range(2 if k > 1 else 1):
                people.add(
                    staff,
                    people.rng.choice(["Penata Muda (III/a)", "Penata (III/c)", "Pengatur Tingkat I (II/d)"]),
                )
    return head


def _demo_accounts(government: Government) -> None:
    for account in DEMO_ACCOUNTS:
        employee = None
        if account.position_code:
            short, code = account.position_code.split(":")
            employee = (
                Employee.objects.filter(government=government, agency__short_name=short, position__code=code)
                .order_by("pk")
                .first()
            )
        _, full_name, _ = ELECTED_NAMES.get(account.username, ("", "", ""))
        first, _, last = full_name.partition(" ")
        user = User(
            username=account.username,
            government=government,
            employee=employee,
            two_factor_exempt=True,
            first_name=first,
            last_name=last,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        agency = (
            Agency.objects.get(government=government, short_name=account.agency_short) if account.agency_short else None
        )
        RoleAssignment.objects.create(
            user=user, role=account.role.value, agency=agency if account.role in AGENCY_ROLES else None
        )


@transaction.atomic
def seed_demo_government() -> tuple[Government, bool]:
    """Create Kabupaten Contoh if it does not exist. Returns (government, created)."""
    existing = Government.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, False
    government = Government.objects.create(
        name="Pemerintah Kabupaten Contoh",
        slug=DEMO_SLUG,
        level=Government.Level.REGENCY,
        region_code="53.99",
        timezone=Government.TimeZone.WITA,
        head_title="Bupati",
        address="Jl. El Tari No. 1, Kota Contoh, Nusa Tenggara Timur",
        phone="(0380) 123456",
        email="diskominfo@contohkab.go.id",
        website="https://contohkab.go.id",
    )
    people = _People(government)
    agencies = [
        Agency.objects.create(government=government, code=c, name=n, short_name=s, kind=k) for c, n, s, k in AGENCIES
    ]
    regional_head = _elected_positions(agencies[0], people)
    sekda = _agency_structure(agencies[0], regional_head, people)
    for agency in agencies[1:]:
        _agency_structure(agency, sekda, people)
    Employee.objects.bulk_create(people.employees)
    Placement.objects.bulk_create(
        Placement(
            employee=e,
            agency=p.agency,
            org_unit=p.org_unit,
            position=p,
            start_date=date(2024, 1, 2),
            kind=Placement.Kind.APPOINTMENT,
        )
        for e, p in people.placements
    )
    _demo_accounts(government)
    audit_record(
        actor=None,
        action="demo.seed",
        target=government,
        government_id=government.pk,
        after={"agencies": len(agencies), "employees": len(people.employees)},
    )
    return government, True


#: agencies whose demo answers are given by one of the demo accounts above
DEMO_OPERATORS = {"Diskominfo": "operator.kominfo", "Dinkes": "admin.dinkes"}


def demo_operator(agency: Agency) -> User:
    """Who answers for ``agency`` in other modules' demo data: its demo account, else a per-agency
    operator account that cannot log in (``demo.<code>``), created on first use."""
    username = DEMO_OPERATORS.get(agency.short_name) or f"demo.{agency.code}"
    user, created = User.objects.get_or_create(username=username, defaults={"government_id": agency.government_id})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        RoleAssignment.objects.create(user=user, role=Role.AGENCY_OPERATOR.value, agency=agency)
    return user
