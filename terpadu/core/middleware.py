from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .access import rule_of
from .errors import ApplicationError, NotAuthenticated, NotFound

logger = logging.getLogger(__name__)

#: URL namespaces that enforce access themselves (the API checks each operation).
SELF_GUARDED_NAMESPACES = {"api"}


class AccessRuleMiddleware:
    """Refuses any routed page without a declared access rule, and applies the rule it declares."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and SELF_GUARDED_NAMESPACES.intersection(match.namespaces):
            return None
        rule = rule_of(view_func)
        if rule is None:
            logger.error("Route %s has no access rule; refused.", request.path)
            return error_page(request, 403, "Halaman ini belum dibuka untuk siapa pun.")
        try:
            rule.check(request.user)
        except ApplicationError as exc:
            return self.process_exception(request, exc)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotAuthenticated):
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={quote(request.get_full_path(), safe='/')}")
        if isinstance(exception, ApplicationError):
            status = 404 if isinstance(exception, NotFound) else exception.status
            return error_page(request, status, exception.message)
        return None


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    titles = {403: "Akses ditolak", 404: "Tidak ditemukan", 409: "Konflik data"}
    return render(
        request,
        "core/error.html",
        {
            "status": status,
            "title": titles.get(status, "Permintaan tidak dapat diproses"),
            "message": message,
        },
        status=status,
    )
