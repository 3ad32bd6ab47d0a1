"""The Pemda profile service: government_update (audited, with a logo checked by its bytes)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory import services
from terpadu.directory.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _last_audit() -> AuditEvent:
    return AuditEvent.objects.order_by("-sequence").first()


# --- government profile --------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_government_update_changes_the_profile_and_stores_the_logo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = user_with_role(Role.PLATFORM_ADMIN)
    government = admin.government
    services.government_update(user=admin, government=government, phone="(0380) 1", logo=_upload("a.png", PNG))
    government.refresh_from_db()
    assert government.phone == "(0380) 1"
    assert government.logo.name.startswith(f"government/logo/logo-{government.slug}-")
    assert government.logo.read() == PNG
    event = _last_audit()
    assert event.action == "government.update"
    assert event.before == {"phone": "", "logo": ""}
    assert event.after == {
        "phone": "(0380) 1",
        "logo": government.logo.name,
        "logo_type": "image/png",
        "logo_size": 40,
        "logo_sha256": hashlib.sha256(PNG).hexdigest(),
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.png", b"not an image", "Logo harus berupa gambar PNG, JPEG atau SVG."),
        ("a.png", PNG + b"\x00" * (1024 * 1024), "Ukuran logo paling besar 1 MB."),
        (
            "a.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Logo SVG tidak boleh memuat skrip, tautan javascript atau objek tertanam.",
        ),
    ],
)
def test_government_update_refuses_a_bad_logo(settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    admin = user_with_role(Role.PLATFORM_ADMIN)
    with pytest.raises(ValidationFailed) as caught:
        services.government_update(user=admin, government=admin.government, name="X", logo=_upload(name, content))
    assert caught.value.fields == {"logo": [message]}
    admin.government.refresh_from_db()
    assert admin.government.name != "X"
    assert list(tmp_path.iterdir()) == []


def test_government_update_accepts_an_svg_logo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = user_with_role(Role.PLATFORM_ADMIN)
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    services.government_update(user=admin, government=admin.government, logo=_upload("logo.txt", svg))
    assert admin.government.logo.name.endswith(".svg")


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SECRETARY])
def test_only_the_platform_admin_updates_the_government(role):
    user = user_with_role(role)
    with pytest.raises(AccessDenied):
        services.government_update(user=user, government=user.government, name="X")
    user.government.refresh_from_db()
    assert user.government.name != "X"


def test_a_platform_admin_cannot_update_another_government():
    admin = user_with_role(Role.PLATFORM_ADMIN)
    other = user_with_role(Role.PLATFORM_ADMIN).government
    with pytest.raises(AccessDenied):
        services.government_update(user=admin, government=other, name="X")


def test_government_update_refuses_the_slug():
    admin = user_with_role(Role.PLATFORM_ADMIN)
    with pytest.raises(ValidationFailed) as caught:
        services.government_update(user=admin, government=admin.government, slug="baru")
    assert caught.value.message == "Kolom ini tidak dapat diubah: slug."
