"""Two-factor (TOTP): enrolment after login, verification, brute-force limit, exemptions, API tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import User
from terpadu.directory.tests.factories import totp_code, totp_device, user_with_role

pytestmark = pytest.mark.django_db

LOGIN = reverse("directory:login")
HOME = reverse("core:home")
SETUP = reverse("directory:two_factor_setup")
VERIFY = reverse("directory:two_factor_verify")
PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def head() -> User:
    """An agency head: a role that needs two-factor."""
    return user_with_role(Role.AGENCY_HEAD, username="kepala.uji")


def _login(user: User) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_agency_head_enrols_an_authenticator_after_login_and_then_reaches_home(head: User) -> None:
    # given an agency head without a device, logged in with the password
    client = _login(head)
    # when they open the home page, then they are sent to enrol first
    assert client.get(HOME)["Location"] == f"{SETUP}?next=/beranda/"
    # when they open the enrolment page, then it shows the QR code (an inline SVG image) and the secret
    page = client.get(f"{SETUP}?next=/beranda/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<img src="data:image/svg+xml;base64,' in html
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=head)
    assert device.confirmed is False
    # when they type the code the app shows
    response = client.post(f"{SETUP}?next=/beranda/", {"code": totp_code(device)})
    # then the device is confirmed, the session verified, and home is open
    assert (response.status_code, response["Location"]) == (302, HOME)
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.get(action="user.two_factor_enable").actor_id == head.pk


def test_a_wrong_enrolment_code_is_refused(head: User) -> None:
    # given an agency head on the enrolment page
    client = _login(head)
    client.get(SETUP)
    # when they type a wrong code
    response = client.post(SETUP, {"code": "000000"})
    # then it is refused in Indonesian, the device stays unconfirmed and home stays closed
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["Kode verifikasi salah atau sudah kedaluwarsa."],
        "code": ["Kode salah."],
    }
    assert TOTPDevice.objects.get(user=head).confirmed is False
    assert client.get(HOME)["Location"] == f"{SETUP}?next=/beranda/"


def test_an_enrolled_agency_head_verifies_a_code_at_every_login(head: User) -> None:
    # given an agency head with a confirmed device, logged in with the password
    device = totp_device(head)
    client = _login(head)
    # when they open the home page, then they are asked for a code
    assert client.get(HOME)["Location"] == f"{VERIFY}?next=/beranda/"
    # when they type a wrong code, then it is refused
    wrong = client.post(f"{VERIFY}?next=/beranda/", {"code": "123"})
    assert wrong.context["form"].errors == {
        "__all__": ["Kode verifikasi salah atau sudah kedaluwarsa."],
        "code": ["Kode salah."],
    }
    device.throttling_failure_count = 0  # the device's own back-off after a wrong code
    device.throttling_failure_timestamp = None
    device.save()
    # when they type the right code, then they go where they were going
    right = client.post(f"{VERIFY}?next=/beranda/", {"code": totp_code(device)})
    assert (right.status_code, right["Location"]) == (302, HOME)
    assert client.get(HOME).status_code == 200


def test_verification_never_sends_the_user_to_another_site(head: User) -> None:
    # given an enrolled agency head, logged in with the password
    device = totp_device(head)
    client = _login(head)
    # when the verify link carries a foreign next
    response = client.post(f"{VERIFY}?next=https://jahat.example.com/", {"code": totp_code(device)})
    # then they land at home instead
    assert response["Location"] == HOME


def test_wrong_codes_are_limited_to_five_per_fifteen_minutes(head: User) -> None:
    # given an enrolled agency head, logged in with the password
    device = totp_device(head)
    client = _login(head)
    # when they type five wrong codes
    statuses = [client.post(VERIFY, {"code": f"00000{i}"}).status_code for i in range(5)]
    # then the fifth answers 429 with a clear message, and even the right code is refused for now
    assert statuses == [200, 200, 200, 200, 429]
    message = "Terlalu banyak kode verifikasi yang salah. Tunggu 15 menit, lalu coba lagi."
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert response.status_code == 429
    assert response.context["form"].errors == {"code": [message]}
    assert client.get(HOME)["Location"] == f"{VERIFY}?next=/beranda/"


@pytest.mark.parametrize(("demo", "status"), [(False, 302), (True, 200)])
def test_the_demo_exemption_holds_only_in_demo_mode(demo: bool, status: int, head: User, settings: Any) -> None:
    # given an agency head marked as a demo account
    User.objects.filter(pk=head.pk).update(two_factor_exempt=True)
    settings.TERPADU_DEMO = demo
    # when they log in and open home, then only demo mode lets them in without a code
    assert _login(head).get(HOME).status_code == status


def test_two_factor_can_be_relaxed_for_the_whole_installation(head: User, settings: Any) -> None:
    # given an installation that does not require two-factor
    settings.TWO_FACTOR_REQUIRED = False
    # when an agency head logs in, then home opens directly
    assert _login(head).get(HOME).status_code == 200


def test_a_role_without_two_factor_goes_straight_home() -> None:
    # given an employee
    employee = user_with_role(Role.EMPLOYEE)
    # when they log in, then home opens directly, and the enrolment page sends them to their account
    client = _login(employee)
    assert client.get(HOME).status_code == 200
    assert client.get(SETUP)["Location"] == reverse("directory:account")


# --- API tokens -----------------------------------------------------------------------------------


def _token(username: str, otp: str | None = None) -> Any:
    body = {"username": username, "password": PASSWORD, "name": "SIMPEG"}
    if otp is not None:
        body["otp"] = otp
    return Client().post("/api/v1/auth/token", body, content_type="application/json")


def test_an_api_token_for_a_two_factor_role_needs_a_correct_otp(head: User) -> None:
    # given an enrolled agency head
    device = totp_device(head)
    # when it asks for a token without an otp, or with a wrong one, then it is refused with 422
    assert _token("kepala.uji").status_code == 422
    assert _token("kepala.uji", otp="000000").status_code == 422
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    # when it sends the code from its app, then it gets a token that works
    created = _token("kepala.uji", otp=totp_code(device))
    assert created.status_code == 201
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {created.json()['token']}"})
    assert (me.status_code, me.json()["username"]) == (200, "kepala.uji")


def test_an_api_token_is_listed_and_once_revoked_no_longer_works() -> None:
    # given an employee with a token from the API
    user_with_role(Role.EMPLOYEE, username="pegawai.api")
    created = _token("pegawai.api").json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    client = Client()
    # when it lists its tokens, then the token is there, without its secret
    listed = client.get("/api/v1/auth/tokens", headers=auth).json()
    assert [(t["id"], t["prefix"], t["revoked_at"]) for t in listed] == [(created["id"], created["prefix"], None)]
    assert "token" not in listed[0]
    # when it revokes the token, then the token is refused with 401
    assert client.delete(f"/api/v1/auth/tokens/{created['id']}", headers=auth).status_code == 200
    assert client.get("/api/v1/me", headers=auth).status_code == 401
