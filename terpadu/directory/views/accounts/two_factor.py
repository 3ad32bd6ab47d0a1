"""Two-factor (TOTP) pages: enrol an authenticator app, and verify a code after the password."""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from typing import Any
from urllib.parse import quote

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from terpadu.core.access import AUTHENTICATED, access
from terpadu.core.errors import ApplicationError, RateLimited
from terpadu.core.forms import show_errors

from ... import account_services
from ...account_forms import TwoFactorCodeForm
from ...auth import two_factor_required
from ._common import no_store, safe_next


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code in an SVG data URI (an <img> the CSP allows)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False, title="Kode QR")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def readable_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _elsewhere(request: HttpRequest, url_name: str) -> HttpResponse:
    return redirect(f"{reverse(url_name)}?next={quote(safe_next(request), safe='/')}")


def _submit_code(request: HttpRequest, form: TwoFactorCodeForm, check: Any) -> tuple[HttpResponse | None, int]:
    """Verify the posted code with ``check``; on success log the device in and go on."""
    if request.method != "POST" or not form.is_valid():
        return None, 200
    try:
        device = check(user=request.user, code=form.cleaned_data["code"])
    except ApplicationError as exc:
        show_errors(form, exc)
        return None, 429 if isinstance(exc, RateLimited) else 200
    otp_login(request, device)
    return redirect(safe_next(request)), 200


@access(AUTHENTICATED)
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return (
            redirect(safe_next(request)) if user.is_verified() else _elsewhere(request, "directory:two_factor_verify")
        )
    if not two_factor_required(user):
        messages.info(request, "Peran Anda tidak memerlukan verifikasi dua langkah.")
        return redirect("directory:account")
    device = account_services.two_factor_start(user=user)
    form = TwoFactorCodeForm(request.POST or None)
    done, status = _submit_code(request, form, account_services.two_factor_confirm)
    if done is not None:
        messages.success(request, "Verifikasi dua langkah sudah aktif untuk akun Anda.")
        return done
    context = {"form": form, "qr": qr_data_uri(device.config_url), "secret": readable_secret(device)}
    return no_store(render(request, "directory/accounts/two_factor_setup.html", context, status=status))


@access(AUTHENTICATED)
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_verified():
        return redirect(safe_next(request))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return _elsewhere(request, "directory:two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    done, status = _submit_code(request, form, account_services.two_factor_check)
    if done is not None:
        return done
    return render(request, "directory/accounts/two_factor_verify.html", {"form": form}, status=status)
