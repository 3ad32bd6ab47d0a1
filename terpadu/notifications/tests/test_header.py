"""The unread count in the top bar of every page (a core header item registered by notifications)."""

import pytest
from django.test import Client

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role
from terpadu.notifications.interfaces import notify

pytestmark = pytest.mark.django_db


def test_header_shows_the_unread_notifications_count():
    user = user_with_role(Role.EMPLOYEE)
    client = Client()
    client.force_login(user)
    assert "baru</span>" not in client.get("/beranda/").content.decode()
    notify(user_ids=[user.pk], kind="test.hello", title="Halo", body="Uji", dedup_key="uji-1")
    notify(user_ids=[user.pk], kind="test.hello", title="Halo lagi", body="Uji", dedup_key="uji-2")
    page = client.get("/beranda/").content.decode()
    assert '<span class="badge badge-warn">2 baru</span>' in page
