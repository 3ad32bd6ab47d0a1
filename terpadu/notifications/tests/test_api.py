"""/api/v1/notifications: the caller's own inbox only; another user's id is a 404 and changes nothing."""

import pytest
from django.test import Client

from terpadu.directory.tests.factories import bearer
from terpadu.notifications.interfaces import notify, unread_count
from terpadu.notifications.models import Notification

from .conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(no_gateway):
    owner, other = person(), person()
    for number in range(1, 4):
        notify(user_ids=[owner.pk], kind="k", title=f"Pesan {number}", body="", dedup_key=f"m{number}")
    notify(user_ids=[other.pk], kind="k", title="Milik orang lain", body="", dedup_key="m1")
    return owner, other


def test_list_is_paginated_newest_first_and_filtered_by_unread(people):
    owner, _ = people
    client = Client(headers=bearer(owner))
    first = Notification.objects.filter(user=owner).order_by("pk").first()
    client.post(f"/api/v1/notifications/{first.pk}/read")
    everything = client.get("/api/v1/notifications", {"page_size": 2}).json()
    unread = client.get("/api/v1/notifications", {"unread": "true"}).json()
    read = client.get("/api/v1/notifications", {"unread": "false"}).json()
    assert everything["count"] == 3
    assert [n["title"] for n in everything["items"]] == ["Pesan 3", "Pesan 2"]
    assert [n["title"] for n in unread["items"]] == ["Pesan 3", "Pesan 2"]
    assert [(n["title"], n["is_read"]) for n in read["items"]] == [("Pesan 1", True)]


def test_unread_count_and_read_all(people):
    owner, other = people
    client = Client(headers=bearer(owner))
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 3}
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 3}
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 0}
    assert unread_count(user_id=other.pk) == 1


def test_mark_read_returns_the_notification(people):
    owner, _ = people
    target = Notification.objects.filter(user=owner).order_by("pk").first()
    response = Client(headers=bearer(owner)).post(f"/api/v1/notifications/{target.pk}/read")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["is_read"]) == (target.pk, True)


def test_another_users_notification_is_404_and_stays_unread(people):
    owner, other = people
    theirs = Notification.objects.get(user=other)
    response = Client(headers=bearer(owner)).post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Data tidak ditemukan.", "fields": {}}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    listed = Client(headers=bearer(owner)).get("/api/v1/notifications").json()
    assert theirs.pk not in [n["id"] for n in listed["items"]]


def test_anonymous_gets_401(people):
    assert Client().get("/api/v1/notifications").status_code == 401
    assert Client().post("/api/v1/notifications/read-all").status_code == 401
    assert unread_count(user_id=people[0].pk) == 3
