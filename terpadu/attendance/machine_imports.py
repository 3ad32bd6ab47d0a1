"""Imports of fingerprint/face machine logs, per agency: all rows or none, never the same punch twice.

Who: a manager of the agency (:func:`policies.can_manage_agency`) — its head or admin for their own agency,
the platform admin for any agency of the government (chosen explicitly).

What: a CSV/XLSX log (``nip,timestamp[,device]``, see :mod:`machine_import_rules`). Every row is checked first;
when any row is invalid nothing is written and the import is recorded as rejected with its row errors. Else
each valid line becomes an :class:`AttendanceEvent` (source ``machine``), the first punch of an employee's
local day ``in`` and the later ones ``out``; a line repeated in the file, or already stored by an earlier
import, is a duplicate (the partial unique index ``event_machine_unique`` decides, so it is never counted
twice). The uploaded file is kept through terpadu/documents (purpose :data:`PURPOSE`), the import is audited,
and the days of the employees touched are recomputed by a job after commit.

Speed: identifiers are resolved with one query for the government's NIP/NI PPPK and one for the agency's
machine ids; the rows are parsed in one pass into compact arrays; the write is COPY + ``INSERT … SELECT …
ON CONFLICT DO NOTHING`` on PostgreSQL and ``executemany`` of ``INSERT OR IGNORE`` on SQLite
(:mod:`machine_import_writes`). A million rows take a few seconds (``make bench``: attendance_import).

Synchronous or job: a file of at most :data:`SYNC_LIMIT` data rows is imported in the request and answers its
result at once (page and API). A bigger one is stored and imported by a background job
(:func:`machine_import_job_run`); its progress is kept in the cache (shared across processes with Redis),
and it is finished when its MachineImport exists (``file`` = the stored upload), which the job page and
``GET /api/v1/attendance/imports/jobs/{id}`` read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import ApplicationError, NotFound, ValidationFailed
from terpadu.core.jobs import enqueue
from terpadu.core.roles import Actor, Role, actor_of
from terpadu.directory.models import Agency, Employee, Government
from terpadu.documents.interfaces import store_upload, stored_file_open
from terpadu.documents.models import StoredFile

from . import machine_import_files as files
from . import machine_import_rules as rules
from . import machine_import_writes as writes
from . import policies
from .models import MachineImport, MachineUserMap

logger = logging.getLogger(__name__)
PURPOSE = "absensi-log-mesin"
SYNC_LIMIT = 50_000
JOB_TASK = "terpadu.attendance.tasks_imports.machine_import_run"
DAYS_TASK = "terpadu.attendance.tasks_imports.machine_import_days"
PROGRESS_SECONDS = 24 * 3600
FAILED_SYSTEM = "Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. Ulangi impor atau hubungi admin."
Status = MachineImport.Status
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    status: str
    rows: int
    imported: int
    duplicates: int
    errors: list[dict[str, Any]]
    error_count: int

    @property
    def ok(self) -> bool:
        return self.status == Status.DONE

    def as_json(self) -> dict[str, Any]:
        """Exactly the API's answer: ``{"imported", "duplicates", "errors": [{"row", "column", "message"}]}``."""
        return {"imported": self.imported, "duplicates": self.duplicates, "errors": self.errors}

    @property
    def message(self) -> str:
        if self.ok:
            return f"{angka(self.imported)} catatan presensi masuk, {angka(self.duplicates)} duplikat dilewati."
        shown = f" ({angka(len(self.errors))} pertama ditampilkan)" if self.error_count > len(self.errors) else ""
        return f"Berkas memuat {angka(self.error_count)} kesalahan{shown}; tidak ada data yang disimpan."


@dataclass(frozen=True)
class QueuedImport:
    file_id: int
    file_name: str
    estimated_rows: int


@dataclass(frozen=True)
class JobStatus:
    file_id: int
    file_name: str
    status: str  # queued, running, done, rejected
    done: int
    total: int
    result: ImportResult | None = field(default=None)

    @property
    def active(self) -> bool:
        return self.result is None


def angka(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# --- who imports for which agency ---------------------------------------------------------------------------


def _actor(user: Any) -> Actor:
    actor = actor_of(user)
    policies.ensure(actor is not None and actor.government_id is not None)
    assert actor is not None
    return actor


def _government_id(actor: Actor) -> int:
    assert actor.government_id is not None
    return actor.government_id


def agency_for_import(*, user: Any, agency_id: int | None) -> Agency:
    """The agency an import is for: the one chosen, or the only one the user manages."""
    actor = _actor(user)
    if agency_id is None:
        managed = sorted(actor.agencies_with(*policies.AGENCY_MANAGERS))
        if actor.has_role(Role.PLATFORM_ADMIN) or len(managed) != 1:
            message = "Pilih OPD yang log mesinnya diimpor."
            raise ValidationFailed(message, code="agency_required", fields={"agency_id": message})
        agency_id = managed[0]
    agency = Agency.objects.filter(government_id=_government_id(actor), pk=agency_id).first()
    if agency is None:
        raise NotFound("OPD tidak ditemukan.")
    policies.ensure(
        policies.can_manage_agency(actor, agency.pk), "Anda tidak berwenang mengimpor presensi untuk OPD ini."
    )
    return agency


def manageable_agencies(*, user: Any) -> QuerySet[Agency]:
    """The agencies the user may import for (the platform admin: every agency of the government)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None or not policies.may_write(actor):
        return Agency.objects.none()
    agencies = Agency.objects.filter(government_id=actor.government_id).order_by("code", "name")
    if actor.has_role(Role.PLATFORM_ADMIN):
        return agencies
    return agencies.filter(pk__in=sorted(actor.agencies_with(*policies.AGENCY_MANAGERS)))


# --- the import itself ----------------------------------------------------------------------------------------


def _directory(agency: Agency) -> rules.Directory:
    """NIP and NI PPPK of the government (one query) and the agency's machine ids (one query)."""
    numbers: dict[str, tuple[int, int | None]] = {}
    people = Employee.objects.filter(government_id=agency.government_id).exclude(kind=Employee.Kind.ELECTED)
    for pk, nip, pppk, agency_id in people.values_list("pk", "nip", "pppk_number", "agency_id").order_by():
        for number in (nip, pppk):
            if number:
                numbers[number] = (pk, agency_id)
    mapped = MachineUserMap.objects.filter(agency=agency).values_list(
        "machine_user_id", "employee_id", "employee__agency_id"
    )
    machine_ids = {uid: (employee, employee_agency) for uid, employee, employee_agency in mapped.order_by()}
    return rules.Directory(numbers, machine_ids, agency.pk, agency.name)


def parse_log(
    *, data: bytes, agency: Agency, zone: ZoneInfo, now: datetime, progress: Progress | None = None
) -> rules.Parsed:
    """Every row of the file checked against the directory (no write)."""
    try:
        log = files.read_log(data)
    except files.UnreadableFile as exc:
        return _failed(1, "", str(exc))
    columns = rules.read_header(log.header)
    if isinstance(columns, list):
        parsed = rules.Parsed()
        for error in columns:
            parsed.fail(error.row, error.column, error.message)
        return parsed
    total = log.estimated_rows
    parsed = rules.parse_rows(
        log.rows,
        columns=columns,
        zone=zone,
        now=now,
        directory=_directory(agency),
        progress=(lambda done: progress(done, total)) if progress else None,
    )
    if parsed.rows == 0 and parsed.ok:
        parsed.fail(1, "", rules.NO_ROWS)
    return parsed


def _failed(row: int, column: str, message: str) -> rules.Parsed:
    parsed = rules.Parsed()
    parsed.fail(row, column, message)
    return parsed


def _result(record: MachineImport, error_count: int) -> ImportResult:
    return ImportResult(
        import_id=record.pk,
        status=record.status,
        rows=record.rows,
        imported=record.imported,
        duplicates=record.duplicates,
        errors=list(record.errors),
        error_count=error_count,
    )


def machine_import_data(
    *,
    user: Any,
    agency: Agency,
    data: bytes,
    filename: str,
    file_id: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a log's bytes for ``agency`` as ``user`` (all rows or none); the recorded result."""
    actor = _actor(user)
    policies.ensure(
        policies.can_manage_agency(actor, agency.pk) and actor.government_id == agency.government_id,
        "Anda tidak berwenang mengimpor presensi untuk OPD ini.",
    )
    zone = ZoneInfo(Government.objects.values_list("timezone", flat=True).get(pk=agency.government_id))
    now = timezone.now()
    parsed = parse_log(data=data, agency=agency, zone=zone, now=now, progress=progress)
    with transaction.atomic():
        record = MachineImport.objects.create(
            government_id=agency.government_id,
            agency=agency,
            file_id=file_id,
            file_name=filename[:255],
            uploaded_by=user,
            uploaded_at=now,
            status=Status.DONE if parsed.ok else Status.REJECTED,
            rows=parsed.rows,
            errors=[error.as_dict() for error in parsed.errors],
        )
        if parsed.ok:
            _write(record, parsed, now)
        _audit(user, record, parsed.error_count)
    if progress is not None:
        progress(parsed.rows, parsed.rows)
    return _result(record, parsed.error_count)


def _write(record: MachineImport, parsed: rules.Parsed, now: datetime) -> None:
    assert record.agency_id is not None
    kinds = rules.kinds(parsed, writes.stored_first(parsed, agency_id=record.agency_id))
    inserted = writes.insert_events(
        parsed, kinds, government_id=record.government_id, agency_id=record.agency_id, import_id=record.pk, now=now
    )
    record.imported, record.duplicates = inserted, parsed.valid - inserted
    record.save(update_fields=["imported", "duplicates"])
    if inserted:
        enqueue(DAYS_TASK, record.pk)


def _audit(user: Any, record: MachineImport, error_count: int) -> None:
    audit_record(
        actor=user,
        action=f"attendance.machine_import.{record.status}",
        target=record,
        government_id=record.government_id,
        agency_id=record.agency_id,
        after={
            "file_name": record.file_name,
            "file_id": record.file_id,
            "rows": record.rows,
            "imported": record.imported,
            "duplicates": record.duplicates,
            "errors": error_count,
        },
    )


def machine_import_upload(
    *, user: Any, agency_id: int | None, file: File, sync_limit: int | None = None
) -> ImportResult | QueuedImport:
    """Check who asks, keep the upload (documents), then import it now or queue it (more than ``sync_limit`` rows)."""
    agency = agency_for_import(user=user, agency_id=agency_id)
    info = store_upload(file=file, purpose=PURPOSE, user=user, government_id=agency.government_id)
    with stored_file_open(file_id=info.id) as handle:
        data = handle.read()
    estimated = files.estimate_rows(data)
    if estimated > (SYNC_LIMIT if sync_limit is None else sync_limit):
        _set_progress(info.id, "queued", 0, estimated)
        enqueue(JOB_TASK, info.id, agency.pk, user.pk)
        return QueuedImport(info.id, info.original_name, estimated)
    return machine_import_data(user=user, agency=agency, data=data, filename=info.original_name, file_id=info.id)


# --- the background job ------------------------------------------------------------------------------------------


def _progress_key(file_id: int) -> str:
    return f"attendance:machine-import:{file_id}"


def _set_progress(file_id: int, status: str, done: int, total: int) -> None:
    cache.set(_progress_key(file_id), {"status": status, "done": done, "total": total}, PROGRESS_SECONDS)


def _record_failure(*, user: Any, agency: Agency, file: StoredFile, message: str) -> None:
    with transaction.atomic():
        record = MachineImport.objects.create(
            government_id=agency.government_id,
            agency=agency,
            file=file,
            file_name=file.original_name,
            uploaded_by=user,
            uploaded_at=timezone.now(),
            status=Status.REJECTED,
            errors=[{"row": 0, "column": "", "message": message}],
        )
        _audit(user, record, 1)


def machine_import_job_run(*, file_id: int, agency_id: int, user_id: int) -> ImportResult | None:
    """The job's body: import a stored upload once (None when it was already imported)."""
    if MachineImport.objects.filter(file_id=file_id).exists():
        return None
    file = StoredFile.objects.get(pk=file_id)
    agency = Agency.objects.get(pk=agency_id)
    user = get_user_model().objects.get(pk=user_id)

    def progress(done: int, total: int) -> None:
        _set_progress(file_id, "running", done, max(total, done))

    try:
        with stored_file_open(file_id=file_id) as handle:
            data = handle.read()
        result = machine_import_data(
            user=user, agency=agency, data=data, filename=file.original_name, file_id=file_id, progress=progress
        )
    except ApplicationError as exc:
        _record_failure(user=user, agency=agency, file=file, message=exc.message)
        return None
    except Exception:
        logger.exception("machine import job of file %s failed", file_id)
        _record_failure(user=user, agency=agency, file=file, message=FAILED_SYSTEM)
        return None
    return result


# --- reads ----------------------------------------------------------------------------------------------------------


def machine_imports_for(*, user: Any) -> QuerySet[MachineImport]:
    """The history the user may read: the government (government-wide roles), else their agencies'
    imports (head, admin, operator)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return MachineImport.objects.none()
    qs = MachineImport.objects.filter(government_id=actor.government_id)
    if not actor.sees_whole_government:
        qs = qs.filter(agency_id__in=sorted(actor.agencies_with(*policies.AGENCY_READERS)))
    return qs.select_related("agency", "uploaded_by").order_by("-uploaded_at", "-pk")


def machine_import_get(*, user: Any, pk: Any) -> MachineImport:
    try:
        return machine_imports_for(user=user).get(pk=pk)
    except (MachineImport.DoesNotExist, ValueError, TypeError):
        raise NotFound("Impor tidak ditemukan.") from None


def result_of(record: MachineImport) -> ImportResult:
    return _result(record, len(record.errors))


def machine_import_job_status(*, user: Any, file_id: Any) -> JobStatus:
    """A queued import of a stored upload: its uploader, the platform admin or the agency's managers see it."""
    actor = _actor(user)
    file = StoredFile.objects.filter(government_id=_government_id(actor), purpose=PURPOSE, pk=_int(file_id)).first()
    if file is None:
        raise NotFound("Impor tidak ditemukan.")
    record = MachineImport.objects.filter(file_id=file.pk).order_by("pk").first()
    manages = record is not None and policies.can_manage_agency(actor, record.agency_id)
    if not (manages or file.uploaded_by_id == actor.user_id or actor.has_role(Role.PLATFORM_ADMIN)):
        raise NotFound("Impor tidak ditemukan.")
    if record is not None:
        result = result_of(record)
        return JobStatus(file.pk, file.original_name, record.status, record.rows, record.rows, result)
    state = cache.get(_progress_key(file.pk)) or {"status": "queued", "done": 0, "total": 0}
    return JobStatus(file.pk, file.original_name, state["status"], state["done"], state["total"])


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound("Impor tidak ditemukan.") from None
