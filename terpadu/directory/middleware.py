from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .auth import two_factor_required

#: pages an unverified user may still open
TWO_FACTOR_OPEN_URL_NAMES = {"two_factor_verify", "two_factor_setup", "logout", "login"}
#: pages a user who must replace a temporary password may still open
PASSWORD_CHANGE_OPEN_URL_NAMES = {"password_change", "two_factor_verify", "two_factor_setup", "logout", "login"}


def _opens(request: HttpRequest, url_names: set[str]) -> bool:
    match = request.resolver_match
    return match is not None and match.url_name in url_names and "directory" in match.namespaces


def _refuse_api(request: HttpRequest, code: str, message: str) -> HttpResponse | None:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=403)
    return None


class TwoFactorMiddleware:
    """A user whose role requires two-factor reaches nothing but the verify/setup pages until verified;
    then a user holding a temporary password reaches nothing but the change-password page until changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        return self._two_factor(request) or self._password_change(request)

    def _two_factor(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not two_factor_required(user) or user.is_verified():  # type: ignore[union-attr]
            return None
        if _opens(request, TWO_FACTOR_OPEN_URL_NAMES):
            return None
        message = "Verifikasi dua langkah diperlukan sebelum memakai API dengan sesi ini."
        refused = _refuse_api(request, "two_factor_required", message)
        if refused is not None:
            return refused
        has_device = user.totpdevice_set.filter(confirmed=True).exists()  # type: ignore[union-attr]
        target = "directory:two_factor_verify" if has_device else "directory:two_factor_setup"
        return redirect(f"{reverse(target)}?next={quote(request.get_full_path(), safe='/')}")

    def _password_change(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not getattr(user, "is_authenticated", False) or not getattr(user, "must_change_password", False):
            return None
        if _opens(request, PASSWORD_CHANGE_OPEN_URL_NAMES):
            return None
        message = "Ganti kata sandi sementara Anda sebelum memakai API dengan sesi ini."
        refused = _refuse_api(request, "password_change_required", message)
        if refused is not None:
            return refused
        return redirect(f"{reverse('directory:password_change')}?next={quote(request.get_full_path(), safe='/')}")
