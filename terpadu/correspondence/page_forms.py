"""Forms of the E-Surat pages. They parse input only (plain form posts, no JavaScript needed): the
services validate and write, and their refusals come back next to the fields.

Choices (letter types, agencies, employees…) are read by the views and given to each form."""

from __future__ import annotations

from typing import Any

from django import forms

from . import letter_rules
from .archive import STAGE_LABELS
from .delivery import IncomingInput
from .disposition_services import DispositionInput
from .drafts import DraftInput, RecipientInput
from .models import SecurityLevel, Urgency
from .selectors import LetterFilters

Choices = list[tuple[Any, str]]
REVIEWER_SLOTS = 5
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
URGENCY_CHOICES: Choices = list(Urgency.choices)
SECURITY_CHOICES: Choices = list(SecurityLevel.choices)
AUTHORITY_CHOICES: Choices = [(signer.value, label) for signer, label in letter_rules.SIGNER_LABELS.items()]
DELEGATION_CHOICES: Choices = [(d.value, label) for d, label in letter_rules.DELEGATION_LABELS.items()]
LETTER_STATUS_CHOICES: Choices = [(s.value, label) for s, label in letter_rules.STATUS_LABELS.items()]


def _optional(choices: Choices, empty: str) -> Choices:
    return [("", empty), *choices]


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _ids(values: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in values or ())


# --- the inbox filter bar ----------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label="Cari naskah", required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    date_from = forms.DateField(label="Dari tanggal", required=False, widget=DATE)
    date_to = forms.DateField(label="Sampai tanggal", required=False, widget=DATE)
    letter_type = forms.ChoiceField(label="Jenis naskah", required=False)
    urgency = forms.ChoiceField(label="Sifat", required=False, choices=_optional(URGENCY_CHOICES, "Semua sifat"))
    agency = forms.ChoiceField(label="OPD pengirim", required=False)
    status = forms.ChoiceField(
        label="Status naskah", required=False, choices=_optional(LETTER_STATUS_CHOICES, "Semua status")
    )
    box = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, letter_types: Choices, agencies: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter_type"].choices = _optional(letter_types, "Semua jenis")  # type: ignore[attr-defined]
        self.fields["agency"].choices = _optional(agencies, "Semua OPD")  # type: ignore[attr-defined]

    def filters(self) -> LetterFilters:
        """The filters (raises ValidationFailed for dates the wrong way round); call after is_valid()."""
        data = self.cleaned_data
        return LetterFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            letter_type=data.get("letter_type") or "",
            urgency=data.get("urgency") or "",
            agency_id=_int_or_none(data.get("agency")),
            status=data.get("status") or "",
        )


def classification_field() -> forms.CharField:
    """A code typed in a text box; the page carries a <datalist id="daftar-kode-klasifikasi"> of codes."""
    return forms.CharField(
        label="Kode klasifikasi",
        required=False,
        max_length=40,
        help_text="Ketik kodenya, misalnya 000.1.5; daftar kode muncul saat mengetik.",
        widget=forms.TextInput(attrs={"list": "daftar-kode-klasifikasi", "autocomplete": "off"}),
    )


def security_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Klasifikasi keamanan",
        required=False,
        choices=_optional(SECURITY_CHOICES, "Ikuti kode klasifikasi"),
        help_text="Naskah terbatas, rahasia dan sangat rahasia hanya dibaca oleh yang terlibat.",
    )


# --- drafting -----------------------------------------------------------------------------------------------


class ExternalField(forms.CharField):
    """Parties outside the government, one per line: "Nama atau jabatan; alamat" (the address optional)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[tuple[str, str]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        parties = []
        for line in text.splitlines():
            name, _, address = line.partition(";")
            if name.strip():
                parties.append((name.strip(), address.strip()))
        return parties


def _multi(label: str, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, help_text=help_text, widget=forms.SelectMultiple(attrs={"size": 6})
    )


class LetterForm(forms.Form):
    """A draft: the letter, its addressees (Kepada) and tembusan, its reviewers in order and its signer."""

    letter_type = forms.ChoiceField(label="Jenis naskah")
    classification = classification_field()
    subject = forms.CharField(label="Hal", required=False, max_length=500)
    body = forms.CharField(label="Isi naskah", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    urgency = forms.ChoiceField(label="Sifat (kecepatan)", choices=URGENCY_CHOICES, initial="biasa")
    security_level = security_field()
    attachment_note = forms.CharField(label="Lampiran", required=False, max_length=200, help_text="Misalnya: 1 berkas.")
    place = forms.CharField(label="Tempat", required=False, max_length=100)
    to_agencies = _multi("Kepada: OPD", "Tahan Ctrl (atau ⌘) untuk memilih lebih dari satu.")
    to_positions = _multi("Kepada: jabatan")
    to_employees = _multi("Kepada: pegawai")
    to_external = ExternalField(
        label="Kepada: pihak di luar pemerintah daerah",
        required=False,
        help_text="Satu per baris: nama atau jabatan; alamat. Contoh: Direktur PT Maju; Jl. Merdeka 1, Kupang",
    )
    cc_agencies = _multi("Tembusan: OPD")
    cc_positions = _multi("Tembusan: jabatan")
    cc_employees = _multi("Tembusan: pegawai")
    cc_external = ExternalField(label="Tembusan: pihak luar", required=False, help_text="Satu per baris.")
    signer = forms.ChoiceField(label="Penanda tangan", required=False)
    signing_authority = forms.ChoiceField(label="Kewenangan", choices=AUTHORITY_CHOICES, initial="agency_head")
    delegation = forms.ChoiceField(label="Cara menandatangani", choices=DELEGATION_CHOICES, required=False)

    def __init__(self, *args: Any, choices: dict[str, Choices], slots: int = REVIEWER_SLOTS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter_type"].choices = _optional(choices["letter_types"], "— pilih —")  # type: ignore[attr-defined]
        for kind in ("to", "cc"):
            for target in ("agencies", "positions", "employees"):
                self.fields[f"{kind}_{target}"].choices = choices[target]  # type: ignore[attr-defined]
        self.fields["signer"].choices = _optional(choices["signers"], "— pilih —")  # type: ignore[attr-defined]
        self.reviewer_names = [f"reviewer_{n}" for n in range(1, slots + 1)]
        for n, name in enumerate(self.reviewer_names, start=1):
            self.fields[name] = forms.ChoiceField(
                label=f"Pemaraf {n}", required=False, choices=_optional(choices["reviewers"], "—")
            )

    @property
    def reviewer_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.reviewer_names]

    def _recipients(self, kind: str) -> list[RecipientInput]:
        data = self.cleaned_data
        found = [
            RecipientInput(kind=kind, target=target, id=int(pk))
            for target, field in (("agency", "agencies"), ("position", "positions"), ("employee", "employees"))
            for pk in data.get(f"{kind}_{field}") or ()
        ]
        external = data.get(f"{kind}_external") or []
        return found + [RecipientInput(kind=kind, target="external", name=n, address=a) for n, a in external]

    def draft(self) -> DraftInput:
        data = self.cleaned_data
        reviewers = tuple(int(data[name]) for name in self.reviewer_names if data.get(name))
        return DraftInput(
            letter_type=data["letter_type"],
            subject=data.get("subject") or "",
            body=data.get("body") or "",
            classification=data.get("classification") or "",
            urgency=data.get("urgency") or "biasa",
            security_level=data.get("security_level") or "",
            attachment_note=data.get("attachment_note") or "",
            place=data.get("place") or "",
            recipients=tuple(self._recipients("to") + self._recipients("cc")),
            reviewer_ids=reviewers,
            signer_id=_int_or_none(data.get("signer")),
            signing_authority=data.get("signing_authority") or "",
            delegation=data.get("delegation") or "",
        )


#: where the drafting service's field names are shown on the form
DRAFT_ERROR_FIELDS = {"reviewer_ids": "reviewer_1", "signer_id": "signer", "recipients": "to_agencies"}


def letter_initial(letter: Any) -> dict[str, Any]:
    """The form's values for an existing draft."""
    initial: dict[str, Any] = {
        "letter_type": letter.letter_type.code if letter.letter_type else "",
        "classification": letter.classification.code if letter.classification else "",
        "subject": letter.subject,
        "body": letter.body,
        "urgency": letter.urgency,
        "security_level": letter.security_level,
        "attachment_note": letter.attachment_note,
        "place": letter.place,
        "signer": letter.signer_id or "",
        "signing_authority": letter.signing_authority,
        "delegation": letter.delegation,
    }
    for kind in ("to", "cc"):
        rows = [r for r in letter.recipients.all() if r.kind == kind]
        for target, field in (("agency", "agencies"), ("position", "positions"), ("employee", "employees")):
            initial[f"{kind}_{field}"] = [str(getattr(r, f"{target}_id")) for r in rows if r.target == target]
        external = [f"{r.name}; {r.address}" if r.address else r.name for r in rows if r.target == "external"]
        initial[f"{kind}_external"] = "\n".join(external)
    return initial


# --- acting on a letter --------------------------------------------------------------------------------------


class NoteForm(forms.Form):
    prefix = "paraf"
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    prefix = "kembali"
    note = forms.CharField(
        label="Alasan pengembalian",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Apa yang harus diperbaiki konseptor.",
    )


class DispositionForm(forms.Form):
    prefix = "disposisi"
    recipients = forms.MultipleChoiceField(
        label="Kepada (bawahan Anda)", required=False, widget=forms.CheckboxSelectMultiple
    )
    instructions = forms.MultipleChoiceField(
        label="Arahan",
        required=False,
        choices=list(letter_rules.DISPOSITION_INSTRUCTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="Catatan disposisi", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label="Sifat", required=False, choices=_optional(URGENCY_CHOICES, "Sama dengan naskah"))
    due_date = forms.DateField(
        label="Batas waktu", required=False, widget=DATE, help_text="Kosong: menurut sifat (biasa 7 hari)."
    )

    def __init__(self, *args: Any, subordinates: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = subordinates  # type: ignore[attr-defined]

    def disposition(self) -> DispositionInput:
        data = self.cleaned_data
        return DispositionInput(
            recipient_ids=_ids(data.get("recipients")),
            instructions=tuple(data.get("instructions") or ()),
            note=data.get("note") or "",
            urgency=data.get("urgency") or "",
            due_date=data.get("due_date"),
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class FollowUpForm(forms.Form):
    prefix = "tindaklanjut"
    text = forms.CharField(label="Tindak lanjut", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(
        label="Berkas bukti", required=False, help_text="PDF, JPG, PNG, DOCX atau XLSX; paling banyak 5 berkas."
    )


class FileLetterForm(forms.Form):
    prefix = "berkas"
    dossier = forms.ChoiceField(label="Berkas arsip")

    def __init__(self, *args: Any, dossiers: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossier"].choices = _optional(dossiers, "— pilih berkas —")  # type: ignore[attr-defined]


# --- registering an incoming letter --------------------------------------------------------------------------


class IncomingForm(forms.Form):
    agency = forms.ChoiceField(label="Dicatat oleh OPD")
    sender_name = forms.CharField(label="Pengirim", required=False, max_length=300)
    sender_number = forms.CharField(label="Nomor surat", required=False, max_length=200)
    sender_date = forms.DateField(label="Tanggal surat", required=False, widget=DATE)
    received_on = forms.DateField(label="Tanggal diterima", required=False, widget=DATE, help_text="Kosong: hari ini.")
    subject = forms.CharField(label="Hal", required=False, max_length=500)
    body = forms.CharField(label="Ringkasan isi", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    letter_type = forms.ChoiceField(label="Jenis naskah", required=False)
    classification = classification_field()
    urgency = forms.ChoiceField(label="Sifat (kecepatan)", choices=URGENCY_CHOICES, initial="biasa")
    security_level = security_field()
    addressees = forms.MultipleChoiceField(
        label="Diteruskan kepada",
        required=False,
        help_text="Kosong: kepala OPD.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    srikandi_ref = forms.CharField(label="Referensi SRIKANDI", required=False, max_length=100)
    scan = forms.FileField(
        label="Pindaian surat",
        required=False,
        help_text="PDF, JPG atau PNG.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, agencies: Choices, letter_types: Choices, employees: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]
        self.fields["letter_type"].choices = _optional(letter_types, "— tidak ditentukan —")  # type: ignore[attr-defined]
        self.fields["addressees"].choices = employees  # type: ignore[attr-defined]

    def incoming(self) -> IncomingInput:
        data = self.cleaned_data
        return IncomingInput(
            agency_id=int(data["agency"]),
            sender_name=data.get("sender_name") or "",
            sender_number=data.get("sender_number") or "",
            sender_date=data.get("sender_date"),
            subject=data.get("subject") or "",
            received_on=data.get("received_on"),
            classification=data.get("classification") or "",
            letter_type=data.get("letter_type") or "",
            urgency=data.get("urgency") or "biasa",
            security_level=data.get("security_level") or "",
            srikandi_ref=data.get("srikandi_ref") or "",
            body=data.get("body") or "",
            addressee_ids=_ids(data.get("addressees")),
        )


# --- the archive ----------------------------------------------------------------------------------------------


class DossierForm(forms.Form):
    agency = forms.ChoiceField(label="OPD")
    classification = classification_field()
    number = forms.CharField(label="Nomor berkas", required=False, max_length=60)
    title = forms.CharField(label="Uraian berkas", required=False, max_length=300)
    year = forms.IntegerField(label="Tahun", min_value=1900, max_value=2200)
    location = forms.CharField(label="Lokasi simpan", required=False, max_length=200)

    def __init__(self, *args: Any, agencies: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]


class DossierCloseForm(forms.Form):
    closed_on = forms.DateField(label="Tanggal tutup", widget=DATE)


class RetentionFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="Tahap",
        required=False,
        choices=[("", "Semua tahap"), *[(stage.value, label) for stage, label in STAGE_LABELS.items()]],
    )
