"""The “Pengguna” pages: who sees which accounts, and who may change them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import RoleAssignment, User
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    login_as,
    totp_device,
    user_with_role,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("directory:login")


def _client_as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        login_as(client, user)
    return client


@pytest.fixture
def agency_account() -> User:
    """An operator account in some agency (its government has other agencies)."""
    return user_with_role(Role.AGENCY_OPERATOR, username="operator.dinas")


def _caller(kind: str, account: User) -> User | None:
    agency = account.employee.agency
    if kind == "anonymous":
        return None
    if kind == "other_agency_admin":
        return user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(government=agency.government))
    if kind == "same_agency_employee":
        return user_with_role(Role.EMPLOYEE, agency=agency)
    return user_with_role(Role.AGENCY_ADMIN, agency=agency)


CALLERS = [
    ("anonymous", 302),
    ("other_agency_admin", 404),
    ("same_agency_employee", 403),
    ("same_agency_admin", 200),
]


@pytest.mark.parametrize(("kind", "status"), CALLERS)
def test_the_account_detail_page_is_for_the_admins_of_the_accounts_agency(
    kind: str, status: int, agency_account: User
) -> None:
    # given an operator account and a caller
    client = _client_as(_caller(kind, agency_account))
    # when the caller opens the account's page
    response = client.get(reverse("directory:user_detail", args=[agency_account.pk]))
    # then only the agency's admin sees it; another agency's admin gets the same 404 as for a missing account
    assert response.status_code == status
    if kind == "anonymous":
        assert response["Location"].startswith(LOGIN)
    if status == 200:
        assert "Pengguna operator.dinas" in response.content.decode()


@pytest.mark.parametrize(("kind", "status"), CALLERS)
def test_only_the_agency_admin_resets_a_password(kind: str, status: int, agency_account: User) -> None:
    # given an operator account and a caller
    client = _client_as(_caller(kind, agency_account))
    password_hash = agency_account.password
    # when the caller resets the account's password
    response = client.post(reverse("directory:user_password_reset", args=[agency_account.pk]))
    # then only the agency's admin succeeds and sees the temporary password once, never cached
    assert response.status_code == status
    agency_account.refresh_from_db()
    if status == 200:
        assert agency_account.must_change_password is True
        password = response.context["password"]
        assert agency_account.check_password(password) is True
        assert password in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    else:
        # and a refused caller changed nothing
        assert (agency_account.password, agency_account.must_change_password) == (password_hash, False)
        assert not AuditEvent.objects.filter(action="user.password_reset").exists()


@pytest.mark.parametrize(("kind", "status"), [*CALLERS[:3], ("same_agency_admin", 302)])
def test_only_the_agency_admin_deactivates_an_account(kind: str, status: int, agency_account: User) -> None:
    # given an operator account and a caller
    client = _client_as(_caller(kind, agency_account))
    # when the caller deactivates the account
    response = client.post(reverse("directory:user_set_active", args=[agency_account.pk]), {"active": "0"})
    # then only the agency's admin succeeds; otherwise nothing changed
    assert response.status_code == status
    agency_account.refresh_from_db()
    assert agency_account.is_active is (kind != "same_agency_admin")


def test_the_list_shows_an_agency_admin_only_its_agencys_accounts() -> None:
    # given two agencies of one government, each with accounts, and another government's account
    admin = user_with_role(Role.AGENCY_ADMIN, username="admin.a")
    agency = admin.employee.agency
    user_with_role(Role.EMPLOYEE, agency=agency, username="pegawai.a")
    user_with_role(Role.EMPLOYEE, agency=AgencyFactory(government=admin.government), username="pegawai.b")
    user_with_role(Role.SECRETARY, government=admin.government, username="sekda")
    user_with_role(Role.EMPLOYEE, username="pegawai.lain")
    # when the agency admin lists the accounts
    response = _client_as(admin).get(reverse("directory:user_list"))
    # then it sees its own agency's accounts only
    assert response.status_code == 200
    assert [u.username for u in response.context["page_obj"].object_list] == ["admin.a", "pegawai.a"]


def test_the_list_shows_the_platform_admin_its_whole_government_filtered() -> None:
    # given the platform admin and accounts across its government (and one of another government)
    admin = user_with_role(Role.PLATFORM_ADMIN, username="diskominfo")
    agency = AgencyFactory(government=admin.government)
    user_with_role(Role.EMPLOYEE, agency=agency, username="pegawai.a")
    user_with_role(Role.AGENCY_OPERATOR, agency=agency, username="operator.a")
    user_with_role(Role.SECRETARY, government=admin.government, username="sekda")
    user_with_role(Role.EMPLOYEE, username="pegawai.lain")
    client = _client_as(admin)
    # when it lists every account, then by role, then by text
    everyone = client.get(reverse("directory:user_list"))
    operators = client.get(reverse("directory:user_list"), {"role": "agency_operator"})
    found = client.get(reverse("directory:user_list"), {"q": "sek", "agency": ""})
    # then each list is exact
    names = [[u.username for u in r.context["page_obj"].object_list] for r in (everyone, operators, found)]
    assert names == [["diskominfo", "operator.a", "pegawai.a", "sekda"], ["operator.a"], ["sekda"]]


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_the_rows(django_assert_max_num_queries: Any) -> None:
    # given the platform admin and 30 accounts of one agency
    admin = user_with_role(Role.PLATFORM_ADMIN)
    agency = AgencyFactory(government=admin.government)
    for _ in range(30):
        user_with_role(Role.EMPLOYEE, agency=agency)
    client = _client_as(admin)
    # when it opens the second page, then it gets the rest in a bounded number of queries
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory:user_list"), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 6
    assert "Halaman 2 dari 2 (31 data)" in response.content.decode()


def test_anyone_but_an_admin_is_refused_the_list() -> None:
    # given an employee and an agency head
    for role in (Role.EMPLOYEE, Role.AGENCY_HEAD, Role.AUDITOR):
        # when they open the list, then it is 403
        assert _client_as(user_with_role(role)).get(reverse("directory:user_list")).status_code == 403


def test_an_agency_admin_opens_an_account_for_an_employee_through_the_page() -> None:
    # given an agency admin and an employee of its agency without an account
    admin = user_with_role(Role.AGENCY_ADMIN)
    employee = EmployeeFactory(position=PositionFactory(agency=admin.employee.agency), name="Siti Rahma")
    client = _client_as(admin)
    # when it searches for the employee, then the employee is offered
    page = client.get(reverse("directory:user_create"), {"q": "Siti"})
    assert [e.pk for e in page.context["form"].fields["employee"].queryset] == [employee.pk]
    # when it opens the account
    response = client.post(
        reverse("directory:user_create") + "?q=Siti",
        {"employee": employee.pk, "username": "siti.rahma", "roles": ["employee", "agency_operator"]},
    )
    # then the temporary password is shown once, and the account exists with its roles
    assert response.status_code == 200
    account = User.objects.get(username="siti.rahma")
    assert account.check_password(response.context["password"]) is True
    assert "no-store" in response["Cache-Control"]
    assert set(account.role_assignments.values_list("role", flat=True)) == {"employee", "agency_operator"}


def test_the_create_page_keeps_the_input_and_shows_the_error_next_to_the_field() -> None:
    # given an agency admin whose username is taken by itself, and an employee without an account
    admin = user_with_role(Role.AGENCY_ADMIN, username="admin.dinas")
    employee = EmployeeFactory(position=PositionFactory(agency=admin.employee.agency))
    # when it opens an account with a taken username
    response = _client_as(admin).post(
        reverse("directory:user_create"), {"employee": employee.pk, "username": "admin.dinas", "roles": ["employee"]}
    )
    # then the page says so above the form and next to the username, keeps the input, and no account is created
    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": ["Username sudah dipakai."], "username": ["Sudah dipakai."]}
    assert 'value="admin.dinas"' in response.content.decode()
    assert not User.objects.filter(employee=employee).exists()


def test_an_agency_admin_cannot_grant_platform_admin_through_the_page() -> None:
    # given an agency admin and an operator account of its agency
    admin = user_with_role(Role.AGENCY_ADMIN)
    account = user_with_role(Role.AGENCY_OPERATOR, agency=admin.employee.agency)
    before = set(RoleAssignment.objects.values_list("user_id", "role", "agency_id"))
    # when it posts a grant of platform_admin (a role its form does not even offer)
    response = _client_as(admin).post(
        reverse("directory:user_role_grant", args=[account.pk]), {"role": "platform_admin", "agency": ""}
    )
    # then it is refused and nothing changed
    assert response.status_code == 200
    assert list(response.context["grant_form"].errors) == ["role"]
    assert set(RoleAssignment.objects.values_list("user_id", "role", "agency_id")) == before
    assert not AuditEvent.objects.filter(action="user.role_grant").exists()


def test_the_platform_admin_grants_and_revokes_a_role_through_the_page() -> None:
    # given the platform admin and an employee account
    admin = user_with_role(Role.PLATFORM_ADMIN)
    agency = AgencyFactory(government=admin.government)
    account = user_with_role(Role.EMPLOYEE, agency=agency)
    client = _client_as(admin)
    # when it grants agency head in the account's agency
    granted = client.post(
        reverse("directory:user_role_grant", args=[account.pk]), {"role": "agency_head", "agency": agency.pk}
    )
    # then the account holds it
    assert granted.status_code == 302
    head = RoleAssignment.objects.get(user=account, role="agency_head")
    # when it revokes it again, then it is gone
    revoked = client.post(reverse("directory:user_role_revoke", args=[account.pk, head.pk]))
    assert revoked.status_code == 302
    assert list(account.role_assignments.values_list("role", flat=True)) == ["employee"]


def test_a_government_wide_role_with_an_agency_is_shown_next_to_the_agency_field() -> None:
    # given the platform admin and an employee account
    admin = user_with_role(Role.PLATFORM_ADMIN)
    agency = AgencyFactory(government=admin.government)
    account = user_with_role(Role.EMPLOYEE, agency=agency)
    # when it grants the secretary role naming an agency
    response = _client_as(admin).post(
        reverse("directory:user_role_grant", args=[account.pk]), {"role": "secretary", "agency": agency.pk}
    )
    # then the page explains it next to the agency field, and nothing changed
    assert response.status_code == 200
    assert response.context["grant_form"].errors == {
        "__all__": ["Peran tingkat pemerintah daerah tidak memakai OPD."],
        "agency": ["Kosongkan untuk peran ini."],
    }
    assert list(account.role_assignments.values_list("role", flat=True)) == ["employee"]


@pytest.mark.parametrize(
    ("role", "status", "devices_left"), [(Role.AGENCY_ADMIN, 403, 1), (Role.PLATFORM_ADMIN, 302, 0)]
)
def test_only_the_platform_admin_resets_two_factor_through_the_page(role: Role, status: int, devices_left: int) -> None:
    # given an operator with a device, and an admin of the same agency or the platform admin
    operator = user_with_role(Role.AGENCY_OPERATOR)
    totp_device(operator)
    agency = operator.employee.agency if role == Role.AGENCY_ADMIN else None
    admin = user_with_role(role, agency=agency, government=operator.government)
    # when the admin resets the operator's two-factor
    response = _client_as(admin).post(reverse("directory:user_two_factor_reset", args=[operator.pk]))
    # then only the platform admin succeeds
    assert response.status_code == status
    assert operator.totpdevice_set.count() == devices_left
