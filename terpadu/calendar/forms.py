from __future__ import annotations

from datetime import time
from typing import Any

from django import forms

from . import rules
from .models import CalendarOverride, WorkPattern
from .rules import DayHours, Week


class OverrideForm(forms.Form):
    date = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="Jenis", choices=CalendarOverride.Kind.choices)
    name = forms.CharField(label="Keterangan", max_length=200)
    decree = forms.CharField(label="Dasar (SK/SKB)", max_length=200, required=False)


class PatternForm(forms.Form):
    """A weekly pattern: one start/end/break triple per weekday; an empty start means a day off."""

    kind = forms.ChoiceField(label="Jenis", choices=WorkPattern.Kind.choices)
    name = forms.CharField(label="Nama", max_length=100)
    start_date = forms.DateField(label="Berlaku mulai", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label="Berlaku sampai (periode khusus)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        defaults = rules.DEFAULT_FIVE_DAY_WEEK
        for day, label in enumerate(rules.WEEKDAY_NAMES):
            hours = defaults.get(day)
            self.fields[f"start_{day}"] = forms.TimeField(
                label=f"{label}: masuk",
                required=False,
                initial=hours.start if hours else None,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"end_{day}"] = forms.TimeField(
                label=f"{label}: pulang",
                required=False,
                initial=hours.end if hours else None,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"break_{day}"] = forms.IntegerField(
                label=f"{label}: istirahat (menit)",
                required=False,
                min_value=0,
                max_value=240,
                initial=hours.break_minutes if hours else None,
            )

    def week(self) -> Week:
        week: Week = {}
        for day in range(7):
            start: time | None = self.cleaned_data.get(f"start_{day}")
            end: time | None = self.cleaned_data.get(f"end_{day}")
            if start and end:
                week[day] = DayHours(start, end, self.cleaned_data.get(f"break_{day}") or 0)
        return week
