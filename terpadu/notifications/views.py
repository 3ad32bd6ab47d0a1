"""Pages: the inbox (/notifikasi/), marking read, preferences, and the unread badge partial."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from terpadu.core.access import AUTHENTICATED, access
from terpadu.core.navigation import HeaderItem, NavItem, register, register_header
from terpadu.core.roles import Actor
from terpadu.core.widgets import Widget, register_widget

from . import selectors, services
from .channels import enabled_channels
from .interfaces import unread_count

PAGE_SIZE = 25
UNREAD_FILTER = "belum-dibaca"


def _widget_context(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    return {"unread": unread_count(user_id=actor.user_id)}


register(NavItem("Notifikasi", "notifications:inbox", AUTHENTICATED, order=5))
register_widget(
    Widget(
        key="notifications.unread",
        template="notifications/_widget.html",
        rule=AUTHENTICATED,
        context=_widget_context,
        order=10,
    )
)
register_header(
    HeaderItem(
        key="notifications.unread",
        template="notifications/_header_link.html",
        rule=AUTHENTICATED,
        context=lambda request: {"unread": unread_count(user_id=int(request.user.pk or 0))},
    )
)


def _timezone(user: Any) -> str:
    government = getattr(user, "government", None)
    return government.timezone if government is not None else "Asia/Jakarta"


@access(AUTHENTICATED)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("tampil") == UNREAD_FILTER
    rows = selectors.notification_list_for_user(user=request.user, unread=True if unread_only else None)
    context = {
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "unread_only": unread_only,
        "unread": selectors.unread_count_for_user(user=request.user),
        "tz": _timezone(request.user),
    }
    return render(request, "notifications/inbox.html", context)


def _next_url(request: HttpRequest, target: str) -> str:
    """The notification's own page (if asked and on this site), else the page the form came from."""
    for url in (target, str(request.POST.get("kembali", ""))):
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
            return url
    return reverse("notifications:inbox")


@access(AUTHENTICATED)
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
    target = notification.url if request.POST.get("buka") else ""
    return redirect(_next_url(request, target))


@access(AUTHENTICATED)
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, f"{count} notifikasi ditandai sudah dibaca.")
    return redirect("notifications:inbox")


@access(AUTHENTICATED)
def preferences(request: HttpRequest) -> HttpResponse:
    rows = selectors.preference_rows_for_user(user=request.user)
    if request.method == "POST":
        choices = {(row.kind, cell.channel): cell.field_name in request.POST for row in rows for cell in row.cells}
        services.notification_preferences_set(user=request.user, choices=choices)
        messages.success(request, "Preferensi notifikasi disimpan.")
        return redirect("notifications:preferences")
    channels = enabled_channels()
    addresses = [(channel.label, channel.address_for(request.user)) for channel in channels]
    return render(
        request, "notifications/preferences.html", {"rows": rows, "channels": channels, "addresses": addresses}
    )


@access(AUTHENTICATED)
@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the header (an HTMX partial: hx-get every minute or two)."""
    return render(request, "notifications/_badge.html", {"unread": selectors.unread_count_for_user(user=request.user)})
