"""The shell's own pages: 404/403/CSRF in Bahasa Indonesia, the header items, health check."""

import pytest
from django.test import Client

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role

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
