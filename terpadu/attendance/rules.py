"""E-Absen rules (RULES.md §3–§5). Pure: no database, no Django. Percentages are Decimal.

- §4 TPP deductions (DEFAULT): a :class:`DeductionTable` of bands is data, set per government by
  Perkada and versioned by the date it takes effect; :data:`DEFAULT_DEDUCTION_TABLE` is the default.
- §3 discipline (LAW): unexcused days in one year → level and sanction; 10 working days in a row →
  dismissal. The minutes-per-day equivalence and the year mode are DEFAULT settings.
- §5 leave (DEFAULT): quotas and the carry-over of cuti tahunan are settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from terpadu.calendar.rules import FIVE_DAY_WEEK, MINUTES_PER_DAY
from terpadu.core.formatting import tanggal

# §5 leave lives in leave_rules.py (file size); callers import it from here.
from .leave_rules import *  # noqa: F403

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# ── §4 TPP deductions ─────────────────────────────────────────────────────────────────────────────


class Kind(StrEnum):
    LATE = "late"  # terlambat (TL)
    EARLY = "early"  # pulang sebelum waktunya (PSW)

    @property
    def code(self) -> str:
        return "TL" if self is Kind.LATE else "PSW"

    @property
    def label(self) -> str:
        return "Terlambat" if self is Kind.LATE else "Pulang sebelum waktunya"


@dataclass(frozen=True)
class Band:
    """Minutes ``min_minutes``..``max_minutes`` inclusive (``None`` = no upper bound) → ``percent``."""

    min_minutes: int
    max_minutes: int | None
    percent: Decimal

    def holds(self, minutes: int) -> bool:
        return minutes >= self.min_minutes and (self.max_minutes is None or minutes <= self.max_minutes)

    @property
    def label(self) -> str:
        if self.max_minutes is None:
            return f"≥ {self.min_minutes} menit"
        return f"{self.min_minutes}–{self.max_minutes} menit"


@dataclass(frozen=True)
class DeductionTable:
    """One government's table. The last band of each kind also covers a missing check-in (TL) or
    check-out (PSW) record, at ``missing_record_percent``."""

    name: str
    effective_from: date | None  # None: the built-in default, no Perkada recorded
    late_bands: tuple[Band, ...]
    early_bands: tuple[Band, ...]
    missing_record_percent: Decimal
    unexcused_percent: Decimal  # TK, per day
    monthly_cap: Decimal = HUNDRED

    def bands(self, kind: Kind) -> tuple[Band, ...]:
        return self.late_bands if kind is Kind.LATE else self.early_bands

    @property
    def basis(self) -> str:
        if self.effective_from is None:
            return self.name
        return f"{self.name} berlaku {tanggal(self.effective_from)}"


def _d(value: str) -> Decimal:
    return Decimal(value)


_DEFAULT_BANDS = (
    Band(1, 30, _d("0.5")),
    Band(31, 60, _d("1")),
    Band(61, 90, _d("1.5")),
    Band(91, None, _d("2")),
)
#: RULES.md §4 (DEFAULT): 0.5% / 1% / 1.5% / 2% for TL and PSW, 2% for no record, TK 4% a day, cap 100%.
DEFAULT_DEDUCTION_TABLE = DeductionTable(
    name="Tabel bawaan Terpadu (RULES.md §4)",
    effective_from=None,
    late_bands=_DEFAULT_BANDS,
    early_bands=_DEFAULT_BANDS,
    missing_record_percent=_d("2"),
    unexcused_percent=_d("4"),
    monthly_cap=HUNDRED,
)


def format_percent(value: Decimal) -> str:
    """``Decimal("1.50")`` → ``"1,5%"`` (Indonesian decimal comma)."""
    text = f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
    return f"{text.replace('.', ',')}%"


@dataclass(frozen=True)
class Deduction:
    """One category of one day: its code (``None`` when nothing is cut), percent and why."""

    code: str | None
    percent: Decimal
    why: str


def _category(kind: Kind, minutes: int, table: DeductionTable, missing_record: bool) -> Deduction:
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    bands = table.bands(kind)
    if missing_record:
        code = f"{kind.code}{len(bands)}"
        why = f"{code} (tidak ada catatan {'masuk' if kind is Kind.LATE else 'pulang'})"
        return Deduction(code, table.missing_record_percent, _why(why, table.missing_record_percent, table))
    for number, band in enumerate(bands, start=1):
        if band.holds(minutes):
            code = f"{kind.code}{number}"
            return Deduction(code, band.percent, _why(f"{code} ({band.label})", band.percent, table))
    return Deduction(None, ZERO, f"Tidak {kind.label.lower()} · 0% · {table.basis}")


def _why(what: str, percent: Decimal, table: DeductionTable) -> str:
    return f"{what} · {format_percent(percent)} · {table.basis}"


def late_category(minutes: int, table: DeductionTable, *, missing_record: bool = False) -> Deduction:
    """TL by minutes late; no check-in record → the last band (TL4 by default)."""
    return _category(Kind.LATE, minutes, table, missing_record)


def early_category(minutes: int, table: DeductionTable, *, missing_record: bool = False) -> Deduction:
    """PSW by minutes before the end of the day; no check-out record → the last band (PSW4)."""
    return _category(Kind.EARLY, minutes, table, missing_record)


def unexcused_deduction(table: DeductionTable) -> Deduction:
    return Deduction(
        "TK", table.unexcused_percent, _why("TK (tanpa keterangan, per hari)", table.unexcused_percent, table)
    )


@dataclass(frozen=True)
class DayDeduction:
    items: tuple[Deduction, ...]

    @property
    def percent(self) -> Decimal:
        return sum((item.percent for item in self.items), ZERO)


def day_deduction(
    table: DeductionTable,
    *,
    late_minutes: int = 0,
    early_minutes: int = 0,
    missing_check_in: bool = False,
    missing_check_out: bool = False,
    unexcused: bool = False,
) -> DayDeduction:
    """One working day: TK alone when unexcused, otherwise TL and PSW (each may be empty)."""
    if unexcused:
        return DayDeduction((unexcused_deduction(table),))
    items = (
        late_category(late_minutes, table, missing_record=missing_check_in),
        early_category(early_minutes, table, missing_record=missing_check_out),
    )
    return DayDeduction(tuple(item for item in items if item.code is not None))


def month_deduction(day_items: Iterable[Deduction | DayDeduction], table: DeductionTable) -> Decimal:
    """The month's percent of TPP: the sum of the days, capped at the table's cap (100%)."""
    return min(sum((item.percent for item in day_items), ZERO), table.monthly_cap)


@dataclass(frozen=True)
class MonthDeduction:
    raw_percent: Decimal
    percent: Decimal
    why: str


def month_deduction_explained(day_items: Iterable[Deduction | DayDeduction], table: DeductionTable) -> MonthDeduction:
    items = list(day_items)
    raw = sum((item.percent for item in items), ZERO)
    capped = month_deduction(items, table)
    why = f"Jumlah potongan {format_percent(raw)}"
    if capped < raw:
        why += f", dibatasi paling banyak {format_percent(table.monthly_cap)} sebulan"
    return MonthDeduction(raw, capped, f"{why} · {table.basis}")


# Table validation and JSON (the settings store bands as JSON; rules decide what is valid).


def _percent_problem(value: Decimal) -> str | None:
    if not value.is_finite() or value < ZERO or value > HUNDRED:
        return "Persentase harus antara 0 dan 100."
    if int(value.as_tuple().exponent) < -2:
        return "Persentase paling banyak 2 angka di belakang koma."
    return None


def _band_problems(kind: Kind, bands: Sequence[Band]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not bands:
        return {f"{kind.value}_bands": [f"Tabel {kind.code} harus punya paling sedikit satu rentang."]}
    expected = 1
    for i, band in enumerate(bands):
        key = f"{kind.value}_{i}"
        if band.min_minutes != expected:
            word = "tumpang tindih" if band.min_minutes < expected else "ada celah"
            problems[f"{key}_min"] = [f"{kind.code}{i + 1}: rentang {word}; harus mulai dari {expected} menit."]
        if band.max_minutes is not None and band.max_minutes < band.min_minutes:
            problems[f"{key}_max"] = [f"{kind.code}{i + 1}: batas akhir harus ≥ batas awal."]
        if (message := _percent_problem(band.percent)) is not None:
            problems[f"{key}_percent"] = [message]
        expected = (band.max_minutes or band.min_minutes) + 1
    if bands[-1].max_minutes is not None:
        problems[f"{kind.value}_{len(bands) - 1}_max"] = [
            f"{kind.code}{len(bands)}: rentang terakhir harus tanpa batas akhir (mis. ≥ 91 menit)."
        ]
    return problems


def table_problems(table: DeductionTable) -> dict[str, list[str]]:
    """Why a table is not acceptable, by field (empty when it is), in Bahasa Indonesia: bands from
    1 minute up without gaps or overlaps, the last one open-ended; every percent 0–100."""
    problems = _band_problems(Kind.LATE, table.late_bands) | _band_problems(Kind.EARLY, table.early_bands)
    for name in ("missing_record_percent", "unexcused_percent", "monthly_cap"):
        if (message := _percent_problem(getattr(table, name))) is not None:
            problems[name] = [message]
    if not table.name.strip():
        problems["name"] = ["Dasar hukum wajib diisi."]
    return problems


def parse_percent(raw: object) -> Decimal:
    try:
        return Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        return Decimal("NaN")


def bands_from_json(rows: Iterable[Mapping[str, object]]) -> tuple[Band, ...]:
    """``[{"min": 1, "max": 30, "percent": "0.5"}, …]`` → bands (``max`` null = no upper bound)."""
    return tuple(
        Band(
            int(str(row["min"])),
            None if row.get("max") is None else int(str(row["max"])),
            parse_percent(row["percent"]),
        )
        for row in rows
    )


def bands_to_json(bands: Iterable[Band]) -> list[dict[str, object]]:
    return [{"min": b.min_minutes, "max": b.max_minutes, "percent": str(b.percent)} for b in bands]


# ── §3 discipline (LAW; the equivalence and the year mode are DEFAULT settings) ────────────────────


class DisciplineLevel(StrEnum):
    LIGHT = "ringan"
    MODERATE = "sedang"
    SEVERE = "berat"


class YearMode(StrEnum):
    CALENDAR = "calendar"
    ROLLING = "rolling"

    @property
    def label(self) -> str:
        return "Tahun kalender" if self is YearMode.CALENDAR else "12 bulan terakhir"


NO_SANCTION = "tidak ada hukuman disiplin (potongan TPP tetap berlaku)"
DISMISSAL = "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS"
SALARY_STOPPED = "pembayaran gaji dihentikan mulai bulan berikutnya"
CONSECUTIVE_DISMISSAL_DAYS = 10  # working days in a row (LAW)

#: PP 94/2021 Pasal 9–11, Peraturan BKN 6/2022: (from day, to day or None, level, sanction)
DISCIPLINE_BANDS: tuple[tuple[int, int | None, DisciplineLevel | None, str], ...] = (
    (0, 2, None, NO_SANCTION),
    (3, 3, DisciplineLevel.LIGHT, "teguran lisan"),
    (4, 6, DisciplineLevel.LIGHT, "teguran tertulis"),
    (7, 10, DisciplineLevel.LIGHT, "pernyataan tidak puas secara tertulis"),
    (11, 13, DisciplineLevel.MODERATE, "pemotongan tunjangan kinerja 25% selama 6 bulan"),
    (14, 16, DisciplineLevel.MODERATE, "pemotongan tunjangan kinerja 25% selama 9 bulan"),
    (17, 20, DisciplineLevel.MODERATE, "pemotongan tunjangan kinerja 25% selama 12 bulan"),
    (21, 24, DisciplineLevel.SEVERE, "penurunan jabatan setingkat lebih rendah selama 12 bulan"),
    (25, 27, DisciplineLevel.SEVERE, "pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan"),
    (28, None, DisciplineLevel.SEVERE, DISMISSAL),
)


@dataclass(frozen=True)
class DisciplineSettings:
    name: str
    effective_from: date | None
    minutes_per_day: int = MINUTES_PER_DAY  # 450 minutes late/early = 1 day (DEFAULT)
    year_mode: YearMode = YearMode.CALENDAR  # DEFAULT


DEFAULT_DISCIPLINE_SETTINGS = DisciplineSettings(name="Pengaturan bawaan Terpadu (RULES.md §3)", effective_from=None)


def discipline_settings_problems(settings: DisciplineSettings) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not 1 <= settings.minutes_per_day <= 24 * 60:
        problems["minutes_per_day"] = ["Menit setara 1 hari harus antara 1 dan 1440."]
    if settings.year_mode not in tuple(YearMode):
        problems["year_mode"] = ["Pilih tahun kalender atau 12 bulan terakhir."]
    if not settings.name.strip():
        problems["name"] = ["Dasar hukum wajib diisi."]
    return problems


def discipline_level(days: int) -> tuple[DisciplineLevel | None, str]:
    """Cumulative unexcused working days in one year → level and the sanction wording."""
    if days < 0:
        raise ValueError("days must not be negative")
    for low, high, level, sanction in DISCIPLINE_BANDS:
        if low <= days and (high is None or days <= high):
            return level, sanction
    raise AssertionError("unreachable: the last band is open-ended")


def minutes_to_days(minutes: int, minutes_per_day: int = MINUTES_PER_DAY) -> int:
    """Whole days (floor) of accumulated late and early minutes."""
    if minutes < 0 or minutes_per_day <= 0:
        raise ValueError("minutes must not be negative and a day must be positive")
    return minutes // minutes_per_day


def discipline_window(day: date, mode: YearMode = YearMode.CALENDAR) -> tuple[date, date]:
    """The year counted on ``day``, inclusive: from 1 January, or the 12 months ending on ``day``."""
    if mode is YearMode.CALENDAR:
        return date(day.year, 1, 1), day
    try:
        year_before = day.replace(year=day.year - 1)
    except ValueError:  # 29 February → 28 February of the year before
        year_before = day.replace(year=day.year - 1, day=28)
    return year_before + timedelta(days=1), day


def _default_working_days(dates: Sequence[date]) -> list[date]:
    first, last = min(dates), max(dates)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < FIVE_DAY_WEEK]


def longest_run(unexcused: Iterable[date], working_days: Sequence[date] | None = None) -> int:
    """The most unexcused working days in a row; days off in between do not break a run.
    ``working_days`` defaults to Monday–Friday."""
    marked = set(unexcused)
    if not marked:
        return 0
    best = run = 0
    for day in working_days if working_days is not None else _default_working_days(sorted(marked)):
        run = run + 1 if day in marked else 0
        best = max(best, run)
    return best


def longest_run_of_positions(positions: Iterable[int]) -> int:
    """:func:`longest_run` counted from where each unexcused day falls among the working days (1, 2, 3…):
    the most consecutive numbers."""
    best = run = 0
    previous = None
    for position in sorted(set(positions)):
        run = run + 1 if previous is not None and position == previous + 1 else 1
        best, previous = max(best, run), position
    return best


@dataclass(frozen=True)
class DisciplineAssessment:
    level: DisciplineLevel | None
    sanction: str
    unexcused_days: int  # counted TK days
    late_early_minutes: int
    equivalent_days: int  # whole days from the minutes
    total_days: int  # what the level is read from
    consecutive_max: int
    salary_stopped: bool
    evidence_dates: tuple[date, ...] = field(default_factory=tuple)
    why: str = ""


def assess_discipline(
    *,
    unexcused_dates: Iterable[date],
    late_early_minutes: int = 0,
    settings: DisciplineSettings = DEFAULT_DISCIPLINE_SETTINGS,
    working_days: Sequence[date] | None = None,
    consecutive_max: int | None = None,
) -> DisciplineAssessment:
    """A proposal for the official in charge, with the evidence it rests on (RULES.md §3). The longest run
    is read from ``working_days`` unless the caller counted it already (``consecutive_max``)."""
    evidence = tuple(sorted(set(unexcused_dates)))
    equivalent = minutes_to_days(late_early_minutes, settings.minutes_per_day)
    total = len(evidence) + equivalent
    run = longest_run(evidence, working_days) if consecutive_max is None else consecutive_max
    level, sanction = discipline_level(total)
    stopped = run >= CONSECUTIVE_DISMISSAL_DAYS
    if stopped:
        level, sanction = DisciplineLevel.SEVERE, f"{DISMISSAL}; {SALARY_STOPPED}"
    why = (
        f"{len(evidence)} hari tanpa keterangan + {equivalent} hari setara dari {late_early_minutes} menit "
        f"terlambat/pulang cepat ({settings.minutes_per_day} menit = 1 hari) = {total} hari; "
        f"paling lama {run} hari kerja berturut-turut"
    )
    return DisciplineAssessment(
        level, sanction, len(evidence), late_early_minutes, equivalent, total, run, stopped, evidence, why
    )
