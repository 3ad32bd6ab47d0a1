"""Impor mesin absensi: upload a machine log for an agency (the platform admin chooses it), see the result with
its counts and row errors, follow a big file's background job, read the history; and the machine-id mapping
page of an agency. Every page is thin: the services decide and check access again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from terpadu.core.access import access, roles
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.roles import Role, actor_of
from terpadu.directory.models import Agency
from terpadu.documents.interfaces import stored_file_info

from . import machine_imports, machine_users
from .machine_import_rules import MAX_ERRORS

MANAGERS = roles(Role.PLATFORM_ADMIN, Role.AGENCY_HEAD, Role.AGENCY_ADMIN)
READERS = roles(
    Role.PLATFORM_ADMIN,
    Role.REGIONAL_HEAD,
    Role.DEPUTY_HEAD,
    Role.SECRETARY,
    Role.AUDITOR,
    Role.AGENCY_HEAD,
    Role.AGENCY_ADMIN,
    Role.AGENCY_OPERATOR,
)
PAGE_SIZE = 25


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.code} — {obj.name}"


class _AgencyForm(forms.Form):
    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_id"] = AgencyChoice(label="OPD", queryset=agencies, empty_label="— pilih OPD —")
        self.order_fields(["agency_id"])
        self.only = agencies.first() if len(agencies[:2]) == 1 else None
        if self.only is not None:
            self.fields["agency_id"].initial = self.only
            self.fields["agency_id"].required = False
            self.fields["agency_id"].widget = forms.HiddenInput()

    def agency_id(self) -> int | None:
        agency = self.cleaned_data.get("agency_id") or self.only
        return agency.pk if agency is not None else None


class UploadForm(_AgencyForm):
    file = forms.FileField(
        label="Berkas log mesin (CSV atau XLSX)",
        help_text="Baris judul: nip,timestamp[,device]. Waktu ISO 8601; tanpa zona berarti waktu setempat.",
    )


class MappingForm(_AgencyForm):
    machine_user_id = forms.CharField(label="ID pengguna di mesin", max_length=40)
    nip = forms.CharField(label="NIP / NI PPPK pegawai", max_length=18)


class MappingUploadForm(_AgencyForm):
    file = forms.FileField(label="Berkas pemetaan (CSV atau XLSX)", help_text="Baris judul: machine_user_id,nip.")


# --- machine-log imports -----------------------------------------------------------------------------------------


def _index(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    history = machine_imports.machine_imports_for(user=request.user)
    context = {
        "form": form,
        "can_upload": form.fields["agency_id"].queryset.exists(),  # type: ignore[attr-defined]
        "page_obj": Paginator(history, PAGE_SIZE).get_page(request.GET.get("page")),
        "sync_limit": machine_imports.angka(machine_imports.SYNC_LIMIT),
    }
    return render(request, "attendance/imports/index.html", context, status=status)


@access(READERS)
def import_index(request: HttpRequest) -> HttpResponse:
    """The upload form (for managers) and the history; POST imports the file (or queues a big one)."""
    agencies = machine_imports.manageable_agencies(user=request.user)
    form = UploadForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method != "POST":
        return _index(request, form)
    if not form.is_valid():
        return _index(request, form, 422)
    try:
        outcome = machine_imports.machine_import_upload(
            user=request.user, agency_id=form.agency_id(), file=form.cleaned_data["file"]
        )
    except ApplicationError as exc:
        show_errors(form, exc)
        return _index(request, form, exc.status)
    if isinstance(outcome, machine_imports.QueuedImport):
        return redirect("attendance:import_job", file_id=outcome.file_id)
    (messages.success if outcome.ok else messages.error)(request, outcome.message)
    return redirect("attendance:import_detail", pk=outcome.import_id)


@access(READERS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: counts, the row errors of a rejected one, the stored file."""
    record = machine_imports.machine_import_get(user=request.user, pk=pk)
    result = machine_imports.result_of(record)
    context = {
        "record": record,
        "result": result,
        "file_url": stored_file_info(file_id=record.file_id).url if record.file_id else "",
        "rows": machine_imports.angka(record.rows),
        "imported": machine_imports.angka(record.imported),
        "duplicates": machine_imports.angka(record.duplicates),
        "more_errors": len(record.errors) >= MAX_ERRORS,
    }
    return render(request, "attendance/imports/detail.html", context)


def _job_context(request: HttpRequest, file_id: int) -> dict[str, Any]:
    job = machine_imports.machine_import_job_status(user=request.user, file_id=file_id)
    return {
        "job": job,
        "done": machine_imports.angka(job.done),
        "total": machine_imports.angka(job.total),
        "percent": job.done * 100 // job.total if job.total else 0,
    }


@access(MANAGERS)
def import_job(request: HttpRequest, file_id: int) -> HttpResponse:
    """A big file imported by a background job: progress, then the result."""
    context = _job_context(request, file_id)
    if not context["job"].active:
        return redirect("attendance:import_detail", pk=context["job"].result.import_id)
    return render(request, "attendance/imports/job.html", context)


@access(MANAGERS)
def import_job_status(request: HttpRequest, file_id: int) -> HttpResponse:
    """The progress block polled by HTMX; once finished it sends the browser to the result."""
    context = _job_context(request, file_id)
    if not context["job"].active:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("attendance:import_detail", args=[context["job"].result.import_id])
        return response
    return render(request, "attendance/imports/_job.html", context)


# --- machine-id mappings -----------------------------------------------------------------------------------------


def _chosen_agency(request: HttpRequest, agencies: QuerySet[Agency]) -> Agency | None:
    wanted = request.GET.get("agency") or request.POST.get("agency_id")
    if wanted and str(wanted).isdigit():
        return agencies.filter(pk=int(wanted)).first()
    return agencies.first() if agencies.count() == 1 else None


def _mappings(request: HttpRequest, status: int = 200, **bound: Any) -> HttpResponse:
    agencies = machine_imports.manageable_agencies(user=request.user)
    agency = _chosen_agency(request, agencies)
    initial = {"agency_id": agency} if agency else {}
    rows = machine_users.machine_user_maps_for(user=request.user, agency_id=agency.pk) if agency else None
    context: dict[str, Any] = {
        "agencies": agencies,
        "agency": agency,
        "form": bound.get("form") or MappingForm(agencies=agencies, initial=initial),
        "upload_form": bound.get("upload_form") or MappingUploadForm(agencies=agencies, initial=initial),
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")) if rows is not None else None,
        "row_errors": bound.get("row_errors", []),
    }
    return render(request, "attendance/imports/machine_users.html", context, status=status)


def _back(agency_id: int | None) -> HttpResponse:
    return redirect(f"{reverse('attendance:machine_users')}?agency={agency_id or ''}")


@access(MANAGERS)
def machine_user_page(request: HttpRequest) -> HttpResponse:
    return _mappings(request)


@access(MANAGERS)
@require_POST
def machine_user_save(request: HttpRequest) -> HttpResponse:
    form = MappingForm(request.POST, agencies=machine_imports.manageable_agencies(user=request.user))
    if not form.is_valid():
        return _mappings(request, 422, form=form)
    try:
        machine_users.machine_user_map_set(
            user=request.user,
            agency_id=form.agency_id(),
            machine_user_id=form.cleaned_data["machine_user_id"],
            nip=form.cleaned_data["nip"],
        )
    except ApplicationError as exc:
        show_errors(form, exc)
        return _mappings(request, exc.status, form=form)
    messages.success(request, f"ID mesin {form.cleaned_data['machine_user_id']} dipetakan.")
    return _back(form.agency_id())


@access(MANAGERS)
@require_POST
def machine_user_upload(request: HttpRequest) -> HttpResponse:
    agencies = machine_imports.manageable_agencies(user=request.user)
    form = MappingUploadForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        return _mappings(request, 422, upload_form=form)
    try:
        result = machine_users.machine_user_map_upload(
            user=request.user, agency_id=form.agency_id(), file=form.cleaned_data["file"]
        )
    except ApplicationError as exc:
        show_errors(form, exc)
        return _mappings(request, exc.status, upload_form=form)
    if not result.ok:
        form.add_error(None, f"Berkas memuat {len(result.errors)} kesalahan; tidak ada pemetaan yang disimpan.")
        return _mappings(request, 422, upload_form=form, row_errors=result.errors)
    messages.success(request, f"{result.created} pemetaan baru, {result.updated} diubah, {result.unchanged} tetap.")
    return _back(form.agency_id())


@access(MANAGERS)
@require_POST
def machine_user_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request.user)
    agency_id = request.POST.get("agency_id")
    try:
        machine_users.machine_user_map_delete(user=request.user, pk=pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Pemetaan dihapus.")
    return _back(int(agency_id) if agency_id and agency_id.isdigit() and actor else None)
