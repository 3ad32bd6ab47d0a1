"""Official correspondence — Permendagri 1/2023 (tata naskah dinas) and Permendagri 83/2022 (archive
classification), RULES.md §6. Pure: no Django, no database.

Document groups, urgency, security levels, signing on behalf, classification codes, the letter-number
template language and the retention schedule (JRA).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# --- document groups and the default letter types ----------------------------------------------------


class DocumentGroup(StrEnum):
    """The four groups of naskah dinas (LAW)."""

    ARAHAN = "arahan"
    KORESPONDENSI = "korespondensi"
    KHUSUS = "khusus"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return DOCUMENT_GROUP_LABELS[self]


DOCUMENT_GROUP_LABELS = {
    DocumentGroup.ARAHAN: "Naskah dinas arahan",
    DocumentGroup.KORESPONDENSI: "Naskah dinas korespondensi",
    DocumentGroup.KHUSUS: "Naskah dinas khusus",
    DocumentGroup.LAINNYA: "Naskah dinas lainnya",
}


class Signer(StrEnum):
    """Who may sign a letter type (a government setting; DEFAULT per type below)."""

    AGENCY_HEAD = "agency_head"
    SECRETARY = "secretary"
    REGIONAL_HEAD = "regional_head"


class NumberingScope(StrEnum):
    """Which register numbers a type: the agency's outgoing register, or a register of its own per
    government (e.g. Peraturan Bupati, Keputusan Bupati)."""

    AGENCY = "agency"
    TYPE = "type"


@dataclass(frozen=True)
class DefaultLetterType:
    code: str
    name: str
    group: DocumentGroup
    signers: tuple[Signer, ...]
    numbering_scope: NumberingScope = NumberingScope.AGENCY

    @property
    def template_key(self) -> str:
        return f"correspondence/letters/{self.code}"


_HEAD = (Signer.REGIONAL_HEAD,)
_ANY = (Signer.AGENCY_HEAD, Signer.SECRETARY, Signer.REGIONAL_HEAD)
_A, _K, _KH, _L = DocumentGroup.ARAHAN, DocumentGroup.KORESPONDENSI, DocumentGroup.KHUSUS, DocumentGroup.LAINNYA

#: DEFAULT membership of the types in the groups (the law lists examples; the government may change it).
#: Surat tugas and surat perintah are *arahan*: Permendagri 1/2023 places them, with instruksi, among the
#: naskah dinas penugasan, a kind of naskah dinas arahan (not among the khusus documents).
DEFAULT_LETTER_TYPES: tuple[DefaultLetterType, ...] = (
    DefaultLetterType("peraturan", "Peraturan", _A, _HEAD, NumberingScope.TYPE),
    DefaultLetterType("keputusan", "Keputusan", _A, _HEAD, NumberingScope.TYPE),
    DefaultLetterType("instruksi", "Instruksi", _A, _HEAD, NumberingScope.TYPE),
    DefaultLetterType("surat_edaran", "Surat Edaran", _A, _ANY),
    DefaultLetterType("sop", "Standar Operasional Prosedur", _A, _ANY),
    DefaultLetterType("surat_tugas", "Surat Tugas", _A, _ANY),
    DefaultLetterType("surat_perintah", "Surat Perintah", _A, _ANY),
    DefaultLetterType("nota_dinas", "Nota Dinas", _K, _ANY),
    DefaultLetterType("memo", "Memo", _K, _ANY),
    DefaultLetterType("surat_dinas", "Surat Dinas (Surat Biasa)", _K, _ANY),
    DefaultLetterType("surat_undangan", "Surat Undangan", _K, _ANY),
    DefaultLetterType("perjanjian", "Perjanjian", _KH, _ANY),
    DefaultLetterType("surat_kuasa", "Surat Kuasa", _KH, _ANY),
    DefaultLetterType("berita_acara", "Berita Acara", _KH, _ANY),
    DefaultLetterType("surat_keterangan", "Surat Keterangan", _KH, _ANY),
    DefaultLetterType("surat_pengantar", "Surat Pengantar", _KH, _ANY),
    DefaultLetterType("pengumuman", "Pengumuman", _KH, _ANY),
    DefaultLetterType("laporan", "Laporan", _L, _ANY),
    DefaultLetterType("telaahan_staf", "Telaahan Staf", _L, _ANY),
    DefaultLetterType("notula", "Notula", _L, _ANY),
    DefaultLetterType("rekomendasi", "Rekomendasi", _L, _ANY),
)


# --- urgency and security classification ----------------------------------------------------------


class Urgency(StrEnum):
    """Derajat kecepatan (LAW)."""

    BIASA = "biasa"
    SEGERA = "segera"
    SANGAT_SEGERA = "sangat_segera"


URGENCY_LABELS = {Urgency.BIASA: "Biasa", Urgency.SEGERA: "Segera", Urgency.SANGAT_SEGERA: "Sangat Segera"}


class SecurityLevel(StrEnum):
    """Klasifikasi keamanan (LAW), from the most open to the most closed."""

    BIASA = "biasa"
    TERBATAS = "terbatas"
    RAHASIA = "rahasia"
    SANGAT_RAHASIA = "sangat_rahasia"

    @property
    def rank(self) -> int:
        return SECURITY_ORDER.index(self)


SECURITY_ORDER = (SecurityLevel.BIASA, SecurityLevel.TERBATAS, SecurityLevel.RAHASIA, SecurityLevel.SANGAT_RAHASIA)
SECURITY_LABELS = {
    SecurityLevel.BIASA: "Biasa",
    SecurityLevel.TERBATAS: "Terbatas",
    SecurityLevel.RAHASIA: "Rahasia",
    SecurityLevel.SANGAT_RAHASIA: "Sangat Rahasia",
}


def security_at_least(level: str, minimum: str) -> bool:
    """Whether ``level`` is as closed as ``minimum`` or more (e.g. rahasia ≥ terbatas)."""
    return SecurityLevel(level).rank >= SecurityLevel(minimum).rank


# --- signing on behalf --------------------------------------------------------------------------------


class Acting(StrEnum):
    """An acting official signs with a prefix: Plt. (pelaksana tugas) or Plh. (pelaksana harian)."""

    NONE = ""
    PLT = "Plt."
    PLH = "Plh."


AN, UB = "a.n.", "u.b."  # atas nama, untuk beliau (LAW)


def signature_heading(
    *, signer_title: str, on_behalf_of: str = "", via_title: str = "", acting: str = ""
) -> tuple[str, ...]:
    """The heading lines of a signature block, in capitals; the template adds the closing comma.

    ``on_behalf_of`` gives "a.n. <principal>"; ``via_title`` (only with a.n.) is the official the
    authority was given to, followed by "u.b."; ``acting`` prefixes the signer's title (Plt./Plh.).
    E.g. ("a.n. BUPATI CONTOH", "SEKRETARIS DAERAH").
    """
    if not signer_title.strip():
        raise ValueError("Jabatan penanda tangan wajib diisi.")
    if via_title.strip() and not on_behalf_of.strip():
        raise ValueError("u.b. hanya dipakai bersama a.n.")
    prefix = Acting(acting).value
    lines = [f"{AN} {on_behalf_of.strip().upper()}"] if on_behalf_of.strip() else []
    if via_title.strip():
        lines += [via_title.strip().upper(), UB]
    lines.append(f"{prefix} {signer_title.strip().upper()}".strip())
    return tuple(lines)


# --- archive classification ---------------------------------------------------------------------------

#: Permendagri 83/2022, top level (LAW)
TOP_LEVEL_CLASSIFICATIONS: dict[str, str] = {
    "000": "Umum",
    "100": "Pemerintahan",
    "200": "Politik",
    "300": "Keamanan dan Ketertiban",
    "400": "Kesejahteraan Rakyat",
    "500": "Perekonomian",
    "600": "Pekerjaan Umum dan Ketenagaan",
    "700": "Pengawasan",
    "800": "Kepegawaian",
    "900": "Keuangan",
}
MAX_CLASSIFICATION_DEPTH = 6
_SUB_PART = re.compile(r"[1-9][0-9]{0,2}")


class ClassificationCodeError(ValueError):
    """A code that is not a valid archive classification code; the message is in Bahasa Indonesia."""


@dataclass(frozen=True)
class ParsedCode:
    code: str
    parts: tuple[str, ...]

    @property
    def top_level(self) -> str:
        return self.parts[0]

    @property
    def depth(self) -> int:
        return len(self.parts)

    @property
    def parent(self) -> str | None:
        return ".".join(self.parts[:-1]) if len(self.parts) > 1 else None

    @property
    def sort_key(self) -> str:
        """Orders codes as a tree: 000.2 before 000.10."""
        return ".".join(part.zfill(3) for part in self.parts)


def parse_classification_code(code: str) -> ParsedCode:
    """A dot-separated code of variable depth under one of the ten top levels, e.g. "000.8.3.3"."""
    text = (code or "").strip()
    if not text:
        raise ClassificationCodeError("Kode klasifikasi wajib diisi.")
    parts = tuple(text.split("."))
    if parts[0] not in TOP_LEVEL_CLASSIFICATIONS:
        raise ClassificationCodeError(f"Kode '{text}' tidak diawali kode pokok yang sah (000, 100, …, 900).")
    if len(parts) > MAX_CLASSIFICATION_DEPTH:
        raise ClassificationCodeError(f"Kode '{text}' terlalu dalam: paling banyak {MAX_CLASSIFICATION_DEPTH} bagian.")
    for part in parts[1:]:
        if not _SUB_PART.fullmatch(part):
            raise ClassificationCodeError(
                f"Kode '{text}' tidak sah: setiap bagian setelah titik berupa angka 1–999 tanpa nol di depan."
            )
    return ParsedCode(text, parts)


# --- letter number --------------------------------------------------------------------------------------

DEFAULT_NUMBER_PATTERN = "{classification_code}/{sequence}/{unit_code}/{year}"  # DEFAULT
PLACEHOLDERS = ("classification_code", "sequence", "unit_code", "agency_code", "year", "month_roman", "month")
PADDABLE = frozenset({"sequence", "month"})
REQUIRED_PLACEHOLDERS = ("sequence", "year")
MAX_PATTERN_LENGTH = 200
_TOKEN = re.compile(r"\{([^{}]*)\}")
_FIELD = re.compile(r"(?P<name>[a-z_]+)(?::0(?P<width>[1-9])d)?")
_LITERAL = re.compile(r"[A-Za-z0-9 ./\-_()]*")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class NumberPatternError(ValueError):
    """A refused number pattern or missing part; the message is in Bahasa Indonesia."""


def to_roman(month: int) -> str:
    """A month 1–12 in Roman numerals (I … XII)."""
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError("Bulan harus 1–12.")
    return ROMAN_MONTHS[month - 1]


def _tokens(pattern: str) -> list[tuple[str, int]]:
    """(placeholder, zero-pad width) of each token; refuses anything outside the template language."""
    tokens = []
    for match in _TOKEN.finditer(pattern):
        field = _FIELD.fullmatch(match.group(1))
        if field is None or field.group("name") not in PLACEHOLDERS:
            raise NumberPatternError(f"Bagian {match.group(0)} tidak dikenal. Yang boleh: {_allowed()}.")
        name, width = field.group("name"), int(field.group("width") or 0)
        if width and name not in PADDABLE:
            raise NumberPatternError(f"Bagian {match.group(0)} tidak boleh diberi nol di depan.")
        tokens.append((name, width))
    return tokens


def _allowed() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def validate_pattern(pattern: str) -> None:
    """Refuse a pattern that is empty, too long, holds unknown placeholders or characters, or lacks
    {sequence} or {year}."""
    if not pattern or not pattern.strip():
        raise NumberPatternError("Pola nomor wajib diisi.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise NumberPatternError(f"Pola nomor terlalu panjang: paling banyak {MAX_PATTERN_LENGTH} karakter.")
    names = [name for name, _ in _tokens(pattern)]
    if not _LITERAL.fullmatch(_TOKEN.sub("", pattern)):
        raise NumberPatternError("Pola nomor hanya boleh berisi huruf, angka, spasi, . / - _ ( ) dan bagian {…}.")
    for required in REQUIRED_PLACEHOLDERS:
        if required not in names:
            raise NumberPatternError(f"Pola nomor harus memuat {{{required}}}.")


def _value(name: str, parts: dict[str, object]) -> object:
    if name == "month_roman" and "month_roman" not in parts and "month" in parts:
        return to_roman(int(parts["month"]))  # type: ignore[call-overload]
    if parts.get(name) in (None, ""):
        raise NumberPatternError(f"Bagian {{{name}}} nomor belum diisi.")
    return parts[name]


def render_number(pattern: str, **parts: object) -> str:
    """The letter number: e.g. render_number(DEFAULT_NUMBER_PATTERN, classification_code="000.8.3.3",
    sequence=15, unit_code="OR", year=2026) == "000.8.3.3/15/OR/2026"."""
    validate_pattern(pattern)
    sequence = parts.get("sequence")
    if not isinstance(sequence, int) or sequence < 1:
        raise NumberPatternError("Nomor urut harus bilangan bulat mulai 1.")
    widths = dict(_tokens(pattern))

    def substitute(match: re.Match[str]) -> str:
        name = _FIELD.fullmatch(match.group(1)).group("name")  # type: ignore[union-attr]
        value = _value(name, parts)
        return f"{int(value):0{widths[name]}d}" if widths[name] else str(value)  # type: ignore[call-overload]

    return _TOKEN.sub(substitute, pattern)


# --- numbering registers ----------------------------------------------------------------------------

OUTGOING, INCOMING_AGENDA = "outgoing", "incoming_agenda"
REGISTERS = frozenset({OUTGOING, INCOMING_AGENDA})
_TYPE_REGISTER = re.compile(r"type:[a-z0-9_]{1,40}")


def register_key(agency_id: int, register: str) -> str:
    """The key of one register: "<agency id>:outgoing", "<agency id>:incoming_agenda", or a letter
    type's own register "<agency id>:type:<code>"."""
    if register not in REGISTERS and not _TYPE_REGISTER.fullmatch(register):
        raise ValueError(f"unknown register {register!r}")
    return f"{agency_id}:{register}"


# --- retention schedule (JRA) ------------------------------------------------------------------------


class FinalDisposition(StrEnum):
    """Keterangan akhir of the JRA (LAW)."""

    MUSNAH = "musnah"
    PERMANEN = "permanen"
    DINILAI_KEMBALI = "dinilai_kembali"


FINAL_DISPOSITION_LABELS = {
    FinalDisposition.MUSNAH: "Musnah",
    FinalDisposition.PERMANEN: "Permanen",
    FinalDisposition.DINILAI_KEMBALI: "Dinilai kembali",
}


class RetentionStage(StrEnum):
    ACTIVE = "aktif"
    INACTIVE = "inaktif"
    DUE = "jatuh_tempo"  # due for its final disposition


@dataclass(frozen=True)
class RetentionRule:
    active_years: int
    inactive_years: int
    final_disposition: FinalDisposition

    def __post_init__(self) -> None:
        if self.active_years < 0 or self.inactive_years < 0:
            raise ValueError("Masa retensi tidak boleh negatif.")


@dataclass(frozen=True)
class RetentionStatus:
    stage: RetentionStage
    inactive_from: date  # first day of the inactive stage
    due_on: date  # first day the final disposition is due
    final_disposition: FinalDisposition


def add_years(day: date, years: int) -> date:
    """The same date ``years`` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def retention_due(created_on: date, rule: RetentionRule, today: date) -> RetentionStatus:
    """Where a record stands: active for ``active_years`` from ``created_on``, then inactive for
    ``inactive_years``, then due for its final disposition (each stage starts on its first day)."""
    inactive_from = add_years(created_on, rule.active_years)
    due_on = add_years(created_on, rule.active_years + rule.inactive_years)
    if today >= due_on:
        stage = RetentionStage.DUE
    elif today >= inactive_from:
        stage = RetentionStage.INACTIVE
    else:
        stage = RetentionStage.ACTIVE
    return RetentionStatus(stage, inactive_from, due_on, rule.final_disposition)
