"""The daily anomaly report (issue 5 item 2): run the fraud detectors over a government's day and write one
``AnomalyFlag`` per employee, kind and cluster, for the employee's direct superior to review.

- ``anomaly_report_build`` is idempotent: a second run creates no flag and notifies nobody again (one
  notification per reviewer and day, with the count); open flags of a cluster that grew get the new
  evidence, reviewed ones are left as they were.
- ``anomaly_review``: the reviewer, the agency's head or admin (or the platform admin) clears or confirms a
  flag, never their own; audited.
- A flag never changes an ``AttendanceDay`` or a recap: confirming one is a reason for the superior to act
  through the usual flows (reject a correction, a discipline case), not an automatic deduction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.formatting import tanggal
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Employee, Government, User
from terpadu.directory.selectors import supervisor_of
from terpadu.notifications.interfaces import notify

from . import fraud_rules, policies
from .fraud_rules import EventFact, Finding, FraudSettings
from .models import AnomalyFlag, AttendanceEvent

NOTIFICATION_KIND = "attendance.anomaly"
NOTIFICATION_LABEL = "Kejanggalan presensi perlu ditinjau"
REVIEW_FIELDS = ["status", "reviewed_at", "reviewed_by_id", "review_note"]
NOTE_MAX = 500


def page_url(day: date) -> str:
    """The anomaly page of a day (``attendance:anomalies``; literal so that services need no URLconf)."""
    return f"/absensi/kejanggalan/?tanggal={day.isoformat()}"


def government_today(government_id: int) -> date:
    zone = Government.objects.filter(pk=government_id).values_list("timezone", flat=True).first()
    return timezone.now().astimezone(ZoneInfo(zone or "Asia/Jakarta")).date()


# ── reading the day ──────────────────────────────────────────────────────────────────────────────────

_FACT_FIELDS = (
    "pk",
    "employee_id",
    "agency_id",
    "occurred_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "device__key_hash",
    "ip",
    "source",
)


def day_facts(*, government_id: int, day: date) -> list[EventFact]:
    """The day's events (by local date) as the detectors see them, in one query."""
    rows = AttendanceEvent.objects.filter(government_id=government_id, local_date=day).values_list(*_FACT_FIELDS)
    return [EventFact(*row) for row in rows.order_by("occurred_at", "pk")]


# ── reviewers ────────────────────────────────────────────────────────────────────────────────────────


def reviewer_for(employee: Employee) -> Employee | None:
    """The direct superior; without one, the head of the employee's agency (never the employee)."""
    superior = supervisor_of(employee)
    if superior is not None or employee.agency_id is None:
        return superior
    return (
        Employee.objects.filter(agency_id=employee.agency_id, position__is_agency_head=True, is_active=True)
        .exclude(pk=employee.pk)
        .order_by("pk")
        .first()
    )


class _Reviewers:
    """Reviewer per employee, looked up once each."""

    def __init__(self, employee_ids: Iterable[int]) -> None:
        self.employees = Employee.objects.select_related("position").in_bulk(sorted(set(employee_ids)))
        self._found: dict[int, int | None] = {}

    def of(self, employee_id: int) -> int | None:
        if employee_id not in self._found:
            reviewer = reviewer_for(self.employees[employee_id])
            self._found[employee_id] = reviewer.pk if reviewer else None
        return self._found[employee_id]


# ── building the report ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ReportResult:
    government_id: int
    day: date
    findings: int
    created: int
    updated: int
    notified: int


def row_evidence(finding: Finding, employee_id: int) -> dict[str, Any]:
    """The cluster's evidence narrowed to one employee's events (the other rows of the cluster hold theirs)."""
    own = [e for e in finding.evidence["events"] if e["employee_id"] == employee_id]
    return {
        **{k: v for k, v in finding.evidence.items() if k not in ("events", "event_ids", "employee_ids")},
        "cluster_event_count": len(finding.event_ids),
        "event_ids": [e["event_id"] for e in own],
        "events": own,
    }


def _rows(findings: list[Finding]) -> dict[tuple[int, str, str], tuple[dict[str, Any], list[int]]]:
    rows = {}
    for finding in findings:
        for employee_id in finding.employee_ids:
            evidence = row_evidence(finding, employee_id)
            rows[(employee_id, finding.kind.value, finding.group_key)] = (evidence, evidence["event_ids"])
    return rows


def _agencies(employee_ids: Iterable[int]) -> dict[int, int | None]:
    return dict(Employee.objects.filter(pk__in=sorted(set(employee_ids))).values_list("pk", "agency_id"))


def _create(
    government_id: int, day: date, wanted: dict[tuple[int, str, str], tuple[dict[str, Any], list[int]]]
) -> list[AnomalyFlag]:
    reviewers = _Reviewers(employee for employee, _, _ in wanted)
    agencies = _agencies(employee for employee, _, _ in wanted)
    now = timezone.now()
    flags = AnomalyFlag.objects.bulk_create(
        AnomalyFlag(
            government_id=government_id,
            agency_id=agencies.get(employee_id),
            employee_id=employee_id,
            reviewer_id=reviewers.of(employee_id),
            date=day,
            kind=kind,
            group_key=key,
            evidence=evidence,
            created_at=now,
        )
        for (employee_id, kind, key), (evidence, _) in wanted.items()
    )
    links = [
        AnomalyFlag.events.through(anomalyflag_id=flag.pk, attendanceevent_id=event_id)
        for flag, (_, event_ids) in zip(flags, wanted.values(), strict=True)
        for event_id in event_ids
    ]
    AnomalyFlag.events.through.objects.bulk_create(links)
    return flags


def _refresh(existing: list[AnomalyFlag], wanted: dict[tuple[int, str, str], tuple[dict[str, Any], list[int]]]) -> int:
    """Open flags whose cluster changed since the last run get the new evidence and events."""
    updated = 0
    for flag in existing:
        evidence, event_ids = wanted[(flag.employee_id, flag.kind, flag.group_key)]
        if flag.status != AnomalyFlag.Status.OPEN or flag.evidence == evidence:
            continue
        flag.evidence = evidence
        flag.save(update_fields=["evidence"])
        flag.events.add(*event_ids)
        updated += 1
    return updated


def _audit(government: Government, day: date, created: list[AnomalyFlag], updated: int) -> None:
    if not created and not updated:
        return
    audit_record(
        actor=None,
        action="attendance.anomaly_report",
        target=government,
        government_id=government.pk,
        after={
            "date": day,
            "created": len(created),
            "updated": updated,
            "by_kind": dict(sorted(Counter(flag.kind for flag in created).items())),
        },
    )


def _notify_reviewers(government_id: int, day: date, reviewer_ids: set[int]) -> int:
    """One notification per reviewer and day, with the count of that day's flags waiting for them."""
    counts = Counter(
        AnomalyFlag.objects.filter(government_id=government_id, date=day, reviewer_id__in=sorted(reviewer_ids))
        .filter(status=AnomalyFlag.Status.OPEN)
        .values_list("reviewer_id", flat=True)
    )
    accounts: dict[int, list[int]] = defaultdict(list)
    for employee_id, user_id in User.objects.filter(employee_id__in=sorted(counts), is_active=True).values_list(
        "employee_id", "pk"
    ):
        accounts[employee_id].append(user_id)
    sent = 0
    for reviewer_id, count in sorted(counts.items()):
        sent += notify(
            user_ids=accounts.get(reviewer_id, []),
            kind=NOTIFICATION_KIND,
            title=NOTIFICATION_LABEL,
            body=f"{count} tanda kejanggalan presensi pegawai Anda pada {tanggal(day)} menunggu tinjauan Anda.",
            url=page_url(day),
            dedup_key=f"{NOTIFICATION_KIND}:{day.isoformat()}:{reviewer_id}",
        )
    return sent


def anomaly_report_build(
    *, government_id: int, day: date, settings: FraudSettings = fraud_rules.DEFAULT_SETTINGS
) -> ReportResult:
    """Flag the day's suspicious patterns of one government (idempotent). Notifies after commit."""
    findings = fraud_rules.detect_all(day_facts(government_id=government_id, day=day), settings)
    wanted = _rows(findings)
    with transaction.atomic():
        government = Government.objects.select_for_update().get(pk=government_id)  # one build at a time
        existing = [
            flag
            for flag in AnomalyFlag.objects.filter(government_id=government_id, date=day)
            if (flag.employee_id, flag.kind, flag.group_key) in wanted
        ]
        known = {(flag.employee_id, flag.kind, flag.group_key) for flag in existing}
        created = _create(government_id, day, {key: row for key, row in wanted.items() if key not in known})
        updated = _refresh(existing, wanted)
        _audit(government, day, created, updated)
    reviewer_ids = {flag.reviewer_id for flag in created if flag.reviewer_id is not None}
    notified = _notify_reviewers(government_id, day, reviewer_ids) if reviewer_ids else 0
    return ReportResult(government_id, day, len(findings), len(created), updated, notified)


# ── review ───────────────────────────────────────────────────────────────────────────────────────────


def can_review(actor: Actor | None, flag: AnomalyFlag) -> bool:
    """The reviewer (or, with none recorded, the agency head), the agency's head or admin, the platform
    admin — never the flagged employee, never a read-only role."""
    if actor is None or actor.government_id != flag.government_id:
        return False
    if actor.employee_id is not None and actor.employee_id == flag.employee_id:
        return False
    return policies.can_decide(actor, approver_id=flag.reviewer_id, agency_id=flag.agency_id) or (
        policies.can_manage_agency(actor, flag.agency_id)
    )


def _check_review(status: str, note: str) -> None:
    problems: dict[str, list[str]] = {}
    if status not in (AnomalyFlag.Status.CLEARED, AnomalyFlag.Status.CONFIRMED):
        problems["status"] = ["Pilih hasil tinjauan: wajar (cleared) atau terbukti tidak wajar (confirmed)."]
    if status == AnomalyFlag.Status.CONFIRMED and not note:
        problems["note"] = ["Tuliskan alasan bila kejanggalan dinyatakan terbukti."]
    if len(note) > NOTE_MAX:
        problems["note"] = [f"Catatan paling banyak {NOTE_MAX} karakter."]
    if problems:
        raise ValidationFailed("Tinjauan belum lengkap.", fields=problems)


def anomaly_review(*, user: Any, flag: AnomalyFlag, status: str, note: str = "") -> AnomalyFlag:
    """Clear or confirm an open flag (once); audited. Changes no attendance day and no recap."""
    policies.ensure(can_review(actor_of(user), flag), "Anda tidak berwenang meninjau tanda kejanggalan ini.")
    note = (note or "").strip()
    _check_review(status, note)
    with transaction.atomic():
        locked = AnomalyFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.status != AnomalyFlag.Status.OPEN:
            raise Conflict("Tanda kejanggalan ini sudah ditinjau.")
        before = snapshot(locked, REVIEW_FIELDS)
        locked.status, locked.review_note = status, note
        locked.reviewed_at, locked.reviewed_by = timezone.now(), user
        locked.save(update_fields=["status", "review_note", "reviewed_at", "reviewed_by"])
        audit_record(
            actor=user,
            action="attendance.anomaly_review",
            target=locked,
            government_id=locked.government_id,
            agency_id=locked.agency_id,
            before=before,
            after=snapshot(locked, REVIEW_FIELDS),
        )
    return locked
