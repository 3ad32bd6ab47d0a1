"""The escalation report as a PDF on the government's letterhead, rendered once and kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from terpadu.core.formatting import tanggal, waktu
from terpadu.documents.interfaces import render_pdf, save_generated

from .. import rules
from ..models import EscalationReport

ESCALATION_PURPOSE = "deadline_escalation"
PDF_TEMPLATE = "deadlines/pdf/escalation.html"


def escalation_context(report: EscalationReport) -> dict[str, Any]:
    """What both the page and the PDF show: the request, and one line per agency that did not comply."""
    obligation = report.obligation
    tz = obligation.government.timezone
    rows = [
        {
            **row,
            "status_label": rules.Status(row["status"]).label,
            "late_by": rules.format_minutes(row["late_by_minutes"]),
            "submitted": waktu(_parse(row["submitted_at"]), tz) if row["submitted_at"] else "—",
        }
        for row in report.rows
    ]
    return {
        "report": report,
        "obligation": obligation,
        "rows": rows,
        "due": waktu(obligation.due_at, tz),
        "generated": waktu(report.generated_at, tz),
        "generated_date": tanggal(report.generated_at, tz),
        "complied_count": report.addressed_count - report.non_compliant_count,
    }


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


@transaction.atomic
def escalation_render_pdf(*, report_id: int) -> int | None:
    """Render and store the report's PDF once (a second run finds it and does nothing)."""
    report = (
        EscalationReport.objects.select_for_update()
        .select_related("obligation__government", "obligation__requester")
        .get(pk=report_id)
    )
    if report.pdf_id is not None:
        return None
    title = f"Laporan Eskalasi — {report.obligation.title}"
    content = render_pdf(
        template_name=PDF_TEMPLATE, context=escalation_context(report), government_id=report.government_id, title=title
    )
    stored = save_generated(
        content=content,
        name=f"eskalasi-{slugify(report.obligation.title)[:60] or report.obligation_id}.pdf",
        content_type="application/pdf",
        purpose=ESCALATION_PURPOSE,
        government_id=report.government_id,
    )
    report.pdf_id = stored.id
    report.save(update_fields=["pdf"])
    return stored.id
