"""Directory import of 20,000 new employees (one XLSX sheet "pegawai") as the platform admin.

Timed once each: reading the workbook alone, the dry run (read + check every row against the directory)
and the commit (check + write employees, placements and two audit rows per employee). The commit runs in
full and is then rolled back, so that every run starts from the same data. Raw baseline: the same
employee rows inserted with COPY (PostgreSQL) or executemany (SQLite), also rolled back.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from django.db import transaction

from terpadu.directory.imports.columns import EMPLOYEES, SPECS
from terpadu.directory.imports.formats import read_tables, write_xlsx
from terpadu.directory.imports.service import directory_import
from terpadu.directory.models import Employee, Position, User

from ..bulk import raw_insert
from ..generate import GeneratedGovernment
from ..measure import BenchError, Figure, Options, Scenario, once
from ..plan import People, pick

NAME = "directory_import"
FILENAME = "pegawai.xlsx"
TMT = date(2026, 1, 2)
RAW_SAMPLES = 3


class Post(NamedTuple):
    agency_code: str
    code: str
    unit_code: str
    agency_id: int
    org_unit_id: int | None
    position_id: int


def _posts(gov: GeneratedGovernment) -> list[Post]:
    """Functional and executor positions of the province: where new employees are placed."""
    rows = (
        Position.objects.filter(agency__government_id=gov.government_id, kind__in=("fungsional", "pelaksana"))
        .order_by("agency__code", "code")
        .values_list("agency__code", "code", "org_unit__code", "agency_id", "org_unit_id", "id")
    )
    return [Post(*row) for row in rows]


def _taken(gov: GeneratedGovernment) -> set[str]:
    numbers = Employee.objects.filter(government_id=gov.government_id).values_list("nip", "pppk_number")
    return {number for pair in numbers for number in pair if number}


def new_employees(gov: GeneratedGovernment, count: int) -> list[tuple[dict[str, Any], Post]]:
    """``count`` people who are not yet in the directory, each with the position they join (deterministic)."""
    rng = random.Random(gov.seed + 1)
    people, posts = People(rng, _taken(gov)), _posts(gov)
    return [(people.person(), pick(rng, posts)) for _ in range(count)]


def workbook(people: list[tuple[dict[str, Any], Post]]) -> bytes:
    """The import file, in the column format of terpadu.directory.imports.columns."""
    headers = SPECS[EMPLOYEES].names
    rows = []
    for n, (person, post) in enumerate(people, start=1):
        cells = {
            "status": person["kind"].upper(),
            "nip": person["nip"] or "",
            "ni_pppk": person["pppk_number"] or "",
            "nama": person["name"],
            "gelar_depan": person["front_title"],
            "gelar_belakang": person["back_title"],
            "pangkat_golongan": person["rank"],
            "email": person["email"],
            "telepon": person["phone"],
            "kode_opd": post.agency_code,
            "kode_jabatan": post.code,
            "kode_unit": post.unit_code or "",
            "tmt": TMT,
            "nomor_sk": f"800.1.6/{n}/BKD/2026",
        }
        rows.append([cells[header] for header in headers])
    return write_xlsx([(SPECS[EMPLOYEES].sheet, headers, rows)])


def _employee_rows(gov: GeneratedGovernment, people: list[tuple[dict[str, Any], Post]]) -> list[dict[str, Any]]:
    """The rows the import writes to the employee table, as plain values for the raw insert."""
    where = ("agency_id", "org_unit_id", "position_id")
    return [
        {
            **{k: v for k, v in person.items() if not k.startswith("_")},
            "government_id": gov.government_id,
            **{name: getattr(post, name) for name in where},
        }
        for person, post in people
    ]


def _rolled_back(call: Callable[[], Any]) -> tuple[float, Any]:
    """Time ``call`` inside a transaction that is then rolled back (the data stay as generated)."""
    with transaction.atomic():
        seconds, result = once(call)
        transaction.set_rollback(True)
    return seconds, result


def _checked(report: Any, *, committed: bool) -> None:
    if report.errors or report.committed != committed:
        raise BenchError(f"the import was refused: {report.errors[:3]}")


def run(gov: GeneratedGovernment, options: Options) -> list[Figure]:
    admin = User.objects.get(pk=gov.platform_admin_id)
    people = new_employees(gov, options.import_rows)
    data, count = workbook(people), len(people)
    read_tables(workbook(people[:10]), FILENAME)  # warm-up: openpyxl's first workbook loads its modules
    read, _ = once(lambda: read_tables(data, FILENAME))
    dry, report = once(lambda: directory_import(user=admin, data=data, filename=FILENAME, dry_run=True))
    _checked(report, committed=False)
    commit, report = _rolled_back(lambda: directory_import(user=admin, data=data, filename=FILENAME, dry_run=False))
    _checked(report, committed=True)
    rows = _employee_rows(gov, people)
    raw = [_rolled_back(lambda: raw_insert(Employee, rows))[0] for _ in range(RAW_SAMPLES)]
    size = f"{len(data) / 1e6:.1f} MB xlsx"
    return [
        Figure(NAME, f"read xlsx only ({size})", [read], per_sample=count, unit="rows"),
        Figure(NAME, f"dry run, {count:,} rows", [dry], per_sample=count, unit="rows"),
        Figure(NAME, f"commit, {count:,} rows", [commit], raw=raw, per_sample=count, unit="rows"),
    ]


SCENARIO = Scenario(NAME, "import of new employees from XLSX: dry run and commit (platform admin)", run)
