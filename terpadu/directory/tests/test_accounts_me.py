"""“Akun saya”: my roles, password change (also forced after an admin reset), two-factor status, API tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from terpadu.core.roles import Role
from terpadu.directory.models import ApiToken, User
from terpadu.directory.tests.factories import login_as, user_with_role
from terpadu.directory.tokens import token_create

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("directory:account")
PASSWORD_CHANGE = reverse("directory:password_change")
HOME = reverse("core:home")
NEW_PASSWORD = "Kelapa-Sawit-2024"


def _logged_in(user: User) -> Client:
    client = Client()
    login_as(client, user)
    return client


def _change(
    client: Client, old: str = "rahasia-uji-123", new: str = NEW_PASSWORD, confirm: str | None = None
) -> object:
    data = {"old_password": old, "new_password": new, "new_password_confirm": new if confirm is None else confirm}
    return client.post(PASSWORD_CHANGE, data)


def test_the_account_page_shows_my_roles_two_factor_and_tokens() -> None:
    # given an agency operator with a token (and a second one of another user)
    user = user_with_role(Role.AGENCY_OPERATOR, username="operator.saya")
    token, _ = token_create(user=user, name="Integrasi SIMPEG")
    token_create(user=user_with_role(Role.EMPLOYEE), name="Milik orang lain")
    # when they open their account page
    response = _logged_in(user).get(ACCOUNT)
    # then it lists their role, their two-factor status and only their token, by prefix
    html = response.content.decode()
    assert response.status_code == 200
    assert [a.role for a in response.context["assignments"]] == ["agency_operator"]
    assert [t.pk for t in response.context["api_tokens"]] == [token.pk]
    assert token.prefix in html
    assert "Milik orang lain" not in html
    assert response.context["two_factor_on"] is True  # login_as enrols a device


def test_the_anonymous_public_is_sent_to_login() -> None:
    response = Client().get(ACCOUNT)
    assert (response.status_code, response["Location"]) == (302, f"{reverse('directory:login')}?next=/akun/")


def test_a_token_created_on_the_page_shows_its_secret_once_and_works() -> None:
    # given an employee on their account page
    user = user_with_role(Role.EMPLOYEE)
    client = _logged_in(user)
    # when they create a token
    response = client.post(reverse("directory:token_create"), {"name": "Aplikasi absensi", "days": 30})
    # then the secret is shown on this page only, never cached, and it authenticates the API
    secret = response.context["secret"]
    assert response.status_code == 200
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert secret not in client.get(ACCOUNT).content.decode()
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["id"] == user.pk
    token = ApiToken.objects.get(user=user)
    assert (token.name, round((token.expires_at - token.created_at).total_seconds() / 86400)) == (
        "Aplikasi absensi",
        30,
    )


def test_a_bad_token_form_is_shown_again_with_the_error() -> None:
    # given an employee, when they create a token without a name and with too long a life
    client = _logged_in(user_with_role(Role.EMPLOYEE))
    response = client.post(reverse("directory:token_create"), {"name": "", "days": 5000})
    # then the account page says what is wrong next to each field, and no token exists
    assert response.status_code == 200
    assert response.context["token_form"].errors == {
        "name": ["Bidang ini tidak boleh kosong."],
        "days": ["Masa berlaku paling lama 3650 hari."],
    }
    assert not ApiToken.objects.exists()


def test_a_token_revoked_on_the_page_no_longer_works() -> None:
    # given an employee with a working token
    user = user_with_role(Role.EMPLOYEE)
    token, secret = token_create(user=user, name="Lama")
    client = _logged_in(user)
    # when they revoke it on their account page
    response = client.post(reverse("directory:token_revoke", args=[token.pk]))
    # then it is revoked and refused by the API
    assert (response.status_code, response["Location"]) == (302, ACCOUNT)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_nobody_revokes_another_users_token() -> None:
    # given another employee's token
    token, _ = token_create(user=user_with_role(Role.EMPLOYEE), name="Bukan milikmu")
    client = _logged_in(user_with_role(Role.AGENCY_ADMIN))
    # when someone else revokes it, then it is 404 and the token still works
    assert client.post(reverse("directory:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_changing_my_password_keeps_me_logged_in() -> None:
    # given an employee on the password page
    user = user_with_role(Role.EMPLOYEE)
    client = _logged_in(user)
    # when they change their password
    response = _change(client)
    # then it is changed, and they are still logged in
    assert (response.status_code, response["Location"]) == (302, ACCOUNT)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) is True
    assert client.get(ACCOUNT).status_code == 200


def test_a_bad_new_password_is_explained_in_indonesian_and_nothing_changes() -> None:
    # given an employee
    user = user_with_role(Role.EMPLOYEE)
    client = _logged_in(user)
    # when their new password is too short
    response = _change(client, new="pendek")
    # then the page says why next to the field, and the password is the old one
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "new_password": ["Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter."]
    }
    user.refresh_from_db()
    assert user.check_password("rahasia-uji-123") is True


def test_a_temporary_password_must_be_changed_before_anything_else() -> None:
    # given an employee holding a temporary password, logged in
    user = user_with_role(Role.EMPLOYEE)
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    client = _logged_in(user)
    # when they open any page, then they are sent to the password page (which still opens, as does logout)
    assert client.get(HOME)["Location"] == f"{PASSWORD_CHANGE}?next=/beranda/"
    assert client.get(ACCOUNT)["Location"] == f"{PASSWORD_CHANGE}?next=/akun/"
    assert client.get("/api/v1/me").status_code == 403
    page = client.get(f"{PASSWORD_CHANGE}?next=/beranda/")
    assert page.status_code == 200
    assert "Anda memakai kata sandi sementara" in page.content.decode()
    # when they change it, then they go on where they were going
    response = client.post(
        f"{PASSWORD_CHANGE}?next=/beranda/",
        {"old_password": "rahasia-uji-123", "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
    )
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    user.refresh_from_db()
    assert user.must_change_password is False
