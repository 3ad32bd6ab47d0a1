"""Forms of the directory pages. They parse input only: the services validate and write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db import models

from . import selectors
from .models import Agency, Employee, Government, OrgUnit, Placement, Position

DATE_WIDGET = {"type": "date"}
#: an 18-digit number typed on a phone: the digit keypad, no autofill
NUMBER_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
CHOICE_ERROR = "Pilihan ini tidak tersedia."


def model_field(model: type[models.Model], name: str, **kwargs: Any) -> Any:
    """The form field Django derives from a model column (label, length, choices), unbound to the model."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    form_field = field.formfield(**kwargs)
    assert form_field is not None
    return form_field


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))


def with_blank(choices: Any, label: str) -> list[tuple[str, str]]:
    return [("", label), *[(str(value), str(text)) for value, text in choices]]


class FilterForm(forms.Form):
    """A GET filter form: every field optional, a search box first."""

    q = forms.CharField(label="Cari", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"}))

    def value(self, name: str, default: Any = "") -> Any:
        data = getattr(self, "cleaned_data", {})
        value = data.get(name) if name not in self.errors else None
        return default if value in (None, "") else value


# --- agencies, units, positions ----------------------------------------------------------------------


class AgencyFilterForm(FilterForm):
    kind = forms.ChoiceField(label="Jenis OPD", required=False, choices=with_blank(Agency.Kind.choices, "Semua jenis"))


class AgencyContactForm(forms.Form):
    """What the agency's own admin may change."""

    address = model_field(Agency, "address")
    phone = model_field(Agency, "phone")
    email = model_field(Agency, "email")


class AgencyForm(forms.Form):
    code = model_field(Agency, "code")
    name = model_field(Agency, "name")
    short_name = model_field(Agency, "short_name")
    kind = model_field(Agency, "kind")
    address = model_field(Agency, "address")
    phone = model_field(Agency, "phone")
    email = model_field(Agency, "email")
    is_active = model_field(Agency, "is_active")


class OrgUnitForm(forms.Form):
    code = model_field(OrgUnit, "code")
    name = model_field(OrgUnit, "name")
    kind = model_field(OrgUnit, "kind")
    parent = forms.ModelChoiceField(
        label="Induk",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="— tanpa induk (unit teratas) —",
        error_messages={"invalid_choice": "Induk harus unit kerja dari OPD ini."},
    )
    is_active = model_field(OrgUnit, "is_active")

    def __init__(self, *args: Any, agency: Agency, unit: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(agency=agency).order_by("code")
        self.fields["parent"].queryset = units.exclude(pk=unit.pk) if unit else units  # type: ignore[attr-defined]


class PositionForm(forms.Form):
    code = model_field(Position, "code")
    name = model_field(Position, "name")
    kind = model_field(Position, "kind")
    echelon = model_field(Position, "echelon")
    org_unit = forms.ModelChoiceField(
        label="Unit kerja",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="— tanpa unit —",
        error_messages={"invalid_choice": "Unit kerja harus dari OPD ini."},
    )
    superior = forms.ModelChoiceField(
        label="Atasan",
        queryset=Position.objects.none(),
        required=False,
        empty_label="— tanpa atasan —",
        error_messages={"invalid_choice": "Atasan harus jabatan di OPD ini atau jabatan kepala OPD."},
    )
    is_agency_head = model_field(Position, "is_agency_head")
    is_active = model_field(Position, "is_active")

    def __init__(self, *args: Any, agency: Agency, position: Position | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(agency=agency).order_by("code")  # type: ignore[attr-defined]
        superiors = selectors.unscoped_superior_choices(agency=agency, exclude_pk=position.pk if position else None)
        superior = self.fields["superior"]
        superior.queryset = superiors  # type: ignore[attr-defined]
        superior.label_from_instance = lambda p: p.name if p.agency_id == agency.pk else f"{p.name} ({p.agency})"  # type: ignore[attr-defined]


# --- employees ---------------------------------------------------------------------------------------

ACTIVE_CHOICES = [("aktif", "Aktif"), ("nonaktif", "Tidak aktif"), ("semua", "Semua")]
ACTIVE_VALUES = {"aktif": True, "nonaktif": False, "semua": None}


class EmployeeFilterForm(FilterForm):
    q = forms.CharField(
        label="Nama atau NIP", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    opd = forms.ModelChoiceField(
        label="OPD",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Semua OPD",
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    unit = forms.ModelChoiceField(
        label="Unit kerja",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Semua unit",
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    status = forms.ChoiceField(
        label="Status kepegawaian", required=False, choices=with_blank(Employee.Kind.choices, "PNS dan PPPK")
    )
    aktif = forms.ChoiceField(label="Keaktifan", required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, user: Any, single_agency_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = selectors.agency_choices_for_user(user=user)  # type: ignore[attr-defined]
        raw = str(self.data.get("opd") or "")
        agency_id = int(raw) if raw.isdigit() else single_agency_id
        self.fields["unit"].queryset = selectors.unit_choices_for_user(user=user, agency_id=agency_id)  # type: ignore[attr-defined]
        if agency_id is None:
            self.fields["unit"].help_text = "Pilih OPD terlebih dahulu."

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of selectors.employee_list_for_user (invalid fields left out)."""
        self.is_valid()
        opd, unit = self.value("opd", None), self.value("unit", None)
        return {
            "q": self.value("q").strip(),
            "agency_id": opd.pk if opd else None,
            "org_unit_id": unit.pk if unit else None,
            "kind": self.value("status"),
            "active": ACTIVE_VALUES[self.value("aktif", "aktif")],
        }


class EmployeeForm(forms.Form):
    """Personal data of an employee (PNS with NIP, PPPK with NI PPPK)."""

    kind = model_field(Employee, "kind")
    nip = forms.CharField(
        label="NIP",
        required=False,
        max_length=30,
        help_text="18 angka: tanggal lahir, TMT CPNS, jenis kelamin (1/2), nomor urut. Wajib untuk PNS.",
        widget=NUMBER_WIDGET,
    )
    pppk_number = forms.CharField(
        label="NI PPPK", required=False, max_length=30, help_text="Wajib untuk PPPK.", widget=NUMBER_WIDGET
    )
    name = model_field(Employee, "name")
    front_title = model_field(Employee, "front_title")
    back_title = model_field(Employee, "back_title")
    rank = model_field(Employee, "rank")
    email = model_field(Employee, "email")
    phone = model_field(Employee, "phone")

    def clean_nip(self) -> str | None:
        return self.cleaned_data["nip"].strip() or None

    def clean_pppk_number(self) -> str | None:
        return self.cleaned_data["pppk_number"].strip() or None


class PlacementFields(forms.Form):
    """Where an employee goes: a position and unit of one agency, from a date (TMT)."""

    position = forms.ModelChoiceField(
        label="Jabatan",
        queryset=Position.objects.none(),
        empty_label="— pilih jabatan —",
        error_messages={"invalid_choice": "Pilih jabatan dari OPD yang Anda kelola."},
    )
    org_unit = forms.ModelChoiceField(
        label="Unit kerja",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="— unit kerja jabatan —",
        error_messages={"invalid_choice": "Unit kerja harus dari OPD jabatan tujuan."},
    )
    start_date = date_field("TMT")
    decree_number = forms.CharField(label="Nomor SK", required=False, max_length=100)

    def __init__(self, *args: Any, user: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        position = self.fields["position"]
        position.queryset = selectors.position_choices_for_user(user=user, agency_id=agency.pk)  # type: ignore[attr-defined]
        position.label_from_instance = _position_label  # type: ignore[attr-defined]
        self.fields["org_unit"].queryset = selectors.unit_choices_for_user(user=user, agency_id=agency.pk)  # type: ignore[attr-defined]


def _position_label(position: Position) -> str:
    return f"{position.name} — {position.org_unit}" if position.org_unit_id else position.name


class EmployeeCreateForm(EmployeeForm, PlacementFields):
    field_order = [*EmployeeForm.base_fields, *PlacementFields.base_fields]


class PlacementForm(PlacementFields):
    kind = forms.ChoiceField(
        label="Jenis perpindahan",
        choices=[(v, label) for v, label in Placement.Kind.choices if v != Placement.Kind.APPOINTMENT],
    )
    note = model_field(Placement, "note")
    field_order = ["kind", "position", "org_unit", "start_date", "decree_number", "note"]


class DeactivateForm(forms.Form):
    end_date = date_field("Tanggal berhenti")
    note = forms.CharField(label="Keterangan (pensiun, berhenti, meninggal…)", required=False, max_length=300)


class GovernmentForm(forms.Form):
    name = model_field(Government, "name")
    level = model_field(Government, "level")
    region_code = model_field(Government, "region_code")
    timezone = model_field(Government, "timezone")
    head_title = model_field(Government, "head_title")
    address = model_field(Government, "address")
    phone = model_field(Government, "phone")
    email = model_field(Government, "email")
    website = model_field(Government, "website", assume_scheme="https")
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG, JPEG atau SVG, paling besar 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )


# --- the audit trail ---------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.CharField(label="Aksi (awalan, mis. employee.)", required=False, max_length=100)
    object_type = forms.ChoiceField(label="Jenis objek", required=False)
    actor = forms.CharField(label="Pengguna (username)", required=False, max_length=150)
    date_from = date_field("Dari tanggal", required=False)
    date_to = date_field("Sampai tanggal", required=False)

    def __init__(self, *args: Any, object_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = with_blank(((t, t) for t in object_types), "Semua jenis")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("date_to", "Tanggal akhir tidak boleh sebelum tanggal awal.")
        return data

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of selectors.audit_events_for_user (invalid fields left out)."""
        self.is_valid()  # an invalid field drops out of cleaned_data; the others still filter
        data = self.cleaned_data
        return {
            "action": (data.get("action") or "").strip(),
            "object_type": data.get("object_type") or "",
            "actor_label": (data.get("actor") or "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class AgencyChoiceForm(forms.Form):
    """Pick the agency a form works in (GET), when the user manages more than one."""

    opd = forms.ModelChoiceField(label="OPD", queryset=Agency.objects.none(), empty_label=None)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = agencies  # type: ignore[attr-defined]
