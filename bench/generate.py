"""The province-scale government every benchmark scenario runs on: deterministic (seeded) and fast.

    gov = generate_province(seed=2026, agencies=50, employees=20_000)

writes a province with 50 agencies (OPD), their units and positions (each with its superior), 20,000
employees with valid NIPs and their placements, and the accounts the scenarios act as: a platform admin,
the regional secretary (Sekda) and one agency admin per agency. Employees and placements go in with
COPY on PostgreSQL and bulk_create on SQLite. Modules add their year of activity in their own scenarios.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Employee, Government, OrgUnit, Placement, Position, RoleAssignment, User

from .bulk import insert_rows, reserve_ids
from .plan import ProvincePlan, Row, plan_province

#: each table, the foreign keys its rows hold as local ids, and whether it is big enough for COPY
TABLES: tuple[tuple[str, type[models.Model], dict[str, type[models.Model]], bool], ...] = (
    ("agencies", Agency, {}, False),
    ("units", OrgUnit, {"agency_id": Agency, "parent_id": OrgUnit}, False),
    ("positions", Position, {"agency_id": Agency, "org_unit_id": OrgUnit, "superior_id": Position}, False),
    ("employees", Employee, {"agency_id": Agency, "org_unit_id": OrgUnit, "position_id": Position}, True),
    (
        "placements",
        Placement,
        {"employee_id": Employee, "agency_id": Agency, "org_unit_id": OrgUnit, "position_id": Position},
        True,
    ),
)


@dataclass(frozen=True)
class GeneratedGovernment:
    """What scenarios need to find their way in the generated data (database ids)."""

    seed: int
    government_id: int
    agency_ids: tuple[int, ...]
    platform_admin_id: int
    secretary_id: int
    #: agency id -> the user id of its agency admin
    agency_admin_ids: Mapping[int, int]
    counts: Mapping[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def _write_tables(plan: ProvincePlan, government_id: int) -> dict[type[models.Model], list[int]]:
    """Every planned row with database ids instead of local ones; returns local -> database ids per model."""
    ids: dict[type[models.Model], list[int]] = {}
    for name, model, refs, big in TABLES:
        planned: list[Row] = getattr(plan, name)
        ids[model] = reserve_ids(model, len(planned))
        rows = [_resolved(row, model, refs, ids, government_id) for row in planned]
        if big:
            insert_rows(model, rows)
        else:
            model._default_manager.bulk_create([model(**row) for row in rows])
    return ids


def _resolved(
    row: Row, model: type[models.Model], refs: dict[str, type[models.Model]], ids: dict[Any, list[int]], gov: int
) -> Row:
    resolved = {**row, "id": ids[model][row["id"]]}
    for attname, target in refs.items():
        if row[attname] is not None:
            resolved[attname] = ids[target][row[attname]]
    if model in (Agency, Employee):
        resolved["government_id"] = gov
    return resolved


def _accounts(plan: ProvincePlan, government: Government, ids: dict[type[models.Model], list[int]]) -> list[User]:
    """Platform admin, Sekda and one agency admin per agency, without a password (scenarios log them in)."""
    prefix = f"bench{plan.seed}."
    employee_ids = ids[Employee]

    def user(username: str, employee: int | None) -> User:
        return User(
            username=f"{prefix}{username}",
            government=government,
            password=make_password(None),
            employee_id=employee_ids[employee] if employee is not None else None,
        )

    accounts = [user("admin", plan.platform_admin), user("sekda", plan.secretary)]
    accounts += [user(f"admin.{plan.agencies[a]['code']}", e) for a, e in plan.agency_admins.items()]
    User.objects.bulk_create(accounts)
    roles = [
        RoleAssignment(user=accounts[0], role=Role.PLATFORM_ADMIN),
        RoleAssignment(user=accounts[1], role=Role.SECRETARY),
    ]
    roles += [
        RoleAssignment(user=account, role=Role.AGENCY_ADMIN, agency_id=ids[Agency][agency])
        for account, agency in zip(accounts[2:], plan.agency_admins, strict=True)
    ]
    RoleAssignment.objects.bulk_create(roles)
    return accounts


def _government(seed: int) -> Government:
    return Government.objects.create(
        name="Pemerintah Provinsi Nusa Contoh",
        slug=f"provinsi-bench-{seed}",
        level=Government.Level.PROVINCE,
        region_code=f"99.{seed}"[:13],
        timezone=Government.TimeZone.WITA,
        head_title="Gubernur",
        address="Jl. El Tari No. 52, Kota Contoh",
        email="diskominfo@contohprov.go.id",
        website="https://contohprov.go.id",
    )


def generate_province(*, seed: int = 2026, agencies: int = 50, employees: int = 20_000) -> GeneratedGovernment:
    """Write a province (one transaction). The same seed and sizes give the same names, NIPs and structure."""
    started = perf_counter()
    plan = plan_province(seed=seed, agencies=agencies, employees=employees)
    with transaction.atomic():
        government = _government(seed)
        ids = _write_tables(plan, government.pk)
        accounts = _accounts(plan, government, ids)
    seconds = perf_counter() - started
    agency_ids = tuple(ids[Agency])
    return GeneratedGovernment(
        seed=seed,
        government_id=government.pk,
        agency_ids=agency_ids,
        platform_admin_id=accounts[0].pk,
        secretary_id=accounts[1].pk,
        agency_admin_ids={
            agency_ids[a]: account.pk for a, account in zip(plan.agency_admins, accounts[2:], strict=True)
        },
        counts={**plan.counts(), "users": len(accounts)},
        seconds=seconds,
    )
