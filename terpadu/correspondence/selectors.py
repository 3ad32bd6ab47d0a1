"""Reads of E-Surat, always given the acting user: the boxes of an employee, letters they may read (list,
detail, full-text search), the disposition tree of a letter and the follow-up report.

Access is decided in :mod:`.policies` only: letters through ``visible_filter``, the report through
``monitored_agencies``. Days ("today", date filters, the age of an item) are the government's local days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from terpadu.core.errors import NotFound, ValidationFailed
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Government

from . import letter_rules, policies, search
from .models import InboxItem, Letter, SecurityLevel, Urgency
from .search import reach_of, search_filter

Kind, FollowUp, Status = InboxItem.Kind, InboxItem.FollowUp, Letter.Status
RECEIVED_KINDS = (Kind.TO, Kind.CC, Kind.DISPOSITION)
TO_FOLLOW_UP = (Kind.TO, Kind.DISPOSITION)
PENDING = (FollowUp.PENDING, FollowUp.FORWARDED)
IN_PROGRESS = (Status.DRAFT, Status.RETURNED, Status.IN_REVIEW, Status.TO_SIGN)
#: what the follow-up drill-down shows instead of the subject of a letter the viewer may not read
MASKED_SUBJECT = "(naskah rahasia)"

#: the boxes of the E-Surat menu, in menu order: key -> label
BOXES: dict[str, str] = {
    "unread": "Belum dibaca",
    "follow_up": "Perlu ditindaklanjuti",
    "dispositions_unread": "Disposisi belum dibaca",
    "dispositions_pending": "Disposisi belum ditindaklanjuti",
    "cc": "Tembusan",
    "to_review": "Perlu diparaf",
    "to_sign": "Perlu ditandatangani",
    "ready_to_send": "Siap kirim",
    "sent": "Terkirim",
    "drafts": "Konsep",
    "incoming": "Surat masuk",
    "all": "Semua",
}
_BOX_FILTERS: dict[str, Q] = {
    "unread": Q(kind__in=RECEIVED_KINDS, read_at__isnull=True),
    "follow_up": Q(kind__in=TO_FOLLOW_UP, follow_up_status__in=PENDING),
    "dispositions_unread": Q(kind=Kind.DISPOSITION, read_at__isnull=True),
    "dispositions_pending": Q(kind=Kind.DISPOSITION, follow_up_status__in=PENDING),
    "cc": Q(kind=Kind.CC),
    "to_review": Q(kind=Kind.REVIEW, closed_at__isnull=True),
    "to_sign": Q(kind=Kind.SIGN, closed_at__isnull=True),
    "ready_to_send": Q(kind=Kind.SEND, closed_at__isnull=True),
    "sent": Q(kind=Kind.OWNER, letter__status=Status.SENT),
    "drafts": Q(kind=Kind.OWNER, letter__status__in=IN_PROGRESS),
    "incoming": Q(kind__in=TO_FOLLOW_UP),
    "all": Q(),
}


def _owned_letter(*statuses: str) -> Q:
    """The user's own letters in these statuses, checked per owner entry only (no join of every entry).
    PostgreSQL prices the EXISTS as if it ran for every entry; above ~30,000 entries (the fullest heads) its
    default JIT then compiles the query for ~100 ms of 10 ms of work: production runs with ``jit = off``
    (bench/README.md)."""
    return Q(kind=Kind.OWNER) & Q(Exists(Letter.objects.filter(pk=OuterRef("letter_id"), status__in=statuses)))


#: the box filters as counted by ``box_counts``: the same entries, without joining the letters
_COUNT_FILTERS: dict[str, Q] = {
    **_BOX_FILTERS,
    "sent": _owned_letter(Status.SENT),
    "drafts": _owned_letter(*IN_PROGRESS),
}
#: a search result is counted up to this many letters ("lebih dari 1.000 naskah")
COUNT_CAP = 1_000


@dataclass(frozen=True)
class LetterFilters:
    """The filter bar of the boxes, the letter list and the search ("" / None: not filtered).

    Dates are local days: the letter date (or, before it is numbered, the day it was created) for letters,
    the day it arrived for box items. ``letter_type`` is a letter type code, ``agency_id`` the drafting or
    registering agency.
    """

    date_from: date | None = None
    date_to: date | None = None
    letter_type: str = ""
    urgency: str = ""
    agency_id: int | None = None
    status: str = ""
    security_level: str = ""
    q: str = ""

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        for name, choices in (("urgency", Urgency), ("status", Status), ("security_level", SecurityLevel)):
            if getattr(self, name) and getattr(self, name) not in choices.values:
                errors[name] = "Pilihan tidak dikenal."
        if self.date_from and self.date_to and self.date_from > self.date_to:
            errors["date_to"] = "Tanggal akhir tidak boleh sebelum tanggal awal."
        if errors:
            raise ValidationFailed("Saringan tidak valid.", fields=errors)

    @property
    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))


NO_FILTERS = LetterFilters()


# --- days in the government's time zone ----------------------------------------------------------------


def government_zone(government_id: int | None) -> ZoneInfo:
    zone = Government.objects.filter(pk=government_id or 0).values_list("timezone", flat=True).first()
    return ZoneInfo(zone or "Asia/Jakarta")


def local_today(government_id: int | None) -> date:
    return timezone.now().astimezone(government_zone(government_id)).date()


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _days_q(field: str, start: date | None, end: date | None, zone: ZoneInfo) -> Q:
    """``field`` (a datetime) falls on a local day from ``start`` to ``end`` (inclusive)."""
    condition = Q()
    if start:
        condition &= Q(**{f"{field}__gte": _day_start(start, zone)})
    if end:
        condition &= Q(**{f"{field}__lt": _day_start(end + timedelta(days=1), zone)})
    return condition


def _letter_q(filters: LetterFilters, prefix: str = "", reach: list[str] | None = None) -> Q:
    """Every filter but the dates, on a letter reached through ``prefix`` ("" or "letter__"); ``reach``
    narrows the full-text search to the reader's reach (``search.reach_of``)."""
    condition = Q()
    for name, lookup in (
        ("letter_type", "letter_type__code"),
        ("urgency", "urgency"),
        ("agency_id", "agency_id"),
        ("status", "status"),
        ("security_level", "security_level"),
    ):
        value = getattr(filters, name)
        if value:
            condition &= Q(**{f"{prefix}{lookup}": value})
    if filters.q.strip():
        condition &= search_filter(filters.q, field="letter_id" if prefix else "pk", reach=reach)
    return condition


def _letter_dates_q(filters: LetterFilters, zone: ZoneInfo) -> Q:
    if not (filters.date_from or filters.date_to):
        return Q()
    dated = Q(letter_date__isnull=False)
    if filters.date_from:
        dated &= Q(letter_date__gte=filters.date_from)
    if filters.date_to:
        dated &= Q(letter_date__lte=filters.date_to)
    undated = Q(letter_date__isnull=True) & _days_q("created_at", filters.date_from, filters.date_to, zone)
    return dated | undated


# --- boxes ------------------------------------------------------------------------------------------------


def _box_owner(user: Any) -> tuple[int, int] | None:
    """(government, employee) whose boxes the user reads: their own; None for a user who is not an employee."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None or actor.employee_id is None:
        return None
    return actor.government_id, actor.employee_id


def _box_filter(box: str) -> Q:
    if box not in _BOX_FILTERS:
        raise ValidationFailed("Kotak naskah tidak dikenal.", fields={"box": "Pilih salah satu kotak naskah."})
    return _BOX_FILTERS[box]


def inbox_items(*, user: Any, box: str, filters: LetterFilters = NO_FILTERS) -> QuerySet[InboxItem]:
    """The user's entries in one box (``BOXES``), newest first, with the letter, its type and agency and
    the disposition's sender loaded. Nothing for a user who is not an employee."""
    condition = _box_filter(box)
    owner = _box_owner(user)
    if owner is None:
        return InboxItem.objects.none()
    qs = InboxItem.objects.filter(government_id=owner[0], employee_id=owner[1])
    qs = qs.filter(condition, _letter_q(filters, prefix="letter__"))
    if filters.date_from or filters.date_to:
        zone = government_zone(owner[0])
        qs = qs.filter(_days_q("received_at", filters.date_from, filters.date_to, zone))
    return qs.select_related("letter", "letter__letter_type", "letter__agency", "sender").order_by(
        "-received_at", "-pk"
    )


def box_counts(*, user: Any) -> dict[str, int]:
    """How many entries each box holds (``BOXES`` order), in one query."""
    owner = _box_owner(user)
    if owner is None:
        return dict.fromkeys(BOXES, 0)
    counts = {key: Count("pk", filter=condition or None) for key, condition in _COUNT_FILTERS.items()}
    # by employee only (an employee has one government): an index-only scan on PostgreSQL
    found = InboxItem.objects.filter(employee_id=owner[1]).aggregate(**counts)
    return {key: int(found[key] or 0) for key in BOXES}


# --- letters ---------------------------------------------------------------------------------------------


def letters_for_user(*, user: Any) -> QuerySet[Letter]:
    """Every letter the user may read (``policies.visible_filter``)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return Letter.objects.none()
    return Letter.objects.filter(policies.visible_filter(actor))


def letter_get_for_user(*, user: Any, pk: Any) -> Letter:
    """One letter the user may read; the same 404 for "missing" and "not yours"."""
    qs = letters_for_user(user=user).select_related(
        "government", "agency", "letter_type", "classification", "drafted_by", "signer"
    )
    try:
        return qs.get(pk=pk)
    except (Letter.DoesNotExist, ValueError, TypeError):
        raise NotFound("Naskah tidak ditemukan.") from None


def letter_list_for_user(*, user: Any, filters: LetterFilters = NO_FILTERS) -> QuerySet[Letter]:
    """The letters the user may read, filtered (``filters.q``: full text), newest first."""
    return _letters(user, filters, newest_first=True).order_by("-created_at", "-pk")


def _letters(user: Any, filters: LetterFilters, *, newest_first: bool) -> QuerySet[Letter]:
    actor = actor_of(user)
    reach = reach_of(actor)
    qs = letters_for_user(user=user)
    if newest_first and reach is None and filters.q.strip() and search.match_count(filters.q) >= search.WALK_ABOVE:
        qs = qs.filter(_letter_q(replace(filters, q="")), search.newest_first_filter(filters.q))
    else:
        qs = qs.filter(_letter_q(filters, reach=reach))
    if actor is not None and (filters.date_from or filters.date_to):
        qs = qs.filter(_letter_dates_q(filters, government_zone(actor.government_id)))
    return qs.select_related("agency", "letter_type")


def letter_search(*, user: Any, q: str, filters: LetterFilters = NO_FILTERS) -> QuerySet[Letter]:
    """Full-text search among the letters the user may read, newest first; nothing for an empty query.
    A secret letter appears only to its participants (``policies``)."""
    if not q.strip():
        return Letter.objects.none()
    return letter_list_for_user(user=user, filters=replace(filters, q=q))


def letter_search_count(
    *, user: Any, q: str, filters: LetterFilters = NO_FILTERS, cap: int = COUNT_CAP
) -> tuple[int, bool]:
    """How many letters :func:`letter_search` finds, counted up to ``cap``: (count, more)."""
    if not q.strip():
        return 0, False
    return count_capped(_letters(user, replace(filters, q=q), newest_first=False), cap)


def count_capped(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows, counted up to ``cap``: (count, more). A search for a common word among a million
    letters matches hundreds of thousands; a page needs "more than 1,000", not the exact figure."""
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


# --- the disposition tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DispositionNode:
    """One disposition of a letter, with the dispositions made from it."""

    id: int
    sender_id: int | None
    sender_name: str
    recipient_id: int
    recipient_name: str
    agency_name: str
    instructions: tuple[str, ...]
    note: str
    urgency: str
    due_date: date | None
    received_at: datetime
    read_at: datetime | None
    follow_up_status: str
    follow_up_label: str
    followed_up_at: datetime | None
    follow_up_text: str
    overdue: bool
    children: tuple[DispositionNode, ...] = ()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def _node(item: InboxItem, children: Mapping[int | None, list[InboxItem]], today: date) -> DispositionNode:
    labels = letter_rules.DISPOSITION_INSTRUCTIONS
    return DispositionNode(
        id=item.pk,
        sender_id=item.sender_id,
        sender_name=item.sender.full_name if item.sender else "",
        recipient_id=item.employee_id,
        recipient_name=item.employee.full_name,
        agency_name=item.agency.name if item.agency else "",
        instructions=tuple(labels.get(key, key) for key in item.instructions or []),
        note=item.note,
        urgency=item.urgency,
        due_date=item.due_date,
        received_at=item.received_at,
        read_at=item.read_at,
        follow_up_status=item.follow_up_status,
        follow_up_label=item.get_follow_up_status_display(),
        followed_up_at=item.followed_up_at,
        follow_up_text=item.follow_up_text,
        overdue=letter_rules.is_overdue(item.due_date, today, item.follow_up_status not in PENDING),
        children=tuple(_node(child, children, today) for child in children.get(item.pk, [])),
    )


def disposition_tree(*, user: Any, letter: Letter, today: date | None = None) -> list[DispositionNode]:
    """The whole disposition tree of a letter (roots: dispositions not made from another disposition),
    oldest first at each level. Anyone who may read the letter sees all of it; others get a 404."""
    if not letters_for_user(user=user).filter(pk=letter.pk).exists():
        raise NotFound("Naskah tidak ditemukan.")
    items = list(
        InboxItem.objects.filter(letter_id=letter.pk, kind=Kind.DISPOSITION)
        .select_related("employee", "sender", "agency")
        .order_by("received_at", "pk")
    )
    ids = {item.pk for item in items}
    children: dict[int | None, list[InboxItem]] = {}
    for item in items:
        children.setdefault(item.parent_id if item.parent_id in ids else None, []).append(item)
    today = today or local_today(letter.government_id)
    return [_node(item, children, today) for item in children.get(None, [])]


# --- the follow-up report ---------------------------------------------------------------------------------

BUCKETS: tuple[str, ...] = tuple(label for label, _, _ in letter_rules.AGE_BUCKETS)
URGENCIES: tuple[str, ...] = tuple(Urgency.values)


@dataclass(frozen=True)
class FollowUpRow:
    """Items waiting for follow-up of one agency or one person (or the total)."""

    id: int | None
    name: str
    total: int
    #: counts per age bucket, in ``BUCKETS`` order
    by_age: tuple[int, ...]
    #: counts per urgency, in ``URGENCIES`` order
    by_urgency: tuple[int, ...]
    overdue: int


@dataclass(frozen=True)
class FollowUpReport:
    """Per agency (and, for one agency, per person): items addressed (Kepada) or disposed to someone that
    still wait for their follow-up, by age since receipt, by urgency, and how many are past due."""

    today: date
    agency_id: int | None
    buckets: tuple[str, ...]
    urgencies: tuple[str, ...]
    agencies: tuple[FollowUpRow, ...]
    people: tuple[FollowUpRow, ...]
    total: FollowUpRow


def _bucket_q(label: str, today: date, zone: ZoneInfo) -> Q:
    """Items whose age in local days (received day to ``today``, at least 0) falls in the bucket."""
    for name, low, high in letter_rules.AGE_BUCKETS:
        if name == label:
            start = None if high is None else today - timedelta(days=high)
            end = None if low == 0 else today - timedelta(days=low)
            return _days_q("received_at", start, end, zone)
    raise ValidationFailed("Kelompok umur tidak dikenal.", fields={"bucket": "Pilih salah satu kelompok umur."})


def _pending_items(actor: Actor | None, agency_id: int | None) -> QuerySet[InboxItem]:
    monitored = policies.monitored_agencies(actor)
    if actor is None or actor.government_id is None:
        return InboxItem.objects.none()
    if agency_id is not None and monitored is not None and agency_id not in monitored:
        raise NotFound("Perangkat daerah tidak ditemukan.")
    qs = InboxItem.objects.filter(
        government_id=actor.government_id, kind__in=TO_FOLLOW_UP, follow_up_status__in=PENDING
    )
    if agency_id is not None:
        return qs.filter(agency_id=agency_id)
    return qs if monitored is None else qs.filter(agency_id__in=sorted(monitored))


def _report_counts(today: date, zone: ZoneInfo) -> dict[str, Count]:
    counts = {"total": Count("pk"), "overdue": Count("pk", filter=Q(due_date__lt=today))}
    for i, label in enumerate(BUCKETS):
        counts[f"age_{i}"] = Count("pk", filter=_bucket_q(label, today, zone))
    for i, urgency in enumerate(URGENCIES):
        counts[f"urgency_{i}"] = Count("pk", filter=Q(urgency=urgency))
    return counts


def _row(id_: int | None, name: str, found: Mapping[str, Any]) -> FollowUpRow:
    return FollowUpRow(
        id=id_,
        name=name,
        total=found["total"],
        by_age=tuple(found[f"age_{i}"] for i in range(len(BUCKETS))),
        by_urgency=tuple(found[f"urgency_{i}"] for i in range(len(URGENCIES))),
        overdue=found["overdue"],
    )


def _column_sums(rows: list[FollowUpRow], column: str, width: int) -> tuple[int, ...]:
    return tuple(sum(getattr(row, column)[i] for row in rows) for i in range(width))


def _sum(rows: Iterable[FollowUpRow]) -> FollowUpRow:
    rows = list(rows)
    return FollowUpRow(
        id=None,
        name="Jumlah",
        total=sum(row.total for row in rows),
        by_age=_column_sums(rows, "by_age", len(BUCKETS)),
        by_urgency=_column_sums(rows, "by_urgency", len(URGENCIES)),
        overdue=sum(row.overdue for row in rows),
    )


def follow_up_report(*, user: Any, agency_id: int | None, today: date) -> FollowUpReport:
    """The follow-up report of the agencies the user monitors (``policies.monitored_agencies``), or of one
    of them with a row per person. Counted by the database (two grouped queries)."""
    actor = actor_of(user)
    items = _pending_items(actor, agency_id)
    zone = government_zone(actor.government_id if actor else None)
    counts = _report_counts(today, zone)
    by_agency = items.values("agency_id", "agency__name", "agency__code").annotate(**counts).order_by("agency__code")
    agencies = tuple(_row(r["agency_id"], r["agency__name"] or "(tanpa perangkat daerah)", r) for r in by_agency)
    people: tuple[FollowUpRow, ...] = ()
    if agency_id is not None:
        by_person = (
            items.values("employee_id", "employee__name", "employee__front_title", "employee__back_title")
            .annotate(**counts)
            .order_by("employee__name", "employee_id")
        )
        people = tuple(_row(r["employee_id"], _full_name(r), r) for r in by_person)
    return FollowUpReport(today, agency_id, BUCKETS, URGENCIES, agencies, people, _sum(agencies))


def _full_name(row: Mapping[str, Any]) -> str:
    name = f"{row['employee__front_title']} {row['employee__name']}".strip()
    return f"{name}, {row['employee__back_title']}" if row["employee__back_title"] else name


def follow_up_items(
    *,
    user: Any,
    agency_id: int | None,
    employee_id: int | None = None,
    bucket: str | None = None,
    urgency: str | None = None,
    overdue: bool = False,
    today: date | None = None,
) -> QuerySet[InboxItem]:
    """The items behind one cell of the report, oldest first, with the person, agency and sender loaded.

    Show ``subject_shown`` (and ``letter_number``), never ``item.letter``: the subject of a letter the
    viewer may not read is masked as "(naskah rahasia)"; ``readable`` tells whether they may open it.
    """
    actor = actor_of(user)
    qs = _pending_items(actor, agency_id)
    if actor is None or actor.government_id is None:
        return qs
    zone = government_zone(actor.government_id)
    today = today or timezone.now().astimezone(zone).date()
    if employee_id is not None:
        qs = qs.filter(employee_id=employee_id)
    if bucket:
        qs = qs.filter(_bucket_q(bucket, today, zone))
    if urgency:
        qs = qs.filter(urgency=urgency)
    if overdue:
        qs = qs.filter(due_date__lt=today)
    readable = Exists(Letter.objects.filter(policies.visible_filter(actor), pk=OuterRef("letter_id")))
    return (
        qs.select_related("employee", "agency", "sender")
        .annotate(
            readable=readable,
            letter_number=F("letter__number"),
            letter_urgency=F("letter__urgency"),
            subject_shown=Case(
                When(readable=True, then=F("letter__subject")),
                default=Value(MASKED_SUBJECT),
                output_field=CharField(),
            ),
        )
        .order_by("received_at", "pk")
    )
