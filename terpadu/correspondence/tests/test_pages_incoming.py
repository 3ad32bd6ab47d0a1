"""Registering an incoming letter at the records desk: the form, the scan, errors next to the fields with
nothing saved, duplicates refused, and only the records desk may open it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terpadu.correspondence.models import InboxItem, Letter
from terpadu.correspondence.tests.org import Org, build_org
from terpadu.correspondence.tests.test_pages_letter import PDF, client_for, page

pytestmark = pytest.mark.django_db
NEW = "/surat/masuk/baru/"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def org() -> Org:
    return build_org()


def form_data(org: Org, **overrides) -> dict:
    data = {
        "agency": org.dinkes.agency.pk,
        "sender_name": "Kementerian Kesehatan",
        "sender_number": "PR.01/123/2026",
        "sender_date": "2026-01-05",
        "received_on": "",
        "subject": "Pelaporan imunisasi",
        "body": "Mohon laporan imunisasi triwulan I.",
        "letter_type": "surat_dinas",
        "classification": "000.1.5",
        "urgency": "segera",
        "security_level": "",
        "srikandi_ref": "SRK-2026-0001",
    }
    data.update(overrides)
    return data


def test_the_records_desk_registers_a_letter_with_its_scan(org: Org) -> None:
    body = page(org.dinkes.admin, NEW)
    assert f'<option value="{org.dinkes.agency.pk}">DINKES — Dinas dinkes</option>' in body
    assert "Kementerian" not in body and 'accept=".pdf,.jpg,.jpeg,.png"' in body
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    response = client_for(org.dinkes.admin).post(NEW, {**form_data(org), "scan": scan})
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surat/naskah/{letter.pk}/"
    assert (letter.direction, letter.status, letter.srikandi_ref) == ("incoming", "received", "SRK-2026-0001")
    assert letter.sender_date == date(2026, 1, 5) and letter.scan_id is not None
    assert InboxItem.objects.get(letter=letter, kind="to").employee_id == org.dinkes.head.employee_id
    detail = page(org.dinkes.head, response["Location"])
    assert "Kementerian Kesehatan" in detail and "Nomor PR.01/123/2026" in detail and "SRIKANDI SRK-2026-0001" in detail
    assert f'href="/dokumen/berkas/{letter.scan_id}/"' in detail


def test_chosen_addressees_receive_it(org: Org) -> None:
    data = form_data(org, addressees=[org.dinkes.chief.employee_id])
    client_for(org.dinkes.admin).post(NEW, data)
    assert list(InboxItem.objects.filter(kind="to").values_list("employee_id", flat=True)) == [
        org.dinkes.chief.employee_id
    ]


def test_errors_are_shown_next_to_the_fields_and_nothing_is_saved(org: Org) -> None:
    response = client_for(org.dinkes.admin).post(NEW, form_data(org, sender_name="", sender_date="2999-01-01"))
    assert response.status_code == 422
    body = response.content.decode()
    assert '<p class="field-error" id="id_sender_name_error">Pengirim wajib diisi.</p>' in body
    assert '<p class="field-error" id="id_sender_date_error">Tanggal surat tidak boleh di masa depan.</p>' in body
    bad = SimpleUploadedFile("surat.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client_for(org.dinkes.admin).post(NEW, {**form_data(org), "scan": bad})
    assert response.status_code == 422 and 'id="id_scan_error"' in response.content.decode()
    assert not Letter.objects.exists()


def test_a_duplicate_is_refused(org: Org) -> None:
    client_for(org.dinkes.admin).post(NEW, form_data(org))
    response = client_for(org.dinkes.admin).post(NEW, form_data(org))
    assert response.status_code == 422 and "Naskah ini sudah dicatat" in response.content.decode()
    assert Letter.objects.count() == 1


def test_another_agency_cannot_be_chosen(org: Org) -> None:
    response = client_for(org.dinkes.admin).post(NEW, form_data(org, agency=org.kominfo.agency.pk))
    assert response.status_code == 422 and 'id="id_agency_error"' in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.parametrize("who", ["head", "staff", "chief"])
def test_only_the_records_desk_opens_the_form(org: Org, who: str) -> None:
    user = getattr(org.dinkes, who)
    assert client_for(user).get(NEW).status_code == 403
    assert client_for(user).post(NEW, form_data(org)).status_code == 403
    assert client_for(org.auditor).get(NEW).status_code == 403
    assert not Letter.objects.exists()
