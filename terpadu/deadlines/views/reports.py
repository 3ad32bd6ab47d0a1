"""The escalation report (page and PDF) and the compliance history of agencies across requests."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify

from terpadu.core.access import access
from terpadu.core.errors import NotFound
from terpadu.core.navigation import NavItem, register
from terpadu.core.scoping import get_for_user
from terpadu.directory.models import Agency
from terpadu.documents.interfaces import render_pdf, stored_file_open

from .. import policies, rules, selectors
from ..models import EscalationReport
from ..services.reports import PDF_TEMPLATE, escalation_context
from .common import tone

register(NavItem("Kepatuhan OPD", "deadlines:compliance", policies.PARTICIPANTS, order=31))


def _report(request: HttpRequest, pk: int) -> EscalationReport:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=pk)
    report = selectors.escalation_for_user(user=request.user, obligation=obligation)
    if report is None:
        raise NotFound("Laporan eskalasi belum dibuat: batas waktu belum lewat.")
    return report


@access(policies.PARTICIPANTS)
def escalation_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    context = escalation_context(report)
    for row in context["rows"]:
        row["tone"] = tone(rules.Status(row["status"]))
    return render(request, "deadlines/escalation.html", context)


@access(policies.PARTICIPANTS)
def escalation_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored PDF; until the job has rendered it, rendered here (same template, same letterhead)."""
    report = _report(request, pk)
    filename = f"eskalasi-{slugify(report.obligation.title)[:60] or report.obligation_id}.pdf"
    if report.pdf_id is not None:
        return FileResponse(stored_file_open(file_id=report.pdf_id), content_type="application/pdf", filename=filename)
    content = render_pdf(
        template_name=PDF_TEMPLATE,
        context=escalation_context(report),
        government_id=report.government_id,
        title=f"Laporan Eskalasi — {report.obligation.title}",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@access(policies.PARTICIPANTS)
def compliance_summary(request: HttpRequest) -> HttpResponse:
    outcomes = list(rules.Outcome)
    records = [
        {"agency": r.agency, "counts": [r.counts[o] for o in outcomes], "total": r.total}
        for r in selectors.compliance_summary_for_user(user=request.user, now=timezone.now())
    ]
    return render(request, "deadlines/compliance.html", {"records": records, "outcomes": outcomes})


@access(policies.PARTICIPANTS)
def agency_history(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = get_for_user(Agency, request.user, agency_pk)
    entries = selectors.agency_history_for_user(user=request.user, agency=agency, now=timezone.now())
    rows = [{"entry": entry, "tone": tone(entry.status)} for entry in entries]
    counts = {outcome: sum(1 for e in entries if e.outcome is outcome) for outcome in rules.Outcome}
    context = {"agency": agency, "rows": rows, "counts": counts, "tz": agency.government.timezone}
    return render(request, "deadlines/agency_history.html", context)


urlpatterns = [
    path("<int:pk>/eskalasi/", escalation_page, name="escalation"),
    path("<int:pk>/eskalasi/pdf/", escalation_pdf, name="escalation_pdf"),
    path("kepatuhan/", compliance_summary, name="compliance"),
    path("kepatuhan/opd/<int:agency_pk>/", agency_history, name="agency_history"),
]
