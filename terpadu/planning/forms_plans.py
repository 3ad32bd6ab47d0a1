"""Forms of the plan pages: a sub kegiatan with its indicators and budget lines, supporting data, the
round's plan-level items, comments. They parse input only: the services validate and write, and their
refusals (``lines.3.account_code``) are put back on the row and field they name."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.deadlines.interfaces import RequestItem

from . import rules
from .forms_rounds import clean_money, money_field
from .services import SubActivityDraft


class SubActivityForm(forms.Form):
    location = forms.CharField(
        label="Lokasi", max_length=300, required=False, help_text="Kecamatan/desa, atau seluruh kabupaten."
    )
    target_group = forms.CharField(
        label="Kelompok sasaran", max_length=300, required=False, help_text="Siapa yang menerima manfaat."
    )
    notes = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IndicatorForm(forms.Form):
    uid = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Indikator keluaran", max_length=300, required=False)
    unit = forms.CharField(label="Satuan", max_length=50, required=False)
    target = forms.CharField(label="Target", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def clean_target(self) -> Decimal | None:
        text = (self.cleaned_data.get("target") or "").strip().replace(".", "").replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Isi target dengan angka, misalnya 12 atau 2,5.") from None

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not ((data.get("name") or "").strip() or (data.get("unit") or "").strip() or data.get("target"))

    def draft(self) -> rules.IndicatorDraft:
        data = self.cleaned_data
        target: Decimal = data.get("target") or Decimal(0)
        return rules.IndicatorDraft(data.get("name") or "", data.get("unit") or "", target, data.get("uid") or "")


class LineForm(forms.Form):
    """A budget line; the period fields (``period_1``…) match the round's months or quarters."""

    uid = forms.CharField(widget=forms.HiddenInput, required=False)
    account_code = forms.CharField(
        label="Kode rekening", max_length=20, required=False, widget=forms.TextInput(attrs={"size": 18})
    )
    description = forms.CharField(label="Uraian", max_length=300, required=False)

    def __init__(self, *args: Any, period_labels: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period_labels = period_labels
        for number, label in enumerate(period_labels, start=1):
            self.fields[f"period_{number}"] = money_field(label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in range(1, len(self.period_labels) + 1):
            name = f"period_{number}"
            try:
                data[name] = clean_money(data.get(name) or "")
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        return data

    def period_fields(self) -> list[Any]:
        return [self[f"period_{n}"] for n in range(1, len(self.period_labels) + 1)]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        periods = [data.get(f"period_{n}") for n in range(1, len(self.period_labels) + 1)]
        return not ((data.get("account_code") or "").strip() or (data.get("description") or "").strip() or any(periods))

    def draft(self) -> rules.LineDraft:
        data = self.cleaned_data
        periods = tuple(data.get(f"period_{n}") or Decimal(0) for n in range(1, len(self.period_labels) + 1))
        return rules.LineDraft(
            data.get("account_code") or "", data.get("description") or "", periods, data.get("uid") or ""
        )


class _Rows(forms.BaseFormSet):
    def filled(self) -> list[tuple[int, Any]]:
        """(form index, form) of the rows with something in them, in order: the service numbers those."""
        return [(index, form) for index, form in enumerate(self.forms) if form.is_valid() and not form.is_blank()]


class _LineRows(_Rows):
    def __init__(self, *args: Any, period_labels: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.period_labels = period_labels
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "period_labels": self.period_labels}

    @property
    def empty_form(self) -> Any:
        return self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            period_labels=self.period_labels,
        )


IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=_Rows, extra=1, max_num=20, validate_max=True)
LineFormSet = forms.formset_factory(LineForm, formset=_LineRows, extra=3, max_num=200, validate_max=True)


def indicator_initial(indicators: list[Any]) -> list[dict[str, Any]]:
    return [
        {"uid": str(i.uid), "name": i.name, "unit": i.unit, "target": f"{i.target.normalize():f}".replace(".", ",")}
        for i in indicators
    ]


def _money_text(value: Decimal) -> str:
    return "" if not value else f"{value.normalize():f}".replace(".", ",")


def line_initial(lines: list[Any], count: int) -> list[dict[str, Any]]:
    return [
        {
            "uid": str(line.uid),
            "account_code": line.account_code,
            "description": line.description,
            **{f"period_{n}": _money_text(line.periods[n - 1]) for n in range(1, count + 1)},
        }
        for line in lines
    ]


def sub_activity_draft(code: str, form: SubActivityForm, indicators: Any, lines: Any) -> SubActivityDraft:
    data = form.cleaned_data
    return SubActivityDraft(
        code=code,
        location=data.get("location") or "",
        target_group=data.get("target_group") or "",
        notes=data.get("notes") or "",
        indicators=tuple(f.draft() for _, f in indicators.filled()),
        lines=tuple(f.draft() for _, f in lines.filled()),
    )


def show_sub_activity_errors(form: SubActivityForm, indicators: Any, lines: Any, exc: ApplicationError) -> None:
    """The service's field errors back on the form, the indicator row or the line row they name."""
    rows = {"indicators": indicators.filled(), "lines": lines.filled()}
    plain = ApplicationError(exc.message, code=exc.code)
    for key, messages in exc.fields.items():
        part, _, rest = key.partition(".")
        index, _, name = rest.partition(".")
        if part in rows and index.isdigit() and int(index) < len(rows[part]):
            row_form = rows[part][int(index)][1]
            target = name if name in row_form.fields else ("period_1" if name == "periods" else None)
            for message in messages:
                row_form.add_error(target, message)
        elif key in form.fields:
            plain.fields[key] = messages
        else:
            form.add_error(None, " ".join(messages))
    show_errors(form, plain)


class AddSubActivityForm(forms.Form):
    code = forms.CharField(label="Kode sub kegiatan", max_length=20)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Cari kode atau nama sub kegiatan",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class EvidenceForm(forms.Form):
    text = forms.CharField(label="Isian", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="Berkas", required=False)
    clear = forms.BooleanField(label="Hapus berkas ini", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label="Komentar", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    line_uid = forms.ChoiceField(label="Pada rincian", required=False, choices=())

    def __init__(self, *args: Any, lines: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        if lines:
            choices = [("", "Sub kegiatan ini secara umum")]
            choices += [(str(line.uid), f"{line.account_code} {line.description}") for line in lines]
            self.fields["line_uid"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["line_uid"]


def _item_field(item: RequestItem) -> forms.Field:
    label = f"{item.label}{' (wajib)' if item.required else ''}"
    common: dict[str, Any] = {"label": label, "required": False, "help_text": item.help_text}
    if item.kind == "long_text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if item.kind == "number":
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if item.kind == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if item.kind == "choice":
        return forms.ChoiceField(choices=[("", "— pilih —"), *[(c, c) for c in item.choices]], **common)
    if item.kind == "file":
        return forms.FileField(**common)
    return forms.CharField(max_length=2000, **common)


class ItemsForm(forms.Form):
    """The round's plan-level items (one field ``item_<id>`` each), kept by the deadlines engine."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, items: tuple[RequestItem, ...], with_files: Collection[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.id}"] = _item_field(item)
            if item.kind == "file" and item.id in with_files:
                label = f"Hapus berkas {item.label} yang sudah diunggah"
                self.fields[f"clear_{item.id}"] = forms.BooleanField(label=label, required=False)

    def values(self) -> dict[int, str]:
        return {i.id: self.cleaned_data.get(f"item_{i.id}") or "" for i in self.items if i.kind != "file"}

    def files_posted(self) -> dict[int, Any]:
        data = self.cleaned_data
        return {i.id: data[f"item_{i.id}"] for i in self.items if i.kind == "file" and data.get(f"item_{i.id}")}

    def cleared(self) -> set[int]:
        return {i.id for i in self.items if i.kind == "file" and self.cleaned_data.get(f"clear_{i.id}")}


class DiffForm(forms.Form):
    dari = forms.ChoiceField(label="Dari versi", choices=())
    ke = forms.ChoiceField(label="Ke versi", choices=())

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(n), f"Versi {n}") for n in numbers] + [("draft", "Isi sekarang (belum dikirim)")]
        self.fields["dari"].choices = choices  # type: ignore[attr-defined]
        self.fields["ke"].choices = choices  # type: ignore[attr-defined]
