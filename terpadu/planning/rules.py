"""Planning rules — Permendagri 90/2019 nomenclature (RULES.md §7), budget needs, the work plan's
workflow, its checks and the difference between two versions. Pure: no Django, no database.

- Codes: urusan ``U``, bidang urusan ``U.BB``, program ``U.BB.PP``, kegiatan ``U.BB.PP.K.KK`` and sub
  kegiatan ``U.BB.PP.K.KK.SSSS``; ``K`` is the level of government (1 provinsi, 2 kabupaten/kota).
- A government plans only the kegiatan and sub kegiatan of its own level, and an agency only those of
  the bidang urusan it is mandated for.
- Budget needs are expenditure lines (account codes ``5.X.XX.XX.XX.XXXX``) spread over the months or
  the quarters of the fiscal year; a line's amount is the sum of its periods, and totals add up from
  lines to sub kegiatan, kegiatan, program and agency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from terpadu.core.formatting import MONTHS, rupiah

# ── nomenclature codes ─────────────────────────────────────────────────────────────────────────────


class Level(StrEnum):
    URUSAN = "urusan"
    BIDANG = "bidang"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.URUSAN: "Urusan",
    Level.BIDANG: "Bidang urusan",
    Level.PROGRAM: "Program",
    Level.KEGIATAN: "Kegiatan",
    Level.SUB_KEGIATAN: "Sub kegiatan",
}
LEVEL_CHOICES = [(level.value, level.label) for level in Level]
LEVEL_PATTERNS: dict[Level, re.Pattern[str]] = {
    Level.URUSAN: re.compile(r"^\d$"),
    Level.BIDANG: re.compile(r"^\d\.\d{2}$"),
    Level.PROGRAM: re.compile(r"^\d\.\d{2}\.\d{2}$"),
    Level.KEGIATAN: re.compile(r"^\d\.\d{2}\.\d{2}\.[12]\.\d{2}$"),
    #: RULES.md §7 (LAW)
    Level.SUB_KEGIATAN: re.compile(r"^\d\.\d{2}\.\d{2}\.[12]\.\d{2}\.\d{4}$"),
}
#: the segments of a code at each level (kegiatan adds two: the level of government and its own number)
SEGMENTS = {Level.URUSAN: 1, Level.BIDANG: 2, Level.PROGRAM: 3, Level.KEGIATAN: 5, Level.SUB_KEGIATAN: 6}
#: the level digit of a government: 1 for a province, 2 for a regency or a city
GOVERNMENT_LEVEL_DIGIT = {"provinsi": "1", "kabupaten": "2", "kota": "2"}
LEVEL_DIGIT_LABELS = {"1": "provinsi", "2": "kabupaten/kota"}
#: program 01 of every bidang is the supporting program (Program Penunjang Urusan Pemerintahan Daerah)
SUPPORTING_PROGRAM = "01"
CODE_EXAMPLE = "7.01.01.2.01.0001"


class CodeError(ValueError):
    """A nomenclature code that is not well formed; the message is for the user."""


@dataclass(frozen=True)
class Code:
    code: str
    level: Level
    parent: str | None
    #: "1" or "2" for a kegiatan or sub kegiatan; None above them
    government_digit: str | None

    @property
    def bidang(self) -> str | None:
        """The bidang urusan the code belongs to (None for an urusan)."""
        parts = self.code.split(".")
        return ".".join(parts[:2]) if len(parts) >= 2 else None

    @property
    def is_supporting_program(self) -> bool:
        parts = self.code.split(".")
        return len(parts) >= 3 and parts[2] == SUPPORTING_PROGRAM


def parse_code(text: str) -> Code:
    """The level and parent of a nomenclature code, or :class:`CodeError` saying what is wrong."""
    code = (text or "").strip()
    if not code:
        raise CodeError("Kode wajib diisi.")
    for level, pattern in LEVEL_PATTERNS.items():
        if pattern.match(code):
            parts = code.split(".")
            parent_segments = {Level.KEGIATAN: 3}.get(level, SEGMENTS[level] - 1)
            parent = ".".join(parts[:parent_segments]) if parent_segments else None
            digit = parts[3] if level in (Level.KEGIATAN, Level.SUB_KEGIATAN) else None
            return Code(code=code, level=level, parent=parent, government_digit=digit)
    raise CodeError(
        f"Kode '{code}' tidak sesuai format Permendagri 90/2019: U, U.BB, U.BB.PP, U.BB.PP.K.KK atau "
        f"U.BB.PP.K.KK.SSSS (K = 1 provinsi, 2 kabupaten/kota), misalnya {CODE_EXAMPLE}."
    )


def level_digit_problem(code: Code, government_level: str) -> str | None:
    """Why a kegiatan or sub kegiatan cannot be planned by a government of that level (None when it can)."""
    wanted = GOVERNMENT_LEVEL_DIGIT[government_level]
    if code.government_digit is None or code.government_digit == wanted:
        return None
    return (
        f"Kode {code.code} untuk pemerintah {LEVEL_DIGIT_LABELS[code.government_digit]} (digit tingkat "
        f"{code.government_digit}); pemerintah daerah ini hanya memakai digit {wanted}."
    )


def mandate_problem(code: Code, mandated_bidang: Iterable[str], agency_name: str) -> str | None:
    """Why an agency may not plan ``code``: it is outside the bidang urusan it is mandated for."""
    mandated = set(mandated_bidang)
    if code.bidang in mandated:
        return None
    return (
        f"Sub kegiatan {code.code} termasuk bidang urusan {code.bidang}, yang bukan kewenangan {agency_name}. "
        f"Kewenangan: {', '.join(sorted(mandated)) or 'belum ditetapkan'}."
    )


# ── budget needs ─────────────────────────────────────────────────────────────────────────────────────

#: expenditure (belanja) account codes of the chart of accounts, e.g. 5.1.02.01.01.0024 (RULES.md §7)
ACCOUNT_PATTERN = re.compile(r"^5\.\d\.\d{2}\.\d{2}\.\d{2}\.\d{4}$")
ACCOUNT_EXAMPLE = "5.1.02.01.01.0024"
MONEY_PLACES = Decimal("0.01")
MONEY_MAX = Decimal("999999999999999.99")  # DecimalField(max_digits=17, decimal_places=2)
TARGET_MAX = Decimal("9999999999.9999")
DESCRIPTION_MAX = 300


def account_problem(code: str) -> str | None:
    if ACCOUNT_PATTERN.match((code or "").strip()):
        return None
    return f"Kode rekening belanja berformat 5.X.XX.XX.XX.XXXX, misalnya {ACCOUNT_EXAMPLE}."


class PeriodKind(StrEnum):
    """How a round asks for the budget need to be spread over the fiscal year."""

    MONTH = "month"
    QUARTER = "quarter"

    @property
    def label(self) -> str:
        return {PeriodKind.MONTH: "Per bulan", PeriodKind.QUARTER: "Per triwulan"}[self]

    @property
    def period_count(self) -> int:
        return 12 if self == PeriodKind.MONTH else 4


PERIOD_KIND_CHOICES = [(kind.value, kind.label) for kind in PeriodKind]
MAX_PERIODS = 12
QUARTER_LABELS = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")


def period_labels(kind: str) -> tuple[str, ...]:
    return tuple(MONTHS) if PeriodKind(kind) == PeriodKind.MONTH else QUARTER_LABELS


def parse_money(raw: Any) -> tuple[Decimal, str | None]:
    """A non-negative rupiah amount with at most two decimals ("1.250.000" and "1250000,50" accepted)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Decimal(0), None
    if isinstance(raw, bool):
        return Decimal(0), "Isi dengan angka rupiah."
    text = raw if isinstance(raw, str) else str(raw)
    text = text.strip().replace("Rp", "").replace(" ", "")
    if isinstance(raw, str) and ("," in text or text.count(".") > 1):
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return Decimal(0), "Isi dengan angka rupiah, misalnya 1.250.000."
    if not value.is_finite() or value < 0:
        return Decimal(0), "Jumlah tidak boleh negatif."
    if value != value.quantize(MONEY_PLACES) or value > MONEY_MAX:
        return Decimal(0), "Paling banyak dua angka di belakang koma, dan tidak lebih dari 15 digit."
    return value.quantize(MONEY_PLACES), None


@dataclass(frozen=True)
class LineDraft:
    """One budget line as it is entered: account code, description and the amount of each period."""

    account_code: str
    description: str
    periods: tuple[Decimal, ...]
    uid: str = ""

    @property
    def amount(self) -> Decimal:
        return sum(self.periods, Decimal(0))


def line_problems(line: LineDraft, period_kind: str) -> dict[str, str]:
    """Field → problem of one budget line (empty when it can be saved)."""
    problems: dict[str, str] = {}
    account = account_problem(line.account_code)
    if account:
        problems["account_code"] = account
    if not line.description.strip():
        problems["description"] = "Uraian wajib diisi."
    elif len(line.description.strip()) > DESCRIPTION_MAX:
        problems["description"] = f"Uraian paling banyak {DESCRIPTION_MAX} karakter."
    count = PeriodKind(period_kind).period_count
    if len(line.periods) > count and any(p for p in line.periods[count:]):
        problems["periods"] = f"Putaran ini merinci kebutuhan {PeriodKind(period_kind).label.lower()} ({count} kolom)."
    elif any(p < 0 for p in line.periods):
        problems["periods"] = "Jumlah tidak boleh negatif."
    elif line.amount <= 0:
        problems["periods"] = "Isi kebutuhan anggaran paling sedikit pada satu periode."
    elif line.amount > MONEY_MAX:
        problems["periods"] = "Jumlah terlalu besar."
    return problems


@dataclass(frozen=True)
class IndicatorDraft:
    name: str
    unit: str
    target: Decimal
    uid: str = ""


def indicator_problems(indicator: IndicatorDraft) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not indicator.name.strip():
        problems["name"] = "Nama indikator keluaran wajib diisi."
    elif len(indicator.name.strip()) > DESCRIPTION_MAX:
        problems["name"] = f"Nama indikator paling banyak {DESCRIPTION_MAX} karakter."
    if not indicator.unit.strip():
        problems["unit"] = "Satuan wajib diisi."
    elif len(indicator.unit.strip()) > 50:
        problems["unit"] = "Satuan paling banyak 50 karakter."
    if indicator.target <= 0:
        problems["target"] = "Target harus lebih dari 0."
    elif indicator.target > TARGET_MAX or indicator.target != indicator.target.quantize(Decimal("0.0001")):
        problems["target"] = "Target paling banyak 10 digit dan 4 angka di belakang koma."
    return problems


# ── totals and the ceiling ───────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class LineAmount:
    sub_activity_code: str
    amount: Decimal
    periods: tuple[Decimal, ...] = ()


@dataclass
class Totals:
    """Budget need added up: per sub kegiatan, kegiatan and program, per period, and for the agency."""

    sub_activities: dict[str, Decimal] = field(default_factory=dict)
    activities: dict[str, Decimal] = field(default_factory=dict)
    programs: dict[str, Decimal] = field(default_factory=dict)
    periods: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * MAX_PERIODS)
    agency: Decimal = Decimal(0)


def _add(table: dict[str, Decimal], key: str, amount: Decimal) -> None:
    table[key] = table.get(key, Decimal(0)) + amount


def totals(lines: Iterable[LineAmount], sub_activity_codes: Iterable[str] = ()) -> Totals:
    """Every total from the lines up (a sub kegiatan with no line yet counts as 0)."""
    result = Totals()
    for code in sub_activity_codes:
        parsed = parse_code(code)
        _add(result.sub_activities, code, Decimal(0))
        _add(result.activities, code.rsplit(".", 1)[0], Decimal(0))
        _add(result.programs, ".".join(parsed.code.split(".")[:3]), Decimal(0))
    for line in lines:
        code = line.sub_activity_code
        _add(result.sub_activities, code, line.amount)
        _add(result.activities, code.rsplit(".", 1)[0], line.amount)
        _add(result.programs, ".".join(code.split(".")[:3]), line.amount)
        for index, amount in enumerate(line.periods[:MAX_PERIODS]):
            result.periods[index] += amount
        result.agency += line.amount
    return result


def ceiling_warning(total: Decimal, ceiling: Decimal | None) -> str | None:
    """The warning shown (never a refusal) when the agency's total is over its indicative ceiling."""
    if ceiling is None or total <= ceiling:
        return None
    return (
        f"Total kebutuhan anggaran {rupiah(total)} melebihi pagu indikatif {rupiah(ceiling)} "
        f"(selisih {rupiah(total - ceiling)})."
    )


def ceiling_use_percent(total: Decimal, ceiling: Decimal | None) -> Decimal | None:
    if not ceiling:
        return None
    return (total * 100 / ceiling).quantize(Decimal("0.1"))


# ── the work plan's workflow ─────────────────────────────────────────────────────────────────────────


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return PLAN_STATUS_LABELS[self]


PLAN_STATUS_LABELS = {
    PlanStatus.DRAFT: "Draf",
    PlanStatus.SUBMITTED: "Dikirim, menunggu pemeriksaan",
    PlanStatus.RETURNED: "Dikembalikan untuk diperbaiki",
    PlanStatus.ACCEPTED: "Diterima (terkunci)",
}
PLAN_STATUS_CHOICES = [(status.value, status.label) for status in PlanStatus]


class PlanAction(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


#: (status now, action) → status after; anything else is impossible. An accepted plan is locked.
PLAN_TRANSITIONS: dict[tuple[PlanStatus, PlanAction], PlanStatus] = {
    (PlanStatus.DRAFT, PlanAction.EDIT): PlanStatus.DRAFT,
    (PlanStatus.RETURNED, PlanAction.EDIT): PlanStatus.RETURNED,
    (PlanStatus.DRAFT, PlanAction.SUBMIT): PlanStatus.SUBMITTED,
    (PlanStatus.RETURNED, PlanAction.SUBMIT): PlanStatus.SUBMITTED,
    (PlanStatus.SUBMITTED, PlanAction.RETURN): PlanStatus.RETURNED,
    (PlanStatus.SUBMITTED, PlanAction.ACCEPT): PlanStatus.ACCEPTED,
}
_REFUSALS = {
    PlanAction.EDIT: "Renja yang sudah dikirim atau diterima tidak dapat diubah.",
    PlanAction.SUBMIT: "Renja ini sudah dikirim atau sudah diterima.",
    PlanAction.RETURN: "Hanya Renja yang sedang menunggu pemeriksaan yang dapat dikembalikan.",
    PlanAction.ACCEPT: "Hanya Renja yang sedang menunggu pemeriksaan yang dapat diterima.",
}


class TransitionRefused(ValueError):
    pass


def plan_next(status: str, action: PlanAction) -> PlanStatus:
    found = PLAN_TRANSITIONS.get((PlanStatus(status), action))
    if found is None:
        raise TransitionRefused(_REFUSALS[action])
    return found


# ── checks before submitting, and how complete a plan is ─────────────────────────────────────────────


@dataclass(frozen=True)
class SubActivityCheck:
    """What the submission check needs to know of one sub kegiatan."""

    code: str
    name: str
    location: str
    target_group: str
    indicator_targets: tuple[Decimal, ...]
    total: Decimal
    #: labels of the round's required supporting data not yet supplied for it
    missing_evidence: tuple[str, ...] = ()
    #: how many supporting data the round requires of each sub kegiatan
    required_evidence: int = 0
    #: set when the code is (no longer) in the agency's mandate
    mandate_problem: str | None = None


@dataclass(frozen=True)
class Problem:
    code: str  # the sub kegiatan code, or "" for the plan as a whole
    message: str


def sub_activity_problems(check: SubActivityCheck) -> list[str]:
    problems = []
    if check.mandate_problem:
        problems.append(check.mandate_problem)
    if not any(target > 0 for target in check.indicator_targets):
        problems.append("belum ada indikator keluaran dengan target")
    if check.total <= 0:
        problems.append("kebutuhan anggaran belum diisi")
    if not check.location.strip():
        problems.append("lokasi belum diisi")
    if not check.target_group.strip():
        problems.append("kelompok sasaran belum diisi")
    problems.extend(f"data dukung “{label}” belum ada" for label in check.missing_evidence)
    return problems


def submission_problems(checks: Sequence[SubActivityCheck]) -> list[Problem]:
    """Everything that keeps a plan from being submitted (empty when it can be)."""
    if not checks:
        return [Problem("", "Renja belum berisi sub kegiatan.")]
    found = []
    for check in checks:
        problems = sub_activity_problems(check)
        if problems:
            found.append(Problem(check.code, f"Sub kegiatan {check.code} {check.name}: {'; '.join(problems)}."))
    return found


def completeness_percent(checks: Sequence[SubActivityCheck], *, items: int = 0, missing_items: int = 0) -> int:
    """How complete a plan is, 0–100 (rounded down). Each sub kegiatan counts five checks (indicator with
    a target, budget, location, target group, inside the mandate) and each supporting datum the round
    requires of it; each required item of the round counts once more. An empty plan is 0 %."""
    if not checks:
        return 0
    total, done = items, items - missing_items
    for check in checks:
        parts = [
            any(target > 0 for target in check.indicator_targets),
            check.total > 0,
            bool(check.location.strip()),
            bool(check.target_group.strip()),
            check.mandate_problem is None,
        ]
        total += len(parts) + check.required_evidence
        done += sum(parts) + check.required_evidence - len(check.missing_evidence)
    return (done * 100) // total


# ── versions and what changed between two ───────────────────────────────────────────────────────────


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    @property
    def label(self) -> str:
        return {ChangeKind.ADDED: "ditambah", ChangeKind.REMOVED: "dihapus", ChangeKind.CHANGED: "diubah"}[self]


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    #: "sub_activity", "indicator", "line" or "evidence"
    part: str
    sub_activity_code: str
    label: str
    field: str = ""
    before: str = ""
    after: str = ""

    @property
    def part_label(self) -> str:
        return PART_LABELS[self.part]


PART_LABELS = {
    "sub_activity": "Sub kegiatan",
    "indicator": "Indikator",
    "line": "Rincian anggaran",
    "evidence": "Data dukung",
}
SUB_ACTIVITY_FIELDS = {"location": "Lokasi", "target_group": "Kelompok sasaran", "notes": "Catatan"}
INDICATOR_FIELDS = {"name": "Indikator", "unit": "Satuan", "target": "Target"}
LINE_FIELDS = {"account_code": "Kode rekening", "description": "Uraian", "amount": "Jumlah", "periods": "Rincian"}


def _by(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, Mapping[str, Any]]:
    return {str(row[key]): row for row in rows}


def _field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: Mapping[str, str], **where: str
) -> list[Change]:
    return [
        Change(ChangeKind.CHANGED, field=label, before=_text(before.get(name)), after=_text(after.get(name)), **where)
        for name, label in fields.items()
        if _text(before.get(name)) != _text(after.get(name))
    ]


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " | ".join(_text(v) for v in value)
    return "" if value is None else str(value)


def _parts_diff(part: str, code: str, before: list[Any], after: list[Any], fields: Mapping[str, str]) -> list[Change]:
    old, new = _by(before, "uid"), _by(after, "uid")
    label_key = "name" if part == "indicator" else "description"
    changes = [Change(ChangeKind.REMOVED, part, code, str(old[uid][label_key])) for uid in old if uid not in new]
    for uid, row in new.items():
        if uid not in old:
            changes.append(Change(ChangeKind.ADDED, part, code, str(row[label_key]), after=_text(row.get("amount"))))
        else:
            changes.extend(
                _field_changes(old[uid], row, fields, part=part, sub_activity_code=code, label=str(row[label_key]))
            )
    return changes


def _sub_activity_diff(code: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    name = str(after.get("name", ""))
    changes = _field_changes(
        before, after, SUB_ACTIVITY_FIELDS, part="sub_activity", sub_activity_code=code, label=name
    )
    changes += _parts_diff(
        "indicator", code, before.get("indicators", []), after.get("indicators", []), INDICATOR_FIELDS
    )
    changes += _parts_diff("line", code, before.get("lines", []), after.get("lines", []), LINE_FIELDS)
    old_evidence, new_evidence = before.get("evidence", {}), after.get("evidence", {})
    for label in sorted(set(old_evidence) | set(new_evidence)):
        if old_evidence.get(label) != new_evidence.get(label):
            changes.append(
                Change(
                    ChangeKind.CHANGED,
                    "evidence",
                    code,
                    label,
                    field="Data dukung",
                    before=_text(old_evidence.get(label)),
                    after=_text(new_evidence.get(label)),
                )
            )
    return changes


def plan_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """What changed from one snapshot of a plan to another, sub kegiatan by sub kegiatan (in code order).

    Snapshots are the dicts :func:`terpadu.planning.services` stores with each version: sub kegiatan
    by code, their indicators and lines by uid (a line keeps its uid across revisions)."""
    old = _by(before.get("sub_activities", []), "code")
    new = _by(after.get("sub_activities", []), "code")
    changes: list[Change] = []
    for code in sorted(set(old) | set(new)):
        if code not in new:
            changes.append(Change(ChangeKind.REMOVED, "sub_activity", code, str(old[code]["name"])))
        elif code not in old:
            changes.append(
                Change(
                    ChangeKind.ADDED, "sub_activity", code, str(new[code]["name"]), after=_text(new[code].get("total"))
                )
            )
        else:
            changes.extend(_sub_activity_diff(code, old[code], new[code]))
    return changes
