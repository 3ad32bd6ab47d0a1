"""Lockout after repeated failed logins (django-axes), per account whether the NIP or the username was typed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from terpadu.core.roles import Role
from terpadu.directory.auth import LOCKOUT_MESSAGE
from terpadu.directory.models import User
from terpadu.directory.tests.factories import login_as, user_with_role

pytestmark = pytest.mark.django_db

LOGIN = reverse("directory:login")
HOME = reverse("core:home")
PASSWORD = "rahasia-uji-123"


@pytest.fixture
def employee() -> User:
    return user_with_role(Role.EMPLOYEE, username="pegawai.uji")


def _fail(client: Client, identifier: str) -> int:
    return client.post(LOGIN, {"username": identifier, "password": "salah-sekali"}).status_code


def _lock_out(client: Client, user: User) -> list[int]:
    """Fail as many times as the limit allows, alternating the NIP and the username."""
    identifiers = [user.employee.nip if i % 2 == 0 else user.username for i in range(settings.AXES_FAILURE_LIMIT)]
    return [_fail(client, identifier) for identifier in identifiers]


def test_failures_by_nip_and_username_count_together_and_lock_the_account(employee: User) -> None:
    # given an employee's account and the failure limit of 5
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    # when 5 logins fail, typing the NIP and the username in turn
    statuses = _lock_out(client, employee)
    # then the first four show the login form again and the fifth locks the account
    assert statuses == [200, 200, 200, 200, 429]
    # and the right password is refused with the Indonesian lockout message, by username and by NIP
    for identifier in (employee.username, employee.employee.nip):
        response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})
        assert response.status_code == 429
        assert LOCKOUT_MESSAGE in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_four_failures_do_not_lock_the_account(employee: User) -> None:
    # given four failed logins
    client = Client()
    assert [_fail(client, employee.username) for _ in range(4)] == [200, 200, 200, 200]
    # when the right password is typed, then the user is in
    response = client.post(LOGIN, {"username": employee.employee.nip, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, HOME)


def test_a_locked_account_is_locked_for_the_api_too(employee: User) -> None:
    # given a locked-out account
    _lock_out(Client(), employee)
    # when it asks the API for a token with the right password
    response = Client().post(
        "/api/v1/auth/token",
        {"username": employee.username, "password": PASSWORD},
        content_type="application/json",
    )
    # then it is refused with the lockout message in JSON
    assert response.status_code == 429
    assert response.json() == {"code": "locked_out", "message": LOCKOUT_MESSAGE, "fields": {}}


def test_an_admin_password_reset_unlocks_the_account(employee: User) -> None:
    # given a locked-out employee and the admin of its agency
    client = Client()
    _lock_out(client, employee)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.employee.agency)
    admin_client = Client()
    login_as(admin_client, admin)
    # when the admin resets the password
    reset = admin_client.post(reverse("directory:user_password_reset", args=[employee.pk]))
    temporary = reset.context["password"]
    # then the employee logs in with the temporary password
    response = client.post(LOGIN, {"username": employee.employee.nip, "password": temporary})
    assert (response.status_code, response["Location"]) == (302, HOME)
    # and is sent to change it before anything else
    forced = client.get(HOME)
    assert forced.status_code == 302
    assert forced["Location"] == reverse("directory:password_change") + "?next=/beranda/"
