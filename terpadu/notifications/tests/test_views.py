"""Pages: inbox, marking read, preferences, the home widget and the header badge partial."""

import pytest
from django.test import Client

from terpadu.directory.tests.factories import login_as
from terpadu.notifications.interfaces import notify, register_kind
from terpadu.notifications.models import Notification, NotificationPreference

from .conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(no_gateway):
    user = person()
    notify(user_ids=[user.pk], kind="deadline.reminder", title="Lama", body="", url="/tenggat/1/", dedup_key="a")
    notify(user_ids=[user.pk], kind="deadline.reminder", title="Baru <b>", body="Isi", dedup_key="b")
    return user


def _client(user) -> Client:
    client = Client()
    login_as(client, user)
    return client


def test_inbox_lists_own_newest_first_with_unread_bold(owner):
    other = person()
    notify(user_ids=[other.pk], kind="k", title="Rahasia orang lain", body="", dedup_key="a")
    html = _client(owner).get("/notifikasi/").content.decode()
    assert html.index("Baru &lt;b&gt;") < html.index("Lama")
    assert "<strong>Baru &lt;b&gt;</strong>" in html
    assert "2 notifikasi belum dibaca." in html
    assert "Rahasia orang lain" not in html


def test_mark_one_read_then_open_goes_to_its_page(owner):
    old = Notification.objects.get(title="Lama")
    response = _client(owner).post(f"/notifikasi/{old.pk}/baca/", {"buka": "1"})
    assert (response.status_code, response["Location"]) == (302, "/tenggat/1/")
    old.refresh_from_db()
    assert old.read_at is not None


def test_mark_read_ignores_a_foreign_return_address(owner):
    new = Notification.objects.get(title="Baru <b>")
    response = _client(owner).post(f"/notifikasi/{new.pk}/baca/", {"kembali": "https://evil.example/"})
    assert response["Location"] == "/notifikasi/"


def test_mark_all_read(owner):
    response = _client(owner).post("/notifikasi/baca-semua/", follow=True)
    assert "2 notifikasi ditandai sudah dibaca." in response.content.decode()
    assert Notification.objects.filter(user=owner, read_at__isnull=True).count() == 0


def test_another_users_notification_is_404_and_unchanged(owner):
    other = person()
    notify(user_ids=[other.pk], kind="k", title="X", body="", dedup_key="z")
    theirs = Notification.objects.get(user=other)
    response = _client(owner).post(f"/notifikasi/{theirs.pk}/baca/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_get_on_mark_read_is_refused(owner):
    new = Notification.objects.get(title="Baru <b>")
    assert _client(owner).get(f"/notifikasi/{new.pk}/baca/").status_code == 405


def test_preferences_page_mutes_a_kind_per_channel(owner, gateway):
    register_kind("deadline.reminder", "Pengingat tenggat")
    client = _client(owner)
    page = client.get("/notifikasi/preferensi/").content.decode()
    assert "Pengingat tenggat" in page
    assert 'name="pref__deadline.reminder__email" value="1" checked' in page
    assert "6281234567890" in page
    client.post("/notifikasi/preferensi/", {"pref__deadline.reminder__whatsapp": "1"})
    rows = NotificationPreference.objects.filter(user=owner, kind="deadline.reminder").order_by("channel")
    assert list(rows.values_list("kind", "channel", "enabled")) == [
        ("deadline.reminder", "email", False),
        ("deadline.reminder", "whatsapp", True),
    ]


def test_home_widget_and_badge_show_the_unread_count(owner):
    client = _client(owner)
    home = client.get("/beranda/").content.decode()
    assert '<span class="figure">2</span> belum dibaca' in home
    assert client.get("/notifikasi/jumlah/").content.decode().strip() == '<span class="badge badge-warn">2 baru</span>'


def test_anonymous_is_sent_to_login():
    response = Client().get("/notifikasi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")
