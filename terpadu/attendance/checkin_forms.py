"""Forms of the check-in pages: the presensi form (hidden fields filled by checkin.js), a device change
request, a decision, a work location and a QR screen."""

from __future__ import annotations

import math
import uuid
from typing import Any

from django import forms

from terpadu.directory.models import Agency

from .models import AttendanceEvent


class CheckInForm(forms.Form):
    """What the presensi page posts. Position fields are empty when the browser could not read one."""

    kind = forms.ChoiceField(choices=AttendanceEvent.Kind.choices)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    accuracy = forms.FloatField(required=False, widget=forms.HiddenInput)
    client_ref = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    device_token = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)
    qr_token = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    qr_station_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("latitude", "longitude", "accuracy"):
            value = cleaned.get(name)
            if value is not None and not math.isfinite(value):
                cleaned[name] = None
        return cleaned


def fresh_client_ref() -> str:
    """A new idempotency key for one rendering of the form: posting it twice is one check-in."""
    return f"web-{uuid.uuid4().hex}"


class DeviceRequestForm(forms.Form):
    reason = forms.CharField(
        label="Alasan penggantian perangkat",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mis. ponsel lama rusak atau hilang, ganti ponsel baru.",
    )
    device_token = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Setujui"), ("reject", "Tolak")])
    note = forms.CharField(label="Catatan", required=False, max_length=300)


class LocationForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        label="OPD", queryset=Agency.objects.none(), empty_label=None
    )
    name = forms.CharField(label="Nama lokasi", max_length=200)
    address = forms.CharField(label="Alamat", max_length=300, required=False)
    latitude = forms.DecimalField(
        label="Lintang", max_digits=9, decimal_places=6, help_text="Derajat desimal, mis. -10.177200"
    )
    longitude = forms.DecimalField(
        label="Bujur", max_digits=9, decimal_places=6, help_text="Derajat desimal, mis. 123.607000"
    )
    radius_m = forms.IntegerField(label="Radius (meter)", initial=100, help_text="10–5000 meter dari titik lokasi.")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies


class LocationEditForm(LocationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["agency"]


class QrStationForm(forms.Form):
    name = forms.CharField(label="Nama layar", max_length=200, help_text="Mis. Layar lobi lantai 1.")
