"""One employee's discipline year in one SQL query: the year to date of every recap (bench: attendance_recap).

The tally needs only the late/early minutes of the days present, the unexcused dates (the evidence) and
where each of them falls among the working days (ten in a row is dismissal, RULES.md §3), not the year's
rows: reading them as model instances was most of a recap's time. The same query counts the employee's
adjustments of closed months in a range; when there is any, the caller reads the days and lays them over
in Python instead (:func:`terpadu.attendance.recap.employee_days`), since an adjustment may change a status.

Works on PostgreSQL and SQLite (window functions: SQLite 3.25+).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from . import rules
from .models import Adjustment, AttendanceDay
from .models.days import DayStatus

DAY = AttendanceDay._meta.db_table
ADJUSTMENT = Adjustment._meta.db_table

# One row of totals, joined to each unexcused day with its position among the working days (ordered by date).
TALLY = f"""
SELECT totals.adjustments, totals.minutes, working.date, working.position
FROM (
  SELECT
    (SELECT COUNT(*) FROM "{ADJUSTMENT}"
      WHERE employee_id = %(employee)s AND date >= %(adjusted_from)s AND date <= %(adjusted_to)s) AS adjustments,
    (SELECT COALESCE(SUM(late_minutes + early_minutes), 0) FROM "{DAY}"
      WHERE employee_id = %(employee)s AND date >= %(start)s AND date <= %(end)s AND status = %(present)s) AS minutes
) totals
LEFT JOIN (
  SELECT date, status, ROW_NUMBER() OVER (ORDER BY date) AS position FROM "{DAY}"
  WHERE employee_id = %(employee)s AND date >= %(start)s AND date <= %(end)s
    AND status IN (%(present)s, %(excused)s, %(unexcused)s)
) working ON working.status = %(unexcused)s
ORDER BY working.date
"""  # noqa: S608 (table names from _meta)


@dataclass(frozen=True)
class YearTally:
    """The stored days from ``start`` to ``end``, adjustments not laid over."""

    unexcused_dates: tuple[date, ...]
    late_early_minutes: int  # of the days present
    consecutive_max: int  # the most unexcused working days in a row
    adjustments: int  # adjustments recorded for the employee from ``adjusted_from`` to ``adjusted_to``


def _date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def year_tally(*, employee_id: int, start: date, end: date, adjusted_from: date, adjusted_to: date) -> YearTally:
    params: dict[str, int | str | date] = {
        "employee": employee_id,
        "start": start,
        "end": end,
        "adjusted_from": adjusted_from,
        "adjusted_to": adjusted_to,
        "present": DayStatus.PRESENT.value,
        "excused": DayStatus.EXCUSED.value,
        "unexcused": DayStatus.UNEXCUSED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(TALLY, params)
        rows = cursor.fetchall()
    adjustments, minutes = rows[0][0], rows[0][1]
    unexcused = [(_date(day), position) for _, _, day, position in rows if day is not None]
    return YearTally(
        unexcused_dates=tuple(day for day, _ in unexcused),
        late_early_minutes=int(minutes),
        consecutive_max=rules.longest_run_of_positions(position for _, position in unexcused),
        adjustments=int(adjustments),
    )
