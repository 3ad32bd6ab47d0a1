"""Classification pages: everyone logged in reads; only the platform admin imports and exports."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.correspondence import services
from terpadu.correspondence.models import ClassificationCode, ClassificationImport
from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory, user_with_role, xlsx_bytes

from .test_imports import BAD, VALID

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False  # these tests are about E-Surat, not the login


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def xlsx_file(rows, name="klasifikasi.xlsx"):
    upload = io.BytesIO(xlsx_bytes({"Klasifikasi": rows}))
    upload.name = name
    return upload


@pytest.fixture
def government():
    government = GovernmentFactory()
    services.classification_seed_top_levels(government)
    return government


def test_everyone_logged_in_reads_the_list_in_tree_order_and_filters(government):
    ClassificationCode.objects.create(government=government, code="000.10", name="Lain", depth=2, sort_key="000.010")
    ClassificationCode.objects.create(government=government, code="000.2", name="Dua", depth=2, sort_key="000.002")
    other = GovernmentFactory()
    ClassificationCode.objects.create(government=other, code="000.3", name="Milik lain", depth=2, sort_key="000.003")
    user = user_with_role(Role.EMPLOYEE, agency=AgencyFactory(government=government))
    page = client_for(user).get("/surat/klasifikasi/").content.decode()
    assert page.index("<td>000.2<") < page.index("<td>000.10<") < page.index("<td>100<")
    assert "Milik lain" not in page and "Impor dari XLSX" not in page
    filtered = client_for(user).get("/surat/klasifikasi/?q=kepegawaian").content.decode()
    assert "<td>800<" in filtered and "<td>100<" not in filtered


ADMIN_PAGES = ["/surat/klasifikasi/impor/", "/surat/klasifikasi/ekspor/"]


@pytest.mark.parametrize("url", [*ADMIN_PAGES, "/surat/klasifikasi/"])
def test_anonymous_is_sent_to_login(url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.AGENCY_ADMIN, Role.EMPLOYEE, Role.AUDITOR])
def test_others_are_refused_the_admin_pages_and_nothing_changes(government, role):
    user = user_with_role(role, government=government)
    client = client_for(user)
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 403
    assert client.post("/surat/klasifikasi/impor/", {"file": xlsx_file(VALID)}).status_code == 403
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    client_for(admin).post("/surat/klasifikasi/impor/", {"file": xlsx_file(VALID)})
    batch = ClassificationImport.objects.get()
    assert client.post(f"/surat/klasifikasi/impor/{batch.pk}/").status_code == 403
    assert ClassificationCode.objects.filter(government=government).count() == 10
    assert not AuditEvent.objects.filter(action="correspondence.classification.import").exists()


def test_admin_uploads_previews_and_commits(government):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    client = client_for(admin)
    response = client.post("/surat/klasifikasi/impor/", {"file": xlsx_file(VALID)})
    batch = ClassificationImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surat/klasifikasi/impor/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Kode baru: 8" in page and "Simpan semua" in page
    assert ClassificationCode.objects.filter(government=government).count() == 10
    response = client.post(f"/surat/klasifikasi/impor/{batch.pk}/")
    assert response.status_code == 302 and response["Location"] == "/surat/klasifikasi/"
    assert ClassificationCode.objects.filter(government=government).count() == 18


def test_a_file_with_errors_shows_them_and_cannot_be_committed(government):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    client = client_for(admin)
    client.post("/surat/klasifikasi/impor/", {"file": xlsx_file(BAD)})
    batch = ClassificationImport.objects.get()
    page = client.get(f"/surat/klasifikasi/impor/{batch.pk}/").content.decode()
    assert (
        "<td>6</td><td>kode</td><td>Kode induk 000.9 belum ada (di basis data atau di baris sebelumnya).</td>" in page
    )
    assert "Simpan semua" not in page
    page = client.post(f"/surat/klasifikasi/impor/{batch.pk}/").content.decode()
    assert "Impor dibatalkan: 11 kesalahan. Tidak ada data yang disimpan." in page
    assert ClassificationCode.objects.filter(government=government).count() == 10


def test_a_bad_upload_shows_the_reason_on_the_form(government):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    response = client_for(admin).post("/surat/klasifikasi/impor/", {"file": xlsx_file(VALID, name="k.csv")})
    assert response.status_code == 200
    assert "Format berkas harus .xlsx." in response.content.decode()
    assert not ClassificationImport.objects.exists()


def test_another_governments_import_is_not_found(government):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    client_for(admin).post("/surat/klasifikasi/impor/", {"file": xlsx_file(VALID)})
    stranger = user_with_role(Role.PLATFORM_ADMIN, government=GovernmentFactory())
    batch = ClassificationImport.objects.get()
    assert client_for(stranger).post(f"/surat/klasifikasi/impor/{batch.pk}/").status_code == 404
    assert ClassificationCode.objects.filter(government=government).count() == 10


def test_export_round_trips_the_import_columns(government):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    client = client_for(admin)
    client.post("/surat/klasifikasi/impor/", {"file": xlsx_file(VALID)})
    client.post(f"/surat/klasifikasi/impor/{ClassificationImport.objects.get().pk}/")
    response = client.get("/surat/klasifikasi/ekspor/")
    assert response["Content-Disposition"] == 'attachment; filename="kode-klasifikasi.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("kode", "nama", "retensi_aktif", "retensi_inaktif", "keterangan_akhir", "klasifikasi_keamanan")
    assert rows[1] == ("000", "Umum", None, None, None, "biasa")
    assert ("800.1.11.1", "Surat Perintah Dinas/Surat Tugas", 1, 2, "permanen", "sangat rahasia") in rows
    assert ("000.8.3.3", "Standar Pelayanan", 5, 5, "dinilai kembali", "biasa") in rows
