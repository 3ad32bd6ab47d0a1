"""A small government for E-Surat flow tests: Bupati → Sekda → two agencies, each with a head, a
secretary, a division chief and staff, a records desk (admin), plus an auditor."""

from __future__ import annotations

from dataclasses import dataclass

from terpadu.core.roles import Role
from terpadu.correspondence import services
from terpadu.correspondence.drafts import DraftInput, RecipientInput
from terpadu.correspondence.models import ClassificationCode
from terpadu.directory.models import Agency, Employee, Government, Position, User
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    PositionFactory,
    user_with_role,
)


@dataclass
class Office:
    agency: Agency
    head: User
    secretary: User
    chief: User
    staff: User
    admin: User


@dataclass
class Org:
    government: Government
    bupati: User
    sekda: User
    kominfo: Office
    dinkes: Office
    auditor: User


def _user(role: Role, position: Position, agency: Agency | None, username: str) -> User:
    employee = EmployeeFactory(position=position, name=username.replace(".", " ").title())
    return user_with_role(
        role, agency=agency, government=position.agency.government, employee=employee, username=username
    )


def _office(government: Government, sekda_position: Position, short: str) -> Office:
    agency = AgencyFactory(government=government, short_name=short, name=f"Dinas {short}", code=short.upper()[:6])
    head = PositionFactory(
        agency=agency, name=f"Kepala Dinas {short}", superior=sekda_position, is_agency_head=True, kind="struktural"
    )
    secretary = PositionFactory(agency=agency, name="Sekretaris", superior=head, kind="struktural")
    chief = PositionFactory(agency=agency, name="Kepala Bidang", superior=head, kind="struktural")
    staff = PositionFactory(agency=agency, name="Analis", superior=chief)
    desk = PositionFactory(agency=agency, name="Pengadministrasi Umum", superior=secretary)
    return Office(
        agency=agency,
        head=_user(Role.AGENCY_HEAD, head, agency, f"kadis.{short}"),
        secretary=_user(Role.EMPLOYEE, secretary, agency, f"sekdis.{short}"),
        chief=_user(Role.EMPLOYEE, chief, agency, f"kabid.{short}"),
        staff=_user(Role.EMPLOYEE, staff, agency, f"staf.{short}"),
        admin=_user(Role.AGENCY_ADMIN, desk, agency, f"tu.{short}"),
    )


def build_org() -> Org:
    government = GovernmentFactory(name="Kabupaten Uji Surat")
    setda = AgencyFactory(
        government=government, kind=Agency.Kind.SECRETARIAT, name="Sekretariat Daerah", short_name="Setda", code="SETDA"
    )
    kdh = PositionFactory(agency=setda, name="Bupati", kind="struktural")
    sekda = PositionFactory(
        agency=setda, name="Sekretaris Daerah", superior=kdh, is_agency_head=True, kind="struktural"
    )
    bupati_employee = EmployeeFactory(position=kdh, kind=Employee.Kind.ELECTED, nip=None, name="Bupati Uji")
    inspektorat = AgencyFactory(government=government, kind=Agency.Kind.INSPECTORATE, short_name="Itda", code="ITDA")
    org = Org(
        government=government,
        bupati=user_with_role(Role.REGIONAL_HEAD, government=government, employee=bupati_employee, username="bupati"),
        sekda=_user(Role.SECRETARY, sekda, None, "sekda"),
        kominfo=_office(government, sekda, "kominfo"),
        dinkes=_office(government, sekda, "dinkes"),
        auditor=_user(Role.AUDITOR, PositionFactory(agency=inspektorat, superior=kdh), None, "inspektur"),
    )
    services.classification_seed_top_levels(government)
    services.letter_type_seed_defaults(government)
    ClassificationCode.objects.create(
        government=government, code="000.1.5", name="Rapat pimpinan", depth=3, sort_key="000.001.005"
    )
    ClassificationCode.objects.create(
        government=government,
        code="800.1.11",
        name="Kepegawaian rahasia",
        depth=3,
        sort_key="800.001.011",
        security_level="rahasia",
    )
    return org


def draft_input(org: Org, **overrides: object) -> DraftInput:
    """A surat dinas from Diskominfo's chief to Dinkes (tembusan: Sekda), initialled by the secretary,
    signed by the head."""
    values: dict[str, object] = {
        "letter_type": "surat_dinas",
        "subject": "Undangan rapat koordinasi jaringan",
        "body": "Dengan hormat,\n\nKami mengundang Saudara menghadiri rapat koordinasi.",
        "classification": "000.1.5",
        "recipients": (
            RecipientInput(kind="to", target="agency", id=org.dinkes.agency.pk),
            RecipientInput(kind="cc", target="employee", id=org.sekda.employee_id),
        ),
        "reviewer_ids": (org.kominfo.secretary.employee_id,),
        "signer_id": org.kominfo.head.employee_id,
        "signing_authority": "agency_head",
    }
    values.update(overrides)
    return DraftInput(**values)  # type: ignore[arg-type]
