"""Plan pages: an agency's Renja in a round (start it, the tree with totals, checks and the ceiling, the
round's items, submit), a sub kegiatan (indicators, budget lines by period, supporting data, comments),
the review (return with a note, accept) and the versions with what changed between two."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from terpadu.core.access import access
from terpadu.core.errors import ApplicationError, Conflict, ValidationFailed
from terpadu.core.forms import show_errors
from terpadu.core.roles import actor_of
from terpadu.deadlines import interfaces as deadlines
from terpadu.directory.models import Agency
from terpadu.directory.timezones import in_government_zone

from .. import policies, rules, selectors, services
from ..forms_plans import (
    AddSubActivityForm,
    CommentForm,
    DiffForm,
    EvidenceForm,
    IndicatorFormSet,
    ItemsForm,
    LineFormSet,
    SearchForm,
    SubActivityForm,
    indicator_initial,
    line_initial,
    show_sub_activity_errors,
    sub_activity_draft,
)
from ..forms_rounds import ReviewForm
from ..models import PlanSubActivity, WorkPlan
from .rounds import COMPLIANCE, STATUS_LABELS

PLAN_TONES = {"draft": "", "submitted": "ok", "returned": "warn", "accepted": "ok"}


def _abilities(request: HttpRequest, plan: WorkPlan, info: Any) -> dict[str, bool]:
    actor = actor_of(request.user)
    manages = deadlines.can_manage_request(user=request.user, request_id=plan.round.obligation_id)
    editor = policies.can_edit_plan(actor, agency_id=plan.agency_id)
    return {
        "can_edit": editor and plan.is_editable and info.status == "open",
        "can_submit": editor and plan.is_editable and info.status == "open",
        "can_review": manages and plan.status == rules.PlanStatus.SUBMITTED,
        "can_comment": policies.can_comment(actor, can_manage=manages, agency_id=plan.agency_id),
        "can_resolve": manages or policies.in_planning_agency(actor),
    }


@access(policies.PARTICIPANTS)
@in_government_zone
def agency_plan(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    """The entry to an agency's plan from the round: the plan, or a page to start it."""
    planning_round = selectors.round_get_for_user(user=request.user, pk=pk)
    plan = selectors.plan_for_user(user=request.user, planning_round=planning_round, agency_id=agency_pk)
    if plan is not None:
        return redirect("planning:plan", pk=plan.pk)
    info = deadlines.request_info(request_id=planning_round.obligation_id)
    context = {
        "round": planning_round,
        "info": info,
        "agency": Agency.objects.get(pk=agency_pk),
        "can_start": policies.can_edit_plan(actor_of(request.user), agency_id=agency_pk) and info.status == "open",
        "status": STATUS_LABELS[info.status],
        "tz": request.government_zone,  # type: ignore[attr-defined]
    }
    return render(request, "planning/plans/not_started.html", context)


@access(policies.PARTICIPANTS)
@require_POST
def plan_start(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    planning_round = selectors.round_get_for_user(user=request.user, pk=pk)
    selectors.plan_for_user(user=request.user, planning_round=planning_round, agency_id=agency_pk)
    try:
        plan = services.plan_open(user=request.user, planning_round=planning_round, agency_id=agency_pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("planning:agency_plan", pk=planning_round.pk, agency_pk=agency_pk)
    messages.success(request, "Renja dimulai. Tambahkan sub kegiatan sesuai kewenangan OPD Anda.")
    return redirect("planning:plan", pk=plan.pk)


def _compliance(plan: WorkPlan) -> tuple[str, str, Any]:
    row = selectors.unscoped_compliance(plan.round, now=timezone.now(), agency_ids=[plan.agency_id])[0]
    label, tone = COMPLIANCE[row.status]
    return label, tone, row


def _items_form(plan: WorkPlan, info: Any, data: Any = None, files: Any = None) -> ItemsForm | None:
    if not info.items:
        return None
    values = deadlines.response_values(request_id=plan.round.obligation_id, agency_id=plan.agency_id)
    initial = {f"item_{i}": v.text for i, v in values.items() if v.text}
    with_files = {i for i, v in values.items() if v.file_id}
    return ItemsForm(data, files, items=info.items, with_files=with_files, initial={"version": plan.version, **initial})


def _item_rows(plan: WorkPlan, info: Any) -> list[tuple[Any, Any]]:
    values = deadlines.response_values(request_id=plan.round.obligation_id, agency_id=plan.agency_id)
    return [(item, values.get(item.id)) for item in info.items]


@access(policies.PARTICIPANTS)
@in_government_zone
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    return _plan_page(request, plan)


def _plan_page(request: HttpRequest, plan: WorkPlan, status: int = 200, **bound: Any) -> HttpResponse:
    info = deadlines.request_info(request_id=plan.round.obligation_id)
    label, tone, row = _compliance(plan)
    context = {
        "plan": plan,
        "round": plan.round,
        "info": info,
        "tree": selectors.plan_tree(plan, with_lines=False),
        "deadline_label": label,
        "deadline_tone": tone,
        "row": row,
        "plan_label": rules.PlanStatus(plan.status).label,
        "plan_tone": PLAN_TONES[plan.status],
        "items_form": bound.get("items_form") or _items_form(plan, info),
        "item_rows": _item_rows(plan, info),
        "review_form": bound.get("review_form") or ReviewForm(initial={"version": plan.version}),
        "comment_form": bound.get("comment_form") or CommentForm(),
        "comments": selectors.comments_of(plan, code=""),
        "versions": selectors.versions_of(plan),
        "tz": request.government_zone,  # type: ignore[attr-defined]
        **_abilities(request, plan, info),
    }
    return render(request, "planning/plans/detail.html", context, status=status)


# --- the round's items, submit, review ------------------------------------------------------------------


@access(policies.PARTICIPANTS)
@in_government_zone
@require_POST
def plan_items(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    info = deadlines.request_info(request_id=plan.round.obligation_id)
    form = _items_form(plan, info, request.POST, request.FILES)
    if form is None or not form.is_valid():
        return _plan_page(request, plan, status=422, items_form=form)
    try:
        services.plan_items_save(
            user=request.user,
            plan=plan,
            values=form.values(),
            files=form.files_posted(),
            clear_files=form.cleared(),
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationFailed as exc:
        show_errors(form, exc)
        return _plan_page(request, plan, status=422, items_form=form)
    except Conflict as exc:
        form.add_error(None, exc.message)
        return _plan_page(request, plan, status=409, items_form=form)
    messages.success(request, "Isian Renja tersimpan.")
    return redirect("planning:plan", pk=plan.pk)


@access(policies.PARTICIPANTS)
@in_government_zone
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    try:
        services.plan_submit(user=request.user, plan=plan, expected_version=_version(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _plan_page(request, plan, status=exc.status)
    messages.success(request, "Renja terkirim ke Bappeda untuk diperiksa.")
    return redirect("planning:plan", pk=plan.pk)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@access(policies.PARTICIPANTS)
@in_government_zone
@require_POST
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    accept = request.POST.get("action") == "accept"
    try:
        if accept:
            services.plan_accept(user=request.user, plan=plan, expected_version=form.cleaned_data.get("version"))
        else:
            services.plan_return(
                user=request.user,
                plan=plan,
                note=form.cleaned_data.get("note") or "",
                expected_version=form.cleaned_data.get("version"),
            )
    except ValidationFailed as exc:
        show_errors(form, exc)
        return _plan_page(request, plan, status=422, review_form=form)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _plan_page(request, plan, status=exc.status)
    messages.success(request, "Renja diterima dan dikunci." if accept else "Renja dikembalikan kepada OPD.")
    return redirect("planning:plan", pk=plan.pk)


# --- sub kegiatan ---------------------------------------------------------------------------------------


@access(policies.PARTICIPANTS)
@in_government_zone
def sub_activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick a sub kegiatan from the nomenclature the agency is mandated for."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    info = deadlines.request_info(request_id=plan.round.obligation_id)
    if not _abilities(request, plan, info)["can_edit"]:
        messages.error(request, "Renja ini tidak dapat diubah saat ini.")
        return redirect("planning:plan", pk=plan.pk)
    search = SearchForm(request.GET)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    form = AddSubActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        try:
            services.sub_activity_save(user=request.user, plan=plan, draft=services.SubActivityDraft(code=code))
        except ValidationFailed as exc:
            show_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, "Sub kegiatan ditambahkan. Lengkapi indikator, kebutuhan anggaran dan data dukung."
            )
            return redirect("planning:sub_activity", pk=plan.pk, code=code)
    context = {
        "plan": plan,
        "search": search,
        "form": form,
        "page_obj": Paginator(selectors.mandated_sub_activities(plan, q), 25).get_page(request.GET.get("page")),
    }
    return render(request, "planning/plans/add.html", context, status=422 if request.method == "POST" else 200)


def _sub_forms(plan: WorkPlan, sub: PlanSubActivity, data: Any = None) -> tuple[SubActivityForm, Any, Any]:
    labels = rules.period_labels(plan.round.period_kind)
    indicators = list(sub.indicators.order_by("order", "pk"))
    lines = list(sub.lines.order_by("order", "pk"))
    if not indicators and sub.entry.indicator:
        starting = [{"name": sub.entry.indicator, "unit": sub.entry.unit}]
    else:
        starting = indicator_initial(indicators)
    form = SubActivityForm(
        data,
        initial={
            "location": sub.location,
            "target_group": sub.target_group,
            "notes": sub.notes,
            "version": plan.version,
        },
    )
    indicator_set = IndicatorFormSet(data, initial=starting, prefix="indikator")
    line_set = LineFormSet(
        data,
        initial=line_initial(lines, len(labels)),
        prefix="rincian",
        period_labels=labels,  # type: ignore[call-arg]
    )
    return form, indicator_set, line_set


def _sub_page(
    request: HttpRequest, plan: WorkPlan, sub: PlanSubActivity, forms: Any = None, status: int = 200
) -> HttpResponse:
    info = deadlines.request_info(request_id=plan.round.obligation_id)
    form, indicators, lines = forms or _sub_forms(plan, sub)
    stored_lines = list(sub.lines.order_by("order", "pk"))
    context = {
        "plan": plan,
        "sub": sub,
        "form": form,
        "indicators": indicators,
        "lines": lines,
        "stored_lines": stored_lines,
        "stored_indicators": list(sub.indicators.order_by("order", "pk")),
        "period_labels": rules.period_labels(plan.round.period_kind),
        "total": sum((line.amount for line in stored_lines), start=0),
        "evidence": [
            {"requirement": r, "value": e, "form": EvidenceForm(initial={"version": plan.version})}
            for r, e in selectors.evidence_of(sub)
        ],
        "comments": selectors.comments_of(plan, code=sub.entry.code),
        "comment_form": CommentForm(lines=stored_lines),
        "line_labels": {str(line.uid): f"{line.account_code} {line.description}" for line in stored_lines},
        "tz": request.government_zone,  # type: ignore[attr-defined]
        **_abilities(request, plan, info),
    }
    return render(request, "planning/plans/sub_activity.html", context, status=status)


@access(policies.PARTICIPANTS)
@in_government_zone
def sub_activity(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    sub = selectors.sub_activity_for_plan(plan, code)
    if request.method != "POST":
        return _sub_page(request, plan, sub)
    forms = _sub_forms(plan, sub, request.POST)
    form, indicators, lines = forms
    if not (form.is_valid() and indicators.is_valid() and lines.is_valid()):
        return _sub_page(request, plan, sub, forms, status=422)
    try:
        services.sub_activity_save(
            user=request.user,
            plan=plan,
            draft=sub_activity_draft(code, form, indicators, lines),
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationFailed as exc:
        show_sub_activity_errors(form, indicators, lines, exc)
        return _sub_page(request, plan, sub, forms, status=422)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _sub_page(request, plan, sub, forms, status=exc.status)
    messages.success(request, f"Sub kegiatan {code} tersimpan.")
    return redirect("planning:sub_activity", pk=plan.pk, code=code)


@access(policies.PARTICIPANTS)
@require_POST
def sub_activity_remove(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    try:
        services.sub_activity_remove(user=request.user, plan=plan, code=code, expected_version=_version(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("planning:sub_activity", pk=plan.pk, code=code)
    messages.success(request, f"Sub kegiatan {code} dihapus dari Renja.")
    return redirect("planning:plan", pk=plan.pk)


@access(policies.PARTICIPANTS)
@require_POST
def evidence(request: HttpRequest, pk: int, code: str, requirement_pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    form.is_valid()
    try:
        services.evidence_save(
            user=request.user,
            plan=plan,
            code=code,
            requirement_id=requirement_pk,
            text=form.cleaned_data.get("text") or "",
            upload=form.cleaned_data.get("file"),
            clear=bool(form.cleaned_data.get("clear")),
            expected_version=form.cleaned_data.get("version"),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Data dukung tersimpan.")
    return redirect(reverse("planning:sub_activity", args=[plan.pk, code]) + "#data-dukung")


# --- comments -------------------------------------------------------------------------------------------


@access(policies.PARTICIPANTS)
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    code = request.POST.get("sub_activity_code", "").strip()
    body, line_uid = request.POST.get("body", ""), request.POST.get("line_uid", "") or None
    try:
        services.comment_add(user=request.user, plan=plan, body=body, sub_activity_code=code, line_uid=line_uid)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Komentar tersimpan.")
    return _back_to_comments(plan.pk, code)


@access(policies.PARTICIPANTS)
@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.comment_get_for_user(user=request.user, pk=pk)
    try:
        services.comment_resolve(user=request.user, comment=found)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back_to_comments(found.plan_id, found.sub_activity_code)


def _back_to_comments(plan_pk: int, code: str) -> HttpResponse:
    """The thread the comment belongs to: the sub kegiatan's, or the plan's when it names none."""
    target = (
        reverse("planning:sub_activity", args=[plan_pk, code]) if code else reverse("planning:plan", args=[plan_pk])
    )
    return redirect(target + "#komentar")


# --- versions -------------------------------------------------------------------------------------------


@access(policies.PARTICIPANTS)
@in_government_zone
def plan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    versions = selectors.versions_of(plan)
    numbers = sorted(v.number for v in versions)
    default = {
        "dari": str(numbers[-2]) if len(numbers) > 1 else "draft",
        "ke": str(numbers[-1]) if numbers else "draft",
    }
    if len(numbers) == 1:
        default = {"dari": str(numbers[0]), "ke": "draft"}
    form = DiffForm(request.GET or default, numbers=numbers)
    changes = None
    if numbers and form.is_valid():
        before = selectors.version_content(plan, form.cleaned_data["dari"])
        after = selectors.version_content(plan, form.cleaned_data["ke"])
        changes = rules.plan_diff(before, after)
    context = {
        "plan": plan,
        "versions": versions,
        "form": form,
        "changes": changes,
        "tz": request.government_zone,  # type: ignore[attr-defined]
    }
    return render(request, "planning/plans/versions.html", context)


urlpatterns = [
    path("putaran/<int:pk>/opd/<int:agency_pk>/", agency_plan, name="agency_plan"),
    path("putaran/<int:pk>/opd/<int:agency_pk>/mulai/", plan_start, name="plan_start"),
    path("renja/<int:pk>/", plan_detail, name="plan"),
    path("renja/<int:pk>/butir/", plan_items, name="plan_items"),
    path("renja/<int:pk>/kirim/", plan_submit, name="plan_submit"),
    path("renja/<int:pk>/periksa/", plan_review, name="plan_review"),
    path("renja/<int:pk>/komentar/", comment_add, name="comment_add"),
    path("renja/<int:pk>/versi/", plan_versions, name="plan_versions"),
    path("renja/<int:pk>/sub-kegiatan/tambah/", sub_activity_add, name="sub_activity_add"),
    path("renja/<int:pk>/sub-kegiatan/<str:code>/", sub_activity, name="sub_activity"),
    path("renja/<int:pk>/sub-kegiatan/<str:code>/hapus/", sub_activity_remove, name="sub_activity_remove"),
    path("renja/<int:pk>/sub-kegiatan/<str:code>/data-dukung/<int:requirement_pk>/", evidence, name="evidence"),
    path("komentar/<int:pk>/selesai/", comment_resolve, name="comment_resolve"),
]
