"""The only functions other modules (LPPD, planning, the dashboard) call for deadlines.

They return frozen dataclasses, never model rows. Access is the caller's business: these read one
government's data by id, for modules that have already checked who asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from . import rules
from .models import Obligation
from .selectors import unscoped_compliance_tables


@dataclass(frozen=True)
class AgencyCompliance:
    agency_id: int
    agency_code: str
    status: str
    submitted_at: datetime | None
    late_by_minutes: int
    missing_items: tuple[str, ...]


@dataclass(frozen=True)
class RequestCompliance:
    request_id: int
    government_id: int
    title: str
    status: str
    due_at: datetime
    agencies: tuple[AgencyCompliance, ...]

    @property
    def handed_in(self) -> int:
        done = {rules.Status.SUBMITTED, rules.Status.SUBMITTED_LATE, rules.Status.ACCEPTED}
        return sum(1 for row in self.agencies if row.status in done)


def request_compliance(*, government_id: int, status: str = "", now: datetime | None = None) -> list[RequestCompliance]:
    """The published requests of a government (newest due first) with each addressed agency's status."""
    qs = Obligation.objects.filter(government_id=government_id).exclude(status=rules.ObligationStatus.DRAFT)
    obligations = list(qs.filter(status=status) if status else qs)
    tables = unscoped_compliance_tables(obligations=obligations, now=now or timezone.now())
    return [
        RequestCompliance(
            request_id=o.pk,
            government_id=o.government_id,
            title=o.title,
            status=o.status,
            due_at=o.due_at,
            agencies=tuple(
                AgencyCompliance(
                    r.agency_id,
                    r.agency_code,
                    r.status.value,
                    r.submitted_at,
                    r.late_by_minutes,
                    tuple(r.missing_items),
                )
                for r in tables[o.pk]
            ),
        )
        for o in obligations
    ]
