"""Forms of the monthly recap page: closing a month, and an adjustment to a day of a closed month."""

from __future__ import annotations

from django import forms

from .closing import NOTE_MAX


class CloseMonthForm(forms.Form):
    month = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Catatan (opsional)",
        max_length=NOTE_MAX,
        required=False,
        help_text="Mis. nomor nota dinas persetujuan rekap.",
    )
    confirm = forms.BooleanField(
        label="Saya sudah memeriksa rekap bulan ini; setelah ditutup, perubahan hanya lewat penyesuaian.",
        error_messages={"required": "Centang pernyataan ini untuk menutup bulan."},
    )


class AdjustmentForm(forms.Form):
    month = forms.CharField(widget=forms.HiddenInput)
    agency = forms.CharField(widget=forms.HiddenInput, required=False)
    nip = forms.CharField(label="NIP pegawai", max_length=18)
    date = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="Alasan penyesuaian",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mis. cuti sakit yang disetujui setelah bulan ditutup.",
    )
