"""Drafting pages: a new letter and changing a draft, as plain form posts; the service's refusals stand
next to the fields in Indonesian and nothing is saved."""

from __future__ import annotations

import pytest

from terpadu.correspondence import letter_services
from terpadu.correspondence.models import Letter
from terpadu.correspondence.tests.org import Org, build_org
from terpadu.correspondence.tests.test_pages_letter import client_for, draft, page

pytestmark = pytest.mark.django_db
NEW = "/surat/baru/"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def org() -> Org:
    return build_org()


def form_data(org: Org, **overrides) -> dict:
    data = {
        "letter_type": "surat_dinas",
        "classification": "000.1.5",
        "subject": "Undangan rapat koordinasi jaringan",
        "body": "Dengan hormat,\r\n\r\nKami mengundang Saudara.",
        "urgency": "segera",
        "security_level": "",
        "attachment_note": "1 berkas",
        "place": "Kota Uji",
        "to_agencies": [org.dinkes.agency.pk],
        "to_external": "Direktur PT Maju; Jl. Merdeka 1, Kupang\n\nKepala Balai Wilayah",
        "cc_employees": [org.sekda.employee_id],
        "reviewer_1": org.kominfo.secretary.employee_id,
        "reviewer_2": "",
        "signer": org.kominfo.head.employee_id,
        "signing_authority": "agency_head",
        "delegation": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_choices(org: Org) -> None:
    body = page(org.kominfo.chief, NEW)
    assert '<option value="surat_dinas">Surat Dinas (Surat Biasa)</option>' in body
    assert (
        '<datalist id="daftar-kode-klasifikasi">' in body
        and '<option value="000.1.5">000.1.5 Rapat pimpinan</option>' in body
    )
    assert f'<option value="{org.dinkes.agency.pk}">DINKES — Dinas dinkes</option>' in body
    assert org.dinkes.head.employee.full_name in body  # another agency's head is addressable
    assert org.dinkes.staff.employee.full_name not in body  # its staff are not offered
    assert '<label for="id_reviewer_1">Pemaraf 1</label>' in body and 'id="id_reviewer_5"' in body
    assert "<legend>Tembusan</legend>" in body


def test_a_valid_post_saves_a_draft_with_its_addressees_in_order(org: Org) -> None:
    response = client_for(org.kominfo.chief).post(NEW, form_data(org))
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surat/naskah/{letter.pk}/"
    assert (letter.status, letter.urgency, letter.classification.code) == ("draft", "segera", "000.1.5")
    assert letter.body == "Dengan hormat,\n\nKami mengundang Saudara."
    rows = list(letter.recipients.values_list("kind", "target", "name", "address"))
    assert rows == [
        ("to", "agency", "Kepala Dinas dinkes", ""),
        ("to", "external", "Direktur PT Maju", "Jl. Merdeka 1, Kupang"),
        ("to", "external", "Kepala Balai Wilayah", ""),
        ("cc", "employee", org.sekda.employee.full_name, ""),
    ]
    assert list(letter.reviews.values_list("order", "reviewer_id")) == [(1, org.kominfo.secretary.employee_id)]
    assert letter.signer_id == org.kominfo.head.employee_id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject": " "}, "subject", "Hal wajib diisi."),
        (
            {"classification": "999.9"},
            "classification",
            "Kode klasifikasi &#x27;999.9&#x27; tidak ada atau tidak aktif.",
        ),
        ({"to_agencies": [], "to_external": ""}, "to_agencies", "Isi paling sedikit satu tujuan (Yth.)."),
        ({"reviewer_1": "", "reviewer_2": ""}, None, None),
    ],
)
def test_errors_stand_next_to_the_field_and_nothing_is_saved(org: Org, overrides, field, message) -> None:
    if field is None:  # a draft without reviewers is fine
        assert client_for(org.kominfo.chief).post(NEW, form_data(org, **overrides)).status_code == 302
        return
    response = client_for(org.kominfo.chief).post(NEW, form_data(org, **overrides))
    assert response.status_code == 422
    body = response.content.decode()
    assert f'<p class="field-error" id="id_{field}_error">{message}</p>' in body
    assert 'value="Kota Uji"' in body  # the input is kept
    assert not Letter.objects.exists()


def test_the_same_reviewer_twice_is_refused(org: Org) -> None:
    data = form_data(org, reviewer_2=org.kominfo.secretary.employee_id)
    body = client_for(org.kominfo.chief).post(NEW, data).content.decode()
    assert '<p class="field-error" id="id_reviewer_1_error">Pegawai yang sama tercantum dua kali.</p>' in body
    assert not Letter.objects.exists()


def test_an_unknown_choice_is_refused_by_the_form(org: Org) -> None:
    response = client_for(org.kominfo.chief).post(NEW, form_data(org, to_agencies=[999999]))
    assert response.status_code == 422
    assert 'id="id_to_agencies_error"' in response.content.decode()
    assert not Letter.objects.exists()


def test_the_drafter_edits_and_the_form_is_prefilled(org: Org) -> None:
    letter = draft(org)
    body = page(org.kominfo.chief, f"/surat/naskah/{letter.pk}/ubah/")
    assert 'value="Undangan rapat koordinasi jaringan"' in body
    assert f'<option value="{org.kominfo.secretary.employee_id}" selected>' in body
    assert f'<option value="{org.dinkes.agency.pk}" selected>' in body
    response = client_for(org.kominfo.chief).post(
        f"/surat/naskah/{letter.pk}/ubah/", form_data(org, subject="Rapat koordinasi (revisi)")
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.subject == "Rapat koordinasi (revisi)"


def test_only_the_drafter_edits_and_only_while_editable(org: Org) -> None:
    letter = draft(org)
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    assert client_for(org.kominfo.secretary).get(f"/surat/naskah/{letter.pk}/ubah/").status_code == 403
    response = client_for(org.kominfo.chief).get(f"/surat/naskah/{letter.pk}/ubah/")
    assert response.status_code == 302 and response["Location"] == f"/surat/naskah/{letter.pk}/"


def test_the_auditor_cannot_draft(org: Org) -> None:
    assert client_for(org.auditor).get(NEW).status_code == 403
    assert client_for(org.auditor).post(NEW, form_data(org)).status_code == 403
    assert not Letter.objects.exists()
