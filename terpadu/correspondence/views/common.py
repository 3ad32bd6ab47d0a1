"""Helpers shared by the E-Surat pages: who may open which page (access rules), the acting user, the
government's day and zone, pagination, HTMX detection and service errors on forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from terpadu.core.access import Rule
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.roles import Actor, actor_of

from .. import policies, selectors

PER_PAGE = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: an account linked to an employee: has boxes (Surat)
EMPLOYEES = Rule("correspondence:employee", lambda actor: actor is not None and actor.employee_id is not None)
#: may draft letters and act on them (the auditor only reads)
WRITERS = Rule("correspondence:writer", policies.can_draft)
#: keeps the records desk of some agency: registers incoming letters
RECORDS_DESKS = Rule(
    "correspondence:records_desk",
    lambda actor: (
        actor is not None
        and actor.employee_id is not None
        and any(policies.is_records_desk(actor, agency_id) for agency_id in actor.agencies_with(*policies.RECORDS_DESK))
    ),
)
#: sees the follow-up report (government-wide monitors, agency heads and the records desk)
MONITORS = Rule("correspondence:monitor", lambda actor: policies.monitored_agencies(actor) != frozenset())
#: reads the archive (dossiers, retention): leadership and the agencies' heads and records desks
ARCHIVE_READERS = Rule(
    "correspondence:archive",
    lambda actor: (
        actor is not None
        and (actor.has_role(*policies.LEADERSHIP_READERS) or bool(actor.agencies_with(*policies.AGENCY_READERS)))
    ),
)


def actor_for(request: HttpRequest) -> Actor:
    actor = actor_of(request.user)
    assert actor is not None, "the access rule admits signed-in users only"
    return actor


def zone_name(request: HttpRequest) -> str:
    return str(selectors.government_zone(actor_for(request).government_id))


def today_for(request: HttpRequest) -> Any:
    return selectors.local_today(actor_for(request).government_id)


def paginate(request: HttpRequest, queryset: Any, per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    """An HTMX swap (not a history restore, which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def errors_on(form: forms.Form, exc: ApplicationError, renames: dict[str, str] | None = None) -> None:
    """A service's errors next to the form's fields; ``renames`` maps the service's field names to the
    form's (e.g. the upload's ``file`` to the form's ``scan``)."""
    if renames:
        exc.fields = {renames.get(name, name): messages for name, messages in exc.fields.items()}
    show_errors(form, exc)
