"""Public verification pages (no login): a letter by the token in its QR code, and a form that checks an
uploaded PDF (its hash looked up, its signature validated) or a pasted SHA-256. Nothing is written; the pages
are plain GET/POST so a reverse proxy can rate-limit /verifikasi/ as a whole."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from terpadu.core.access import PUBLIC, access
from terpadu.core.errors import NotFound

from .verification import file_verify, letter_by_sha256, letter_by_token, normalise_sha256

NOT_FOUND = "Tidak ada naskah bertanda tangan elektronik dengan kode verifikasi ini."


class VerifyForm(forms.Form):
    file = forms.FileField(
        label="Berkas PDF naskah", required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )
    sha256 = forms.CharField(
        label="atau kode SHA-256 berkas",
        required=False,
        max_length=80,
        help_text="64 karakter heksadesimal, misalnya dari aplikasi pemeriksa berkas.",
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.TERPADU_UPLOAD_MAX_BYTES:
            limit = settings.TERPADU_UPLOAD_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"Berkas terlalu besar: paling besar {limit} MB.")
        return upload

    def clean_sha256(self) -> str:
        text = self.cleaned_data.get("sha256", "")
        value = normalise_sha256(text)
        if text.strip() and value is None:
            raise forms.ValidationError("Kode SHA-256 harus 64 karakter heksadesimal (0–9, a–f).")
        return value or ""

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not self.errors and not data.get("file") and not data.get("sha256"):
            raise forms.ValidationError("Unggah berkas PDF atau tempelkan kode SHA-256-nya.")
        return data


@access(PUBLIC)
@require_http_methods(["GET", "POST"])
def verify_index(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = VerifyForm(request.POST, request.FILES) if posted else VerifyForm()
    context: dict[str, object] = {"form": form}
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload:
            context["checked"] = file_verify(b"".join(upload.chunks()))
        else:
            context["record"] = letter_by_sha256(form.cleaned_data["sha256"])
            context["searched"] = form.cleaned_data["sha256"]
    return render(request, "correspondence/verify/index.html", context)


@access(PUBLIC)
@require_GET
def verify_letter(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    record = letter_by_token(token)
    if record is None:
        raise NotFound(NOT_FOUND)
    response = render(request, "correspondence/verify/letter.html", {"record": record})
    patch_cache_control(response, private=True, max_age=60)
    return response
