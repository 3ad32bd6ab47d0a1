"""Home widgets: "Tenggat saya" for agency users, "Kepatuhan OPD" for leaders."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from terpadu.core.roles import Actor
from terpadu.core.scoping import scoped
from terpadu.core.widgets import Widget, register_widget

from .. import policies, rules, selectors
from ..models import EscalationReport
from .common import tone

LIMIT = 5


def _open(request: HttpRequest) -> list[Any]:
    qs = selectors.obligation_list_for_user(user=request.user, status=rules.ObligationStatus.OPEN)
    return list(qs.order_by("due_at", "pk")[:LIMIT])


def mine(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    now = timezone.now()
    agencies = actor.agencies_with(*policies.RESPONDENT_ROLES)
    obligations = _open(request)
    tables = selectors.unscoped_compliance_tables(obligations=obligations, now=now, agency_ids=agencies)
    rows = [{"obligation": o, "row": row, "tone": tone(row.status)} for o in obligations for row in tables[o.pk]]
    return {"rows": rows}


def leaders(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    now = timezone.now()
    handed_in = {rules.Status.SUBMITTED, rules.Status.SUBMITTED_LATE, rules.Status.ACCEPTED}
    obligations = _open(request)
    tables = selectors.unscoped_compliance_tables(obligations=obligations, now=now)
    rows = [
        {"obligation": o, "total": len(tables[o.pk]), "done": sum(r.status in handed_in for r in tables[o.pk])}
        for o in obligations
    ]
    reports = scoped(EscalationReport.objects.filter(non_compliant_count__gt=0), request.user)
    return {"rows": rows, "reports": list(reports.select_related("obligation").order_by("-generated_at")[:3])}


register_widget(Widget("deadlines.mine", "deadlines/widgets/mine.html", policies.RESPONDENTS, mine, order=20))
register_widget(Widget("deadlines.leaders", "deadlines/widgets/leaders.html", policies.LEADERS, leaders, order=20))
