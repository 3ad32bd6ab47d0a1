"""Roles of Terpadu and the acting user's view of them (the :class:`Actor`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    REGIONAL_HEAD = "regional_head"
    DEPUTY_HEAD = "deputy_head"
    SECRETARY = "secretary"
    AGENCY_HEAD = "agency_head"
    AGENCY_ADMIN = "agency_admin"
    AGENCY_OPERATOR = "agency_operator"
    EMPLOYEE = "employee"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PLATFORM_ADMIN: "Admin Platform (Diskominfo)",
    Role.REGIONAL_HEAD: "Kepala Daerah",
    Role.DEPUTY_HEAD: "Wakil Kepala Daerah",
    Role.SECRETARY: "Sekretaris Daerah",
    Role.AGENCY_HEAD: "Kepala OPD",
    Role.AGENCY_ADMIN: "Admin OPD",
    Role.AGENCY_OPERATOR: "Operator OPD",
    Role.EMPLOYEE: "Pegawai",
    Role.AUDITOR: "Inspektorat (Auditor)",
}

#: Roles that read every agency of their government.
GOVERNMENT_WIDE_ROLES = frozenset(
    {Role.PLATFORM_ADMIN, Role.REGIONAL_HEAD, Role.DEPUTY_HEAD, Role.SECRETARY, Role.AUDITOR}
)
#: Roles that hold only inside one agency; an assignment of them names the agency.
AGENCY_ROLES = frozenset({Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.AGENCY_OPERATOR, Role.EMPLOYEE})
#: Roles that may never write, whatever else they hold.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})


@dataclass(frozen=True)
class Actor:
    """Who is acting: the only thing access rules and scoping look at."""

    user_id: int
    government_id: int | None
    roles: frozenset[Role] = field(default_factory=frozenset)
    #: agency -> roles held in that agency
    agency_roles: tuple[tuple[int, frozenset[Role]], ...] = ()
    employee_id: int | None = None

    @property
    def agency_ids(self) -> frozenset[int]:
        return frozenset(agency_id for agency_id, _ in self.agency_roles)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def roles_in(self, agency_id: int | None) -> frozenset[Role]:
        for held_agency, roles in self.agency_roles:
            if held_agency == agency_id:
                return roles
        return frozenset()

    def agencies_with(self, *roles: Role) -> frozenset[int]:
        return frozenset(agency for agency, held in self.agency_roles if held.intersection(roles))

    @property
    def sees_whole_government(self) -> bool:
        return bool(self.roles & GOVERNMENT_WIDE_ROLES)


def actor_of(user: object) -> Actor | None:
    """The :class:`Actor` of a request user, or ``None`` for the anonymous public."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    get_actor = getattr(user, "get_actor", None)
    return get_actor() if callable(get_actor) else None
