"""GET /api/v1/employees (50 per page) with bearer tokens: pages across the whole province as the platform
admin, pages of one agency as its agency admin, a name/NIP search and an agency filter.

Raw baseline: the page query (ordered by name, with the agency code and position name) and its COUNT,
scoped the same way, run through connection.cursor().
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from terpadu.directory.models import Agency, Employee, Position, User

from ..client import bearer, bench_client, get_ok
from ..generate import GeneratedGovernment
from ..measure import BenchError, Figure, Options, Scenario, sample

NAME = "employee_list_api"
PATH = "/api/v1/employees"
PAGE_SIZE = 50
SEARCHES = ("Agus", "Siti", "Wahyu", "Maria", "Yohanes", "Dewi", "Lado", "1985", "Putri", "Seran")


@dataclass(frozen=True)
class Query:
    """One request's filters, as the API receives them and as the raw SQL applies them."""

    government_id: int
    page: int = 1
    q: str = ""
    agency_id: int | None = None
    #: an agency role's reach: its agencies and its own employee record
    reach: tuple[tuple[int, ...], int | None] | None = None

    def params(self) -> dict[str, Any]:
        params = {"page": self.page, "page_size": PAGE_SIZE, "q": self.q, "agency_id": self.agency_id}
        return {key: value for key, value in params.items() if value}

    def where(self) -> tuple[str, list[Any]]:
        parts = ["e.government_id = %s", "e.is_active = %s"]
        params: list[Any] = [self.government_id, True]
        if self.reach is not None:
            agencies, own = self.reach
            parts.append(f"(e.agency_id IN ({', '.join(['%s'] * len(agencies))}) OR e.id = %s)")
            params += [*agencies, own or 0]
        if self.q:
            # case-insensitive "contains", as the ORM writes it: SQLite's LIKE ignores ASCII case already
            name = "UPPER(e.name::text) LIKE UPPER(%s)" if connection.vendor == "postgresql" else "e.name LIKE %s"
            parts.append(f"({name} OR e.nip LIKE %s OR e.pppk_number LIKE %s)")
            params += [f"%{self.q}%", f"{self.q}%", f"{self.q}%"]
        if self.agency_id:
            parts.append("e.agency_id = %s")
            params.append(self.agency_id)
        return " AND ".join(parts), params


def raw_page(query: Query) -> int:
    """The page and the count in plain SQL; returns the count."""
    employee, agency, position = (m._meta.db_table for m in (Employee, Agency, Position))
    where, params = query.where()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.kind, e.nip, e.pppk_number, e.name, e.front_title, e.back_title, e.gender, e.birth_date,"
            " e.rank, e.email, e.phone, e.agency_id, a.code, e.org_unit_id, e.position_id, p.name, e.is_active"
            f" FROM {employee} e LEFT JOIN {agency} a ON a.id = e.agency_id"
            f" LEFT JOIN {position} p ON p.id = e.position_id WHERE {where}"
            " ORDER BY e.name, e.id LIMIT %s OFFSET %s",
            [*params, PAGE_SIZE, (query.page - 1) * PAGE_SIZE],
        )
        cursor.fetchall()
        cursor.execute(f"SELECT COUNT(*) FROM {employee} e WHERE {where}", params)
        return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class Case:
    name: str
    user: User
    query: Callable[[int], Query]


def _cases(gov: GeneratedGovernment) -> list[Case]:
    active = Q(employees__is_active=True)
    sizes = Agency.objects.filter(pk__in=gov.agency_ids).annotate(n=Count("employees", filter=active))
    biggest = sizes.order_by("-n", "pk").values_list("pk", "n").first() or (gov.agency_ids[0], 0)
    admin = User.objects.get(pk=gov.platform_admin_id)
    agency_admin = User.objects.get(pk=gov.agency_admin_ids[biggest[0]])
    reach = ((biggest[0],), agency_admin.employee_id)
    total = Employee.objects.filter(government_id=gov.government_id, is_active=True).count()
    pages, agency_pages = max(1, math.ceil(total / PAGE_SIZE)), max(1, math.ceil(biggest[1] / PAGE_SIZE))
    g, agencies = gov.government_id, gov.agency_ids
    return [
        Case("page, admin", admin, lambda i: Query(g, page=1 + (i * 37) % pages)),
        Case("page, agency admin", agency_admin, lambda i: Query(g, page=1 + i % agency_pages, reach=reach)),
        Case("search ?q=, admin", admin, lambda i: Query(g, q=SEARCHES[i % len(SEARCHES)])),
        Case("filter ?agency_id=, admin", admin, lambda i: Query(g, agency_id=agencies[i % len(agencies)])),
    ]


def _measure(case: Case, options: Options) -> Figure:
    client, headers = bench_client(), bearer(case.user)
    first = json.loads(get_ok(client, PATH, case.query(0).params(), headers))
    if first["count"] != raw_page(case.query(0)):
        raise BenchError(f"{case.name}: the API counts {first['count']}, the raw SQL {raw_page(case.query(0))}")
    samples = sample(
        lambda i: get_ok(client, PATH, case.query(i).params(), headers), n=options.requests, warmup=options.warmup
    )
    raw = sample(lambda i: raw_page(case.query(i)), n=options.raw_samples, warmup=options.warmup)
    return Figure(NAME, case.name, samples, raw=raw)


def run(gov: GeneratedGovernment, options: Options) -> list[Figure]:
    return [_measure(case, options) for case in _cases(gov)]


SCENARIO = Scenario(NAME, "GET /api/v1/employees with bearer tokens (platform admin, agency admin)", run)
