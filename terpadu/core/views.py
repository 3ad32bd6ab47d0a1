from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from .access import AUTHENTICATED, PUBLIC, access
from .roles import actor_of
from .widgets import widgets_for


@access(PUBLIC)
def root(request: HttpRequest) -> HttpResponse:
    return redirect("core:home" if request.user.is_authenticated else "directory:login")


@access(AUTHENTICATED)
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    assert actor is not None
    roles = sorted(role.label for role in actor.roles)
    return render(request, "core/home.html", {"roles": roles, "widgets": widgets_for(request, actor)})


@access(PUBLIC)
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A CSRF refusal explained in Bahasa Indonesia (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)
