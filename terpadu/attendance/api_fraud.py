"""E-Absen API: the daily anomaly report (mounted under /api/v1/attendance by api.py).

- ``GET /anomalies?date=&agency_id=&status=&kind=`` — the flags the caller may read (fraud_selectors:
  leaders all, agency heads/admins/operators their agencies, everyone the flags they review; never one's
  own open flag), with the evidence, paginated.
- ``POST /anomalies/{id}/review`` — ``{"status": "cleared"|"confirmed", "note"}`` by the reviewer, the
  agency head or admin; 404 for a flag the caller cannot read, 403 when they may read but not review,
  409 when already reviewed, 422 when incomplete.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS, Pages
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of

from . import fraud, fraud_selectors
from .models import AnomalyFlag

router = Router(tags=["absensi"])


class AnomalyFilters(Schema):
    date: datetime.date | None = Field(None, description="tanggal setempat (YYYY-MM-DD)")
    agency_id: int | None = None
    status: str = Field("", description="open, cleared atau confirmed")
    kind: str = Field("", description="same_coordinate, implausible_accuracy, impossible_travel, …")


class PersonOut(Schema):
    id: int
    name: str
    nip: str


class AnomalyOut(Schema):
    id: int
    date: datetime.date
    kind: str
    kind_label: str
    group_key: str
    status: str
    status_label: str
    agency_id: int | None
    agency_name: str | None
    employee: PersonOut
    reviewer: PersonOut | None
    event_ids: list[int]
    evidence: dict[str, Any]
    created_at: datetime.datetime
    reviewed_at: datetime.datetime | None
    review_note: str
    can_review: bool


class ReviewIn(Schema):
    status: str = Field(..., description="cleared (wajar) atau confirmed (terbukti tidak wajar)")
    note: str = Field("", description="wajib bila confirmed; paling banyak 500 karakter")


class _Mapped:
    """A queryset the paginator slices and counts, each row of the page mapped to its output."""

    def __init__(self, queryset: QuerySet[Any], to_out: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset, self.to_out = queryset, to_out

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [self.to_out(row) for row in self.queryset[page]]


def _person(employee: Any) -> dict[str, Any] | None:
    if employee is None:
        return None
    return {"id": employee.pk, "name": employee.full_name, "nip": employee.number}


def _out(request: HttpRequest) -> Callable[[AnomalyFlag], dict[str, Any]]:
    actor = actor_of(request.user)

    def out(flag: AnomalyFlag) -> dict[str, Any]:
        return {
            "id": flag.pk,
            "date": flag.date,
            "kind": flag.kind,
            "kind_label": flag.get_kind_display(),
            "group_key": flag.group_key,
            "status": flag.status,
            "status_label": flag.get_status_display(),
            "agency_id": flag.agency_id,
            "agency_name": flag.agency.name if flag.agency else None,
            "employee": _person(flag.employee),
            "reviewer": _person(flag.reviewer),
            "event_ids": list(flag.evidence.get("event_ids", [])),
            "evidence": flag.evidence,
            "created_at": flag.created_at,
            "reviewed_at": flag.reviewed_at,
            "review_note": flag.review_note,
            "can_review": flag.status == AnomalyFlag.Status.OPEN and fraud.can_review(actor, flag),
        }

    return out


def _check(filters: AnomalyFilters) -> None:
    if filters.status and filters.status not in AnomalyFlag.Status.values:
        raise ValidationFailed("Status tidak dikenal.", fields={"status": "Pilih open, cleared atau confirmed."})
    if filters.kind and filters.kind not in AnomalyFlag.Kind.values:
        raise ValidationFailed("Jenis kejanggalan tidak dikenal.", fields={"kind": "Jenis tidak dikenal."})


@router.get("/anomalies", response={200: list[AnomalyOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def anomaly_list(request: HttpRequest, filters: Query[AnomalyFilters]) -> Any:
    """The anomaly flags the caller may read, by agency, kind and cluster."""
    _check(filters)
    flags = fraud_selectors.anomaly_flags_for_user(
        user=request.user, day=filters.date, agency_id=filters.agency_id, status=filters.status, kind=filters.kind
    )
    return _Mapped(flags, _out(request))


@router.post("/anomalies/{flag_id}/review", response={200: AnomalyOut, **ERRORS})
@api_access(AUTHENTICATED)
def anomaly_review(request: HttpRequest, flag_id: int, payload: ReviewIn) -> Any:
    """Clear or confirm a flag (once). Changes no attendance day and no recap."""
    flag = fraud_selectors.anomaly_get_for_user(user=request.user, pk=flag_id)
    reviewed = fraud.anomaly_review(user=request.user, flag=flag, status=payload.status, note=payload.note)
    return _out(request)(fraud_selectors.anomaly_get_for_user(user=request.user, pk=reviewed.pk))
