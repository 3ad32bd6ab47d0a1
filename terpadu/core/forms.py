"""Form helpers shared by every module's pages."""

from __future__ import annotations

from typing import Any

from django import forms

from .errors import ApplicationError


def show_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's errors next to the fields they name (a name the form lacks goes above the form),
    and its message above the form as the summary unless a field already says exactly that."""
    shown: list[str] = []
    for name, messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
            shown.append(message)
    if exc.message not in shown:
        form.add_error(None, exc.message)


DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_field(label: str, help_text: str = "") -> forms.DateTimeField:
    """A date and time picked in the browser (``datetime-local``), read in the active time zone (the views
    activate the government's)."""
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class CodeNameChoices(forms.ModelMultipleChoiceField):
    """Check boxes of coded rows (agencies), each labelled "code — name"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"
