"""Rules of the requests an employee asks the direct superior to approve (excuses and corrections), and
of shift hours. Pure: no database, no Django.

- Status: an explicit transitions table (DESIGN.md §3.4) — anything not listed is impossible.
- Excuses: a date range of at most a year, starting at most :data:`MAX_DAYS_BACK` days ago; cuti
  tahunan within one calendar year; leave counted in months (RULES.md §5 units) at most the quota
  per request; only PNS take the leave PPPK do not have (PP 49/2018 Pasal 70).
- Corrections: a past date, at most :data:`CORRECTION_MAX_DAYS_BACK` days back.
- Shifts: ``end`` at or before ``start`` ends the next day; the break is shorter than the span.
"""

from __future__ import annotations

import calendar
from datetime import date, time, timedelta
from enum import StrEnum

from terpadu.core.formatting import tanggal

from .leave_rules import LEAVE_UNITS, LeaveType

# ── status transitions ─────────────────────────────────────────────────────────────────────────────


class Status(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class Action(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"


STATUS_LABELS = {
    Status.PENDING: "Menunggu persetujuan",
    Status.APPROVED: "Disetujui",
    Status.REJECTED: "Ditolak",
    Status.CANCELLED: "Dibatalkan",
}
ACTION_LABELS = {Action.APPROVE: "disetujui", Action.REJECT: "ditolak", Action.CANCEL: "dibatalkan"}

#: (status now, action) → status after. An approved excuse may still be cancelled before it starts
#: (the service checks the date); a correction, once approved, is an event and stays.
EXCUSE_TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.PENDING, Action.APPROVE): Status.APPROVED,
    (Status.PENDING, Action.REJECT): Status.REJECTED,
    (Status.PENDING, Action.CANCEL): Status.CANCELLED,
    (Status.APPROVED, Action.CANCEL): Status.CANCELLED,
}
CORRECTION_TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.PENDING, Action.APPROVE): Status.APPROVED,
    (Status.PENDING, Action.REJECT): Status.REJECTED,
    (Status.PENDING, Action.CANCEL): Status.CANCELLED,
}


def next_status(table: dict[tuple[Status, Action], Status], status: str, action: Action) -> Status | None:
    """The status ``action`` leads to from ``status``; ``None`` when the table does not allow it."""
    return table.get((Status(status), action))


def transition_refusal(status: str, action: Action) -> str:
    return f"Pengajuan yang berstatus {STATUS_LABELS[Status(status)].lower()} tidak dapat {ACTION_LABELS[action]}."


# ── excuses ────────────────────────────────────────────────────────────────────────────────────────

MAX_DAYS_BACK = 30  # an excuse may start at most this many days ago (DEFAULT)
MAX_RANGE_DAYS = 366  # one request covers at most a year (inclusive)
CORRECTION_MAX_DAYS_BACK = 30  # a forgotten check-in/out may be corrected this many days back (DEFAULT)
NOTE_MAX = 500

#: excuse kinds that are leave (cuti) and the quota type they count against
LEAVE_KINDS = {t.value: t for t in LeaveType}
#: leave PPPK do not have (PP 49/2018 Pasal 70: tahunan, sakit, melahirkan and cuti bersama only)
PNS_ONLY = frozenset({LeaveType.LONG_SERVICE, LeaveType.IMPORTANT_REASON, LeaveType.UNPAID})
#: leave counted in months per request (the quota's unit, RULES.md §5), and CLTN in years
MONTH_UNIT = frozenset({LeaveType.LONG_SERVICE, LeaveType.SICK, LeaveType.MATERNITY, LeaveType.IMPORTANT_REASON})
#: kinds that need the place (destination, or where the employee works from)
NEEDS_PLACE = frozenset({"duty", "wfa"})
#: kinds that may carry an E-Surat assignment letter (surat tugas)
TAKES_LETTER = frozenset({"duty", "training"})


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def range_problems(start: date, end: date, today: date) -> dict[str, list[str]]:
    """What is wrong with an excuse's date range, per field."""
    if end < start:
        return {"end_date": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]}
    problems: dict[str, list[str]] = {}
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        problems["end_date"] = ["Satu pengajuan paling lama satu tahun; ajukan sisanya terpisah."]
    if start < today - timedelta(days=MAX_DAYS_BACK):
        problems["start_date"] = [f"Tanggal mulai paling lama {MAX_DAYS_BACK} hari yang lalu."]
    return problems


def leave_length_problem(leave: LeaveType, quota: int, start: date, end: date) -> str | None:
    """A month-counted leave longer than its quota per request (``quota`` months; CLTN in years)."""
    if leave in MONTH_UNIT:
        months = quota
    elif leave is LeaveType.UNPAID:
        months = quota * 12
    else:
        return None
    if end >= add_months(start, months):
        return f"{leave.label} paling lama {quota} {LEAVE_UNITS[leave].split(' ')[0]} per pengajuan."
    return None


def annual_leave_problem(start: date, end: date, days: int, available: int) -> str | None:
    if start.year != end.year:
        return "Cuti tahunan tidak boleh melewati pergantian tahun; ajukan terpisah per tahun."
    if days > available:
        return f"Sisa cuti tahunan {start.year} tinggal {available} hari kerja; yang diajukan {days} hari kerja."
    return None


def overlap_message(kind_label: str, start: date, end: date) -> str:
    return f"Tanggal itu bertumpang tindih dengan {kind_label} {period(start, end)} yang menunggu atau disetujui."


def period(start: date, end: date) -> str:
    return tanggal(start) if start == end else f"{tanggal(start)} s.d. {tanggal(end)}"


def correction_date_problem(day: date, today: date) -> str | None:
    if day > today:
        return "Tanggal koreksi tidak boleh di masa depan."
    if day < today - timedelta(days=CORRECTION_MAX_DAYS_BACK):
        return f"Koreksi paling lama {CORRECTION_MAX_DAYS_BACK} hari ke belakang."
    return None


# ── shifts ─────────────────────────────────────────────────────────────────────────────────────────

WEEKDAY_LABELS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MINUTES_PER_DAY = 24 * 60


def shift_span_minutes(start: time, end: time) -> int:
    """From start to end; ``end`` at or before ``start`` is the next day (a 24-hour shift when equal)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + MINUTES_PER_DAY


def shift_work_minutes(start: time, end: time, break_minutes: int) -> int:
    return shift_span_minutes(start, end) - break_minutes


def shift_problems(code: str, name: str, start: time, end: time, break_minutes: int) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not code.strip():
        problems["code"] = ["Kode sif wajib diisi."]
    if not name.strip():
        problems["name"] = ["Nama sif wajib diisi."]
    if break_minutes < 0:
        problems["break_minutes"] = ["Istirahat tidak boleh negatif."]
    elif break_minutes >= shift_span_minutes(start, end):
        problems["break_minutes"] = ["Istirahat harus lebih singkat dari lama sif."]
    return problems


def weekday_problems(weekdays: list[int]) -> str | None:
    if not weekdays:
        return "Pilih paling sedikit satu hari."
    if any(not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays):
        return "Hari harus 0 (Senin) sampai 6 (Minggu)."
    return None


def weekdays_label(weekdays: list[int]) -> str:
    if sorted(weekdays) == list(range(7)):
        return "Setiap hari"
    return ", ".join(WEEKDAY_LABELS[d] for d in sorted(weekdays))
