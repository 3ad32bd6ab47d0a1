"""The outgoing flow after drafting: submit → paraf in order (each may return it) → signature (number,
PDF, PAdES, QR) → sending to addressees and tembusan. Every step is one transaction with its audit row;
notifications and the PDF follow after commit."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.jobs import enqueue
from terpadu.core.roles import actor_of
from terpadu.directory.models import Employee, Government
from terpadu.documents.interfaces import save_generated
from terpadu.notifications.interfaces import notify
from terpadu.webhooks.interfaces import publish_event

from . import letter_rules, people, policies, rules, search
from .drafts import AUDIT_FIELDS, _check
from .models import InboxItem, Letter, LetterRecipient, LetterReview
from .services import letter_number_render, number_allocate

logger = logging.getLogger(__name__)
LETTER_PDF_PURPOSE = "correspondence_letter"
Status = Letter.Status


def _locked(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("letter_type", "agency", "government")
        .get(pk=letter.pk)
    )


def _item(letter: Letter, employee: Employee, kind: str, **extra: Any) -> InboxItem:
    return InboxItem.objects.create(
        government_id=letter.government_id,
        letter=letter,
        employee=employee,
        agency_id=employee.agency_id,
        kind=kind,
        received_at=timezone.now(),
        urgency=extra.pop("urgency", letter.urgency),
        **extra,
    )


def _close(letter: Letter, kind: str, employee_id: int | None = None) -> None:
    items = InboxItem.objects.filter(letter=letter, kind=kind, closed_at__isnull=True)
    if employee_id is not None:
        items = items.filter(employee_id=employee_id)
    items.update(closed_at=timezone.now())


def _audit(user: Any, action: str, letter: Letter, before: dict[str, Any], **extra: Any) -> None:
    after = {**snapshot(letter, AUDIT_FIELDS), **extra}
    audit_record(
        actor=user, action=action, target=letter, government_id=letter.government_id, before=before, after=after
    )


def letter_url(letter: Letter) -> str:
    """The letter's page (``correspondence:letter_detail``; kept literal so services need no URLconf)."""
    return f"/surat/naskah/{letter.pk}/"


def _notify(
    letter: Letter, employee_ids: list[int], kind: str, title: str, key: str, *, after_commit: bool = True
) -> None:
    """Tell the employees' accounts (after commit, unless a job calls); a secret letter's subject stays
    out of the message."""
    body = letter.subject if letter.security_level == "biasa" else f"Naskah {letter.get_security_level_display()}"
    user_ids = people.user_ids_of(employee_ids)
    if not user_ids:
        return

    def send() -> None:
        notify(user_ids=user_ids, kind=kind, title=title, body=body, url=letter_url(letter), dedup_key=key)

    if after_commit:
        transaction.on_commit(send)
    else:
        send()


# --- submit and paraf ------------------------------------------------------------------------------


def _start_round(letter: Letter) -> list[LetterReview]:
    """The waiting paraf steps of the round to run now (copied from the last round after a return)."""
    last = LetterReview.objects.filter(letter=letter).order_by("-round").values_list("round", flat=True).first()
    if last is None:
        return []
    steps = list(LetterReview.objects.filter(letter=letter, round=last).order_by("order"))
    if all(step.status == LetterReview.Status.WAITING for step in steps):
        return steps
    return LetterReview.objects.bulk_create(
        LetterReview(letter=letter, round=last + 1, order=step.order, reviewer_id=step.reviewer_id) for step in steps
    )


def _check_signer(letter: Letter) -> None:
    if letter.signer is None:
        raise ValidationFailed("Pilih penanda tangan sebelum mengajukan naskah.", fields={"signer_id": "Wajib diisi."})
    allowed = tuple(letter.letter_type.signers) if letter.letter_type else ()
    facts = people.signer_facts(letter.signer, letter.agency, allowed)
    try:
        letter_rules.check_signer(
            allowed=allowed, authority=letter.signing_authority, delegation=letter.delegation, facts=facts
        )
    except (letter_rules.SigningError, ValueError) as exc:
        raise ValidationFailed(str(exc), fields={"signer_id": str(exc)}) from None


def _to_signer(letter: Letter) -> None:
    letter.status = Status.TO_SIGN
    assert letter.signer is not None
    _item(letter, letter.signer, InboxItem.Kind.SIGN)
    _notify(
        letter,
        [letter.signer.pk],
        "letter.to_sign",
        "Naskah menunggu tanda tangan Anda",
        f"sign:{letter.pk}:{timezone.now().timestamp()}",
    )


def _to_reviewer(letter: Letter, step: LetterReview) -> None:
    step.status = LetterReview.Status.PENDING
    step.save(update_fields=["status"])
    _item(letter, step.reviewer, InboxItem.Kind.REVIEW)
    _notify(letter, [step.reviewer_id], "letter.to_review", "Naskah menunggu paraf Anda", f"review:{step.pk}")


@transaction.atomic
def letter_submit(*, user: Any, letter: Letter) -> Letter:
    """The drafter sends the letter to its first reviewer, or straight to the signer if none."""
    letter = _locked(letter)
    policies.ensure(policies.can_edit(actor_of(user), letter), "Hanya konseptor yang dapat mengajukan naskah ini.")
    _check(letter, letter_rules.Action.SUBMIT)
    before = snapshot(letter, AUDIT_FIELDS)
    if not letter.recipients.filter(kind=LetterRecipient.Kind.TO).exists():
        raise ValidationFailed("Isi paling sedikit satu tujuan (Yth.).")
    if not letter.body.strip() and letter.direction == Letter.Direction.OUTGOING:
        raise ValidationFailed("Isi naskah masih kosong.", fields={"body": "Wajib diisi."})
    _check_signer(letter)
    steps = _start_round(letter)
    if steps:
        letter.status = Status.IN_REVIEW
        _to_reviewer(letter, steps[0])
    else:
        _to_signer(letter)
    letter.save(update_fields=["status", "updated_at"])
    _audit(user, "letter.submit", letter, before)
    return letter


def _pending_step(letter: Letter, employee: Employee) -> LetterReview:
    step = LetterReview.objects.filter(letter=letter, status=LetterReview.Status.PENDING).order_by("-round").first()
    if step is None or step.reviewer_id != employee.pk:
        raise AccessDenied("Naskah ini tidak sedang menunggu paraf Anda.")
    return step


@transaction.atomic
def letter_approve(*, user: Any, letter: Letter, note: str = "") -> Letter:
    """The reviewer whose turn it is initials; the next one gets it, after the last the signer."""
    letter = _locked(letter)
    _check(letter, letter_rules.Action.APPROVE)
    step = _pending_step(letter, people.employee_of(user))
    before = snapshot(letter, AUDIT_FIELDS)
    step.status, step.note, step.acted_at = LetterReview.Status.APPROVED, note.strip(), timezone.now()
    step.save(update_fields=["status", "note", "acted_at"])
    _close(letter, InboxItem.Kind.REVIEW, step.reviewer_id)
    following = LetterReview.objects.filter(
        letter=letter, round=step.round, order__gt=step.order, status=LetterReview.Status.WAITING
    ).order_by("order")
    if following.exists():
        _to_reviewer(letter, following[0])
    else:
        _to_signer(letter)
    letter.save(update_fields=["status", "updated_at"])
    _audit(user, "letter.approve", letter, before, paraf_order=step.order, round=step.round)
    return letter


@transaction.atomic
def letter_return(*, user: Any, letter: Letter, note: str) -> Letter:
    """The reviewer whose turn it is, or the signer, sends the letter back to its drafter with a note."""
    letter = _locked(letter)
    _check(letter, letter_rules.Action.RETURN)
    if not note.strip():
        raise ValidationFailed("Tulis alasan pengembalian.", fields={"note": "Wajib diisi."})
    employee = people.employee_of(user)
    before = snapshot(letter, AUDIT_FIELDS)
    if letter.status == Status.TO_SIGN:
        policies.ensure(letter.signer_id == employee.pk, "Naskah ini tidak menunggu tanda tangan Anda.")
        _close(letter, InboxItem.Kind.SIGN)
    else:
        step = _pending_step(letter, employee)
        step.status, step.note, step.acted_at = LetterReview.Status.RETURNED, note.strip(), timezone.now()
        step.save(update_fields=["status", "note", "acted_at"])
        LetterReview.objects.filter(letter=letter, round=step.round, status=LetterReview.Status.WAITING).update(
            status=LetterReview.Status.SUPERSEDED
        )
        _close(letter, InboxItem.Kind.REVIEW)
    letter.status = Status.RETURNED
    letter.save(update_fields=["status", "updated_at"])
    _notify(
        letter,
        [letter.drafted_by_id],
        "letter.returned",
        "Naskah dikembalikan untuk diperbaiki",
        f"return:{letter.pk}:{timezone.now().timestamp()}",
    )
    _audit(user, "letter.return", letter, before, note=note.strip())
    return letter


@transaction.atomic
def letter_cancel(*, user: Any, letter: Letter) -> Letter:
    letter = _locked(letter)
    policies.ensure(policies.can_edit(actor_of(user), letter), "Hanya konseptor yang dapat membatalkan naskah ini.")
    _check(letter, letter_rules.Action.CANCEL)
    before = snapshot(letter, AUDIT_FIELDS)
    letter.status = Status.CANCELLED
    letter.save(update_fields=["status", "updated_at"])
    InboxItem.objects.filter(letter=letter, closed_at__isnull=True).exclude(kind=InboxItem.Kind.OWNER).update(
        closed_at=timezone.now()
    )
    _audit(user, "letter.cancel", letter, before)
    return letter


# --- signature ------------------------------------------------------------------------------------------


def _signature_block(letter: Letter, government: Government) -> dict[str, Any]:
    signer = letter.signer
    assert signer is not None
    delegation = letter_rules.Delegation(letter.delegation)
    authority = rules.Signer(letter.signing_authority)
    principal = people.authority_position(authority, letter.agency)
    principal_title = principal.name if principal else letter_rules.SIGNER_LABELS[authority]
    if authority == rules.Signer.REGIONAL_HEAD:
        principal_title = f"{government.head_title} {government.name.split()[-1]}"
    own_title = signer.position.name if signer.position else ""
    if delegation in (letter_rules.Delegation.AN, letter_rules.Delegation.AN_UB):
        via = ""
        if delegation is letter_rules.Delegation.AN_UB and signer.position and signer.position.superior:
            via = signer.position.superior.name
        heading = rules.signature_heading(signer_title=own_title, on_behalf_of=principal_title, via_title=via)
    else:
        acting = {"plt": rules.Acting.PLT, "plh": rules.Acting.PLH}.get(delegation.value, rules.Acting.NONE)
        heading = rules.signature_heading(signer_title=principal_title if acting else own_title, acting=acting)
    return {"heading": list(heading), "name": signer.full_name, "nip": signer.nip or "", "rank": signer.rank}


def _register(letter: Letter) -> str:
    scope = letter.letter_type.numbering_scope if letter.letter_type else "agency"
    return f"type:{letter.letter_type.code}" if scope == "type" and letter.letter_type else rules.OUTGOING


def _number(letter: Letter, government: Government) -> None:
    """Allocate the next number of the letter's register for the local year and render it."""
    today = timezone.localdate(timezone=_zone(government))
    register = _register(letter)
    sequence = number_allocate(agency=letter.agency, register=register, year=today.year)
    code = letter.classification.code if letter.classification else "000"
    letter.sequence, letter.number_year, letter.letter_date = sequence, today.year, today
    letter.register_key = rules.register_key(letter.agency_id, register)
    letter.number = letter_number_render(
        government=government,
        classification_code=code,
        sequence=sequence,
        agency=letter.agency,
        year=today.year,
        month=today.month,
        on=today,
    )


def _zone(government: Government) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(government.timezone)


def letter_sign(*, user: Any, letter: Letter, render_now: bool = True) -> Letter:
    """The signer signs: the number is allocated (no gaps, no duplicates), the signature block frozen,
    the letter becomes immutable; then the final PDF is rendered, PAdES-signed and stored. If the PDF
    step fails it is retried as a background job — the number and the signature stand."""
    with transaction.atomic():
        letter = _sign_in_transaction(user, letter)
    if render_now:
        try:
            letter_finalise(letter_id=letter.pk)
        except Exception:  # the job retries; the signature already stands
            logger.exception("PDF of letter %s failed; queued for retry", letter.pk)
            with transaction.atomic():
                enqueue("terpadu.correspondence.tasks.letter_finalise", letter.pk)
    else:
        with transaction.atomic():
            enqueue("terpadu.correspondence.tasks.letter_finalise", letter.pk)
    letter.refresh_from_db()
    return letter


def _sign_in_transaction(user: Any, letter: Letter) -> Letter:
    letter = _locked(letter)
    _check(letter, letter_rules.Action.SIGN)
    employee = people.employee_of(user)
    policies.ensure(letter.signer_id == employee.pk, "Naskah ini tidak menunggu tanda tangan Anda.")
    _check_signer(letter)
    before = snapshot(letter, AUDIT_FIELDS)
    government = letter.government
    _number(letter, government)
    letter.signature_block = _signature_block(letter, government)
    letter.signed_at = timezone.now()
    letter.status = Status.SIGNED
    letter.save()
    _close(letter, InboxItem.Kind.SIGN)
    senders = {letter.drafted_by_id: letter.drafted_by, **{e.pk: e for e in people.records_desk(letter.agency_id)}}
    for sender in senders.values():
        _item(letter, sender, InboxItem.Kind.SEND)
    search.letter_search_index([letter.pk])
    _notify(
        letter,
        list(senders),
        "letter.signed",
        f"Naskah {letter.number} ditandatangani, siap dikirim",
        f"signed:{letter.pk}",
    )
    _audit(user, "letter.sign", letter, before, signed_at=letter.signed_at.isoformat())
    publish_event(
        government_id=letter.government_id,
        event_type="letter.signed",
        payload={"id": letter.pk, "number": letter.number, "letter_date": str(letter.letter_date)},
        idempotency_key=f"letter.signed:{letter.pk}",
    )
    return letter


def letter_finalise(*, letter_id: int) -> None:
    """Render, sign and store the final PDF of a signed letter. Idempotent: a letter with its PDF is left."""
    from .letter_pdf import letter_pdf_render
    from .signing import pdf_sign

    letter = Letter.objects.select_related("government", "agency", "letter_type", "classification").get(pk=letter_id)
    if letter.pdf_id is not None or letter.signed_at is None:
        return
    pdf = letter_pdf_render(letter, final=True)
    signed = pdf_sign(
        pdf,
        signer_name=str(letter.signature_block.get("name", "")),
        reason=f"Penandatanganan naskah dinas {letter.number}",
        location=letter.place or letter.government.name,
    )
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter_id)
        if locked.pdf_id is not None:
            return
        stored = save_generated(
            content=signed,
            name=f"{(letter.number or str(letter.pk)).replace('/', '-')}.pdf",
            content_type="application/pdf",
            purpose=LETTER_PDF_PURPOSE,
            government_id=letter.government_id,
        )
        Letter.objects.filter(pk=letter_id).update(pdf_id=stored.id, sha256=hashlib.sha256(signed).hexdigest())
