"""The Pemda profile page: read by everyone signed in, edited (with a checked logo) by the platform admin."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import Government
from terpadu.directory.tests.factories import (
    AGENCY_ADMIN,
    OTHER_AGENCY_ADMIN,
    SAME_AGENCY_EMPLOYEE,
    AgencyFactory,
    GovernmentFactory,
    login_as,
    user_for_case,
    user_with_role,
)

pytestmark = pytest.mark.django_db
DETAIL, EDIT = "/direktori/pemda/", "/direktori/pemda/ubah/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


@pytest.fixture
def government():
    return GovernmentFactory(name="Pemerintah Kabupaten Contoh", region_code="53.99", phone="(0380) 1")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _profile(government, **changes):
    data = {
        "name": government.name,
        "level": government.level,
        "region_code": government.region_code,
        "timezone": government.timezone,
        "head_title": government.head_title,
        "address": "",
        "phone": government.phone,
        "email": "",
        "website": "",
    }
    return {**data, **changes}


def _picture(government):
    government.refresh_from_db()
    return (government.name, government.phone, government.logo.name, AuditEvent.objects.count())


@pytest.mark.parametrize("case", [OTHER_AGENCY_ADMIN, SAME_AGENCY_EMPLOYEE, AGENCY_ADMIN])
def test_every_signed_in_user_reads_their_own_governments_profile(client, government, case):
    agency, other = AgencyFactory(government=government), AgencyFactory(government=government)
    login_as(client, user_for_case(case, agency=agency, other_agency=other))
    GovernmentFactory(name="Pemerintah Kota Lain")
    response = client.get(DETAIL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Pemerintah Kabupaten Contoh</h1>" in body
    assert "<dt>Kode wilayah Kemendagri</dt><dd>53.99</dd>" in body
    assert "<dt>Zona waktu</dt><dd>WITA (Asia/Makassar)</dd>" in body
    assert "Pemerintah Kota Lain" not in body
    assert "Ubah profil" not in body


def test_the_anonymous_public_is_sent_to_login(client, government):
    assert client.get(DETAIL)["Location"] == f"/akun/masuk/?next={DETAIL}"
    before = _picture(government)
    assert client.post(EDIT, _profile(government, name="X"))["Location"] == f"/akun/masuk/?next={EDIT}"
    assert _picture(government) == before


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.SECRETARY, Role.AUDITOR])
def test_only_the_platform_admin_edits_the_profile(client, government, role):
    agency = AgencyFactory(government=government) if role == Role.AGENCY_ADMIN else None
    login_as(client, user_with_role(role, agency=agency, government=government))
    before = _picture(government)
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, _profile(government, name="Diubah")).status_code == 403
    assert _picture(government) == before


def test_the_platform_admin_edits_the_profile_and_uploads_a_logo(client, government):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=government))
    assert "Ubah profil" in client.get(DETAIL).content.decode()
    data = _profile(government, phone="(0380) 2", website="https://contohkab.go.id")
    response = client.post(EDIT, {**data, "logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png")})
    assert (response.status_code, response["Location"]) == (302, DETAIL)
    government.refresh_from_db()
    assert (government.phone, government.website) == ("(0380) 2", "https://contohkab.go.id")
    assert government.logo.read() == PNG
    event = AuditEvent.objects.get(action="government.update")
    assert event.after == {
        "phone": "(0380) 2",
        "website": "https://contohkab.go.id",
        "logo": government.logo.name,
        "logo_type": "image/png",
        "logo_size": 32,
        "logo_sha256": hashlib.sha256(PNG).hexdigest(),
    }
    body = client.get(DETAIL).content.decode()
    assert '<img src="/direktori/pemda/logo/" alt="Logo Pemerintah Kabupaten Contoh" width="96">' in body
    logo = client.get("/direktori/pemda/logo/")
    assert (logo.status_code, logo["Content-Type"], logo.content) == (200, "image/png", PNG)
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in logo["Content-Security-Policy"]


def test_the_logo_is_served_only_to_users_of_its_own_government(client, government):
    government.logo.save("logo.png", SimpleUploadedFile("logo.png", PNG), save=True)
    assert client.get("/direktori/pemda/logo/").status_code == 302  # anonymous: to the login page
    login_as(client, user_with_role(Role.EMPLOYEE, government=GovernmentFactory()))
    assert client.get("/direktori/pemda/logo/").status_code == 404  # another government has no logo
    login_as(client, user_with_role(Role.EMPLOYEE, agency=AgencyFactory(government=government)))
    assert client.get("/direktori/pemda/logo/").content == PNG


def test_a_file_that_is_not_an_image_is_refused_next_to_the_logo(client, government):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=government))
    before = _picture(government)
    fake = SimpleUploadedFile("logo.png", b"<html>bukan gambar</html>", content_type="image/png")
    response = client.post(EDIT, {**_profile(government, phone="(0380) 9"), "logo": fake})
    assert response.status_code == 422
    assert response.context["form"].errors == {"logo": ["Logo harus berupa gambar PNG, JPEG atau SVG."]}
    assert 'value="(0380) 9"' in response.content.decode()
    assert _picture(government) == before


def test_the_logo_can_be_removed(client, government):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=government))
    client.post(EDIT, {**_profile(government), "logo": SimpleUploadedFile("a.png", PNG)})
    assert client.post(EDIT, {**_profile(government), "logo-clear": "on"}).status_code == 302
    government.refresh_from_db()
    assert government.logo.name == ""
    assert Government.objects.get(pk=government.pk).logo.name == ""
