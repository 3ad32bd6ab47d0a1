"""Forms of the account pages. They only parse input; account_services validates and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from terpadu.core.roles import Role

from .models import Agency, Employee


def _role_choices(roles: list[Role]) -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in roles]


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Kode verifikasi",
        max_length=10,
        help_text="6 angka dari aplikasi autentikator di ponsel Anda.",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "size": 8}
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="Kata sandi lama", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label="Kata sandi baru",
        strip=False,
        help_text="Minimal 10 karakter, bukan kata sandi umum, tidak hanya angka, tidak mirip nama atau username.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_confirm = forms.CharField(
        label="Ulangi kata sandi baru", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Nama token",
        max_length=100,
        help_text="Untuk apa token ini dipakai, misalnya “Integrasi SIMPEG”.",
    )
    days = forms.IntegerField(
        label="Berlaku (hari)",
        min_value=1,
        max_value=3650,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
        error_messages={
            "min_value": "Masa berlaku paling sedikit 1 hari.",
            "max_value": "Masa berlaku paling lama 3650 hari.",
            "invalid": "Masukkan jumlah hari berupa angka.",
        },
    )


class AccountFilterForm(forms.Form):
    q = forms.CharField(label="Cari", required=False, max_length=100, help_text="Username, nama atau NIP")
    role = forms.ChoiceField(label="Peran", required=False)
    agency = forms.ModelChoiceField(
        label="OPD", required=False, queryset=Agency.objects.none(), empty_label="Semua OPD"
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Semua peran"), *_role_choices(list(Role))]  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency = f" — {obj.agency}" if obj.agency_id else ""
        return f"{obj.full_name} ({obj.number}){agency}"


class AccountCreateForm(forms.Form):
    employee = EmployeeChoiceField(
        label="Pegawai",
        queryset=Employee.objects.none(),
        empty_label="— pilih pegawai —",
        error_messages={"invalid_choice": "Pilih pegawai dari daftar."},
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="Huruf, angka dan . @ + - _ saja; tidak boleh hanya angka (pegawai juga dapat masuk dengan NIP).",
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    roles = forms.MultipleChoiceField(
        label="Peran awal",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih paling sedikit satu peran."},
    )

    def __init__(self, *args: Any, employees: QuerySet[Employee], roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees  # type: ignore[attr-defined]
        self.fields["roles"].choices = _role_choices(roles)  # type: ignore[attr-defined]
        self.fields["roles"].initial = [Role.EMPLOYEE.value] if Role.EMPLOYEE in roles else []


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label="Peran")
    agency = forms.ModelChoiceField(
        label="OPD",
        required=False,
        queryset=Agency.objects.none(),
        empty_label="— tanpa OPD (peran tingkat pemerintah daerah) —",
        help_text="Wajib untuk Kepala OPD, Admin OPD, Operator OPD dan Pegawai; kosongkan untuk peran lain.",
    )

    def __init__(self, *args: Any, roles: list[Role], agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
