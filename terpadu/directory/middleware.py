from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .auth import two_factor_required

#: pages an unverified user may still open
TWO_FACTOR_OPEN_URL_NAMES = {"two_factor_verify", "two_factor_setup", "logout", "login"}


class TwoFactorMiddleware:
    """A user whose role requires two-factor reaches nothing but the verify/setup pages until verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        user = request.user
        if not two_factor_required(user) or user.is_verified():  # type: ignore[union-attr]
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_OPEN_URL_NAMES and "directory" in match.namespaces:
            return None
        if request.path.startswith("/api/"):
            message = "Verifikasi dua langkah diperlukan sebelum memakai API dengan sesi ini."
            return JsonResponse({"code": "two_factor_required", "message": message, "fields": {}}, status=403)
        has_device = user.totpdevice_set.filter(confirmed=True).exists()  # type: ignore[union-attr]
        target = "directory:two_factor_verify" if has_device else "directory:two_factor_setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
