"""One employee's day from what was expected, the punches and the excuse (RULES.md §1, §3, §4). Pure.

- Not a working day (weekend, holiday, cuti bersama, local holiday, shift day off): that status, no
  deduction, whatever punches there are (their minutes still count as worked).
- An approved full-day excuse (any leave, dinas luar, diklat): excused, no deduction.
- WFH/WFA is a flexible *location*, not an excuse: the day is judged on its punches like any other.
- No punch at all: unexcused absence (TK).
- Otherwise present: minutes late = whole minutes from the expected start to the first check-in
  (07:30:59 is not late, 07:31:00 is 1 minute); minutes early = whole minutes from the last check-out to
  the expected end. A missing check-in or check-out is the last TL/PSW band (§4). Minutes worked =
  last check-out − first check-in − the break.

Which punch is the check-in: the earliest of kind ``in`` (or, with no ``in``, the earliest punch when
there are two or more, as machine logs carry no direction); the check-out likewise the latest ``out``
after it (or the latest punch).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .rules import DayDeduction, DeductionTable, day_deduction

FULL_DAY_EXCUSES = frozenset(
    {"annual", "long_service", "sick", "maternity", "important_reason", "unpaid", "duty", "training"}
)
FLEXIBLE_EXCUSES = frozenset({"wfh", "wfa"})
NON_WORKING_STATUS = {
    "weekend": "weekend",
    "holiday": "holiday",
    "joint_leave": "holiday",
    "local_holiday": "holiday",
    "off": "off",
}


@dataclass(frozen=True)
class Punch:
    kind: str  # "in" | "out"
    at: datetime


@dataclass(frozen=True)
class DayResult:
    status: str  # models.DayStatus value
    excuse_kind: str = ""
    flexible: str = ""
    first_in: datetime | None = None
    last_out: datetime | None = None
    late_minutes: int = 0
    early_minutes: int = 0
    missing_in: bool = False
    missing_out: bool = False
    minutes_worked: int = 0
    deduction: DayDeduction = field(default_factory=lambda: DayDeduction(()))


def whole_minutes(later: datetime, earlier: datetime) -> int:
    """Whole minutes from ``earlier`` to ``later``; 0 when ``later`` is not after it."""
    return max(int((later - earlier).total_seconds() // 60), 0)


def pick_in_out(punches: Sequence[Punch]) -> tuple[datetime | None, datetime | None]:
    ordered = sorted(punches, key=lambda punch: punch.at)
    ins = [punch.at for punch in ordered if punch.kind == "in"]
    if ins:
        first_in: datetime | None = ins[0]
    else:  # no direction (machine logs) with two or more punches: the earliest is the check-in
        first_in = ordered[0].at if len(ordered) >= 2 else None
    outs = [punch.at for punch in ordered if punch.kind == "out" and (first_in is None or punch.at > first_in)]
    return first_in, (outs[-1] if outs else None)


def worked_minutes(first_in: datetime | None, last_out: datetime | None, break_minutes: int) -> int:
    if first_in is None or last_out is None:
        return 0
    return max(whole_minutes(last_out, first_in) - break_minutes, 0)


def day_result(
    *,
    kind: str,
    start: datetime | None,
    end: datetime | None,
    break_minutes: int,
    punches: Sequence[Punch],
    excuse: str | None,
    table: DeductionTable,
) -> DayResult:
    """The day's status, minutes and TPP deduction (see the module docstring)."""
    first_in, last_out = pick_in_out(punches)
    worked = worked_minutes(first_in, last_out, break_minutes)
    if start is None or end is None:
        status = NON_WORKING_STATUS.get(kind, "weekend")
        return DayResult(status, first_in=first_in, last_out=last_out, minutes_worked=worked)
    if excuse in FULL_DAY_EXCUSES:
        return DayResult("excused", excuse_kind=excuse, first_in=first_in, last_out=last_out, minutes_worked=worked)
    flexible = excuse if excuse in FLEXIBLE_EXCUSES else ""
    if first_in is None and last_out is None:
        return DayResult("unexcused", flexible=flexible, deduction=day_deduction(table, unexcused=True))
    late = whole_minutes(first_in, start) if first_in else 0
    early = whole_minutes(end, last_out) if last_out else 0
    deduction = day_deduction(
        table,
        late_minutes=late,
        early_minutes=early,
        missing_check_in=first_in is None,
        missing_check_out=last_out is None,
    )
    return DayResult(
        "present",
        flexible=flexible,
        first_in=first_in,
        last_out=last_out,
        late_minutes=late,
        early_minutes=early,
        missing_in=first_in is None,
        missing_out=last_out is None,
        minutes_worked=worked,
        deduction=deduction,
    )
