"""Dispositions and follow-up (tindak lanjut).

A recipient who must follow up a letter (Kepada, or a disposition) may route it down the position tree
to one or more subordinates with instructions, urgency and a due date; they may route it further.
Each recipient records the follow-up (text and files): *sudah ditindaklanjuti*. An item whose every
routed branch is followed up is followed up too, so the originator sees the tree close from the leaves.
Overdue dispositions are reminded once a day through the platform notifications.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Employee
from terpadu.documents.interfaces import store_upload

from . import letter_rules, people, policies
from .drafts import _employees
from .letter_services import _item, _notify
from .models import InboxItem, Letter, LetterAttachment

FOLLOW_UP_PURPOSE = "correspondence_follow_up"
ROUTABLE = (InboxItem.Kind.TO, InboxItem.Kind.DISPOSITION)
MAX_DISPOSITION_RECIPIENTS = 30
MAX_FOLLOW_UP_FILES = 5


@dataclass(frozen=True)
class DispositionInput:
    recipient_ids: tuple[int, ...]
    instructions: tuple[str, ...] = ()
    note: str = ""
    urgency: str = ""  # empty: the letter's
    due_date: date | None = None  # empty: by urgency (letter_rules.DEFAULT_DUE_DAYS)


def _own_item(user: Any, item_id: int, kinds: tuple[str, ...] = ROUTABLE) -> InboxItem:
    employee = people.employee_of(user)
    item = (
        InboxItem.objects.select_for_update(of=("self",))
        .select_related("letter", "employee")
        .filter(pk=item_id, employee=employee, kind__in=kinds)
        .first()
    )
    if item is None:
        raise AccessDenied("Naskah ini tidak ada di kotak Anda untuk ditindaklanjuti.")
    return item


def routing_item_for(*, user: Any, letter: Letter) -> InboxItem | None:
    """The user's item of a letter from which they may dispose it (the newest Kepada/disposition)."""
    employee_id = getattr(user, "employee_id", None)
    if employee_id is None:
        return None
    return (
        InboxItem.objects.filter(letter=letter, employee_id=employee_id, kind__in=ROUTABLE)
        .order_by("-received_at", "-pk")
        .first()
    )


def _check_disposition(item: InboxItem, recipients: list[Employee], data: DispositionInput) -> tuple[list[str], date]:
    if not recipients:
        raise ValidationFailed(
            "Pilih paling sedikit satu penerima disposisi.", fields={"recipient_ids": "Wajib diisi."}
        )
    if len(recipients) > MAX_DISPOSITION_RECIPIENTS:
        raise ValidationFailed(f"Paling banyak {MAX_DISPOSITION_RECIPIENTS} penerima sekaligus.")
    outside = [e.full_name for e in recipients if not people.is_below(e, item.employee)]
    if outside:
        message = f"Disposisi hanya kepada bawahan Anda: {', '.join(outside)} bukan bawahan Anda."
        raise ValidationFailed(message, fields={"recipient_ids": message})
    try:
        instructions = letter_rules.clean_instructions(list(data.instructions), data.note)
    except letter_rules.DispositionError as exc:
        raise ValidationFailed(str(exc), fields={"instructions": str(exc)}) from None
    urgency = data.urgency or item.letter.urgency
    if urgency not in letter_rules.DEFAULT_DUE_DAYS:
        raise ValidationFailed("Sifat disposisi tidak dikenal.", fields={"urgency": "Tidak dikenal."})
    today = timezone.localdate()
    due = data.due_date or today + timedelta(days=letter_rules.DEFAULT_DUE_DAYS[urgency])
    if due < today:
        raise ValidationFailed("Batas waktu tidak boleh sebelum hari ini.", fields={"due_date": "Sudah lewat."})
    return instructions, due


@transaction.atomic
def disposition_create(*, user: Any, item_id: int, data: DispositionInput) -> list[InboxItem]:
    """Route the letter of the user's item ``item_id`` to subordinates; returns the new items."""
    policies.ensure(policies.can_draft(actor_of(user)), "Anda tidak dapat membuat disposisi.")
    item = _own_item(user, item_id)
    recipients = _employees(item.government_id, tuple(data.recipient_ids), "recipient_ids")
    instructions, due = _check_disposition(item, recipients, data)
    if item.children.filter(employee__in=recipients).exists():
        raise Conflict("Naskah ini sudah Anda disposisikan kepada sebagian penerima yang dipilih.")
    needs = letter_rules.needs_follow_up(instructions)
    created = [
        _item(
            item.letter,
            employee,
            InboxItem.Kind.DISPOSITION,
            parent=item,
            sender=item.employee,
            instructions=instructions,
            note=data.note.strip(),
            due_date=due,
            urgency=data.urgency or item.letter.urgency,
            follow_up_status=InboxItem.FollowUp.PENDING if needs else InboxItem.FollowUp.NONE,
        )
        for employee in recipients
    ]
    if needs and item.follow_up_status == InboxItem.FollowUp.PENDING:
        item.follow_up_status = InboxItem.FollowUp.FORWARDED
        item.save(update_fields=["follow_up_status"])
    if item.read_at is None:
        InboxItem.objects.filter(pk=item.pk).update(read_at=timezone.now())
    _notify(
        item.letter,
        [e.pk for e in recipients],
        "letter.disposition",
        "Disposisi baru untuk Anda",
        f"disposition:{item.pk}:{created[0].pk}",
    )
    audit_record(
        actor=user,
        action="letter.dispose",
        target=item.letter,
        government_id=item.government_id,
        after={
            "from_item": item.pk,
            "to": [e.pk for e in recipients],
            "instructions": instructions,
            "due_date": due.isoformat(),
        },
    )
    return created


@transaction.atomic
def follow_up_record(*, user: Any, item_id: int, text: str, files: Sequence[UploadedFile] = ()) -> InboxItem:
    """The recipient records what was done; the item is *sudah ditindaklanjuti* (and, when it closes the
    last open branch, so is the item it was routed from)."""
    policies.ensure(policies.can_draft(actor_of(user)), "Anda tidak dapat mencatat tindak lanjut.")
    item = _own_item(user, item_id)
    if not text.strip():
        raise ValidationFailed("Tuliskan tindak lanjutnya.", fields={"text": "Wajib diisi."})
    if item.follow_up_status == InboxItem.FollowUp.DONE:
        raise Conflict("Tindak lanjut naskah ini sudah dicatat.")
    if len(files) > MAX_FOLLOW_UP_FILES:
        raise ValidationFailed(f"Paling banyak {MAX_FOLLOW_UP_FILES} berkas.", fields={"files": "Terlalu banyak."})
    stored = [
        store_upload(file=f, purpose=FOLLOW_UP_PURPOSE, user=user, government_id=item.government_id).id for f in files
    ]
    now = timezone.now()
    LetterAttachment.objects.bulk_create(
        LetterAttachment(letter_id=item.letter_id, item=item, file_id=file_id, added_by=user) for file_id in stored
    )
    item.follow_up_status, item.follow_up_text = InboxItem.FollowUp.DONE, text.strip()
    item.followed_up_at = now
    item.read_at = item.read_at or now
    item.save(update_fields=["follow_up_status", "follow_up_text", "followed_up_at", "read_at"])
    _roll_up(item.parent_id, now)
    if item.sender_id:
        _notify(
            item.letter,
            [item.sender_id],
            "letter.followed_up",
            f"Disposisi ditindaklanjuti oleh {item.employee.full_name}",
            f"followup:{item.pk}",
        )
    audit_record(
        actor=user,
        action="letter.follow_up",
        target=item.letter,
        government_id=item.government_id,
        after={"item": item.pk, "files": stored},
    )
    return item


def _roll_up(parent_id: int | None, now: Any) -> None:
    """Close forwarded ancestors whose every branch that needs a follow-up is done."""
    while parent_id is not None:
        parent = InboxItem.objects.select_for_update().get(pk=parent_id)
        if parent.follow_up_status != InboxItem.FollowUp.FORWARDED:
            return
        open_branches = parent.children.filter(
            follow_up_status__in=[InboxItem.FollowUp.PENDING, InboxItem.FollowUp.FORWARDED]
        )
        if open_branches.exists():
            return
        parent.follow_up_status, parent.followed_up_at = InboxItem.FollowUp.DONE, now
        parent.follow_up_text = parent.follow_up_text or "Seluruh disposisi telah ditindaklanjuti."
        parent.save(update_fields=["follow_up_status", "followed_up_at", "follow_up_text"])
        parent_id = parent.parent_id


def disposition_remind_overdue(*, today: date | None = None) -> int:
    """Remind the recipient (and the sender) of every disposition past its due date and not followed up.
    Once a day per item (the notification's dedup key carries the date); returns how many items."""
    today = today or timezone.localdate()
    overdue = InboxItem.objects.filter(
        kind=InboxItem.Kind.DISPOSITION,
        due_date__lt=today,
        follow_up_status__in=[InboxItem.FollowUp.PENDING, InboxItem.FollowUp.FORWARDED],
    ).select_related("letter")
    count = 0
    for item in overdue.iterator(chunk_size=500):
        days = (today - item.due_date).days if item.due_date else 0
        title = f"Disposisi lewat batas waktu {days} hari"
        key = f"{item.pk}:{today.isoformat()}"
        _notify(item.letter, [item.employee_id], "letter.overdue", title, f"overdue:{key}", after_commit=False)
        if item.sender_id:
            title = f"{title} (oleh bawahan)"
            _notify(item.letter, [item.sender_id], "letter.overdue", title, f"overdue-sender:{key}", after_commit=False)
        count += 1
    return count
