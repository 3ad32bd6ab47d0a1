"""Who is who for E-Surat, read from the directory: the acting employee, the authorities a letter type
may be signed by and where a signer stands against them, the records desk of an agency, and the
employees an addressee resolves to. Reads only; the services decide."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Employee, Position, RoleAssignment, User

from . import letter_rules
from .rules import Signer


def employee_of(user: Any) -> Employee:
    """The employee behind an account; letters are drafted, initialled and signed by employees."""
    employee = getattr(user, "employee", None)
    if employee is None:
        raise ValidationFailed("Akun Anda tidak terhubung dengan data pegawai, jadi tidak dapat mengelola naskah.")
    return employee


def authority_position(authority: str, agency: Agency) -> Position | None:
    """The position that holds ``authority`` for a letter of ``agency``: its head, the Sekda (head of the
    Sekretariat Daerah), or the regional head (the Sekda's superior)."""
    if authority == Signer.AGENCY_HEAD:
        return Position.objects.filter(agency=agency, is_agency_head=True, is_active=True).order_by("pk").first()
    sekda = (
        Position.objects.filter(
            agency__government_id=agency.government_id,
            agency__kind=Agency.Kind.SECRETARIAT,
            is_agency_head=True,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
    if authority == Signer.SECRETARY or sekda is None or sekda.superior_id is None:
        return sekda if authority == Signer.SECRETARY else None
    return Position.objects.filter(pk=sekda.superior_id).first()


def _levels_between(position_id: int | None, ancestor_id: int) -> int | None:
    """How many steps up the superior chain from ``position_id`` reach ``ancestor_id`` (0: the same)."""
    seen: set[int] = set()
    levels = 0
    while position_id is not None and position_id not in seen:
        if position_id == ancestor_id:
            return levels
        seen.add(position_id)
        position_id = Position.objects.filter(pk=position_id).values_list("superior_id", flat=True).first()
        levels += 1
    return None


def signer_facts(signer: Employee, agency: Agency, allowed: tuple[str, ...]) -> letter_rules.SignerFacts:
    """Where ``signer`` stands against each authority the letter type allows.

    Plt./Plh. are accepted for a direct subordinate of the authority's position (the acting decree
    itself is issued outside Terpadu; the delegation is printed and audited)."""
    holds, levels, acting = set(), {}, set()
    for value in allowed:
        authority = Signer(value)
        position = authority_position(authority, agency)
        if position is None:
            continue
        distance = _levels_between(signer.position_id, position.pk)
        if distance is None:
            continue
        levels[authority] = distance
        if distance == 0:
            holds.add(authority)
        elif distance == 1:
            acting.add(authority)
    return letter_rules.SignerFacts(frozenset(holds), levels, frozenset(acting))


def is_below(employee: Employee, superior: Employee) -> bool:
    """Whether ``employee`` sits anywhere under ``superior`` in the position tree."""
    if superior.position_id is None or employee.pk == superior.pk:
        return False
    distance = _levels_between(employee.position_id, superior.position_id)
    return distance is not None and distance > 0


def records_desk(agency_id: int) -> QuerySet[Employee]:
    """The employees who keep an agency's records (its admins and operators with an account)."""
    employee_ids = RoleAssignment.objects.filter(
        agency_id=agency_id, role__in=[Role.AGENCY_ADMIN.value, Role.AGENCY_OPERATOR.value]
    ).values("user__employee_id")
    return Employee.objects.filter(pk__in=employee_ids, is_active=True)


def agency_receivers(agency: Agency) -> list[Employee]:
    """Who receives a letter addressed to an agency: its head; if the post is vacant, its records desk."""
    head = Employee.objects.filter(agency=agency, position__is_agency_head=True, is_active=True).order_by("pk").first()
    if head is not None:
        return [head]
    desk = list(records_desk(agency.pk).order_by("pk"))
    if not desk:
        raise ValidationFailed(f"{agency.name} belum memiliki kepala maupun petugas tata usaha untuk menerima naskah.")
    return desk


def position_holders(position: Position) -> list[Employee]:
    holders = list(Employee.objects.filter(position=position, is_active=True).order_by("pk"))
    if not holders:
        raise ValidationFailed(f"Jabatan {position.name} sedang kosong; kirim ke OPD atau pegawai lain.")
    return holders


def user_ids_of(employee_ids: list[int]) -> list[int]:
    return list(User.objects.filter(employee_id__in=employee_ids, is_active=True).values_list("pk", flat=True))
