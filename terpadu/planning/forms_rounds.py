"""Forms of the round pages. They parse input only: the services validate and write.

Times are entered in the government's time zone (the views activate it while a form is bound).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from terpadu.core.forms import CodeNameChoices, datetime_field
from terpadu.deadlines.interfaces import ItemDraft, parse_reminder_days

from . import rules
from .models import EvidenceRequirement
from .services import RequirementDraft

#: the kinds of plan-level item a round may ask for (the deadlines engine knows more)
ITEM_KINDS = [("text", "Isian singkat"), ("long_text", "Isian panjang"), ("number", "Angka"), ("file", "Berkas")]


def money_field(label: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs
    )


def clean_money(value: str) -> Decimal | None:
    """ "" stays empty (no ceiling / nothing entered); anything else must be rupiah."""
    if not (value or "").strip():
        return None
    amount, error = rules.parse_money(value)
    if error:
        raise forms.ValidationError(error)
    return amount


class _Ceilings:
    """Ceiling fields ``ceiling_<agency id>``, each empty (no ceiling) or rupiah."""

    agencies: list[Any]
    fields: dict[str, forms.Field]

    def add_ceiling_fields(self, agencies: list[Any]) -> None:
        self.agencies = agencies
        for agency in agencies:
            self.fields[f"ceiling_{agency.pk}"] = money_field(f"Pagu indikatif {agency.code} {agency}")

    def clean_ceilings(self, data: dict[str, Any]) -> None:
        for agency in self.agencies:
            name = f"ceiling_{agency.pk}"
            try:
                data[name] = clean_money(data.get(name) or "")
            except forms.ValidationError as exc:
                self.add_error(name, exc)  # type: ignore[attr-defined]

    def ceiling_rows(self) -> list[tuple[Any, Any]]:
        return [(agency, self[f"ceiling_{agency.pk}"]) for agency in self.agencies]  # type: ignore[index]

    def ceilings_for(self, agency_ids: list[int]) -> dict[int, Decimal]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return {
            agency.pk: data[f"ceiling_{agency.pk}"]
            for agency in self.agencies
            if agency.pk in agency_ids and data.get(f"ceiling_{agency.pk}") is not None
        }


class RoundForm(_Ceilings, forms.Form):
    fiscal_year = forms.TypedChoiceField(label="Tahun anggaran", coerce=int, choices=())
    title = forms.CharField(label="Judul", max_length=200, initial="")
    instructions = forms.CharField(
        label="Petunjuk",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Apa yang harus diisi OPD, dasar hukumnya, dan kepada siapa bertanya.",
    )
    opens_at = datetime_field("Dibuka")
    due_at = datetime_field("Batas waktu", "Waktu setempat pemerintah daerah. Lewat batas waktu, eskalasi ke Bupati.")
    reminder_days = forms.CharField(
        label="Pengingat (hari sebelum tenggat)",
        required=False,
        initial="3, 1, 0",
        help_text="Dikirim pukul 08.00 kepada kepala dan admin OPD yang belum mengirim. 0 = pada hari tenggat.",
    )
    period_kind = forms.ChoiceField(
        label="Rincian kebutuhan anggaran", choices=rules.PERIOD_KIND_CHOICES, initial=rules.PeriodKind.MONTH
    )
    agency_ids = CodeNameChoices(label="OPD tujuan", queryset=None, widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, agencies: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_ids"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["fiscal_year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.add_ceiling_fields(list(agencies))

    def clean_reminder_days(self) -> tuple[int, ...]:
        days, error = parse_reminder_days(self.cleaned_data.get("reminder_days") or "")
        if error:
            raise forms.ValidationError(error)
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_ceilings(data)
        return data


class CeilingsForm(_Ceilings, forms.Form):
    """The ceilings of the addressed agencies, changeable after publishing."""

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_ceiling_fields(agencies)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_ceilings(data)
        return data


class RequirementForm(forms.Form):
    label = forms.CharField(label="Data dukung per sub kegiatan", max_length=200, required=False)
    kind = forms.ChoiceField(label="Jenis", choices=EvidenceRequirement.Kind.choices, initial="file")
    required = forms.BooleanField(label="Wajib", required=False, initial=True)
    help_text = forms.CharField(label="Keterangan", max_length=300, required=False)

    def draft(self) -> RequirementDraft | None:
        data = self.cleaned_data
        if not data or not (data.get("label") or "").strip():
            return None
        return RequirementDraft(data["label"], data["kind"], bool(data.get("required")), data.get("help_text") or "")


class ItemForm(forms.Form):
    label = forms.CharField(label="Butir untuk seluruh Renja", max_length=200, required=False)
    kind = forms.ChoiceField(label="Jenis", choices=ITEM_KINDS, initial="file")
    required = forms.BooleanField(label="Wajib", required=False, initial=True)
    help_text = forms.CharField(label="Keterangan", max_length=300, required=False)

    def draft(self) -> ItemDraft | None:
        data = self.cleaned_data
        if not data or not (data.get("label") or "").strip():
            return None
        return ItemDraft(
            label=data["label"],
            kind=data["kind"],
            required=bool(data.get("required")),
            help_text=data.get("help_text") or "",
        )


RequirementFormSet = forms.formset_factory(RequirementForm, extra=2, max_num=20, validate_max=True)
ItemFormSet = forms.formset_factory(ItemForm, extra=2, max_num=20, validate_max=True)


def drafts_of(formset: Any) -> list[Any]:
    return [draft for form in formset.forms if (draft := form.draft()) is not None]


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Catatan untuk OPD",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib bila Renja dikembalikan: apa yang harus diperbaiki.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
