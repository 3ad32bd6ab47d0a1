"""E-Absen monthly recap from a year of events (issue 5, bench c and d).

A year (2025) of check-ins for the province (bench/attendance_year.py: about 10 million events for 20,000
employees on PostgreSQL; 2,000 employees on SQLite, the embedded default), then:

- *close December* — ``days.days_compute`` for every employee and day of the month: punches × calendar ×
  excuses → one AttendanceDay per employee and date with its TPP deduction. In production this runs each
  night for yesterday; here the whole month at once;
- *monthly recap, all employees* — ``recap.month_rows`` as the BKPSDM would read it (one aggregate query);
- *raw SQL* — one query computing the same totals per employee straight from the month's events (days
  present, minutes late/early, TL/PSW counts, unexcused days, minutes worked, TPP deduction), the figure
  the issue compares with (target: the recap within 3× of it);
- *one employee's yearly recap* — ``recap.month_recap`` for December, which reads the employee's year of
  days for the discipline tally (target < 10 ms), after the year of that employee was closed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from terpadu.attendance import days, recap
from terpadu.calendar.interfaces import calendar_days
from terpadu.directory.models import Employee, Government, User

from ..attendance_year import generate_year
from ..database import analyze
from ..generate import GeneratedGovernment
from ..measure import Figure, Options, Scenario, once, sample

NAME = "attendance_recap"
YEAR_FIRST, YEAR_LAST = date(2025, 1, 1), date(2025, 12, 31)
MONTH_FIRST = date(2025, 12, 1)
SQLITE_EMPLOYEES = 2_000
QUICK_EMPLOYEES = 60
SAMPLED_EMPLOYEES = 20

PG_RAW = """
WITH d AS (
  SELECT employee_id, local_date,
         min(occurred_at) FILTER (WHERE kind = 'in') AS fi,
         max(occurred_at) FILTER (WHERE kind = 'out') AS lo,
         extract(isodow FROM local_date) = 5 AS friday
  FROM attendance_attendanceevent
  WHERE government_id = %(g)s AND local_date BETWEEN %(a)s AND %(b)s
  GROUP BY employee_id, local_date
), m AS (
  SELECT employee_id, fi IS NULL AS no_in, lo IS NULL AS no_out,
    GREATEST(0, floor(extract(epoch FROM fi - ((local_date + time '07:30') AT TIME ZONE %(tz)s)) / 60))::int AS late,
    GREATEST(0, floor(extract(epoch FROM ((local_date + CASE WHEN friday THEN time '16:30' ELSE time '16:00' END)
      AT TIME ZONE %(tz)s) - lo) / 60))::int AS early,
    GREATEST(0, floor(extract(epoch FROM lo - fi) / 60)::int - CASE WHEN friday THEN 90 ELSE 60 END) AS worked
  FROM d
), t AS (
  SELECT employee_id, count(*) AS present, coalesce(sum(late), 0) AS late, coalesce(sum(early), 0) AS early,
    count(*) FILTER (WHERE late BETWEEN 1 AND 30) AS tl1, count(*) FILTER (WHERE late BETWEEN 31 AND 60) AS tl2,
    count(*) FILTER (WHERE late BETWEEN 61 AND 90) AS tl3, count(*) FILTER (WHERE late >= 91 OR no_in) AS tl4,
    count(*) FILTER (WHERE early BETWEEN 1 AND 30) AS psw1, count(*) FILTER (WHERE early BETWEEN 31 AND 60) AS psw2,
    count(*) FILTER (WHERE early BETWEEN 61 AND 90) AS psw3, count(*) FILTER (WHERE early >= 91 OR no_out) AS psw4,
    coalesce(sum(worked), 0) AS worked
  FROM m GROUP BY employee_id
)
SELECT employee_id, present, late, early, tl1, tl2, tl3, tl4, psw1, psw2, psw3, psw4,
  %(wd)s - present AS unexcused, worked,
  LEAST(100, 0.5 * (tl1 + psw1) + 1 * (tl2 + psw2) + 1.5 * (tl3 + psw3) + 2 * (tl4 + psw4)
    + 4 * (%(wd)s - present)) AS deduction
FROM t
"""

SQLITE_RAW = """
WITH d AS (
  SELECT employee_id, local_date,
         min(CASE WHEN kind = 'in' THEN occurred_at END) AS fi,
         max(CASE WHEN kind = 'out' THEN occurred_at END) AS lo,
         strftime('%%w', local_date) = '5' AS friday
  FROM attendance_attendanceevent
  WHERE government_id = %(g)s AND local_date BETWEEN %(a)s AND %(b)s
  GROUP BY employee_id, local_date
), m AS (
  SELECT employee_id, fi IS NULL AS no_in, lo IS NULL AS no_out,
    max(0, CAST(round((julianday(fi) - julianday(local_date || ' 07:30') + %(off)s) * 86400) AS INTEGER) / 60) AS late,
    max(0, CAST(round((julianday(local_date || CASE WHEN friday THEN ' 16:30' ELSE ' 16:00' END) - %(off)s
      - julianday(lo)) * 86400) AS INTEGER) / 60) AS early,
    max(0, CAST(round((julianday(lo) - julianday(fi)) * 86400) AS INTEGER) / 60 - CASE WHEN friday THEN 90 ELSE 60 END)
      AS worked
  FROM d
), t AS (
  SELECT employee_id, count(*) AS present, total(late) AS late, total(early) AS early,
    sum(late BETWEEN 1 AND 30) AS tl1, sum(late BETWEEN 31 AND 60) AS tl2, sum(late BETWEEN 61 AND 90) AS tl3,
    sum(late >= 91 OR no_in) AS tl4, sum(early BETWEEN 1 AND 30) AS psw1, sum(early BETWEEN 31 AND 60) AS psw2,
    sum(early BETWEEN 61 AND 90) AS psw3, sum(early >= 91 OR no_out) AS psw4, total(worked) AS worked
  FROM m GROUP BY employee_id
)
SELECT employee_id, present, late, early, tl1, tl2, tl3, tl4, psw1, psw2, psw3, psw4,
  %(wd)s - present AS unexcused, worked,
  min(100, 0.5 * (tl1 + psw1) + 1 * (tl2 + psw2) + 1.5 * (tl3 + psw3) + 2 * (tl4 + psw4) + 4 * (%(wd)s - present))
FROM t
"""


def raw_month(government_id: int, working_days: int) -> list[tuple[Any, ...]]:
    """The month's totals per employee from the events, in one SQL query."""
    zone = Government.objects.values_list("timezone", flat=True).get(pk=government_id)
    utc_offset_days = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}[zone] / 24
    params: dict[str, Any] = {"g": government_id, "a": MONTH_FIRST, "b": YEAR_LAST, "tz": zone, "wd": working_days}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_RAW, params)
        else:
            cursor.execute(SQLITE_RAW, {**params, "a": str(MONTH_FIRST), "b": str(YEAR_LAST), "off": utc_offset_days})
        return list(cursor.fetchall())


def _size(options: Options) -> int | None:
    if options.requests < 100:
        return QUICK_EMPLOYEES
    return None if connection.vendor == "postgresql" else SQLITE_EMPLOYEES


def run(gov: GeneratedGovernment, options: Options) -> list[Figure]:
    size = _size(options)
    first = MONTH_FIRST if options.requests < 100 else YEAR_FIRST
    year = generate_year(government_id=gov.government_id, first=first, last=YEAR_LAST, employees=size, seed=gov.seed)
    analyze()
    print(
        f"{NAME}: {year.events:,} events for {year.employees:,} employees over {year.working_days} working days"
        f" in {year.seconds:.1f} s",
        flush=True,
    )
    people = Employee.objects.filter(government_id=gov.government_id).order_by("pk")
    ids = list(people.values_list("pk", flat=True)[: year.employees])
    close_seconds, written = once(
        lambda: days.days_compute(government_id=gov.government_id, start=MONTH_FIRST, end=YEAR_LAST, employee_ids=ids)
    )
    analyze()
    sekda = User.objects.get(pk=gov.secretary_id)
    working = sum(
        1 for day in calendar_days(government_id=gov.government_id, start=MONTH_FIRST, end=YEAR_LAST) if day.is_working
    )
    raw = sample(lambda i: raw_month(gov.government_id, working), n=3, warmup=1)
    repeats = 3 if options.requests >= 100 else 2
    recaps = sample(lambda i: recap.month_rows(user=sekda, month=MONTH_FIRST), n=repeats, warmup=1)
    sampled = ids[:: max(1, len(ids) // SAMPLED_EMPLOYEES)][:SAMPLED_EMPLOYEES]
    days.days_compute(government_id=gov.government_id, start=first, end=YEAR_LAST, employee_ids=sampled)
    employees = list(Employee.objects.filter(pk__in=sampled))
    yearly = sample(
        lambda i: recap.month_recap(user=sekda, employee=employees[i % len(employees)], month=MONTH_FIRST),
        n=options.requests,
        warmup=options.warmup,
    )
    print(f"{NAME}: December closed for {year.employees:,} employees: {written:,} days", flush=True)
    return [
        Figure(NAME, f"generate {year.events:,} events", [year.seconds], per_sample=year.events, unit="rows"),
        Figure(NAME, f"close December ({written:,} days)", [close_seconds], raw=raw, per_sample=written, unit="rows"),
        Figure(NAME, f"monthly recap, {year.employees:,} employees", recaps, raw=raw, unit="req"),
        Figure(NAME, "one employee's recap with the year's discipline tally", yearly),
    ]


SCENARIO = Scenario(
    NAME,
    "E-Absen: closing a month and the monthly recap from a year of events vs one SQL query; one employee's year",
    run,
)
