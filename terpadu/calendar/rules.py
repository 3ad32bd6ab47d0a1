"""Working days and hours — Perpres 21/2023 and PermenPANRB 4/2025 (RULES.md §1–2). Pure: no database.

A day's expected minutes are its span minus its break. A normal week must add up to 37 h 30 min
(2,250 minutes); a Ramadan week to 32 h 30 min (1,950 minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

MINUTES_PER_WEEK = 37 * 60 + 30  # 2,250 (LAW)
MINUTES_PER_DAY = 7 * 60 + 30  # 450: daily norm of a 5-day week (LAW)
RAMADAN_MINUTES_PER_WEEK = 32 * 60 + 30  # 1,950 (LAW)
FIVE_DAY_WEEK = 5  # Monday–Friday (LAW)
SIX_DAY_WEEK = 6  # still allowed, flagged as non-compliant (DEFAULT)
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # national public holiday (holidays: category "public")
    JOINT_LEAVE = "joint_leave"  # cuti bersama (holidays: category "government"); cuts annual leave
    LOCAL_HOLIDAY = "local_holiday"  # added by the government's admin

    @property
    def label(self) -> str:
        return DAY_KIND_LABELS[self]


DAY_KIND_LABELS = {
    DayKind.WORKING: "Hari kerja",
    DayKind.WEEKEND: "Akhir pekan",
    DayKind.HOLIDAY: "Libur nasional",
    DayKind.JOINT_LEAVE: "Cuti bersama",
    DayKind.LOCAL_HOLIDAY: "Libur daerah",
}


@dataclass(frozen=True)
class DayHours:
    start: time
    end: time
    break_minutes: int

    @property
    def span_minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def expected_minutes(self) -> int:
        return self.span_minutes - self.break_minutes


#: weekday -> hours; a weekday missing from the mapping is not a working day
Week = dict[int, DayHours]


def _h(start: str, end: str, break_minutes: int) -> DayHours:
    return DayHours(time.fromisoformat(start), time.fromisoformat(end), break_minutes)


# Perpres 21/2023: start 07:30; break 60 min Mon–Thu, 90 min Friday → 07:30–16:00 / 07:30–16:30.
DEFAULT_FIVE_DAY_WEEK: Week = {
    **{day: _h("07:30", "16:00", 60) for day in (MONDAY, TUESDAY, WEDNESDAY, THURSDAY)},
    FRIDAY: _h("07:30", "16:30", 90),
}
# A 6-day week still totalling 37 h 30 min (DEFAULT; flagged as not following Perpres 21/2023).
DEFAULT_SIX_DAY_WEEK: Week = {
    **{day: _h("07:30", "15:00", 60) for day in (MONDAY, TUESDAY, WEDNESDAY, THURSDAY)},
    FRIDAY: _h("07:30", "14:00", 90),
    SATURDAY: _h("07:30", "14:00", 0),
}
# Ramadan: 32 h 30 min, start 08:00, Friday break 60 (LAW); Mon–Thu break 30 (DEFAULT).
DEFAULT_RAMADAN_WEEK: Week = {
    **{day: _h("08:00", "15:00", 30) for day in (MONDAY, TUESDAY, WEDNESDAY, THURSDAY)},
    FRIDAY: _h("08:00", "15:30", 60),
}


def weekly_minutes(week: Week) -> int:
    return sum(hours.expected_minutes for hours in week.values())


def week_problems(week: Week, *, required_minutes: int = MINUTES_PER_WEEK) -> list[str]:
    """Why a week is not acceptable (empty when it is), in Bahasa Indonesia."""
    problems: list[str] = []
    for weekday, hours in sorted(week.items()):
        if hours.break_minutes < 0 or hours.span_minutes <= hours.break_minutes:
            problems.append(f"{WEEKDAY_NAMES[weekday]}: jam pulang harus setelah jam masuk ditambah istirahat.")
    total = weekly_minutes(week)
    if total != required_minutes:
        problems.append(
            f"Jumlah jam kerja seminggu {format_minutes(total)}, seharusnya {format_minutes(required_minutes)}."
        )
    return problems


def week_warnings(week: Week) -> list[str]:
    """Compliant but discouraged configurations (DEFAULT: a 6-day week is allowed with a warning)."""
    if any(day in week for day in (SATURDAY, SUNDAY)):
        return ["Hari kerja 6 hari tidak sesuai Perpres 21/2023 (5 hari kerja, Senin–Jumat)."]
    return []


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} jam {rest} menit" if rest else f"{hours} jam"


@dataclass(frozen=True)
class Holiday:
    kind: DayKind
    name: str


def classify(day: date, week: Week, holidays: dict[date, Holiday]) -> tuple[DayKind, str, DayHours | None]:
    """The kind of ``day``: a listed holiday first (national, cuti bersama or local), then the weekly
    pattern. Only working days carry hours."""
    listed = holidays.get(day)
    if listed is not None and listed.kind is not DayKind.WORKING:
        return listed.kind, listed.name, None
    hours = week.get(day.weekday())
    if hours is None:
        return DayKind.WEEKEND, WEEKDAY_NAMES[day.weekday()], None
    return DayKind.WORKING, listed.name if listed else WEEKDAY_NAMES[day.weekday()], hours


def expected_window(day: date, hours: DayHours, tz: object) -> tuple[datetime, datetime]:
    """Start and end of the working day as aware datetimes in the government's zone."""
    return datetime.combine(day, hours.start, tzinfo=tz), datetime.combine(day, hours.end, tzinfo=tz)  # type: ignore[arg-type]
