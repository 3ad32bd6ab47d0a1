"""Archive pages: opening and closing dossiers, filing a letter from its page, the retention report and
its XLSX; who may do what."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from terpadu.correspondence import archive
from terpadu.correspondence.models import ClassificationCode, Dossier
from terpadu.correspondence.tests.org import Org, build_org
from terpadu.correspondence.tests.test_pages_letter import client_for, page, sent

pytestmark = pytest.mark.django_db
ARCHIVE = "/surat/arsip/"
RETENTION = "/surat/arsip/retensi/"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def org() -> Org:
    org = build_org()
    ClassificationCode.objects.filter(government=org.government, code="000.1.5").update(
        active_years=2, inactive_years=3, final_disposition="musnah"
    )
    return org


def dossier_data(org: Org, **overrides) -> dict:
    data = {
        "agency": org.kominfo.agency.pk,
        "classification": "000.1.5",
        "number": "B-01",
        "title": "Rapat pimpinan 2020",
        "year": 2020,
        "location": "Rak 1",
    }
    data.update(overrides)
    return data


def test_the_records_desk_opens_and_closes_a_dossier(org: Org) -> None:
    admin = org.kominfo.admin
    assert "Buka berkas baru" in page(admin, ARCHIVE)
    response = client_for(admin).post(ARCHIVE, dossier_data(org))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    body = page(admin, ARCHIVE)
    assert "Rapat pimpinan 2020" in body and f'action="/surat/arsip/{dossier.pk}/tutup/"' in body
    client_for(admin).post(f"/surat/arsip/{dossier.pk}/tutup/", {"closed_on": "2020-12-31"})
    dossier.refresh_from_db()
    assert str(dossier.closed_on) == "2020-12-31"


def test_errors_on_the_dossier_form(org: Org) -> None:
    response = client_for(org.kominfo.admin).post(ARCHIVE, dossier_data(org, title="", classification="999"))
    assert response.status_code == 422
    body = response.content.decode()
    assert '<p class="field-error" id="id_title_error">Uraian berkas wajib diisi.</p>' in body
    assert not Dossier.objects.exists()


def test_readers_without_filing_rights_see_no_form_and_cannot_post(org: Org) -> None:
    archive.dossier_create(
        user=org.kominfo.admin,
        agency_id=org.kominfo.agency.pk,
        classification="000.1.5",
        number="B-01",
        title="Berkas jaringan",
        year=2020,
    )
    body = page(org.sekda, ARCHIVE)
    assert "Berkas jaringan" in body and "Buka berkas baru" not in body and "Tutup berkas" not in body
    assert client_for(org.auditor).post(ARCHIVE, dossier_data(org, number="B-02")).status_code == 403
    assert client_for(org.dinkes.admin).post(ARCHIVE, dossier_data(org, number="B-03")).status_code == 422
    assert Dossier.objects.count() == 1
    assert "Berkas jaringan" not in page(org.dinkes.admin, ARCHIVE)
    assert (
        client_for(org.dinkes.admin)
        .post(f"/surat/arsip/{Dossier.objects.get().pk}/tutup/", {"closed_on": "2020-12-31"})
        .status_code
        == 404
    )
    assert client_for(org.kominfo.staff).get(ARCHIVE).status_code == 403


def test_a_sent_letter_is_filed_from_its_page(org: Org) -> None:
    letter = sent(org)
    dossier = archive.dossier_create(
        user=org.kominfo.admin,
        agency_id=org.kominfo.agency.pk,
        classification="000.1.5",
        number="B-07",
        title="Koordinasi jaringan",
        year=2026,
    )
    body = page(org.kominfo.admin, f"/surat/naskah/{letter.pk}/")
    assert f'<option value="{dossier.pk}">B-07 — Koordinasi jaringan (2026, KOMINF)</option>' in body
    response = client_for(org.kominfo.admin).post(
        f"/surat/naskah/{letter.pk}/berkaskan/", {"berkas-dossier": dossier.pk}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.dossier_id == dossier.pk
    assert "B-07 — Koordinasi jaringan" in page(org.kominfo.admin, f"/surat/naskah/{letter.pk}/")
    # the auditor cannot file it
    assert (
        client_for(org.auditor)
        .post(f"/surat/naskah/{letter.pk}/berkaskan/", {"berkas-dossier": dossier.pk})
        .status_code
        == 403
    )


def test_the_retention_report_and_its_xlsx(org: Org) -> None:
    dossier = archive.dossier_create(
        user=org.kominfo.admin,
        agency_id=org.kominfo.agency.pk,
        classification="000.1.5",
        number="B-01",
        title="Rapat pimpinan 2020",
        year=2020,
    )
    archive.dossier_close(user=org.kominfo.admin, dossier=dossier, closed_on=date(2020, 12, 31))
    body = page(org.kominfo.admin, RETENTION)
    assert "B-01 — Rapat pimpinan 2020" in body and "Musnah" in body and "Jatuh tempo keterangan akhir" in body
    assert "Tidak ada berkas tertutup pada tahap ini." in page(org.kominfo.admin, f"{RETENTION}?stage=aktif")
    response = client_for(org.kominfo.admin).get(f"{RETENTION}ekspor/")
    assert response["Content-Disposition"] == 'attachment; filename="retensi-arsip.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("OPD", "Nomor berkas", "Uraian")
    assert rows[1][0:5] == ("Dinas kominfo", "B-01", "Rapat pimpinan 2020", "000.1.5", "Rapat pimpinan")
    assert rows[1][8:] == ("Jatuh tempo keterangan akhir", "Musnah")
    assert len(rows) == 2
    assert client_for(org.kominfo.staff).get(f"{RETENTION}ekspor/").status_code == 403
