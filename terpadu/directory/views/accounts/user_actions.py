"""What an admin does to an account: grant and revoke roles, (de)activate, reset the password or two-factor.
Each is a POST to one service; refusals come back as 403 (policy) or 404 (out of scope)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from terpadu.core.access import access
from terpadu.core.errors import ValidationFailed
from terpadu.core.forms import show_errors
from terpadu.core.roles import Role

from ... import account_services
from ...account_forms import RoleGrantForm
from ._common import no_store
from .users import ACCOUNT_ADMINS, account_for, detail_context


@access(ACCOUNT_ADMINS)
@require_POST
def user_role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk)
    form = RoleGrantForm(
        request.POST,
        roles=account_services.grantable_roles(user=request.user),
        agencies=account_services.agencies_for_granting(user=request.user),
    )
    if form.is_valid():
        role = Role(form.cleaned_data["role"])
        try:
            account_services.role_grant(
                user=request.user, account=account, role=role, agency=form.cleaned_data["agency"]
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Peran {role.label} diberikan kepada {account.username}.")
            return redirect("directory:user_detail", pk=account.pk)
    return render(request, "directory/accounts/user_detail.html", detail_context(request, account, form))


@access(ACCOUNT_ADMINS)
@require_POST
def user_role_revoke(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    account = account_for(request, pk)
    try:
        account_services.role_revoke(user=request.user, account=account, assignment_id=assignment_id)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Peran dicabut dari {account.username}.")
    return redirect("directory:user_detail", pk=account.pk)


@access(ACCOUNT_ADMINS)
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk)
    active = request.POST.get("active") == "1"
    account_services.user_set_active(user=request.user, account=account, active=active)
    state = "diaktifkan kembali" if active else "dinonaktifkan"
    messages.success(request, f"Akun {account.username} {state}.")
    return redirect("directory:user_detail", pk=account.pk)


@access(ACCOUNT_ADMINS)
@require_POST
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk)
    password = account_services.password_reset_by_admin(user=request.user, account=account)
    context = {"account": account, "password": password, "created": False}
    return no_store(render(request, "directory/accounts/temporary_password.html", context))


@access(ACCOUNT_ADMINS)
@require_POST
def user_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk)
    account_services.two_factor_reset(user=request.user, account=account)
    messages.success(
        request, f"Verifikasi dua langkah {account.username} diatur ulang: pengguna mendaftar lagi saat masuk."
    )
    return redirect("directory:user_detail", pk=account.pk)
