"""Forms of the request and shift pages: they parse; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import AttendanceEvent, Excuse
from .request_rules import WEEKDAY_LABELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ExcuseForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis", choices=Excuse.Kind.choices)
    start_date = forms.DateField(label="Mulai", widget=DATE)
    end_date = forms.DateField(label="Sampai", widget=DATE)
    reason = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    place = forms.CharField(
        label="Tempat", required=False, max_length=200, help_text="Tujuan dinas luar atau tempat bekerja (WFA)."
    )
    letter_number = forms.CharField(
        label="Nomor surat tugas",
        required=False,
        max_length=100,
        help_text="Untuk dinas luar/diklat: nomor surat tugas di E-Surat yang sudah ditandatangani.",
    )
    attachment = forms.FileField(
        label="Lampiran", required=False, help_text="Mis. surat keterangan dokter (PDF, JPG, PNG, paling besar 5 MB)."
    )


class CorrectionForm(forms.Form):
    date = forms.DateField(label="Tanggal", widget=DATE)
    kind = forms.ChoiceField(label="Yang terlupa", choices=AttendanceEvent.Kind.choices)
    time = forms.TimeField(label="Jam sebenarnya", widget=TIME)
    reason = forms.CharField(label="Alasan koreksi", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    prefix = "koreksi"


class DecisionForm(forms.Form):
    note = forms.CharField(label="Catatan", required=False, max_length=500)


class ShiftForm(forms.Form):
    code = forms.CharField(label="Kode", max_length=10)
    name = forms.CharField(label="Nama sif", max_length=100)
    start = forms.TimeField(label="Mulai", widget=TIME)
    end = forms.TimeField(
        label="Selesai", widget=TIME, help_text="Sama dengan atau sebelum jam mulai: selesai esok hari."
    )
    break_minutes = forms.IntegerField(label="Istirahat (menit)", min_value=0, initial=0)


class AssignmentForm(forms.Form):
    shift = forms.TypedChoiceField(label="Sif", coerce=int)
    org_unit = forms.TypedChoiceField(label="Unit kerja", coerce=int, required=False, empty_value=None)
    employee = forms.TypedChoiceField(
        label="atau seorang pegawai", coerce=int, required=False, empty_value=None, help_text="Pilih unit atau pegawai."
    )
    start_date = forms.DateField(label="Mulai", widget=DATE)
    end_date = forms.DateField(label="Sampai", widget=DATE)
    prefix = "jadwal"
    weekdays = forms.TypedMultipleChoiceField(
        label="Hari",
        coerce=int,
        choices=list(enumerate(WEEKDAY_LABELS)),
        widget=forms.CheckboxSelectMultiple,
        initial=list(range(7)),
    )

    def __init__(self, *args: Any, shifts: Any = (), units: Any = (), employees: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shift"].choices = [("", "— pilih —"), *((s.pk, str(s)) for s in shifts)]  # type: ignore[attr-defined]
        self.fields["org_unit"].choices = [("", "— tidak —"), *((u.pk, u.name) for u in units)]  # type: ignore[attr-defined]
        self.fields["employee"].choices = [("", "— tidak —"), *((e.pk, e.full_name) for e in employees)]  # type: ignore[attr-defined]
