"""Follow-up tracking: government-wide monitors see every agency and drill down; agency heads see their
agency only; employees are refused; a secret letter's subject is masked in the drill-down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from terpadu.correspondence.disposition_services import DispositionInput, disposition_create
from terpadu.correspondence.models import InboxItem
from terpadu.correspondence.tests.org import Org, build_org, draft_input
from terpadu.correspondence.tests.test_pages_letter import client_for, page, sent

pytestmark = pytest.mark.django_db
REPORT = "/surat/tindak-lanjut/"
ITEMS = "/surat/tindak-lanjut/daftar/"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def org() -> Org:
    return build_org()


def test_monitors_see_each_agency_and_drill_down(org: Org) -> None:
    sent(org)
    late = sent(org, subject="Permintaan data segera", urgency="segera")
    InboxItem.objects.filter(letter=late, kind="to").update(received_at=timezone.now() - timedelta(days=10))
    dinkes = org.dinkes.agency.pk
    for monitor in (org.sekda, org.bupati, org.auditor):
        body = page(monitor, REPORT)
        assert f'<a href="{REPORT}?opd={dinkes}">Dinas dinkes</a>' in body
        assert f'<a href="{ITEMS}?opd={dinkes}">2</a>' in body
        assert f'<a href="{ITEMS}?opd={dinkes}&amp;umur=0">1</a>' in body
        assert f'<a href="{ITEMS}?opd={dinkes}&amp;umur=2">1</a>' in body
        assert f'<a href="{ITEMS}?opd={dinkes}&amp;sifat=segera">1</a>' in body
    people = page(org.sekda, f"{REPORT}?opd={dinkes}")
    assert "Per pegawai — Dinas dinkes" in people and org.dinkes.head.employee.full_name in people
    items = page(org.sekda, f"{ITEMS}?opd={dinkes}&umur=2")
    assert "Permintaan data segera" in items and "Undangan rapat koordinasi" not in items
    assert "Saringan: 8-14 hari" in items


def test_an_agency_head_sees_their_agency_only(org: Org) -> None:
    sent(org)
    body = page(org.dinkes.head, REPORT)
    assert "Per pegawai — Dinas dinkes" in body and org.dinkes.head.employee.full_name in body
    kominfo = org.kominfo.agency.pk
    assert client_for(org.dinkes.head).get(f"{REPORT}?opd={kominfo}").status_code == 404
    assert client_for(org.dinkes.head).get(f"{ITEMS}?opd={kominfo}").status_code == 404
    assert "Undangan rapat koordinasi" in page(org.dinkes.head, ITEMS)
    assert "Undangan rapat koordinasi" not in page(org.kominfo.head, ITEMS)


@pytest.mark.parametrize("who", ["staff", "chief", "secretary"])
def test_employees_are_refused(org: Org, who: str) -> None:
    user = getattr(org.dinkes, who)
    assert client_for(user).get(REPORT).status_code == 403
    assert client_for(user).get(ITEMS).status_code == 403


def test_a_secret_letters_subject_is_masked_for_monitors_who_may_not_read_it(org: Org) -> None:
    secret = sent(
        org,
        subject="Pemeriksaan disiplin pegawai",
        classification="800.1.11",
        recipients=draft_input(org).recipients[:1],
    )
    dinkes = org.dinkes.agency.pk
    for monitor in (org.sekda, org.auditor, org.bupati):
        body = page(monitor, f"{ITEMS}?opd={dinkes}")
        assert "(naskah rahasia)" in body and secret.subject not in body
        assert f'href="/surat/naskah/{secret.pk}/"' not in body
    body = page(org.dinkes.head, ITEMS)
    assert secret.subject in body and f'href="/surat/naskah/{secret.pk}/"' in body


def test_overdue_dispositions_are_counted(org: Org) -> None:
    letter = sent(org)
    head_item = InboxItem.objects.get(letter=letter, kind="to")
    disposition_create(
        user=org.dinkes.head,
        item_id=head_item.pk,
        data=DispositionInput(recipient_ids=(org.dinkes.chief.employee_id,), instructions=("tindak_lanjuti",)),
    )
    InboxItem.objects.filter(kind="disposition").update(due_date=timezone.localdate() - timedelta(days=1))
    dinkes = org.dinkes.agency.pk
    body = page(org.sekda, REPORT)
    assert f'<a href="{ITEMS}?opd={dinkes}&amp;terlambat=1"><strong>1</strong></a>' in body
    items = page(org.sekda, f"{ITEMS}?opd={dinkes}&terlambat=1")
    assert org.dinkes.chief.employee.full_name in items and "terlambat" in items
