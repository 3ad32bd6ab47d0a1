"""The boxes of E-Surat (/surat/): one tab per box with its count, the filter bar and the search box; the
table is refreshed in place by HTMX (a plain GET form without JavaScript)."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_vary_headers

from terpadu.core.access import access
from terpadu.core.errors import ValidationFailed
from terpadu.core.navigation import NavItem, register

from .. import letter_rules, selectors
from ..models import InboxItem, Letter
from ..page_forms import InboxFilterForm
from . import choices
from .common import EMPLOYEES, actor_for, errors_on, is_htmx, paginate, today_for, zone_name

register(NavItem("Surat", "correspondence:inbox", EMPLOYEES, order=40))

DEFAULT_BOX = "all"
PAGE = "correspondence/inbox.html"
PARTIAL = "correspondence/partials/inbox_results.html"
URGENCY_TONES = {"segera": "warn", "sangat_segera": "bad"}
FOLLOW_UP_TONES = {"pending": "warn", "forwarded": "", "done": "ok"}


def _sender(item: InboxItem) -> str:
    letter = item.letter
    if item.kind == InboxItem.Kind.DISPOSITION and item.sender is not None:
        return f"{item.sender.full_name} (disposisi)"
    if letter.direction == Letter.Direction.INCOMING:
        return letter.sender_name
    return letter.agency.name


def _agenda(item: InboxItem) -> int | None:
    """The agenda number the item's agency gave the letter (prefetched recipients)."""
    for recipient in item.letter.recipients.all():
        if recipient.agency_id == item.agency_id and recipient.agenda_number:
            return recipient.agenda_number
    return None


def _item_rows(items: list[InboxItem], today: Any) -> list[dict[str, Any]]:
    prefetch_related_objects(items, "letter__recipients")
    rows = []
    for item in items:
        open_ = item.follow_up_status in selectors.PENDING
        rows.append(
            {
                "item": item,
                "letter": item.letter,
                "number": item.letter.number or item.letter.sender_number,
                "agenda": _agenda(item),
                "sender": _sender(item),
                "urgency_tone": URGENCY_TONES.get(item.urgency, ""),
                "follow_up_tone": FOLLOW_UP_TONES.get(item.follow_up_status, ""),
                "overdue": letter_rules.is_overdue(item.due_date, today, not open_),
            }
        )
    return rows


def _letter_rows(letters: list[Letter]) -> list[dict[str, Any]]:
    return [
        {
            "letter": letter,
            "number": letter.number or letter.sender_number,
            "urgency_tone": URGENCY_TONES.get(letter.urgency, ""),
            "status": letter_rules.STATUS_LABELS[letter_rules.Status(letter.status)],
        }
        for letter in letters
    ]


def _form(request: HttpRequest) -> InboxFilterForm:
    government_id = actor_for(request).government_id
    return InboxFilterForm(
        request.GET,
        letter_types=choices.letter_types(government_id),
        agencies=choices.unscoped_addressable_agencies(government_id),
    )


def _results(request: HttpRequest, form: InboxFilterForm, box: str) -> dict[str, Any]:
    filters = selectors.NO_FILTERS
    if form.is_valid():
        try:
            filters = form.filters()
        except ValidationFailed as exc:
            errors_on(form, exc)
    query = (form.cleaned_data.get("q") or "").strip() if form.is_valid() else ""
    if query:
        page = paginate(request, selectors.letter_search(user=request.user, q=query, filters=filters))
        return {"page_obj": page, "rows": _letter_rows(list(page.object_list)), "searching": True}
    page = paginate(request, selectors.inbox_items(user=request.user, box=box, filters=filters))
    return {"page_obj": page, "rows": _item_rows(list(page.object_list), today_for(request)), "searching": False}


@access(EMPLOYEES)
def inbox(request: HttpRequest) -> HttpResponse:
    box = request.GET.get("box") or DEFAULT_BOX
    box = box if box in selectors.BOXES else DEFAULT_BOX
    form = _form(request)
    htmx = is_htmx(request)
    context = {"form": form, "box": box, "box_label": selectors.BOXES[box], "tz": zone_name(request)}
    context.update(_results(request, form, box))
    if not htmx:
        counts = selectors.box_counts(user=request.user)
        context["tabs"] = [{"key": k, "label": label, "count": counts[k]} for k, label in selectors.BOXES.items()]
    response = render(request, PARTIAL if htmx else PAGE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [path("", inbox, name="inbox")]
