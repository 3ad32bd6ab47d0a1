"""Follow-up tracking (/surat/tindak-lanjut/): letters and dispositions still waiting for their follow-up,
per agency (government-wide monitors) and per person, by age and urgency, with the overdue count; each
figure opens the list of the items behind it. Agency heads and records desks see their agencies only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from terpadu.core.access import access
from terpadu.core.navigation import NavItem, register

from .. import policies, selectors
from ..models import Urgency
from .common import MONITORS, actor_for, paginate, today_for, zone_name

register(NavItem("Tindak lanjut surat", "correspondence:follow_up_report", MONITORS, order=43))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _agency_param(request: HttpRequest) -> int | None:
    """The agency asked for; an agency head of one agency sees it without choosing."""
    agency_id = _int(request.GET.get("opd"))
    monitored = policies.monitored_agencies(actor_for(request))
    if agency_id is None and monitored is not None and len(monitored) == 1:
        return next(iter(monitored))
    return agency_id


def _link(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None and v != "" and v is not False})
    return f"{reverse('correspondence:follow_up_items')}{'?' if query else ''}{query}"


def _cells(
    report: selectors.FollowUpReport, row: selectors.FollowUpRow, name_link: str = "", **where: Any
) -> dict[str, Any]:
    """A report row with the drill-down link of each figure."""
    return {
        "row": row,
        "name_link": name_link,
        "total": _link(**where),
        "by_age": [(count, _link(**where, umur=i)) for i, count in enumerate(row.by_age)],
        "by_urgency": [
            (count, _link(**where, sifat=u)) for u, count in zip(report.urgencies, row.by_urgency, strict=True)
        ],
        "overdue": _link(**where, terlambat=1),
    }


def _agency_link(agency_id: int | None) -> str:
    return f"{reverse('correspondence:follow_up_report')}?opd={agency_id}" if agency_id else ""


@access(MONITORS)
@require_GET
def follow_up_report(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_param(request)
    report = selectors.follow_up_report(user=request.user, agency_id=agency_id, today=today_for(request))
    whole = policies.monitored_agencies(actor_for(request)) is None
    context = {
        "report": report,
        "whole_government": whole,
        "urgency_labels": [Urgency(u).label for u in report.urgencies],
        "agencies": [_cells(report, r, _agency_link(r.id), opd=r.id) for r in report.agencies],
        "people": [_cells(report, r, opd=agency_id, pegawai=r.id) for r in report.people],
        "total": _cells(report, report.total, opd=agency_id),
        "agency_name": report.agencies[0].name if agency_id and report.agencies else "",
        "agency_id": agency_id,
    }
    return render(request, "correspondence/follow_up_report.html", context)


@access(MONITORS)
@require_GET
def follow_up_items(request: HttpRequest) -> HttpResponse:
    bucket_index = _int(request.GET.get("umur"))
    bucket = selectors.BUCKETS[bucket_index] if bucket_index is not None and 0 <= bucket_index < 5 else None
    urgency = request.GET.get("sifat") if request.GET.get("sifat") in Urgency.values else None
    items = selectors.follow_up_items(
        user=request.user,
        agency_id=_int(request.GET.get("opd")),
        employee_id=_int(request.GET.get("pegawai")),
        bucket=bucket,
        urgency=urgency,
        overdue=request.GET.get("terlambat") == "1",
        today=today_for(request),
    )
    shown = [
        label
        for label in (
            bucket,
            Urgency(urgency).label if urgency else None,
            "terlambat" if request.GET.get("terlambat") == "1" else None,
        )
        if label
    ]
    context = {
        "page_obj": paginate(request, items),
        "tz": zone_name(request),
        "today": today_for(request),
        "shown": shown,
    }
    return render(request, "correspondence/follow_up_items.html", context)


urlpatterns = [
    path("tindak-lanjut/", follow_up_report, name="follow_up_report"),
    path("tindak-lanjut/daftar/", follow_up_items, name="follow_up_items"),
]
