"""Drafting a letter: what the drafter gives (``DraftInput``), checked against the government's letter
types, classification codes, addressees, reviewers and signer, then written as a draft with its
paraf plan. Submitting, initialling, signing and sending are in :mod:`letter_services`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency, Employee, Position

from . import letter_rules, people, policies, search
from .models import (
    ClassificationCode,
    InboxItem,
    Letter,
    LetterRecipient,
    LetterReview,
    LetterType,
    SecurityLevel,
    Urgency,
)

AUDIT_FIELDS = ["subject", "status", "number", "security_level", "urgency", "signer_id", "delegation"]
MAX_REVIEWERS = 10
MAX_RECIPIENTS = 200


@dataclass(frozen=True)
class RecipientInput:
    kind: str  # "to" or "cc"
    target: str  # "agency", "position", "employee" or "external"
    id: int | None = None  # the agency, position or employee id
    name: str = ""  # required for external; otherwise the printed name defaults from the directory
    address: str = ""


@dataclass(frozen=True)
class DraftInput:
    letter_type: str
    subject: str
    body: str = ""
    classification: str = ""
    urgency: str = "biasa"
    security_level: str = ""  # empty: the classification code's SKKAAD level, else biasa
    attachment_note: str = ""
    place: str = ""
    recipients: tuple[RecipientInput, ...] = ()
    reviewer_ids: tuple[int, ...] = ()
    signer_id: int | None = None
    signing_authority: str = ""
    delegation: str = ""
    corrects_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _fail(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field_name: message})


def _letter_type(government_id: int, code: str) -> LetterType:
    found = LetterType.objects.filter(government_id=government_id, code=code, is_active=True).first()
    if found is None:
        raise _fail("letter_type", "Jenis naskah tidak dikenal.")
    return found


def _classification(government_id: int, code: str) -> ClassificationCode | None:
    if not code.strip():
        return None
    found = ClassificationCode.objects.filter(government_id=government_id, code=code.strip(), is_active=True).first()
    if found is None:
        raise _fail("classification", f"Kode klasifikasi '{code.strip()}' tidak ada atau tidak aktif.")
    return found


def _recipient(government_id: int, spec: RecipientInput, order: int) -> LetterRecipient:
    if spec.kind not in LetterRecipient.Kind.values or spec.target not in LetterRecipient.Target.values:
        raise _fail("recipients", "Jenis tujuan naskah tidak dikenal.")
    row = LetterRecipient(kind=spec.kind, target=spec.target, order=order, name=spec.name.strip()[:300])
    row.address = spec.address.strip()[:300]
    if spec.target == LetterRecipient.Target.EXTERNAL:
        if not row.name:
            raise _fail("recipients", "Nama penerima di luar pemerintah daerah wajib diisi.")
        return row
    model = {"agency": Agency, "position": Position, "employee": Employee}[spec.target]
    lookup = {"government_id": government_id} if model is not Position else {"agency__government_id": government_id}
    target = model.objects.filter(pk=spec.id, **lookup).first() if spec.id else None  # type: ignore[attr-defined]
    if target is None:
        raise _fail("recipients", "Tujuan naskah tidak ditemukan di pemerintah daerah ini.")
    setattr(row, spec.target, target)
    if not row.name:
        row.name = (
            f"Kepala {target.name}"
            if spec.target == "agency"
            else str(target.full_name if spec.target == "employee" else target.name)
        )
    return row


def _recipients(government_id: int, specs: tuple[RecipientInput, ...]) -> list[LetterRecipient]:
    if len(specs) > MAX_RECIPIENTS:
        raise _fail("recipients", f"Paling banyak {MAX_RECIPIENTS} tujuan.")
    rows = [_recipient(government_id, spec, order) for order, spec in enumerate(specs, start=1)]
    if not any(row.kind == LetterRecipient.Kind.TO for row in rows):
        raise _fail("recipients", "Isi paling sedikit satu tujuan (Yth.).")
    return rows


def _employees(government_id: int, ids: tuple[int, ...], field_name: str) -> list[Employee]:
    if len(set(ids)) != len(ids):
        raise _fail(field_name, "Pegawai yang sama tercantum dua kali.")
    found = {e.pk: e for e in Employee.objects.filter(government_id=government_id, pk__in=ids, is_active=True)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise _fail(field_name, "Pegawai tidak ditemukan atau tidak aktif.")
    return [found[pk] for pk in ids]


def _apply(letter: Letter, data: DraftInput) -> tuple[list[LetterRecipient], list[Employee]]:
    """Check ``data`` and copy it onto ``letter``; returns the addressees and reviewers to write."""
    government_id = letter.government_id
    if not data.subject.strip():
        raise _fail("subject", "Hal wajib diisi.")
    letter.letter_type = _letter_type(government_id, data.letter_type)
    letter.classification = _classification(government_id, data.classification)
    letter.subject = data.subject.strip()[:500]
    letter.body = data.body.replace("\r\n", "\n").strip()
    letter.attachment_note = data.attachment_note.strip()[:200]
    letter.place = data.place.strip()[:100]
    letter.urgency = data.urgency or "biasa"
    default_level = letter.classification.security_level if letter.classification else "biasa"
    letter.security_level = data.security_level or default_level
    if letter.security_level not in SecurityLevel.values:
        raise _fail("security_level", "Klasifikasi keamanan tidak dikenal.")
    if letter.urgency not in Urgency.values:
        raise _fail("urgency", "Sifat naskah tidak dikenal.")
    if len(data.reviewer_ids) > MAX_REVIEWERS:
        raise _fail("reviewer_ids", f"Paling banyak {MAX_REVIEWERS} pemaraf.")
    reviewers = _employees(government_id, data.reviewer_ids, "reviewer_ids")
    letter.signer = _employees(government_id, (data.signer_id,), "signer_id")[0] if data.signer_id else None
    if letter.signer is not None and letter.signer in reviewers:
        raise _fail("reviewer_ids", "Penanda tangan tidak perlu memaraf naskahnya sendiri.")
    letter.signing_authority = data.signing_authority or (
        letter.letter_type.signers[0] if letter.letter_type.signers else ""
    )
    letter.delegation = data.delegation
    if letter.delegation not in letter_rules.Delegation._value2member_map_:
        raise _fail("delegation", "Jenis delegasi tidak dikenal.")
    if data.corrects_id is not None:
        letter.corrects = _corrected_letter(letter, data.corrects_id)
    return _recipients(government_id, data.recipients), reviewers


def _corrected_letter(letter: Letter, pk: int) -> Letter:
    corrected = Letter.objects.filter(pk=pk, government_id=letter.government_id).first()
    if corrected is None or corrected.signed_at is None:
        raise _fail("corrects_id", "Naskah yang diralat harus naskah yang sudah ditandatangani.")
    return corrected


def _write_plan(letter: Letter, recipients: list[LetterRecipient], reviewers: list[Employee]) -> None:
    letter.recipients.all().delete()
    for row in recipients:
        row.letter = letter
    LetterRecipient.objects.bulk_create(recipients)
    round_no = _plan_round(letter)
    LetterReview.objects.filter(letter=letter, round=round_no, status=LetterReview.Status.WAITING).delete()
    LetterReview.objects.bulk_create(
        LetterReview(letter=letter, round=round_no, order=order, reviewer=reviewer)
        for order, reviewer in enumerate(reviewers, start=1)
    )


def _plan_round(letter: Letter) -> int:
    """The round the paraf plan is written in: the current one while nothing was initialled in it,
    else the next (a returned letter keeps the old round as history)."""
    last = LetterReview.objects.filter(letter=letter).order_by("-round").values_list("round", flat=True).first()
    if last is None:
        return 1
    acted = LetterReview.objects.filter(letter=letter, round=last).exclude(status=LetterReview.Status.WAITING)
    return last + 1 if acted.exists() else last


@transaction.atomic
def letter_create_draft(*, user: Any, data: DraftInput) -> Letter:
    """A new draft by the user's employee, in their agency; they own it (box "Konsep")."""
    policies.ensure(policies.can_draft(actor_of(user)), "Anda tidak dapat membuat naskah.")
    drafter = people.employee_of(user)
    if drafter.agency_id is None:
        raise ValidationFailed("Anda belum ditempatkan di OPD mana pun.")
    letter = Letter(
        government_id=drafter.government_id,
        agency_id=drafter.agency_id,
        direction=Letter.Direction.OUTGOING,
        drafted_by=drafter,
        created_by=user,
    )
    recipients, reviewers = _apply(letter, data)
    letter.save()
    _write_plan(letter, recipients, reviewers)
    InboxItem.objects.create(
        government_id=letter.government_id,
        letter=letter,
        employee=drafter,
        agency_id=drafter.agency_id,
        kind=InboxItem.Kind.OWNER,
        received_at=timezone.now(),
        read_at=timezone.now(),
        urgency=letter.urgency,
    )
    search.letter_search_index([letter.pk])
    audit_record(
        actor=user,
        action="letter.draft",
        target=letter,
        government_id=letter.government_id,
        after=snapshot(letter, AUDIT_FIELDS),
    )
    return letter


@transaction.atomic
def letter_update_draft(*, user: Any, letter: Letter, data: DraftInput) -> Letter:
    """Change a draft (or a returned letter) — only its drafter."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    policies.ensure(policies.can_edit(actor_of(user), letter), "Hanya konseptor yang dapat mengubah naskah ini.")
    _check(letter, letter_rules.Action.EDIT)
    before = snapshot(letter, AUDIT_FIELDS)
    recipients, reviewers = _apply(letter, data)
    letter.save()
    _write_plan(letter, recipients, reviewers)
    InboxItem.objects.filter(letter=letter).update(urgency=letter.urgency)
    search.letter_search_index([letter.pk])
    audit_record(
        actor=user,
        action="letter.edit",
        target=letter,
        government_id=letter.government_id,
        before=before,
        after=snapshot(letter, AUDIT_FIELDS),
    )
    return letter


def _check(letter: Letter, action: letter_rules.Action) -> frozenset[letter_rules.Status]:
    try:
        return letter_rules.next_statuses(letter.status, action)
    except letter_rules.TransitionError as exc:
        raise ValidationFailed(str(exc)) from None
