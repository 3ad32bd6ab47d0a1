"""The anomaly page (/absensi/kejanggalan/): a day's flags per agency, grouped by cluster, with the evidence
in words (coordinates, times to the second, accuracy, device, IP, distances and speeds) and the review
form for whoever may review. Who sees what: fraud_selectors; who reviews: fraud.can_review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from terpadu.core.access import Rule, access
from terpadu.core.errors import AccessDenied, ApplicationError
from terpadu.core.formatting import ZONE_ABBREVIATIONS, tanggal
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Government

from . import fraud, fraud_selectors, policies
from .models import AnomalyFlag

PER_PAGE = 100
#: anyone of a government may open the page (a plain employee sees the flags they review)
MEMBERS = Rule("attendance:member", lambda actor: actor is not None and actor.government_id is not None)
#: who finds the page in the menu: leaders and the agencies' heads, admins and operators
READERS = Rule(
    "attendance:anomaly_reader",
    lambda actor: (
        actor is not None
        and actor.government_id is not None
        and (actor.sees_whole_government or bool(actor.agencies_with(*policies.AGENCY_READERS)))
    ),
)


class FilterForm(forms.Form):
    tanggal = forms.DateField(label="Tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    opd = forms.TypedChoiceField(label="Perangkat daerah", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *AnomalyFlag.Status.choices]
    )
    jenis = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua jenis"), *AnomalyFlag.Kind.choices])


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="Hasil tinjauan",
        choices=[(AnomalyFlag.Status.CLEARED, "Wajar"), (AnomalyFlag.Status.CONFIRMED, "Terbukti tidak wajar")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Catatan", required=False, max_length=fraud.NOTE_MAX)


def _moment(value: str | None, zone: str) -> str:
    """An evidence time (ISO, UTC) as local time to the second: "07.21.14 WITA"."""
    if not value:
        return "—"
    local = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    return f"{local:%H.%M.%S} {ZONE_ABBREVIATIONS.get(zone, zone)}"


def _metres(value: float) -> str:
    return f"{value / 1000:.1f} km".replace(".", ",") if value >= 1000 else f"{value:.0f} m"


def summary(kind: str, evidence: dict[str, Any], zone: str) -> str:
    """The cluster's evidence in one sentence, with the threshold that was crossed."""
    count, threshold = evidence.get("employee_count"), evidence.get("min_employees")
    window = f"{_moment(evidence.get('first_time'), zone)}–{_moment(evidence.get('last_time'), zone)}"
    if kind == AnomalyFlag.Kind.SAME_COORDINATE:
        where = f"{evidence['latitude']}, {evidence['longitude']}"
        return f"{count} pegawai di koordinat {where} yang persis sama (6 desimal), {window}; ambang ≥ {threshold} pegawai."
    if kind == AnomalyFlag.Kind.IMPLAUSIBLE_ACCURACY and evidence.get("rule") == "below_floor":
        return (
            f"Akurasi GPS di bawah {evidence['accuracy_floor_m']:g} m ({count} pegawai): tidak ada ponsel seakurat itu."
        )
    if kind == AnomalyFlag.Kind.IMPLAUSIBLE_ACCURACY:
        return f"Nilai akurasi {evidence['accuracy_m']:g} m yang sama dilaporkan {count} pegawai; ambang ≥ {threshold} pegawai."
    if kind == AnomalyFlag.Kind.IMPOSSIBLE_TRAVEL:
        speed = evidence.get("speed_kmh")
        pace = f"{speed:g} km/jam".replace(".", ",") if speed is not None else "pada detik yang sama"
        return (
            f"Berpindah {_metres(evidence['distance_m'])} dalam {evidence['seconds']:g} detik ({pace}), {window}; "
            f"batas {evidence['max_speed_kmh']:g} km/jam untuk jarak lebih dari {_metres(evidence['min_distance_m'])}."
        )
    if kind == AnomalyFlag.Kind.SHARED_DEVICE:
        return f"Perangkat {evidence['device']}… dipakai {count} pegawai, {window}; ambang ≥ {threshold} pegawai."
    if kind == AnomalyFlag.Kind.SHARED_IP:
        return f"Alamat IP {evidence['ip']} dipakai {count} pegawai; ambang ≥ {threshold} pegawai. {evidence['note']}"
    return (
        f"{count} pegawai presensi pada detik yang sama ({_moment(evidence.get('second'), zone)}); "
        f"{evidence['employees_in_window']} pegawai dalam ±{evidence['window_s']} detik; ambang ≥ {threshold} pegawai "
        f"dan {evidence['factor']}× rata-rata sekitarnya. Perangkat berbeda: {evidence['devices']}, IP berbeda: "
        f"{evidence['ips']}."
    )


@dataclass
class Cluster:
    agency: str
    kind: str
    group_key: str
    summary: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def _row(flag: AnomalyFlag, actor: Actor | None, zone: str) -> dict[str, Any]:
    events = [
        {
            **e,
            "local": _moment(e.get("time"), zone),
            "where": f"{e['latitude']}, {e['longitude']}" if e.get("latitude") else "—",
        }
        for e in flag.evidence.get("events", [])
    ]
    reviewable = flag.status == AnomalyFlag.Status.OPEN and fraud.can_review(actor, flag)
    return {"flag": flag, "events": events, "reviewable": reviewable, "form": ReviewForm(prefix=f"f{flag.pk}")}


def clusters(flags: list[AnomalyFlag], actor: Actor | None, zone: str) -> list[Cluster]:
    grouped: list[Cluster] = []
    for flag in flags:
        agency = flag.agency.name if flag.agency else "Tanpa perangkat daerah"
        last = grouped[-1] if grouped else None
        if last is None or (last.agency, last.kind, last.group_key) != (agency, flag.kind, flag.group_key):
            last = Cluster(agency, flag.kind, flag.group_key, summary(flag.kind, flag.evidence, zone))
            grouped.append(last)
        last.rows.append(_row(flag, actor, zone))
    return grouped


def _zone(actor: Actor) -> str:
    return (
        Government.objects.filter(pk=actor.government_id or 0).values_list("timezone", flat=True).first()
        or "Asia/Jakarta"
    )


def _filters(request: HttpRequest) -> tuple[FilterForm, dict[str, Any]]:
    form = FilterForm(request.GET or None)
    agencies = fraud_selectors.agencies_with_flags(user=request.user, day=None).order_by("code")
    opd = form.fields["opd"]
    assert isinstance(opd, forms.ChoiceField)
    opd.choices = [("", "Semua perangkat daerah"), *((a.pk, a.name) for a in agencies)]
    values = form.cleaned_data if form.is_valid() else {}
    return form, values


@access(MEMBERS)
@require_GET
def anomaly_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    assert actor is not None
    form, values = _filters(request)
    day = (
        values.get("tanggal")
        or fraud_selectors.latest_day(user=request.user)
        or fraud.government_today(actor.government_id or 0)
    )
    flags = fraud_selectors.anomaly_flags_for_user(
        user=request.user,
        day=day,
        agency_id=values.get("opd"),
        status=values.get("status", ""),
        kind=values.get("jenis", ""),
    )
    page = Paginator(flags, PER_PAGE).get_page(request.GET.get("page"))
    zone = _zone(actor)
    context = {"form": form, "day": day, "page_obj": page, "clusters": clusters(list(page), actor, zone), "tz": zone}
    return render(request, "attendance/fraud/anomalies.html", context)


@access(MEMBERS)
@require_POST
def anomaly_review(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = fraud_selectors.anomaly_get_for_user(user=request.user, pk=flag_id)
    form = ReviewForm(request.POST, prefix=f"f{flag.pk}")
    target = f"{reverse('attendance:anomalies')}?tanggal={flag.date.isoformat()}"
    if not form.is_valid():
        messages.error(request, "Pilih hasil tinjauan (wajar atau terbukti tidak wajar).")
        return redirect(target)
    try:
        fraud.anomaly_review(
            user=request.user, flag=flag, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
        )
    except AccessDenied:
        raise
    except ApplicationError as exc:
        detail = " ".join(m for messages_ in exc.fields.values() for m in messages_)
        messages.error(request, f"{exc.message} {detail}".strip())
        return redirect(target)
    messages.success(request, f"Tinjauan atas {flag.employee.full_name} ({tanggal(flag.date)}) disimpan.")
    return redirect(target)
