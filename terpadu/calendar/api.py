"""Calendar API: GET /api/v1/calendar?from=YYYY-MM-DD&to=YYYY-MM-DD."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of

from .interfaces import calendar_days

router = Router(tags=["kalender"])
MAX_DAYS = 366


class RangeIn(Schema):
    from_: date = Field(..., alias="from")
    to: date


class DayOut(Schema):
    date: date
    kind: str
    name: str
    expected_minutes: int
    start: str | None
    end: str | None
    break_minutes: int


@router.get("/calendar", response={200: list[DayOut], **ERRORS})
@api_access(AUTHENTICATED)
def calendar_list(request: HttpRequest, params: Query[RangeIn]) -> Any:
    if params.to < params.from_:
        raise ValidationFailed("Tanggal 'to' harus sama atau setelah 'from'.", fields={"to": "Sebelum 'from'."})
    if (params.to - params.from_).days >= MAX_DAYS:
        raise ValidationFailed(f"Rentang paling lama {MAX_DAYS} hari.", fields={"to": "Rentang terlalu panjang."})
    actor = actor_of(request.user)
    assert actor is not None and actor.government_id is not None
    days = calendar_days(government_id=actor.government_id, start=params.from_, end=params.to)
    return [
        {
            "date": d.date,
            "kind": d.kind.value,
            "name": d.name,
            "expected_minutes": d.expected_minutes,
            "start": d.start.strftime("%H:%M") if d.start else None,
            "end": d.end.strftime("%H:%M") if d.end else None,
            "break_minutes": d.break_minutes,
        }
        for d in days
    ]
