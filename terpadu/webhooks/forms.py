"""Forms of the webhook admin pages (choices from the event type registry)."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Delivery
from .registry import event_types


class EndpointForm(forms.Form):
    name = forms.CharField(label="Nama", max_length=100, help_text="Misalnya: Dasbor Bappeda.")
    url = forms.CharField(
        label="Alamat (URL)",
        max_length=500,
        help_text="Wajib https://. Terpadu mengirim POST berisi JSON yang ditandatangani.",
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    event_types = forms.MultipleChoiceField(label="Jenis peristiwa", widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = [(name, f"{name} — {text}") for name, text in event_types().items()]  # type: ignore[attr-defined]


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Semua"), *Delivery.Status.choices])

    def value(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_valid() else ""
