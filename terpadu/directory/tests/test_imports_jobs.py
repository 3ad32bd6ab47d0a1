"""The import commit as a background job: queued, claimed once, progress, report, scoping of its page and API."""

from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.imports import directory_import
from terpadu.directory.imports.jobs import directory_import_enqueue
from terpadu.directory.imports.uploads import upload_store
from terpadu.directory.models import DirectoryImportJob, Employee, Placement
from terpadu.directory.tasks import directory_import_run
from terpadu.directory.tests.factories import (
    EMPLOYEE_IMPORT_HEADERS,
    AgencyFactory,
    GovernmentFactory,
    PositionFactory,
    bearer,
    directory_sheets,
    login_as,
    user_with_role,
    xlsx_bytes,
)
from terpadu.directory.views.imports import PENDING_KEY

pytestmark = pytest.mark.django_db
INDEX = reverse("directory:imports")
COMMIT = reverse("directory:import_commit")
NIPS = ["198503142010031001", "198503142010031002"]


@pytest.fixture(autouse=True)
def _memory_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


@pytest.fixture
def world():
    government = GovernmentFactory()
    mine = AgencyFactory(government=government, code="3.01")
    other = AgencyFactory(government=government, code="3.03")
    PositionFactory(agency=mine, code="STAF")
    admin = user_with_role(Role.AGENCY_ADMIN, agency=mine)
    return SimpleNamespace(government=government, mine=mine, other=other, admin=admin)


def _rows(*nips):
    return [
        ["PNS", nip, "", f"Pegawai {nip[-1]}", "", "", "", "", "", "3.01", "STAF", "", "2024-01-02", ""] for nip in nips
    ]


def _workbook(*nips):
    return xlsx_bytes({"pegawai": [EMPLOYEE_IMPORT_HEADERS, *_rows(*nips)]})


def _queued(user, data):
    """A queued job whose task has not run yet (its on-commit callback is dropped)."""
    return directory_import_enqueue(user=user, stored=upload_store(data=data, filename="pegawai.xlsx", kind=""))


def _state():
    return (Employee.objects.count(), Placement.objects.count(), AuditEvent.objects.count())


def test_the_commit_page_queues_a_job_that_writes_audits_and_shows_the_summary(
    client, world, django_capture_on_commit_callbacks
):
    login_as(client, world.admin)
    client.post(INDEX, {"kind": "", "file": SimpleUploadedFile("pegawai.xlsx", _workbook(*NIPS))})
    ((token, _stored),) = client.session[PENDING_KEY].items()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        committed = client.post(COMMIT, {"token": token})
    page = client.get(committed["Location"]).content.decode()

    job = DirectoryImportJob.objects.get()
    assert len(callbacks) == 1
    assert committed["Location"] == f"/direktori/impor-ekspor/tugas/{job.pk}/"
    assert (job.status, job.error, job.requested_by, job.agency) == ("done", "", world.admin, world.mine)
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.started_at is not None and job.finished_at is not None
    assert job.report["summary"] == {"employees": {"create": 2, "update": 0, "unchanged": 0, "invalid": 0}}
    assert job.report["errors"] == []
    assert "Status: <strong>Selesai</strong>" in page
    assert '<tr><th scope="row">Pegawai</th><td>2</td><td>0</td><td>0</td><td>0</td></tr>' in page
    assert 'hx-trigger="every 2s"' not in page
    assert set(Employee.objects.filter(nip__in=NIPS).values_list("agency", flat=True)) == {world.mine.pk}
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-6:] == [
        "directory.import.queued",
        "employee.create",
        "employee.place.pengangkatan",
        "employee.create",
        "employee.place.pengangkatan",
        "directory.import",
    ]
    assert client.session[PENDING_KEY] == {}
    assert not default_storage.exists(job.storage_name)
    index = client.get(INDEX).content.decode()
    assert "<h2>Impor terakhir</h2>" in index
    assert f'<a href="/direktori/impor-ekspor/tugas/{job.pk}/">pegawai.xlsx</a>' in index


def test_running_the_task_a_second_time_changes_nothing(world):
    job = _queued(world.admin, _workbook(*NIPS))

    assert directory_import_run(job.pk) == "done"
    after = (_state(), DirectoryImportJob.objects.values().get(pk=job.pk))
    assert directory_import_run(job.pk) is None

    assert (_state(), DirectoryImportJob.objects.values().get(pk=job.pk)) == after
    assert Employee.objects.filter(nip__in=NIPS).count() == 2


def test_a_queued_job_page_refreshes_itself_and_offers_a_reload_link(client, world):
    job = _queued(world.admin, _workbook(*NIPS))
    login_as(client, world.admin)

    page = client.get(reverse("directory:import_job", args=[job.pk])).content.decode()
    partial = client.get(reverse("directory:import_job_status", args=[job.pk])).content.decode()

    status_url = f"/direktori/impor-ekspor/tugas/{job.pk}/status/"
    assert f'hx-get="{status_url}" hx-trigger="every 2s" hx-swap="outerHTML"' in page
    assert f'<a href="/direktori/impor-ekspor/tugas/{job.pk}/">Muat ulang</a>' in page
    assert "Status: <strong>Menunggu</strong>" in partial and "<html" not in partial


def test_a_running_job_shows_its_progress_in_rows(client, world):
    job = _queued(world.admin, _workbook(*NIPS))
    DirectoryImportJob.objects.filter(pk=job.pk).update(status="running", progress_done=4000, progress_total=20000)
    login_as(client, world.admin)

    partial = client.get(reverse("directory:import_job_status", args=[job.pk])).content.decode()

    assert "Memproses 4.000 dari 20.000 baris…" in partial
    assert '<progress max="20000" value="4000">20%</progress>' in partial
    assert 'hx-trigger="every 2s"' in partial


def test_a_file_changed_in_storage_fails_the_job_and_writes_nothing(world):
    job = _queued(world.admin, _workbook(NIPS[0]))
    default_storage.delete(job.storage_name)
    default_storage.save(job.storage_name, SimpleUploadedFile("x", _workbook(NIPS[1])))
    before = _state()

    assert directory_import_run(job.pk) == "failed"

    job.refresh_from_db()
    assert job.error == "Berkas unggahan berubah sejak pratinjau; unggah ulang berkasnya."
    assert _state() == before
    assert not Employee.objects.filter(nip__in=NIPS).exists()


def test_row_errors_found_when_the_job_runs_fail_it_with_the_report_and_nothing_written(world):
    job = _queued(world.admin, _workbook(*NIPS))
    Employee.objects.filter(pk=world.admin.employee.pk).update(nip=NIPS[1])  # now taken by someone else
    world.mine.positions.filter(code="STAF").delete()
    before = _state()

    assert directory_import_run(job.pk) == "failed"

    job.refresh_from_db()
    assert job.error.startswith("Berkas memuat ") and job.error.endswith(" kesalahan; tidak ada data yang disimpan.")
    assert job.report["errors"] and job.report["committed"] is False
    assert _state() == before


def test_a_user_who_lost_the_admin_role_before_the_run_gets_a_failed_job(world):
    job = _queued(world.admin, _workbook(*NIPS))
    world.admin.role_assignments.all().delete()
    world.admin.is_active = False
    world.admin.save()

    assert directory_import_run(job.pk) == "failed"

    job.refresh_from_db()
    assert job.error == "Anda tidak berwenang mengimpor atau mengekspor data direktori."
    assert not Employee.objects.filter(nip__in=NIPS).exists()


def test_progress_is_reported_per_kind_and_ends_at_the_total(world):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=world.government)
    calls = []

    report = directory_import(
        user=admin,
        data=xlsx_bytes(directory_sheets()),
        filename="d.xlsx",
        dry_run=False,
        progress=lambda done, total: calls.append((done, total)),
    )

    assert report.committed
    total = sum(sum(vars(counts).values()) for counts in report.summary.values())
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 5  # the start, each kind and the batch of new employees


def test_another_agency_admin_gets_404_for_the_job_page_and_api(client, api_client, world):
    job = _queued(world.admin, _workbook(*NIPS))
    stranger = user_with_role(Role.AGENCY_ADMIN, agency=world.other)
    login_as(client, stranger)

    page = client.get(reverse("directory:import_job", args=[job.pk]))
    partial = client.get(reverse("directory:import_job_status", args=[job.pk]))
    api = api_client.get(f"/api/v1/directory/imports/jobs/{job.pk}", headers=bearer(stranger))

    assert (page.status_code, partial.status_code, api.status_code) == (404, 404, 404)
    assert "pegawai.xlsx" not in client.get(INDEX).content.decode()


def test_a_platform_admin_sees_the_jobs_of_the_government(client, world):
    job = _queued(world.admin, _workbook(*NIPS))
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government))

    assert client.get(reverse("directory:import_job", args=[job.pk])).status_code == 200
