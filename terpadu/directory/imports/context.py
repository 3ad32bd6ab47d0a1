"""The existing directory an import is compared with, loaded by key in a few queries (no per-row reads)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from terpadu.core.errors import AccessDenied
from terpadu.core.roles import Actor, Role, actor_of
from terpadu.core.scoping import scoped

from .. import policies
from ..models import Agency, Employee, Government, OrgUnit, Placement, Position
from .report import Key

CHUNK = 900
T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Directory:
    """What the acting user may change, keyed by natural keys (codes, NIP)."""

    government: Government
    actor: Actor
    agencies: dict[str, Agency]
    manageable: frozenset[int]
    units: dict[Key, OrgUnit] = field(default_factory=dict)
    positions: dict[Key, Position] = field(default_factory=dict)
    unit_keys: dict[int, Key] = field(default_factory=dict)
    position_keys: dict[int, Key] = field(default_factory=dict)
    _codes: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def is_platform_admin(self) -> bool:
        return policies.can_manage_government(self.actor)

    def agency_code(self, agency_id: int | None) -> str | None:
        if len(self._codes) != len(self.agencies):
            self._codes = {agency.pk: code for code, agency in self.agencies.items()}
        return self._codes.get(agency_id) if agency_id is not None else None

    def may_manage(self, code: str) -> bool:
        agency = self.agencies.get(code)
        return agency is not None and agency.pk in self.manageable

    def remember_positions(self, positions: Iterable[Position]) -> None:
        for position in positions:
            key = (position.agency.code, position.code)
            self.positions[key] = position
            self.position_keys[position.pk] = key


def government_of(user: Any) -> tuple[Actor, Government]:
    """The actor and their government; only admins (platform or agency) may import or export."""
    actor = actor_of(user)
    allowed = actor is not None and (actor.has_role(Role.PLATFORM_ADMIN) or actor.agencies_with(Role.AGENCY_ADMIN))
    government = getattr(user, "government", None)
    if not allowed or actor is None or government is None:
        raise AccessDenied("Anda tidak berwenang mengimpor atau mengekspor data direktori.")
    return actor, government


def load_directory(*, user: Any) -> Directory:
    actor, government = government_of(user)
    agencies = {a.code: a for a in scoped(Agency.objects.filter(government=government), user)}
    manageable = frozenset(a.pk for a in agencies.values() if policies.can_manage_agency(actor, a.pk))
    directory = Directory(government, actor, agencies, manageable)
    by_id = {agency.pk: agency for agency in agencies.values()}
    units = scoped(OrgUnit.objects.filter(agency_id__in=sorted(manageable)), user)
    for unit in units:
        unit.agency = by_id[unit.agency_id]
        directory.units[(unit.agency.code, unit.code)] = unit
        directory.unit_keys[unit.pk] = (unit.agency.code, unit.code)
    positions = list(scoped(Position.objects.filter(agency_id__in=sorted(manageable)), user))
    for position in positions:
        position.agency = by_id[position.agency_id]
    directory.remember_positions(positions)
    directory.remember_positions(_unscoped_outside_superiors(directory))
    return directory


def _unscoped_outside_superiors(directory: Directory) -> list[Position]:
    """Superiors in other agencies of the positions the user manages (only their codes are used)."""
    wanted = {p.superior_id for p in directory.positions.values() if p.superior_id} - set(directory.position_keys)
    found: list[Position] = []
    for part in chunks(sorted(i for i in wanted if i is not None)):
        found.extend(
            Position.objects.filter(pk__in=part, agency__government=directory.government).select_related("agency")
        )
    return found


def unscoped_positions_by_key(directory: Directory, keys: set[Key]) -> dict[Key, Position]:
    """Superior positions in agencies the user does not manage (a head of agency reports to Setda).

    Only the positions named in the file are read, and only their codes are used.
    """
    wanted = sorted(key for key in keys if key not in directory.positions)
    found: dict[Key, Position] = {}
    for part in chunks(wanted):
        rows = Position.objects.filter(
            agency__government=directory.government,
            agency__code__in={key[0] for key in part},
            code__in={key[1] for key in part},
        ).select_related("agency")
        found.update({(p.agency.code, p.code): p for p in rows if (p.agency.code, p.code) in set(part)})
    return found


def unscoped_employees_by_number(government: Government, nips: list[str], pppk: list[str]) -> dict[Key, Employee]:
    """Employees of the government by NIP / NI PPPK (unique per government), to match rows to them."""
    found: dict[Key, Employee] = {}
    for part in chunks(sorted(nips)):
        found.update({("nip", e.nip or ""): e for e in Employee.objects.filter(government=government, nip__in=part)})
    for part in chunks(sorted(pppk)):
        rows = Employee.objects.filter(government=government, pppk_number__in=part)
        found.update({("pppk", e.pppk_number or ""): e for e in rows})
    return found


def open_placements(employee_ids: list[int]) -> dict[int, Placement]:
    found: dict[int, Placement] = {}
    for part in chunks(sorted(employee_ids)):
        found.update({p.employee_id: p for p in Placement.objects.filter(employee_id__in=part, end_date__isnull=True)})
    return found
