"""Round pages: the list, open (create/edit a draft), publish, close, the indicative ceilings, and the
round's compliance table (per agency: status, lateness, total against the ceiling, how complete)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from terpadu.core.access import access
from terpadu.core.errors import ApplicationError, ValidationFailed
from terpadu.core.forms import show_errors
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import actor_of
from terpadu.deadlines import interfaces as deadlines
from terpadu.directory.models import Agency
from terpadu.directory.timezones import in_government_zone

from .. import policies, rules, selectors, services
from ..forms_rounds import CeilingsForm, ItemFormSet, RequirementFormSet, RoundForm, drafts_of
from ..models import Nomenclature, PlanningRound
from ..services.rounds import ensure_manager

register(NavItem("Perencanaan", "planning:rounds", policies.PARTICIPANTS, order=40))

STATUS_LABELS = {"draft": "Konsep", "open": "Dibuka", "closed": "Ditutup"}
#: the deadlines engine's per-agency statuses as this page shows them, with their tone
COMPLIANCE = {
    "not_started": ("Belum mulai", "bad"),
    "in_progress": ("Draf", "warn"),
    "submitted": ("Dikirim", "ok"),
    "submitted_late": ("Dikirim terlambat", "warn"),
    "returned": ("Dikembalikan", "warn"),
    "accepted": ("Diterima", "ok"),
    "overdue": ("Lewat tenggat", "bad"),
}


def _agencies(request: HttpRequest) -> Any:
    actor = actor_of(request.user)
    return Agency.objects.filter(government_id=(actor.government_id if actor else None) or 0, is_active=True).order_by(
        "code"
    )


def _years(request: HttpRequest) -> list[int]:
    actor = actor_of(request.user)
    found = Nomenclature.objects.filter(government_id=(actor.government_id if actor else None) or 0)
    return sorted(found.values_list("fiscal_year", flat=True), reverse=True)


@access(policies.PARTICIPANTS)
@in_government_zone
def round_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    rounds = list(selectors.rounds_for_user(user=request.user))
    infos = {r.pk: deadlines.request_info(request_id=r.obligation_id) for r in rounds}
    context = {
        "rows": [{"round": r, "info": infos[r.pk], "status": STATUS_LABELS[infos[r.pk].status]} for r in rounds],
        "can_open": policies.can_open_round(actor),
        "can_manage_nomenclature": policies.can_manage_nomenclature(actor),
        "my_agencies": sorted(actor.agencies_with(*policies.RESPONDENT_ROLES)) if actor else [],
        "tz": request.government_zone,  # type: ignore[attr-defined]
    }
    return render(request, "planning/rounds/list.html", context)


def _counts(rows: list[selectors.ComplianceRow]) -> list[tuple[str, str, int]]:
    counted = Counter(row.status for row in rows)
    return [(label, tone, counted[key]) for key, (label, tone) in COMPLIANCE.items() if counted[key]]


@access(policies.PARTICIPANTS)
@in_government_zone
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    planning_round = selectors.round_get_for_user(user=request.user, pk=pk)
    actor = actor_of(request.user)
    info = deadlines.request_info(request_id=planning_round.obligation_id)
    rows = selectors.compliance_for_user(user=request.user, planning_round=planning_round, now=timezone.now())
    context = {
        "round": planning_round,
        "info": info,
        "status": STATUS_LABELS[info.status],
        "rows": [{"row": row, "label": COMPLIANCE[row.status][0], "tone": COMPLIANCE[row.status][1]} for row in rows],
        "counts": _counts(rows),
        "requirements": list(planning_round.requirements.all()),
        "can_manage": deadlines.can_manage_request(user=request.user, request_id=planning_round.obligation_id),
        "reads_all": policies.reads_every_plan(actor),
        "escalation_url": reverse("deadlines:escalation", args=[planning_round.obligation_id]),
        "tz": request.government_zone,  # type: ignore[attr-defined]
        "period_label": rules.PeriodKind(planning_round.period_kind).label,
    }
    return render(request, "planning/rounds/detail.html", context)


# --- open and edit a round ---------------------------------------------------------------------------


def _draft(form: RoundForm, requirements: Any, items: Any) -> services.RoundDraft:
    data = form.cleaned_data
    agency_ids = [agency.pk for agency in data["agency_ids"]]
    return services.RoundDraft(
        fiscal_year=data["fiscal_year"],
        title=data["title"],
        instructions=data["instructions"],
        opens_at=data["opens_at"],
        due_at=data["due_at"],
        agency_ids=agency_ids,
        period_kind=data["period_kind"],
        ceilings=form.ceilings_for(agency_ids),
        items=drafts_of(items),
        requirements=drafts_of(requirements),
        reminder_days=data["reminder_days"],
    )


def _save(request: HttpRequest, forms: tuple[RoundForm, Any, Any], planning_round: PlanningRound | None) -> Any:
    form, requirements, items = forms
    try:
        draft = _draft(form, requirements, items)
        if planning_round is None:
            return services.round_create(user=request.user, draft=draft)
        return services.round_update(user=request.user, planning_round=planning_round, draft=draft)
    except ValidationFailed as exc:
        show_errors(form, exc)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    return None


def _form_page(
    request: HttpRequest,
    planning_round: PlanningRound | None,
    initial: dict[str, Any],
    parts: dict[str, list[dict[str, Any]]],
) -> HttpResponse:
    posted = request.method == "POST"
    data = request.POST if posted else None
    form = RoundForm(data, initial=initial, agencies=_agencies(request), years=_years(request))
    requirements = RequirementFormSet(data, initial=parts["requirements"], prefix="dukung")
    items = ItemFormSet(data, initial=parts["items"], prefix="butir")
    if posted and form.is_valid() and requirements.is_valid() and items.is_valid():
        saved = _save(request, (form, requirements, items), planning_round)
        if saved is not None:
            messages.success(request, "Putaran tersimpan sebagai konsep. Terbitkan bila sudah siap.")
            return redirect("planning:round", pk=saved.pk)
    context = {
        "form": form,
        "requirements": requirements,
        "items": items,
        "round": planning_round,
        "years": _years(request),
    }
    return render(request, "planning/rounds/form.html", context, status=422 if posted else 200)


@access(policies.PARTICIPANTS)
@in_government_zone
def round_create(request: HttpRequest) -> HttpResponse:
    policies.ensure(
        policies.can_open_round(actor_of(request.user)), "Anda tidak berwenang membuka putaran perencanaan."
    )
    now = timezone.localtime().replace(second=0, microsecond=0)
    years = _years(request)
    initial = {
        "fiscal_year": years[0] if years else None,
        "title": f"Renja {years[0]}: program kerja, kebutuhan anggaran dan data dukung" if years else "",
        "opens_at": now,
        "due_at": (now + timedelta(days=7)).replace(hour=16, minute=0),
        "reminder_days": "3, 1, 0",
        "agency_ids": list(_agencies(request)),
    }
    parts = {"requirements": [{"label": "KAK/TOR", "kind": "file", "required": True}], "items": []}
    return _form_page(request, None, initial, parts)


@access(policies.PARTICIPANTS)
@in_government_zone
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    planning_round = selectors.round_get_for_user(user=request.user, pk=pk)
    ensure_manager(request.user, planning_round)
    info = deadlines.request_info(request_id=planning_round.obligation_id)
    if info.status != "draft":
        messages.error(request, "Putaran yang sudah diterbitkan tidak dapat diubah; pagu indikatif masih dapat diubah.")
        return redirect("planning:round", pk=planning_round.pk)
    initial = {
        "fiscal_year": planning_round.fiscal_year,
        "title": info.title,
        "instructions": info.instructions,
        "opens_at": info.opens_at,
        "due_at": info.due_at,
        "reminder_days": ", ".join(str(d) for d in info.reminder_days),
        "period_kind": planning_round.period_kind,
        "agency_ids": list(info.agency_ids),
        **{f"ceiling_{c.agency_id}": f"{c.amount.normalize():f}" for c in planning_round.ceilings.all()},
    }
    parts = {
        "requirements": [
            {"label": r.label, "kind": r.kind, "required": r.required, "help_text": r.help_text}
            for r in planning_round.requirements.all()
        ],
        "items": [
            {"label": i.label, "kind": i.kind, "required": i.required, "help_text": i.help_text} for i in info.items
        ],
    }
    return _form_page(request, planning_round, initial, parts)


@access(policies.PARTICIPANTS)
def round_ceilings(request: HttpRequest, pk: int) -> HttpResponse:
    planning_round = selectors.round_get_for_user(user=request.user, pk=pk)
    ensure_manager(request.user, planning_round)
    info = deadlines.request_info(request_id=planning_round.obligation_id)
    agencies = list(Agency.objects.filter(pk__in=info.agency_ids).order_by("code"))
    initial = {f"ceiling_{c.agency_id}": f"{c.amount.normalize():f}" for c in planning_round.ceilings.all()}
    posted = request.method == "POST"
    form = CeilingsForm(request.POST if posted else None, initial=initial, agencies=agencies)
    if posted and form.is_valid():
        try:
            services.round_set_ceilings(
                user=request.user, planning_round=planning_round, ceilings=form.ceilings_for([a.pk for a in agencies])
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Pagu indikatif tersimpan.")
            return redirect("planning:round", pk=planning_round.pk)
    return render(
        request,
        "planning/rounds/ceilings.html",
        {"round": planning_round, "info": info, "form": form},
        status=422 if posted else 200,
    )


def _transition(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    planning_round = selectors.round_get_for_user(user=request.user, pk=pk)
    try:
        service(user=request.user, planning_round=planning_round)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("planning:round", pk=planning_round.pk)


@access(policies.PARTICIPANTS)
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.round_publish, "Putaran diterbitkan: OPD tujuan sudah diberi tahu.")


@access(policies.PARTICIPANTS)
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.round_close, "Putaran ditutup: OPD tidak dapat mengubah Renja lagi.")


urlpatterns = [
    path("", round_list, name="rounds"),
    path("putaran/baru/", round_create, name="round_create"),
    path("putaran/<int:pk>/", round_detail, name="round"),
    path("putaran/<int:pk>/ubah/", round_edit, name="round_edit"),
    path("putaran/<int:pk>/pagu/", round_ceilings, name="round_ceilings"),
    path("putaran/<int:pk>/terbitkan/", round_publish, name="round_publish"),
    path("putaran/<int:pk>/tutup/", round_close, name="round_close"),
]
