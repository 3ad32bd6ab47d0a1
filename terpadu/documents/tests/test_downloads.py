"""Downloads: only to users the file's purpose allows; the same 404 for "missing" and "not yours"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import bearer, login_as, user_with_role
from terpadu.documents.interfaces import store_upload

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def _upload(user, purpose="uji-pdf", name="Nota Dinas.pdf"):
    return store_upload(
        file=SimpleUploadedFile(name, PDF_BYTES), purpose=purpose, user=user, government_id=user.government_id
    )


def test_the_uploader_downloads_an_attachment_that_is_never_sniffed(client):
    owner = user_with_role(Role.EMPLOYEE)
    info = _upload(owner)
    login_as(client, owner)
    response = client.get(info.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Nota Dinas.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_another_governments_user_gets_404(client):
    owner = user_with_role(Role.EMPLOYEE)
    info = _upload(owner)
    stranger = user_with_role(Role.PLATFORM_ADMIN)
    login_as(client, stranger)
    assert client.get(info.url).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [(Role.EMPLOYEE, 404), (Role.AGENCY_ADMIN, 404), (Role.PLATFORM_ADMIN, 200)]
)
def test_by_default_only_the_uploader_and_the_platform_admin_download(client, role, status):
    owner = user_with_role(Role.EMPLOYEE)
    info = _upload(owner)
    login_as(client, user_with_role(role, government=owner.government))
    assert client.get(info.url).status_code == status


def test_a_purpose_may_open_its_files_to_the_whole_government(client):
    owner = user_with_role(Role.EMPLOYEE)
    info = _upload(owner, purpose="uji-bersama")
    login_as(client, user_with_role(Role.EMPLOYEE, government=owner.government))
    assert client.get(info.url).status_code == 200
    login_as(client, user_with_role(Role.EMPLOYEE))
    assert client.get(info.url).status_code == 404


def test_anonymous_is_sent_to_login(client):
    info = _upload(user_with_role(Role.EMPLOYEE))
    response = client.get(info.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_api_gives_the_record_and_the_bytes_to_allowed_users_only(api_client):
    owner = user_with_role(Role.EMPLOYEE)
    info = _upload(owner)
    record = api_client.get(f"/api/v1/documents/files/{info.id}", headers=bearer(owner))
    assert record.status_code == 200
    assert {k: record.json()[k] for k in ("id", "original_name", "size", "sha256", "purpose")} == {
        "id": info.id,
        "original_name": "Nota Dinas.pdf",
        "size": len(PDF_BYTES),
        "sha256": info.sha256,
        "purpose": "uji-pdf",
    }
    content = api_client.get(f"/api/v1/documents/files/{info.id}/content", headers=bearer(owner))
    assert b"".join(content.streaming_content) == PDF_BYTES
    stranger = api_client.get(f"/api/v1/documents/files/{info.id}", headers=bearer(user_with_role(Role.EMPLOYEE)))
    assert (stranger.status_code, stranger.json()["code"]) == (404, "not_found")
