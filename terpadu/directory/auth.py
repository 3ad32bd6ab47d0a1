"""Authentication: one login by username or NIP; lockout hooks for django-axes; two-factor policy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from terpadu.core.roles import Role

from .models import User

LOCKOUT_MESSAGE = (
    "Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi nanti atau hubungi admin."
)


def find_user(identifier: str) -> User | None:
    """The user named by a username or an 18-digit NIP (None when unknown or ambiguous)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None and identifier.isdigit() and len(identifier) == 18:
        matches = list(User.objects.filter(employee__nip=identifier)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


class UsernameOrNipBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = find_user(username or "")
        if user is None or password is None:
            User().set_password(password or "")  # same work for unknown users: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """Count failures per account, whether the user typed the username or the NIP."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    user = find_user(typed or "")
    return user.username.lower() if user is not None else (typed or "").strip().lower()


def lockout_response(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": LOCKOUT_MESSAGE, "fields": {}}, status=429)
    from .forms import LoginForm

    form = LoginForm(request, data=request.POST or None)
    return render(request, "directory/login.html", {"form": form, "locked_out": LOCKOUT_MESSAGE}, status=429)


def two_factor_required(user: Any) -> bool:
    """Whether this user must pass TOTP before using the application."""
    if not settings.TWO_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    if settings.TERPADU_DEMO and getattr(user, "two_factor_exempt", False):
        return False
    required = {Role(name) for name in settings.TWO_FACTOR_ROLES}
    return user.get_actor().has_role(*required)
