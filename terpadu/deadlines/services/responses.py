"""Writes to an agency's response: save a draft, submit; and the requester's review: return, accept.

Every change raises the response's version; a form posted over an older version is refused (two
operators of one agency at once). A refused submission changes nothing, not even the values posted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency
from terpadu.documents.interfaces import store_upload

from .. import policies, rules
from ..models import AgencyResponse, Obligation, ObligationItem, ResponseValue
from ..rules import ResponseAction
from .common import (
    clock,
    ensure_module,
    event,
    lock_or_create_response,
    lock_response,
    response_url,
    send,
    users_with_roles,
)

EVIDENCE_PURPOSE = "deadline_evidence"
AUDITED = ["state", "version", "submitted_at", "returned_at", "accepted_at", "return_note"]


def field_name(item_id: int) -> str:
    """The name of an item's field, in forms and in ValidationFailed.fields."""
    return f"item_{item_id}"


def _ensure_open(obligation: Obligation, now: datetime) -> None:
    if obligation.status == rules.ObligationStatus.CLOSED:
        raise Conflict("Permintaan ini sudah ditutup; jawaban tidak dapat diubah lagi.", code="request_closed")
    if obligation.status != rules.ObligationStatus.OPEN or now < obligation.opens_at:
        raise Conflict("Permintaan ini belum dibuka.", code="request_not_open")


def _ensure_addressed(obligation: Obligation, agency: Agency) -> None:
    if not obligation.addressees.filter(agency=agency).exists():
        raise ValidationFailed(
            "Permintaan ini tidak ditujukan kepada OPD tersebut.", fields={"agency": "Bukan OPD tujuan."}
        )


def _check_version(response: AgencyResponse, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != response.version:
        raise Conflict(
            "Jawaban ini baru saja diubah oleh pengguna lain. Muat ulang halaman, lalu ulangi perubahan Anda.",
            code="stale_version",
        )


def _clean_texts(items: dict[int, ObligationItem], values: Mapping[int, str]) -> dict[int, str]:
    cleaned, errors = {}, {}
    for item_id, raw in values.items():
        item = items.get(int(item_id))
        if item is None or item.is_file:
            continue
        value, error = rules.clean_value(item.kind, raw, item.choices)
        if error:
            errors[field_name(item.pk)] = error
        cleaned[item.pk] = value
    if errors:
        raise ValidationFailed("Periksa kembali isian yang ditandai.", fields=errors)
    return cleaned


def _store_files(
    items: dict[int, ObligationItem], files: Mapping[int, UploadedFile], *, user: Any, government_id: int
) -> dict[int, int]:
    stored = {}
    for item_id, upload in files.items():
        item = items.get(int(item_id))
        if item is None or not item.is_file:
            continue
        name = field_name(item.pk)
        refusal = f"Jenis berkas yang diterima: {rules.allowed_types_label(item.allowed_types)}."
        if not rules.file_type_allowed(name=upload.name or "", content_type="", allowed=item.allowed_types):
            raise ValidationFailed(refusal, fields={name: refusal})
        try:
            info = store_upload(file=upload, purpose=EVIDENCE_PURPOSE, user=user, government_id=government_id)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, code=exc.code, fields={name: exc.message}) from None
        if not rules.file_type_allowed(
            name=info.original_name, content_type=info.content_type, allowed=item.allowed_types
        ):
            raise ValidationFailed(refusal, fields={name: refusal})
        stored[item.pk] = info.id
    return stored


def _write_values(
    response: AgencyResponse, texts: dict[int, str], files: dict[int, int], cleared: set[int]
) -> list[int]:
    existing = {v.item_id: v for v in response.values.all()}
    changed = []
    for item_id in sorted(set(texts) | set(files) | cleared):
        value = existing.get(item_id) or ResponseValue(response=response, item_id=item_id)
        before = (value.text, value.stored_file_id)
        value.text = texts.get(item_id, value.text)
        value.stored_file_id = files.get(item_id, None if item_id in cleared else value.stored_file_id)
        if (value.text, value.stored_file_id) != before or value.pk is None:
            value.save()
            changed.append(item_id)
    return changed


def _apply(
    response: AgencyResponse,
    *,
    user: Any,
    values: Mapping[int, str],
    files: Mapping[int, UploadedFile],
    clear_files: set[int],
) -> list[int]:
    obligation = response.obligation
    items = {item.pk: item for item in obligation.items.all()}
    texts = _clean_texts(items, values)
    stored = _store_files(items, files, user=user, government_id=obligation.government_id)
    cleared = {int(i) for i in clear_files if int(i) in items and items[int(i)].is_file and int(i) not in stored}
    return _write_values(response, texts, stored, cleared)


def _prepare(
    *,
    user: Any,
    obligation: Obligation,
    agency: Agency,
    now: datetime,
    expected_version: int | None,
    action: ResponseAction,
    module: str,
) -> tuple[AgencyResponse, dict[str, Any] | None]:
    policies.ensure(policies.can_respond(actor_of(user), agency.pk), "Anda tidak berwenang mengisi jawaban OPD ini.")
    obligation = Obligation.objects.select_related("government").get(pk=obligation.pk)  # its status as of now
    ensure_module(obligation, module)
    _ensure_addressed(obligation, agency)
    _ensure_open(obligation, now)
    response, created = lock_or_create_response(obligation, agency)
    before = None if created else snapshot(response, AUDITED)
    rules.response_next(None if created else response.state, action)
    if not created:
        _check_version(response, expected_version)
    response.obligation = obligation
    return response, before


@transaction.atomic
def response_save_draft(
    *,
    user: Any,
    obligation: Obligation,
    agency: Agency,
    values: Mapping[int, str],
    files: Mapping[int, UploadedFile] | None = None,
    clear_files: set[int] | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
    module: str = "",
) -> AgencyResponse:
    """Keep what the agency has typed or uploaded so far; nothing is sent to the requester."""
    now = clock(now)
    response, before = _prepare(
        user=user,
        obligation=obligation,
        agency=agency,
        now=now,
        expected_version=expected_version,
        action=ResponseAction.SAVE,
        module=module,
    )
    changed = _apply(response, user=user, values=values, files=files or {}, clear_files=clear_files or set())
    response.state = rules.response_next(response.state if before else None, ResponseAction.SAVE)
    response.version += 1
    response.save()
    audit_record(
        actor=user,
        action="deadline.response.save",
        target=response,
        government_id=obligation.government_id,
        agency_id=agency.pk,
        before=before,
        after={**snapshot(response, AUDITED), "items_changed": changed},
    )
    return response


def _missing(response: AgencyResponse) -> list[ObligationItem]:
    filled = {v.item_id for v in response.values.all() if v.is_filled}
    items = list(response.obligation.items.order_by("order", "pk"))
    missing_ids = {
        spec.id for spec in rules.missing_items([rules.ItemSpec(i.pk, i.label, i.required) for i in items], filled)
    }
    return [item for item in items if item.pk in missing_ids]


def _refuse_missing(missing: list[ObligationItem]) -> None:
    if missing:
        raise ValidationFailed(
            rules.missing_message([item.label for item in missing]),
            code="missing_items",
            fields={field_name(item.pk): "Wajib diisi sebelum dikirim." for item in missing},
        )


@transaction.atomic
def response_submit(
    *,
    user: Any,
    obligation: Obligation,
    agency: Agency,
    values: Mapping[int, str] | None = None,
    files: Mapping[int, UploadedFile] | None = None,
    clear_files: set[int] | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
    module: str = "",
) -> AgencyResponse:
    """Hand the response in (with the values posted, if any). Refused, with nothing changed, while a
    required item is empty; the message lists them."""
    now = clock(now)
    response, before = _prepare(
        user=user,
        obligation=obligation,
        agency=agency,
        now=now,
        expected_version=expected_version,
        action=ResponseAction.SUBMIT,
        module=module,
    )
    _apply(response, user=user, values=values or {}, files=files or {}, clear_files=clear_files or set())
    _refuse_missing(_missing(response))
    response.state = rules.response_next(response.state if before else None, ResponseAction.SUBMIT)
    response.submitted_at, response.submitted_by = now, user
    response.first_submitted_at = response.first_submitted_at or now
    response.submission_count += 1
    response.version += 1
    response.save()
    audit_record(
        actor=user,
        action="deadline.response.submit",
        target=response,
        government_id=obligation.government_id,
        agency_id=agency.pk,
        before=before,
        after=snapshot(response, AUDITED),
    )
    _after_submit(response, agency, now)
    return response


def _after_submit(response: AgencyResponse, agency: Agency, now: datetime) -> None:
    obligation = response.obligation
    late = rules.late_by_minutes(now, obligation.due_at)
    key = f"deadline:{obligation.pk}:submitted:{agency.pk}:{response.submission_count}"
    send(
        user_ids=[obligation.requester_id],
        kind="deadline.submitted",
        title=f"{agency} mengirim jawaban",
        body=f"{obligation.title}" + (f" — terlambat {rules.format_minutes(late)}." if late else "."),
        url=response_url(obligation, agency.pk),
        key=key,
        government_id=obligation.government_id,
    )
    event(
        obligation=obligation,
        event_type="deadline.response.submitted",
        key=key,
        payload={
            "agency_code": agency.code,
            "submitted_at": now.isoformat(),
            "late_by_minutes": late,
            "submission": response.submission_count,
        },
    )


def _review(
    *, user: Any, response: AgencyResponse, action: ResponseAction, expected_version: int | None, module: str
) -> dict[str, Any]:
    obligation = response.obligation
    ensure_module(obligation, module)
    allowed = policies.can_manage(
        actor_of(user), government_id=obligation.government_id, requester_agency_id=obligation.requester_agency_id
    )
    policies.ensure(allowed, "Hanya peminta yang dapat memeriksa jawaban ini.")
    locked = lock_response(obligation, response.agency)
    assert locked is not None
    response.refresh_from_db()
    rules.response_next(response.state, action)
    _check_version(response, expected_version)
    return snapshot(response, AUDITED)


def _tell_agency(response: AgencyResponse, *, kind: str, title: str, body: str, key: str) -> None:
    obligation = response.obligation
    users = users_with_roles(
        roles=policies.REMINDER_ROLES, government_id=obligation.government_id, agency_id=response.agency_id
    )
    if response.submitted_by_id:
        users.append(response.submitted_by_id)
    send(
        user_ids=users,
        kind=kind,
        title=title,
        body=body,
        url=response_url(obligation, response.agency_id),
        key=key,
        government_id=obligation.government_id,
    )


@transaction.atomic
def response_return(
    *,
    user: Any,
    response: AgencyResponse,
    note: str,
    expected_version: int | None = None,
    now: datetime | None = None,
    module: str = "",
) -> AgencyResponse:
    """Send a submitted response back to the agency with a note saying what to fix."""
    if not note.strip():
        raise ValidationFailed("Tuliskan catatan: apa yang harus diperbaiki OPD.", fields={"note": "Wajib diisi."})
    before = _review(
        user=user, response=response, action=ResponseAction.RETURN, expected_version=expected_version, module=module
    )
    response.state = rules.response_next(response.state, ResponseAction.RETURN)
    response.returned_at, response.return_note, response.reviewed_by = clock(now), note.strip(), user
    response.version += 1
    response.save()
    obligation = response.obligation
    audit_record(
        actor=user,
        action="deadline.response.return",
        target=response,
        government_id=obligation.government_id,
        agency_id=response.agency_id,
        before=before,
        after=snapshot(response, AUDITED),
    )
    _tell_agency(
        response,
        kind="deadline.returned",
        title=f"Jawaban dikembalikan: {obligation.title}",
        body=note.strip(),
        key=f"deadline:{obligation.pk}:returned:{response.agency_id}:{response.submission_count}",
    )
    return response


@transaction.atomic
def response_accept(
    *,
    user: Any,
    response: AgencyResponse,
    expected_version: int | None = None,
    now: datetime | None = None,
    module: str = "",
) -> AgencyResponse:
    """The requester accepts a submitted response: the agency has complied."""
    before = _review(
        user=user, response=response, action=ResponseAction.ACCEPT, expected_version=expected_version, module=module
    )
    response.state = rules.response_next(response.state, ResponseAction.ACCEPT)
    response.accepted_at, response.reviewed_by = clock(now), user
    response.version += 1
    response.save()
    obligation = response.obligation
    audit_record(
        actor=user,
        action="deadline.response.accept",
        target=response,
        government_id=obligation.government_id,
        agency_id=response.agency_id,
        before=before,
        after=snapshot(response, AUDITED),
    )
    _tell_agency(
        response,
        kind="deadline.accepted",
        title=f"Jawaban diterima: {obligation.title}",
        body="Terima kasih, jawaban OPD Anda telah diterima.",
        key=f"deadline:{obligation.pk}:accepted:{response.agency_id}",
    )
    return response
