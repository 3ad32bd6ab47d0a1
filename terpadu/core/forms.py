"""Form helpers shared by every module's pages."""

from __future__ import annotations

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
