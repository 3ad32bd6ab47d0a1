"""The audit trail page: the government's audit events, filtered and paginated, with an on-demand
check of the hash chain (platform admin and auditor only)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path

from terpadu.core.access import access, roles
from terpadu.core.audit import audit_verify_chain
from terpadu.core.models import AuditEvent
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role, actor_of

from .. import policies, selectors
from ..page_forms import AuditFilterForm
from .pages.common import paginate

AUDIT_READERS = roles(Role.PLATFORM_ADMIN, Role.AUDITOR)
register(NavItem("Jejak audit", "directory:audit_list", AUDIT_READERS, order=90))


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def changes_of(event: AuditEvent) -> list[Change]:
    """The event's before/after as rows, one per field, in the order the fields were recorded."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    names = list(dict.fromkeys([*before, *after]))
    return [Change(name, _shown(before.get(name)), _shown(after.get(name))) for name in names]


def _without_check(request: HttpRequest) -> SimpleNamespace:
    """The request as the pagination links see it: paging does not run the chain check again."""
    params = request.GET.copy()
    params.pop("periksa", None)
    return SimpleNamespace(GET=params)


@access(AUDIT_READERS)
def audit_list(request: HttpRequest) -> HttpResponse:
    policies.ensure(policies.can_read_audit(actor_of(request.user)), "Anda tidak berwenang membaca jejak audit.")
    form = AuditFilterForm(request.GET, object_types=selectors.audit_object_types_for_user(user=request.user))
    page = paginate(request, selectors.audit_events_for_user(user=request.user, **form.filters()))
    context = {
        "form": form,
        "page_obj": page,
        "rows": [(event, changes_of(event)) for event in page],
        "chain": audit_verify_chain() if request.GET.get("periksa") == "1" else None,
        "paging_request": _without_check(request),
        "tz": selectors.government_for_user(user=request.user).timezone,
    }
    return render(request, "directory/audit/audit_list.html", context)


urlpatterns: list[URLPattern | URLResolver] = [
    path("audit/", audit_list, name="audit_list"),
]
