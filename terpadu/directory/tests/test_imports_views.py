"""Impor/Ekspor pages: upload and preview, commit of exactly the previewed file (as a job), templates and export."""

from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from terpadu.core.models import AuditEvent
from terpadu.core.navigation import menu_for
from terpadu.core.roles import Role
from terpadu.directory.models import DirectoryImportJob, Employee, Placement
from terpadu.directory.tests.factories import (
    AGENCY_ADMIN,
    ANONYMOUS,
    EMPLOYEE_IMPORT_HEADERS,
    OTHER_AGENCY_ADMIN,
    SAME_AGENCY_EMPLOYEE,
    AgencyFactory,
    GovernmentFactory,
    PositionFactory,
    login_as,
    user_for_case,
    user_with_role,
    xlsx_bytes,
)
from terpadu.directory.views.imports import PENDING_KEY

pytestmark = pytest.mark.django_db
CASES = [ANONYMOUS, OTHER_AGENCY_ADMIN, SAME_AGENCY_EMPLOYEE, AGENCY_ADMIN]
INDEX = reverse("directory:imports")
COMMIT = reverse("directory:import_commit")


@pytest.fixture(autouse=True)
def _memory_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


@pytest.fixture
def world():
    government = GovernmentFactory()
    mine = AgencyFactory(government=government, code="3.01")
    other = AgencyFactory(government=government, code="3.03")
    PositionFactory(agency=mine, code="STAF")
    return SimpleNamespace(government=government, mine=mine, other=other)


def _workbook(nip="198503142010031001", agency="3.01"):
    row = ["PNS", nip, "", "Siti Aminah", "", "", "", "", "", agency, "STAF", "", "2024-01-02", ""]
    return SimpleUploadedFile("pegawai.xlsx", xlsx_bytes({"pegawai": [EMPLOYEE_IMPORT_HEADERS, row]}))


def _login(client, case, world):
    user = user_for_case(case, agency=world.mine, other_agency=world.other)
    if user is not None:
        login_as(client, user)
    return user


def _state():
    return (Employee.objects.count(), Placement.objects.count(), AuditEvent.objects.count())


@pytest.mark.parametrize("case", CASES)
def test_upload_and_commit_by_authorization_case(client, world, case, django_capture_on_commit_callbacks):
    _login(client, case, world)
    before = _state()

    preview = client.post(INDEX, {"kind": "", "file": _workbook()})
    token = (client.session.get(PENDING_KEY) or {"": None}).popitem()[0] if case != ANONYMOUS else ""
    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(COMMIT, {"token": token})

    if case == ANONYMOUS:
        assert preview.status_code == committed.status_code == 302
        assert preview["Location"] == f"{reverse('directory:login')}?next={INDEX}"
        assert _state() == before
    elif case == SAME_AGENCY_EMPLOYEE:
        assert preview.status_code == committed.status_code == 403
        assert _state() == before
    elif case == OTHER_AGENCY_ADMIN:
        assert preview.status_code == 200
        assert [(e.row, e.column, e.reason) for e in preview.context["errors"]] == [
            (2, "kode_opd", "Anda tidak berwenang atas OPD 3.01.")
        ]
        assert "Simpan ke basis data" not in preview.content.decode()
        assert committed.status_code == 302
        assert _state() == before
    else:
        assert preview.status_code == 200
        assert "Simpan ke basis data" in preview.content.decode()
        job = DirectoryImportJob.objects.get()
        assert committed["Location"] == reverse("directory:import_job", args=[job.pk])
        assert job.status == DirectoryImportJob.Status.DONE
        assert Employee.objects.get(nip="198503142010031001").agency == world.mine
        assert client.session[PENDING_KEY] == {}


def test_the_preview_keeps_the_upload_in_storage_and_the_job_removes_it(
    client, world, django_capture_on_commit_callbacks
):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine))

    preview = client.post(INDEX, {"kind": "", "file": _workbook()})
    ((token, stored),) = client.session[PENDING_KEY].items()

    assert preview.context["token"] == token
    assert stored["name"] == f"imports/{token}.xlsx"
    assert default_storage.exists(stored["name"])
    assert Employee.objects.filter(nip="198503142010031001").count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(COMMIT, {"token": token})
    result = client.get(committed["Location"])

    assert not default_storage.exists(stored["name"])
    page = result.content.decode()
    assert "Status: <strong>Selesai</strong>" in page
    assert "Semua baris dari pegawai.xlsx telah disimpan dan dicatat dalam jejak audit." in page
    assert [(label, counts["create"]) for label, counts in result.context["summary"]] == [("Pegawai", 1)]
    assert 'hx-trigger="every 2s"' not in page


def test_a_stored_upload_changed_after_the_preview_fails_its_job_and_writes_nothing(
    client, world, django_capture_on_commit_callbacks
):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine))
    client.post(INDEX, {"kind": "", "file": _workbook()})
    ((token, stored),) = client.session[PENDING_KEY].items()
    default_storage.delete(stored["name"])
    default_storage.save(stored["name"], _workbook(nip="198503142010031002"))
    before = (Employee.objects.count(), Placement.objects.count())

    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(COMMIT, {"token": token})
    response = client.get(committed["Location"])

    job = DirectoryImportJob.objects.get()
    assert (job.status, job.error) == ("failed", "Berkas unggahan berubah sejak pratinjau; unggah ulang berkasnya.")
    page = response.content.decode()
    assert "Status: <strong>Gagal</strong>" in page
    assert "Berkas unggahan berubah sejak pratinjau; unggah ulang berkasnya." in page
    assert (Employee.objects.count(), Placement.objects.count()) == before
    assert not Employee.objects.filter(nip__in=["198503142010031001", "198503142010031002"]).exists()


def test_a_forged_file_is_refused_next_to_the_file_field(client, world):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine))

    response = client.post(INDEX, {"kind": "", "file": SimpleUploadedFile("pegawai.xlsx", b"nip,nama\n")})

    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel)."]}
    assert response.context["form"].data["kind"] == ""


def test_a_commit_without_a_preview_goes_back_to_the_form(client, world):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine))

    response = client.post(COMMIT, {"token": "tidak-ada"}, follow=True)

    assert response.redirect_chain == [(INDEX, 302)]
    assert "Pratinjau impor tidak ditemukan atau sudah dipakai; unggah ulang berkasnya." in response.content.decode()


def test_the_page_documents_columns_and_links_templates(client, world):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine))

    page = client.get(INDEX).content.decode()

    assert "<h1>Impor data direktori</h1>" in page
    assert reverse("directory:import_template", args=["employees", "csv"]) in page
    assert '<label for="id_file">Berkas XLSX atau CSV' in page
    assert '<label for="id_ekspor-kind">Jenis data' in page


def test_export_and_template_downloads(client, world):
    admin = user_with_role(Role.AGENCY_ADMIN, agency=world.mine)
    login_as(client, admin)

    export = client.get(reverse("directory:export_download"), {"ekspor-kind": "positions", "ekspor-format": "csv"})
    template = client.get(reverse("directory:import_template", args=["all", "xlsx"]))

    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert export["Content-Disposition"].startswith('attachment; filename="direktori-jabatan-')
    rows = [line.split(",") for line in export.content.decode("utf-8-sig").splitlines()[1:]]
    assert sorted((row[0], row[1]) for row in rows) == sorted(
        [("3.01", "STAF"), ("3.01", admin.employee.position.code)]
    )
    assert template["Content-Disposition"] == 'attachment; filename="templat-direktori.xlsx"'


def test_an_invalid_export_request_shows_the_form_again(client, world):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine))

    response = client.get(reverse("directory:export_download"), {"ekspor-kind": "all", "ekspor-format": "csv"})

    assert response.status_code == 422
    assert response.context["export_form"].errors == {
        "kind": ["Pilih jenis data (semua jenis sekaligus hanya untuk XLSX)."]
    }


@pytest.mark.parametrize(
    ("role", "visible"),
    [(Role.PLATFORM_ADMIN, True), (Role.AGENCY_ADMIN, True), (Role.AGENCY_OPERATOR, False), (Role.EMPLOYEE, False)],
)
def test_the_menu_entry_is_for_admins(role, visible):
    user = user_with_role(role)

    assert ("Impor/Ekspor" in [item.label for item in menu_for(user.get_actor())]) is visible
