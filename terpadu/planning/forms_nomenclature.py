"""Forms of the nomenclature pages. They parse input only: the services validate and write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms

from terpadu.directory.models import Agency

from . import rules
from .models import NomenclatureEntry
from .services.nomenclature import MAX_YEAR, MIN_YEAR

LEVEL_FILTER_CHOICES = [("", "Semua tingkat"), *rules.LEVEL_CHOICES]


class NomenclatureFilterForm(forms.Form):
    """Year, search and level of the nomenclature browser (GET; a wrong value is simply ignored)."""

    tahun = forms.TypedChoiceField(label="Tahun anggaran", coerce=int, choices=(), required=False)
    q = forms.CharField(
        label="Cari kode atau nama",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "mis. 2.16 atau aplikasi"}),
    )
    tingkat = forms.ChoiceField(label="Tingkat", choices=LEVEL_FILTER_CHOICES, required=False)

    def __init__(self, *args: Any, years: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]

    def value(self, name: str, default: Any = "") -> Any:
        """The cleaned value of ``name``, or ``default`` when absent or not valid."""
        if not self.is_valid() and name in self.errors:
            return default
        return self.cleaned_data.get(name) or default


class NomenclatureUploadForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label="Tahun anggaran",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text="Tahun anggaran yang direncanakan dengan nomenklatur ini, misalnya 2027.",
    )
    source = forms.CharField(
        label="Dasar hukum / sumber",
        max_length=200,
        required=False,
        help_text="Misalnya Kepmendagri 900.1.15.5-1317/2023.",
    )
    file = forms.FileField(
        label="Berkas XLSX",
        help_text=(
            "Lembar nomenklatur: kode, nomenklatur, indikator, satuan. "
            "Lembar kewenangan (boleh tidak ada): kode_opd, kode_bidang."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class MandatesForm(forms.Form):
    """The bidang urusan an agency may plan, as checkboxes grouped by urusan (the field is named
    ``fields`` as in :func:`services.mandates_set`'s errors)."""

    def __init__(self, *args: Any, bidang: Iterable[NomenclatureEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bidang = list(bidang)
        self.fields["fields"] = forms.MultipleChoiceField(
            label="Bidang urusan",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(entry.code, _bidang_label(entry)) for entry in self.bidang],
        )

    def groups(self) -> list[tuple[NomenclatureEntry | None, list[Any]]]:
        """(urusan, the checkboxes of its bidang) in code order."""
        options = {option.data["value"]: option for option in self["fields"]}
        grouped: list[tuple[NomenclatureEntry | None, list[Any]]] = []
        for entry in self.bidang:
            urusan = entry.parent
            if not grouped or grouped[-1][0] != urusan:
                grouped.append((urusan, []))
            grouped[-1][1].append(options[entry.code])
        return grouped


def _bidang_label(entry: NomenclatureEntry) -> str:
    return f"{entry.code} {entry.name}" + ("" if entry.is_active else " (tidak berlaku lagi)")


def _agency_label(agency: Agency) -> str:
    return f"{agency.code} — {agency.name}"


class PlanningSettingForm(forms.Form):
    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        label="OPD perencana (Bappeda)",
        queryset=Agency.objects.none(),
        empty_label="— pilih OPD —",
        help_text="Kepala dan admin OPD ini mengelola nomenklatur dan membuka putaran perencanaan.",
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.queryset = agencies
        field.label_from_instance = _agency_label
