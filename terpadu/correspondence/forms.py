from __future__ import annotations

from django import forms


class ClassificationFilterForm(forms.Form):
    q = forms.CharField(label="Cari kode atau nama", required=False, widget=forms.TextInput(attrs={"type": "search"}))


class ClassificationUploadForm(forms.Form):
    file = forms.FileField(
        label="Berkas XLSX",
        help_text="Kolom: kode, nama, retensi_aktif, retensi_inaktif, keterangan_akhir, klasifikasi_keamanan.",
    )
