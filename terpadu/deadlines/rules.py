"""Deadlines (tenggat): the workflow tables and the arithmetic of lateness and reminders. Pure: no database.

A request (Obligation) is ``draft`` → ``open`` → ``closed``. Each addressed agency works on its own
response: ``draft`` → ``submitted``; the requester may ``return`` it with a note (the agency revises and
submits again) or ``accept`` it. The status an agency is shown is derived from the stored state, the
time of the last submission, the due time and now — it is never stored.

Days (H-3, H-1, H-0) are the government's local dates in its time zone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

from terpadu.core.errors import Conflict
from terpadu.core.formatting import durasi

# --- the request -----------------------------------------------------------------------------------


class ObligationStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return OBLIGATION_STATUS_LABELS[self]


OBLIGATION_STATUS_LABELS = {
    ObligationStatus.DRAFT: "Konsep",
    ObligationStatus.OPEN: "Dibuka",
    ObligationStatus.CLOSED: "Ditutup",
}

OBLIGATION_STATUS_CHOICES = [(status.value, status.label) for status in ObligationStatus]


class ObligationAction(StrEnum):
    EDIT = "edit"
    PUBLISH = "publish"
    CLOSE = "close"


OBLIGATION_TRANSITIONS: dict[tuple[ObligationStatus, ObligationAction], ObligationStatus] = {
    (ObligationStatus.DRAFT, ObligationAction.EDIT): ObligationStatus.DRAFT,
    (ObligationStatus.DRAFT, ObligationAction.PUBLISH): ObligationStatus.OPEN,
    (ObligationStatus.OPEN, ObligationAction.CLOSE): ObligationStatus.CLOSED,
}

OBLIGATION_REFUSALS = {
    ObligationAction.EDIT: "Permintaan yang sudah diterbitkan tidak dapat diubah.",
    ObligationAction.PUBLISH: "Hanya permintaan berstatus konsep yang dapat diterbitkan.",
    ObligationAction.CLOSE: "Hanya permintaan yang sedang dibuka yang dapat ditutup.",
}


def obligation_next(status: str, action: ObligationAction) -> ObligationStatus:
    """The status after ``action``; :class:`Conflict` when the table does not allow it."""
    target = OBLIGATION_TRANSITIONS.get((ObligationStatus(status), action))
    if target is None:
        raise Conflict(OBLIGATION_REFUSALS[action], code="illegal_transition")
    return target


# --- an agency's response --------------------------------------------------------------------------


class ResponseState(StrEnum):
    """What is stored. ``None`` (no row yet) means the agency has not started."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


RESPONSE_STATE_CHOICES = [(state.value, state.value) for state in ResponseState]


class ResponseAction(StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


RESPONSE_TRANSITIONS: dict[tuple[ResponseState | None, ResponseAction], ResponseState] = {
    (None, ResponseAction.SAVE): ResponseState.DRAFT,
    (ResponseState.DRAFT, ResponseAction.SAVE): ResponseState.DRAFT,
    (ResponseState.RETURNED, ResponseAction.SAVE): ResponseState.RETURNED,
    (None, ResponseAction.SUBMIT): ResponseState.SUBMITTED,
    (ResponseState.DRAFT, ResponseAction.SUBMIT): ResponseState.SUBMITTED,
    (ResponseState.RETURNED, ResponseAction.SUBMIT): ResponseState.SUBMITTED,
    (ResponseState.SUBMITTED, ResponseAction.RETURN): ResponseState.RETURNED,
    (ResponseState.SUBMITTED, ResponseAction.ACCEPT): ResponseState.ACCEPTED,
}

RESPONSE_REFUSALS = {
    ResponseAction.SAVE: "Jawaban yang sudah dikirim atau diterima tidak dapat diubah.",
    ResponseAction.SUBMIT: "Jawaban ini sudah dikirim atau sudah diterima.",
    ResponseAction.RETURN: "Hanya jawaban yang sudah dikirim yang dapat dikembalikan.",
    ResponseAction.ACCEPT: "Hanya jawaban yang sudah dikirim yang dapat diterima.",
}


def response_next(state: str | None, action: ResponseAction) -> ResponseState:
    """The state after ``action``; :class:`Conflict` when the table does not allow it."""
    current = ResponseState(state) if state else None
    target = RESPONSE_TRANSITIONS.get((current, action))
    if target is None:
        raise Conflict(RESPONSE_REFUSALS[action], code="illegal_transition")
    return target


class Status(StrEnum):
    """The status shown per agency, derived by :func:`derived_status`."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    SUBMITTED_LATE = "submitted_late"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """ok / warn / bad / neutral: the colour of its badge."""
        return STATUS_TONES[self]


STATUS_LABELS = {
    Status.NOT_STARTED: "Belum mulai",
    Status.IN_PROGRESS: "Sedang diisi",
    Status.SUBMITTED: "Terkirim",
    Status.SUBMITTED_LATE: "Terkirim terlambat",
    Status.RETURNED: "Dikembalikan",
    Status.ACCEPTED: "Diterima",
    Status.OVERDUE: "Lewat tenggat",
}
STATUS_TONES = {
    Status.NOT_STARTED: "neutral",
    Status.IN_PROGRESS: "neutral",
    Status.SUBMITTED: "ok",
    Status.SUBMITTED_LATE: "warn",
    Status.RETURNED: "warn",
    Status.ACCEPTED: "ok",
    Status.OVERDUE: "bad",
}
#: states in which the agency has handed its response in
HANDED_IN = frozenset({ResponseState.SUBMITTED, ResponseState.ACCEPTED})


def derived_status(*, state: str | None, submitted_at: datetime | None, due_at: datetime, now: datetime) -> Status:
    """The status of one agency. Due time is inclusive: a submission at ``due_at`` is on time."""
    if state == ResponseState.RETURNED:
        return Status.RETURNED
    if state == ResponseState.ACCEPTED:
        return Status.ACCEPTED
    if state == ResponseState.SUBMITTED:
        assert submitted_at is not None, "a submitted response has a submission time"
        return Status.SUBMITTED_LATE if submitted_at > due_at else Status.SUBMITTED
    if now > due_at:
        return Status.OVERDUE
    return Status.IN_PROGRESS if state == ResponseState.DRAFT else Status.NOT_STARTED


def late_by_minutes(submitted_at: datetime, due_at: datetime) -> int:
    """Whole minutes after the due time, rounded up (30 seconds late is 1 minute); 0 when on time."""
    seconds = (submitted_at - due_at).total_seconds()
    return max(0, math.ceil(seconds / 60))


def lateness_minutes(*, state: str | None, submitted_at: datetime | None, due_at: datetime, now: datetime) -> int:
    """How late an agency is: by its last submission when handed in, otherwise by now."""
    if state in HANDED_IN and submitted_at is not None:
        return late_by_minutes(submitted_at, due_at)
    return late_by_minutes(now, due_at)


class Outcome(StrEnum):
    """One agency's compliance with one request, for the history across requests."""

    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.ON_TIME: "Tepat waktu",
    Outcome.LATE: "Terlambat",
    Outcome.OVERDUE: "Tidak memenuhi",
    Outcome.PENDING: "Belum jatuh tempo",
}


def outcome(*, state: str | None, submitted_at: datetime | None, due_at: datetime, now: datetime) -> Outcome:
    if state in HANDED_IN and submitted_at is not None:
        return Outcome.LATE if submitted_at > due_at else Outcome.ON_TIME
    return Outcome.OVERDUE if now > due_at else Outcome.PENDING


#: derived statuses an escalation report lists: the agency did not hand in by the due time
NON_COMPLIANT = frozenset({Status.OVERDUE, Status.RETURNED, Status.SUBMITTED_LATE})


def is_non_compliant(status: Status, *, now: datetime, due_at: datetime) -> bool:
    """After the due time, an agency that handed in late, or not at all, did not comply."""
    return now > due_at and status in NON_COMPLIANT


def format_minutes(minutes: int) -> str:
    """``2 hari 3 jam``, ``5 jam 10 menit``, ``45 menit``; ``—`` for 0."""
    return durasi(minutes)


# --- items and values ------------------------------------------------------------------------------


class ItemKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    FILE = "file"

    @property
    def label(self) -> str:
        return ITEM_KIND_LABELS[self]


ITEM_KIND_LABELS = {
    ItemKind.TEXT: "Teks singkat",
    ItemKind.LONG_TEXT: "Teks panjang",
    ItemKind.NUMBER: "Angka",
    ItemKind.DATE: "Tanggal",
    ItemKind.CHOICE: "Pilihan",
    ItemKind.FILE: "Berkas (unggah)",
}
ITEM_KIND_CHOICES = [(kind.value, kind.label) for kind in ItemKind]
TEXT_MAX = 500
LONG_TEXT_MAX = 20_000


@dataclass(frozen=True)
class FileType:
    label: str
    mime_types: frozenset[str]
    extensions: frozenset[str]


FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", frozenset({"application/pdf"}), frozenset({".pdf"})),
    "xlsx": FileType(
        "Excel (XLSX)",
        frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        frozenset({".xlsx"}),
    ),
    "docx": FileType(
        "Word (DOCX)",
        frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}),
        frozenset({".docx"}),
    ),
    "image": FileType("Gambar (JPG/PNG)", frozenset({"image/jpeg", "image/png"}), frozenset({".jpg", ".jpeg", ".png"})),
}
#: every MIME type a deadline's file item may ever accept (the "deadline_evidence" upload purpose)
EVIDENCE_MIME_TYPES = frozenset(mime for kind in FILE_TYPES.values() for mime in kind.mime_types)
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def file_type_allowed(*, name: str, content_type: str, allowed: Sequence[str]) -> bool:
    """Whether a file is one of the item's types: by its name and, once stored, by the type the storage found."""
    kinds = [FILE_TYPES[key] for key in (allowed or FILE_TYPES) if key in FILE_TYPES]
    lowered = name.lower()
    by_name = any(lowered.endswith(ext) for kind in kinds for ext in kind.extensions)
    by_type = not content_type or any(content_type in kind.mime_types for kind in kinds)
    return by_name and by_type


def allowed_types_label(allowed: Sequence[str]) -> str:
    return ", ".join(FILE_TYPES[key].label for key in (allowed or FILE_TYPES) if key in FILE_TYPES)


def clean_value(kind: str, raw: str, choices: Sequence[str] = ()) -> tuple[str, str | None]:
    """``(normalised value, error)`` of a typed answer; an empty answer is valid and stays empty."""
    value = (raw or "").strip()
    if not value:
        return "", None
    cleaner = _CLEANERS.get(ItemKind(kind))
    return cleaner(value, choices) if cleaner else (value, None)


def _clean_text(value: str, choices: Sequence[str]) -> tuple[str, str | None]:
    return (value, None) if len(value) <= TEXT_MAX else (value, f"Paling banyak {TEXT_MAX} karakter.")


def _clean_long_text(value: str, choices: Sequence[str]) -> tuple[str, str | None]:
    return (value, None) if len(value) <= LONG_TEXT_MAX else (value, f"Paling banyak {LONG_TEXT_MAX} karakter.")


def _clean_number(value: str, choices: Sequence[str]) -> tuple[str, str | None]:
    candidate = value.replace(" ", "")
    if candidate.count(",") == 1 and "." not in candidate.split(",")[1]:
        candidate = candidate.replace(".", "").replace(",", ".")  # Indonesian 1.234,5
    elif candidate.count(".") > 1:
        candidate = candidate.replace(".", "")  # Indonesian thousands: 1.500.000
    try:
        number = Decimal(candidate)
    except InvalidOperation:
        return value, "Harus berupa angka."
    if not number.is_finite():
        return value, "Harus berupa angka."
    return format(number.normalize(), "f"), None


def _clean_date(value: str, choices: Sequence[str]) -> tuple[str, str | None]:
    try:
        return date.fromisoformat(value).isoformat(), None
    except ValueError:
        return value, "Tanggal tidak valid (format TTTT-BB-HH)."


def _clean_choice(value: str, choices: Sequence[str]) -> tuple[str, str | None]:
    return (value, None) if value in choices else (value, "Pilih salah satu pilihan yang tersedia.")


_CLEANERS = {
    ItemKind.TEXT: _clean_text,
    ItemKind.LONG_TEXT: _clean_long_text,
    ItemKind.NUMBER: _clean_number,
    ItemKind.DATE: _clean_date,
    ItemKind.CHOICE: _clean_choice,
}


@dataclass(frozen=True)
class ItemSpec:
    id: int
    label: str
    required: bool


def missing_items(items: Iterable[ItemSpec], filled: set[int]) -> list[ItemSpec]:
    """Required items without an answer, in the given order."""
    return [item for item in items if item.required and item.id not in filled]


def missing_message(labels: Sequence[str]) -> str:
    return "Belum dapat dikirim. Butir wajib yang belum diisi: " + "; ".join(labels) + "."


# --- reminders -------------------------------------------------------------------------------------

#: days before the due date (local dates) on which the agency head and admins are reminded
DEFAULT_REMINDER_DAYS: tuple[int, ...] = (3, 1, 0)
#: local time of day at which a reminder falls due
REMINDER_TIME = time(8, 0)
MAX_REMINDER_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    days_before: int
    at: datetime

    @property
    def label(self) -> str:
        return f"H-{self.days_before}"


def reminder_schedule(*, due_at: datetime, tz: str, days: Iterable[int] = DEFAULT_REMINDER_DAYS) -> list[Reminder]:
    """The reminders of a request, earliest first: at 08.00 local time, ``n`` local days before the
    local due date. A reminder that would fall at or after the due time is dropped."""
    zone = ZoneInfo(tz)
    due_date = due_at.astimezone(zone).date()
    reminders = [
        Reminder(n, datetime.combine(due_date - timedelta(days=n), REMINDER_TIME, tzinfo=zone))
        for n in sorted(set(days), reverse=True)
    ]
    return [reminder for reminder in reminders if reminder.at < due_at]


def reminder_due(
    *, schedule: Sequence[Reminder], now: datetime, opened_at: datetime, due_at: datetime
) -> Reminder | None:
    """The reminder to send at ``now``: the latest one already fallen due, if it fell due after the
    request opened and the due time has not passed. Earlier reminders missed (e.g. the scheduler was
    down) are not sent late: the latest one says the same, closer to the deadline."""
    if now > due_at:
        return None
    fallen = [reminder for reminder in schedule if opened_at <= reminder.at <= now]
    return fallen[-1] if fallen else None


def parse_reminder_days(text: str) -> tuple[tuple[int, ...], str | None]:
    """``"3, 1, 0"`` → ``(3, 1, 0)``; an error message when a part is not a day count 0–30."""
    parts = [part.strip().upper().removeprefix("H-") for part in text.replace(";", ",").split(",") if part.strip()]
    if not parts:
        return DEFAULT_REMINDER_DAYS, None
    if not all(part.isdigit() and int(part) <= MAX_REMINDER_DAYS for part in parts):
        return (), f"Isi jumlah hari sebelum tenggat, 0–{MAX_REMINDER_DAYS}, dipisah koma (mis. 3, 1, 0)."
    return tuple(sorted({int(part) for part in parts}, reverse=True)), None


# --- a request being written -----------------------------------------------------------------------

TITLE_MAX = 200
LABEL_MAX = 200


@dataclass(frozen=True)
class ItemDraft:
    """One item as the requester writes it."""

    label: str
    kind: str = ItemKind.TEXT
    required: bool = True
    help_text: str = ""
    choices: tuple[str, ...] = ()
    allowed_types: tuple[str, ...] = ()


def item_problem(item: ItemDraft) -> str | None:
    """Why an item cannot be saved (None when it can)."""
    if not item.label.strip():
        return "Nama butir wajib diisi."
    if len(item.label.strip()) > LABEL_MAX:
        return f"Nama butir paling banyak {LABEL_MAX} karakter."
    if item.kind not in {kind.value for kind in ItemKind}:
        return "Jenis butir tidak dikenal."
    if item.kind == ItemKind.CHOICE and len([c for c in item.choices if c.strip()]) < 2:
        return f"Butir pilihan “{item.label.strip()}” perlu paling sedikit dua pilihan."
    if any(key not in FILE_TYPES for key in item.allowed_types):
        return "Jenis berkas tidak dikenal."
    return None


def obligation_problems(
    *,
    title: str,
    opens_at: datetime,
    due_at: datetime,
    items: Sequence[ItemDraft],
    agency_count: int,
    items_required: bool = True,
) -> dict[str, str]:
    """Field → problem for a request (empty when it can be saved). A request answered through a module
    (a work plan) may ask for no extra item: ``items_required=False``."""
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = "Judul wajib diisi."
    elif len(title.strip()) > TITLE_MAX:
        problems["title"] = f"Judul paling banyak {TITLE_MAX} karakter."
    if due_at <= opens_at:
        problems["due_at"] = "Batas waktu harus setelah waktu dibuka."
    if not items and items_required:
        problems["items"] = "Tambahkan paling sedikit satu butir yang harus diisi OPD."
    else:
        found = next((p for p in map(item_problem, items) if p), None)
        if found:
            problems["items"] = found
    if agency_count == 0:
        problems["agency_ids"] = "Pilih paling sedikit satu OPD tujuan."
    return problems
