"""The boxes page (/surat/): tabs with counts, the filter bar and search, the HTMX partial, the home widget;
anonymous users go to the login; a secret letter never shows to leaders who do not take part in it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from terpadu.correspondence import letter_services
from terpadu.correspondence.disposition_services import DispositionInput, disposition_create
from terpadu.correspondence.models import InboxItem
from terpadu.correspondence.tests.org import Org, build_org, draft_input
from terpadu.correspondence.tests.test_pages_letter import client_for, draft, page, sent

pytestmark = pytest.mark.django_db

ALL_PAGES = [
    "/surat/",
    "/surat/baru/",
    "/surat/naskah/1/",
    "/surat/naskah/1/ubah/",
    "/surat/masuk/baru/",
    "/surat/tindak-lanjut/",
    "/surat/tindak-lanjut/daftar/",
    "/surat/arsip/",
    "/surat/arsip/retensi/",
    "/surat/arsip/retensi/ekspor/",
    "/surat/naskah/1/srikandi/",
]
ACTIONS = [
    "ajukan",
    "paraf",
    "kembalikan",
    "tandatangani",
    "kirim",
    "batalkan",
    "disposisi",
    "tindak-lanjut",
    "berkaskan",
]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def org() -> Org:
    return build_org()


@pytest.mark.parametrize("address", ALL_PAGES)
def test_anonymous_is_sent_to_login(address):
    response = client_for(None).get(address)
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_posts_are_sent_to_login(org, action):
    letter = draft(org)
    response = client_for(None).post(f"/surat/naskah/{letter.pk}/{action}/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    letter.refresh_from_db()
    assert letter.status == "draft"


def test_the_boxes_show_their_counts_and_unread_letters_in_bold(org: Org) -> None:
    letter = sent(org)
    body = page(org.dinkes.head, "/surat/")
    assert '<a href="?box=unread">Belum dibaca <span class="count">1</span></a>' in body
    assert '<a href="?box=follow_up">Perlu ditindaklanjuti <span class="count">1</span></a>' in body
    assert '<a href="?box=all" aria-current="page">Semua <span class="count">1</span></a>' in body
    assert '<tr class="unread">' in body and f"<strong>{letter.subject}</strong>" in body
    assert letter.number in body and "agenda 1" in body and "Dinas kominfo" in body
    assert "Belum ditindaklanjuti" in body

    page(org.dinkes.head, f"/surat/naskah/{letter.pk}/")  # reading it
    body = page(org.dinkes.head, "/surat/?box=unread")
    assert "Tidak ada naskah di kotak ini." in body
    assert '<tr class="unread">' not in page(org.dinkes.head, "/surat/")


def test_the_drafters_boxes(org: Org) -> None:
    letter = draft(org)
    body = page(org.kominfo.chief, "/surat/?box=drafts")
    assert '<a href="?box=drafts" aria-current="page">Konsep <span class="count">1</span></a>' in body
    assert f'href="/surat/naskah/{letter.pk}/"' in body
    assert "Tidak ada naskah di kotak ini." in page(org.kominfo.chief, "/surat/?box=sent")


def test_an_overdue_disposition_is_marked_late(org: Org) -> None:
    letter = sent(org)
    head_item = InboxItem.objects.get(letter=letter, kind="to")
    disposition_create(
        user=org.dinkes.head,
        item_id=head_item.pk,
        data=DispositionInput(recipient_ids=(org.dinkes.chief.employee_id,), instructions=("tindak_lanjuti",)),
    )
    InboxItem.objects.filter(kind="disposition").update(due_date=timezone.localdate() - timedelta(days=2))
    body = page(org.dinkes.chief, "/surat/?box=dispositions_pending")
    assert '<span class="badge badge-bad">terlambat</span>' in body
    assert f"{org.dinkes.head.employee.full_name} (disposisi)" in body


def test_filters_and_search(org: Org) -> None:
    first = sent(org)
    second = sent(org, subject="Permohonan data stunting", urgency="segera")
    head = org.dinkes.head
    body = page(head, "/surat/?urgency=segera")
    assert second.subject in body and first.subject not in body
    body = page(head, "/surat/?q=stunting")
    assert "Hasil pencarian" in body and second.subject in body and first.subject not in body
    body = page(head, "/surat/?date_from=2030-01-02&date_to=2030-01-01")
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in body


def test_htmx_gets_only_the_table(org: Org) -> None:
    sent(org)
    response = client_for(org.dinkes.head).get("/surat/", {"box": "cc"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "<h2>Tembusan</h2>" in body
    assert "HX-Request" in response["Vary"]
    full = page(org.dinkes.head, "/surat/")
    assert 'hx-get="/surat/" hx-target="#hasil-surat" hx-push-url="true"' in full


def test_a_secret_letter_never_shows_to_other_leaders(org: Org) -> None:
    secret = sent(
        org,
        subject="Pemeriksaan disiplin pegawai",
        classification="800.1.11",
        recipients=draft_input(org).recipients[:1],
    )
    assert secret.security_level == "rahasia"
    open_letter = sent(org, subject="Pemeriksaan jaringan kantor")
    for outsider in (org.sekda, org.bupati, org.auditor, org.dinkes.admin, org.kominfo.staff):
        inbox = page(outsider, "/surat/")
        assert secret.subject not in inbox
        results = page(outsider, "/surat/?q=pemeriksaan")
        assert secret.subject not in results
    assert open_letter.subject in page(org.sekda, "/surat/?q=pemeriksaan")
    assert secret.subject in page(org.dinkes.head, "/surat/?q=pemeriksaan")


def test_the_home_widget_counts_the_users_work(org: Org) -> None:
    letter = draft(org)
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    body = page(org.kominfo.secretary, "/beranda/")
    assert '<h2 id="widget-esurat">E-Surat</h2>' in body
    assert '<a href="/surat/?box=to_review"><span class="figure">1</span> perlu paraf</a>' in body
    assert '<a href="/surat/?box=to_sign"><span class="figure">0</span> perlu tanda tangan</a>' in body


def test_the_menu_offers_the_pages_by_role(org: Org) -> None:
    staff = page(org.kominfo.staff, "/beranda/")
    assert 'href="/surat/"' in staff and 'href="/surat/baru/"' in staff
    assert 'href="/surat/masuk/baru/"' not in staff and 'href="/surat/tindak-lanjut/"' not in staff
    desk = page(org.kominfo.admin, "/beranda/")
    assert 'href="/surat/masuk/baru/"' in desk and 'href="/surat/arsip/"' in desk
    auditor = page(org.auditor, "/beranda/")
    assert 'href="/surat/baru/"' not in auditor and 'href="/surat/tindak-lanjut/"' in auditor


def test_the_inbox_costs_the_same_queries_for_one_letter_or_many(org: Org, django_assert_max_num_queries) -> None:
    sent(org)
    client = client_for(org.dinkes.head)
    with CaptureQueriesContext(connection) as one:
        client.get("/surat/")
    for n in range(6):
        sent(org, subject=f"Surat ke-{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get("/surat/").content.decode()
    assert "Surat ke-5" in body
