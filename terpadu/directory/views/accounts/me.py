"""“Akun saya”: my roles, my password, my two-factor status and my API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from terpadu.core.access import AUTHENTICATED, access
from terpadu.core.errors import ValidationFailed
from terpadu.core.forms import show_errors

from ... import account_services, tokens
from ...account_forms import PasswordChangeForm, TokenCreateForm
from ...auth import two_factor_required
from ._common import no_store, safe_next


def _account_context(request: HttpRequest, token_form: TokenCreateForm | None = None) -> dict[str, Any]:
    user: Any = request.user
    return {
        "assignments": user.role_assignments.select_related("agency").order_by("role", "agency__code"),
        "two_factor_on": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "two_factor_needed": two_factor_required(user),
        "api_tokens": tokens.token_list(user=user),
        "token_form": token_form or TokenCreateForm(),
    }


@access(AUTHENTICATED)
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/accounts/account.html", _account_context(request))


@access(AUTHENTICATED)
def password_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.password_change(user=user, **form.cleaned_data)
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "Kata sandi Anda sudah diganti.")
            return redirect(safe_next(request, default="directory:account"))
    context = {"form": form, "forced": user.must_change_password}
    return render(request, "directory/accounts/password_change.html", context)


@access(AUTHENTICATED)
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, secret = tokens.token_create(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            context = {"token": token, "secret": secret}
            return no_store(render(request, "directory/accounts/token_created.html", context))
    return render(request, "directory/accounts/account.html", _account_context(request, form))


@access(AUTHENTICATED)
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens.token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    messages.success(request, f"Token “{token.name}” sudah dicabut dan tidak dapat dipakai lagi.")
    return redirect("directory:account")
