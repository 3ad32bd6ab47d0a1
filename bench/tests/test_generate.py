"""The generator: deterministic, exact counts, valid NIPs, a coherent structure and the bench accounts."""

from __future__ import annotations

import pytest

from bench.generate import generate_province
from bench.plan import plan_province, quotas
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Employee, OrgUnit, Placement, Position, RoleAssignment, User
from terpadu.directory.rules import parse_nip, parse_pppk_number


def _people(plan):
    return [(e["nip"], e["pppk_number"], e["name"], e["agency_id"], e["position_id"]) for e in plan.employees]


def test_same_seed_same_province_other_seed_another():
    first, again = plan_province(seed=7, agencies=6, employees=400), plan_province(seed=7, agencies=6, employees=400)
    other = plan_province(seed=8, agencies=6, employees=400)

    assert _people(first) == _people(again)
    assert first.positions == again.positions
    assert _people(first) != _people(other)


def test_quotas_split_the_total_exactly():
    import random

    shares = quotas([60, 1, 2, 16, 3], 20_000, random.Random(1))

    assert sum(shares) == 20_000
    assert shares[0] > shares[3] > shares[4] > shares[1]


def test_every_number_is_valid_and_unique_at_full_size():
    plan = plan_province(seed=2026, agencies=50, employees=20_000)

    numbers = [e["nip"] or e["pppk_number"] for e in plan.employees]
    for employee in plan.employees:
        if employee["kind"] == "pns":
            info = parse_nip(employee["nip"])
            assert (info.birth_date, info.gender) == (employee["birth_date"], employee["gender"])
        else:
            assert parse_pppk_number(employee["pppk_number"]) == employee["birth_date"]
    assert len(set(numbers)) == 20_000
    assert plan.counts()["agencies"] == 50


@pytest.mark.django_db
def test_generated_province_in_the_database():
    gov = generate_province(seed=11, agencies=5, employees=300)

    employees = Employee.objects.filter(government_id=gov.government_id)
    assert Agency.objects.filter(government_id=gov.government_id).count() == 5
    assert employees.count() == 300
    assert Placement.objects.filter(employee__government_id=gov.government_id, end_date__isnull=True).count() == 300
    assert gov.counts == {
        "agencies": 5,
        "units": OrgUnit.objects.count(),
        "positions": Position.objects.count(),
        "employees": 300,
        "placements": 300,
        "users": 7,
    }
    for nip in employees.exclude(nip=None).values_list("nip", flat=True):
        parse_nip(nip or "")
    plan = plan_province(seed=11, agencies=5, employees=300)
    assert list(employees.order_by("pk").values_list("nip", "name")) == [(e["nip"], e["name"]) for e in plan.employees]


@pytest.mark.django_db
def test_structure_every_position_reports_up_to_the_sekda():
    gov = generate_province(seed=12, agencies=4, employees=200)

    positions = {p.pk: p for p in Position.objects.filter(agency__government_id=gov.government_id)}
    tops = [p for p in positions.values() if p.superior_id is None]
    assert [(p.code, p.agency.code) for p in tops] == [("H", "1.01")]
    for position in positions.values():
        assert position.org_unit is not None and position.org_unit.agency_id == position.agency_id
        seen = set()
        while position.superior_id is not None and position.pk not in seen:
            seen.add(position.pk)
            position = positions[position.superior_id]
        assert position.pk == tops[0].pk
    assert Employee.objects.filter(position__isnull=True).count() == 0


@pytest.mark.django_db
def test_bench_accounts_and_their_roles():
    gov = generate_province(seed=13, agencies=3, employees=150)

    assert User.objects.get(pk=gov.platform_admin_id).get_actor().has_role(Role.PLATFORM_ADMIN)
    sekda = User.objects.select_related("employee__position").get(pk=gov.secretary_id)
    assert sekda.employee is not None and sekda.employee.position is not None
    assert sekda.employee.position.code == "H"
    admins = RoleAssignment.objects.filter(role=Role.AGENCY_ADMIN, user__government_id=gov.government_id)
    assert sorted(admins.values_list("agency_id", "user_id")) == sorted(gov.agency_admin_ids.items())
    assert gov.rows == sum(gov.counts.values()) and gov.rows_per_second > 0
