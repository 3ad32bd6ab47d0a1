"""Forms of the deadline pages. They parse input only: the services validate and write.

Times are entered in the government's time zone: the views activate it (``timezone.override``) while a
form is bound, validated and rendered, so Django converts to and from UTC.
"""

from __future__ import annotations

from typing import Any

from django import forms

from terpadu.core.forms import CodeNameChoices, datetime_field
from terpadu.directory.models import Agency

from . import rules
from .models import ObligationItem
from .rules import ItemDraft
from .services.responses import field_name


class ObligationForm(forms.Form):
    title = forms.CharField(label="Judul", max_length=rules.TITLE_MAX)
    instructions = forms.CharField(
        label="Petunjuk",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Apa yang diminta dan untuk apa.",
    )
    opens_at = datetime_field("Dibuka")
    due_at = datetime_field("Batas waktu", "Waktu setempat pemerintah daerah.")
    reminder_days = forms.CharField(
        label="Pengingat (hari sebelum tenggat)",
        required=False,
        initial="3, 1, 0",
        help_text="Dikirim pukul 08.00 kepada kepala dan admin OPD yang belum mengirim. 0 = pada hari tenggat.",
    )
    agency_ids = CodeNameChoices(
        label="OPD tujuan", queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_ids"].queryset = agencies  # type: ignore[attr-defined]

    def clean_reminder_days(self) -> tuple[int, ...]:
        days, error = rules.parse_reminder_days(self.cleaned_data.get("reminder_days") or "")
        if error:
            raise forms.ValidationError(error)
        return days


class ItemForm(forms.Form):
    label = forms.CharField(label="Butir", max_length=rules.LABEL_MAX, required=False)
    kind = forms.ChoiceField(label="Jenis", choices=[(k.value, k.label) for k in rules.ItemKind], initial="text")
    required = forms.BooleanField(label="Wajib", required=False, initial=True)
    help_text = forms.CharField(label="Keterangan", max_length=300, required=False)
    choices = forms.CharField(
        label="Pilihan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Untuk jenis Pilihan: satu per baris.",
    )
    allowed_types = forms.MultipleChoiceField(
        label="Jenis berkas",
        required=False,
        choices=[(key, kind.label) for key, kind in rules.FILE_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text="Untuk jenis Berkas; kosong = semua jenis.",
    )

    def draft(self) -> ItemDraft | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("label") or "").strip():
            return None
        return ItemDraft(
            label=data["label"],
            kind=data["kind"],
            required=bool(data.get("required")),
            help_text=data.get("help_text") or "",
            choices=tuple(line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()),
            allowed_types=tuple(data.get("allowed_types") or ()),
        )


ItemFormSet = forms.formset_factory(ItemForm, extra=3, can_delete=True, max_num=50, validate_max=True)


def item_initial(item: ObligationItem) -> dict[str, Any]:
    return {
        "label": item.label,
        "kind": item.kind,
        "required": item.required,
        "help_text": item.help_text,
        "choices": "\n".join(item.choices),
        "allowed_types": item.allowed_types,
    }


def drafts_of(formset: Any) -> list[ItemDraft]:
    return [draft for form in formset.forms if (draft := form.draft()) is not None]


# --- an agency's response ---------------------------------------------------------------------------


def _value_field(item: ObligationItem) -> forms.Field:
    label = f"{item.label}{' (wajib)' if item.required else ''}"
    common: dict[str, Any] = {"label": label, "required": False, "help_text": item.help_text}
    if item.kind == rules.ItemKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), **common)
    if item.kind == rules.ItemKind.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if item.kind == rules.ItemKind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if item.kind == rules.ItemKind.CHOICE:
        return forms.ChoiceField(choices=[("", "— pilih —"), *[(c, c) for c in item.choices]], **common)
    if item.kind == rules.ItemKind.FILE:
        accepted = rules.allowed_types_label(item.allowed_types)
        common["help_text"] = " ".join(filter(None, [item.help_text, f"Jenis berkas: {accepted}."]))
        return forms.FileField(**common)
    return forms.CharField(max_length=rules.TEXT_MAX, **common)


class ResponseForm(forms.Form):
    """One field per item (named ``item_<id>``), all optional here: the service says what is missing."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, items: list[ObligationItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[field_name(item.pk)] = _value_field(item)
            if item.is_file:
                self.fields[f"clear_{item.pk}"] = forms.BooleanField(label="Hapus berkas ini", required=False)

    def values(self) -> dict[int, str]:
        data = self.cleaned_data
        return {item.pk: data.get(field_name(item.pk)) or "" for item in self.items if not item.is_file}

    def files_posted(self) -> dict[int, Any]:
        data = self.cleaned_data
        return {
            item.pk: data[field_name(item.pk)] for item in self.items if item.is_file and data.get(field_name(item.pk))
        }

    def cleared(self) -> set[int]:
        return {item.pk for item in self.items if item.is_file and self.cleaned_data.get(f"clear_{item.pk}")}


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Catatan untuk OPD",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib bila jawaban dikembalikan: apa yang harus diperbaiki.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ListFilterForm(forms.Form):
    q = forms.CharField(
        label="Cari judul", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Semua status"), *[(s.value, s.label) for s in rules.ObligationStatus]],
    )
