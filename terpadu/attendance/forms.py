"""Settings forms. Bands are rows of (from, to, percent); an empty row is ignored. Validation of
the table as a whole is the rules' job; its errors come back next to these fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from . import rules
from .rules import Band, Kind, LeaveType, YearMode

BAND_ROWS = 6
DATE = forms.DateInput(attrs={"type": "date"})


def _percent(label: str, initial: Decimal | None, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, initial=initial)


class _VersionForm(forms.Form):
    name = forms.CharField(label="Dasar hukum", max_length=200, help_text="Mis. Perbup No. 12 Tahun 2025")
    effective_from = forms.DateField(label="Berlaku mulai", widget=DATE)


class DeductionTableForm(_VersionForm):
    missing_record_percent = _percent(
        "Tanpa catatan masuk/pulang (%)", rules.DEFAULT_DEDUCTION_TABLE.missing_record_percent
    )
    unexcused_percent = _percent("TK per hari (%)", rules.DEFAULT_DEDUCTION_TABLE.unexcused_percent)
    monthly_cap = _percent("Batas potongan sebulan (%)", rules.DEFAULT_DEDUCTION_TABLE.monthly_cap)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            defaults = rules.DEFAULT_DEDUCTION_TABLE.bands(kind)
            for i in range(BAND_ROWS):
                band = defaults[i] if i < len(defaults) else None
                prefix, label = f"{kind.value}_{i}", f"{kind.code}{i + 1}"
                self.fields[f"{prefix}_min"] = forms.IntegerField(
                    label=f"{label}: dari (menit)", required=False, initial=band.min_minutes if band else None
                )
                self.fields[f"{prefix}_max"] = forms.IntegerField(
                    label=f"{label}: sampai (menit, kosong = tanpa batas)",
                    required=False,
                    initial=band.max_minutes if band else None,
                )
                self.fields[f"{prefix}_percent"] = _percent(
                    f"{label}: potongan (%)", band.percent if band else None, False
                )

    def bands(self, kind: Kind) -> list[Band]:
        rows = []
        for i in range(BAND_ROWS):
            low = self.cleaned_data.get(f"{kind.value}_{i}_min")
            if low is None:
                continue
            percent = self.cleaned_data.get(f"{kind.value}_{i}_percent")
            rows.append(
                Band(
                    low, self.cleaned_data.get(f"{kind.value}_{i}_max"), Decimal("NaN") if percent is None else percent
                )
            )
        return rows

    def band_rows(self, kind: Kind) -> list[list[forms.BoundField]]:
        return [[self[f"{kind.value}_{i}_{part}"] for part in ("min", "max", "percent")] for i in range(BAND_ROWS)]

    def late_rows(self) -> list[list[forms.BoundField]]:
        return self.band_rows(Kind.LATE)

    def early_rows(self) -> list[list[forms.BoundField]]:
        return self.band_rows(Kind.EARLY)


class DisciplineSettingsForm(_VersionForm):
    minutes_per_day = forms.IntegerField(
        label="Menit terlambat/pulang cepat setara 1 hari", initial=rules.DEFAULT_DISCIPLINE_SETTINGS.minutes_per_day
    )
    year_mode = forms.ChoiceField(
        label="Satu tahun dihitung", choices=[(m.value, m.label) for m in YearMode], initial=YearMode.CALENDAR.value
    )


class LeaveQuotaForm(_VersionForm):
    annual_carry_over_max = forms.IntegerField(
        label="Sisa cuti tahunan yang dapat dibawa ke tahun berikutnya (hari)", initial=rules.ANNUAL_CARRY_OVER_MAX
    )
    annual_total_max = forms.IntegerField(
        label="Jumlah cuti tahunan paling banyak, termasuk sisa (hari)", initial=rules.ANNUAL_TOTAL_MAX
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for leave_type in LeaveType:
            self.fields[leave_type.value] = forms.IntegerField(
                label=f"{leave_type.label} ({rules.LEAVE_UNITS[leave_type]})",
                initial=rules.DEFAULT_LEAVE_QUOTAS_BY_TYPE[leave_type],
            )

    def quotas(self) -> dict[LeaveType, int]:
        return {leave_type: self.cleaned_data[leave_type.value] for leave_type in LeaveType}
