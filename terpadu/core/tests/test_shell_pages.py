"""The shell's own pages: 404/403/CSRF in Bahasa Indonesia, the header items, health check."""

import pytest
from django.test import Client

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role
from terpadu.notifications.interfaces import notify

pytestmark = pytest.mark.django_db


def test_unknown_page_is_an_indonesian_404():
    user = user_with_role(Role.EMPLOYEE)
    client = Client()
    client.force_login(user)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Tidak ditemukan" in response.content.decode()


def test_csrf_failure_is_explained_in_indonesian():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.content.decode()


def test_header_shows_the_unread_notifications_count():
    user = user_with_role(Role.EMPLOYEE)
    client = Client()
    client.force_login(user)
    assert "baru</span>" not in client.get("/beranda/").content.decode()
    notify(user_ids=[user.pk], kind="test.hello", title="Halo", body="Uji", dedup_key="uji-1")
    notify(user_ids=[user.pk], kind="test.hello", title="Halo lagi", body="Uji", dedup_key="uji-2")
    page = client.get("/beranda/").content.decode()
    assert '<span class="badge badge-warn">2 baru</span>' in page
