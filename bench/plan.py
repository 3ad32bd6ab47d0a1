"""The province the generator writes, planned in memory first: pure and deterministic (one seeded RNG).

Rows are dicts keyed by model attribute names; ``id`` and foreign keys hold *local* ids (the index of the
row in its list), which :mod:`bench.generate` maps to database ids when it writes them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from . import names
from .names import AgencySeed

Row = dict[str, Any]
T = TypeVar("T")
EMAIL_DOMAIN = "contohprov.go.id"
LAST_DAY = date(2025, 12, 31)
PPPK_SHARE = 0.15


def between(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint(low, high)``, several times faster (the generator draws ~15 numbers per employee)."""
    return low + int(rng.random() * (high - low + 1))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


class People:
    """Civil servants with valid, unique NIPs (RULES.md §11) and NI PPPK; ``taken`` holds numbers in use."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None) -> None:
        self.rng = rng
        self.taken = taken if taken is not None else set()
        self.count = 0

    def _number(self, gender: int, senior: bool) -> tuple[str, date, date]:
        """NIP: birth YYYYMMDD · appointment YYYYMM (at 20–32 years old) · gender · sequence NNN."""
        rng = self.rng
        year, month, day = between(rng, 1966, 1982 if senior else 2000), between(rng, 1, 12), between(rng, 1, 28)
        appointed_year, appointed_month = min(year + between(rng, 20, 32), LAST_DAY.year), between(rng, 1, 12)
        stem = f"{year:04d}{month:02d}{day:02d}{appointed_year:04d}{appointed_month:02d}{gender}"
        sequence = between(rng, 1, 999)
        while f"{stem}{sequence:03d}" in self.taken:
            sequence = sequence % 999 + 1
        number = f"{stem}{sequence:03d}"
        self.taken.add(number)
        return number, date(year, month, day), date(appointed_year, appointed_month, 1)

    def _name(self, gender: int) -> tuple[str, str, str]:
        rng = self.rng
        parts = (pick(rng, names.MALE if gender == 1 else names.FEMALE), pick(rng, names.MIDDLE), pick(rng, names.LAST))
        return " ".join(part for part in parts if part), pick(rng, names.FRONT_TITLES), pick(rng, names.BACK_TITLES)

    def person(self, *, rank: str | None = None, pppk: bool | None = None) -> Row:
        """One employee (without placement); ``rank`` given: a structural post, always PNS."""
        rng = self.rng
        if pppk is None:
            pppk = rank is None and rng.random() < PPPK_SHARE
        gender = 1 if rng.random() < 0.5 else 2
        number, birth, appointed = self._number(gender, senior=rank is not None)
        name, front, back = self._name(gender)
        self.count += 1
        email = f"{name.split()[0].lower()}.{self.count}@{EMAIL_DOMAIN}"
        return {
            "kind": "pppk" if pppk else "pns",
            "nip": None if pppk else number,
            "pppk_number": number if pppk else None,
            "name": name,
            "front_title": front,
            "back_title": back,
            "birth_date": birth,
            "gender": "L" if gender == 1 else "P",
            "rank": rank or pick(rng, names.PPPK_RANKS if pppk else names.STAFF_RANKS),
            "email": email if rank is not None or rng.random() < 0.4 else "",
            "phone": f"08{between(rng, 1_100_000_000, 9_999_999_999)}" if rng.random() < 0.5 else "",
            "is_active": True,
            "_appointed": appointed,
        }


@dataclass
class Structure:
    """Units and positions of all agencies; each agency's posts in fill order (structural first)."""

    units: list[Row] = field(default_factory=list)
    positions: list[Row] = field(default_factory=list)
    #: agency -> [(position, rank)] structural posts in hierarchy order, one holder each
    posts: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    #: agency -> functional and executor positions, many holders each
    staff: dict[int, list[int]] = field(default_factory=dict)

    def unit(self, agency: int, code: str, name: str, kind: str, parent: int | None = None) -> int:
        self.units.append(
            {
                "id": len(self.units),
                "agency_id": agency,
                "parent_id": parent,
                "code": code,
                "name": name,
                "kind": kind,
                "is_active": True,
            }
        )
        return len(self.units) - 1

    def post(self, agency: int, unit: int, code: str, name: str, superior: int | None, rank: str, **extra: Any) -> int:
        position = self._position(agency, unit, code, name, "struktural", superior, **extra)
        self.posts.setdefault(agency, []).append((position, rank))
        return position

    def staff_post(self, agency: int, unit: int, code: str, name: str, kind: str, superior: int) -> int:
        position = self._position(agency, unit, code, name, kind, superior)
        self.staff.setdefault(agency, []).append(position)
        return position

    def _position(
        self,
        agency: int,
        unit: int,
        code: str,
        name: str,
        kind: str,
        superior: int | None,
        echelon: str = "",
        head: bool = False,
    ) -> int:
        self.positions.append(
            {
                "id": len(self.positions),
                "agency_id": agency,
                "org_unit_id": unit,
                "code": code,
                "name": name,
                "kind": kind,
                "echelon": echelon,
                "superior_id": superior,
                "is_agency_head": head,
                "is_active": True,
            }
        )
        return len(self.positions) - 1


def _secretariat(s: Structure, agency: int, lead: int, head: int, rng: random.Random) -> None:
    unit = s.unit(agency, "01", "Sekretariat", "sekretariat", lead)
    secretary = s.post(agency, unit, "S", "Sekretaris", head, names.SECRETARY_RANK, echelon="III.a")
    for n, title in enumerate(names.SUBSECTIONS, start=1):
        sub = s.unit(agency, f"01.{n}", f"Subbagian {title}", "subbagian", unit)
        chief = s.post(agency, sub, f"S{n}", f"Kepala Subbagian {title}", secretary, names.SECTION_RANK, echelon="IV.a")
        s.staff_post(agency, sub, f"S{n}.E", pick(rng, names.EXECUTORS), "pelaksana", chief)


def _divisions(s: Structure, agency: int, lead: int, head: int, seed: AgencySeed, rng: random.Random) -> None:
    for d, title in enumerate(names.DIVISIONS[: 3 + min(3, seed.weight // 4)], start=2):
        unit = s.unit(agency, f"{d:02d}", f"Bidang {title}", "bidang", lead)
        chief = s.post(agency, unit, f"B{d}", f"Kepala Bidang {title}", head, names.DIVISION_RANK, echelon="III.b")
        s.staff_post(agency, unit, f"B{d}.F", pick(rng, names.FUNCTIONAL), "fungsional", chief)
        for k, section in enumerate(names.SECTIONS[:2], start=1):
            sub = s.unit(agency, f"{d:02d}.{k}", f"Seksi {section} {title}", "seksi", unit)
            kasi = s.post(
                agency, sub, f"B{d}.{k}", f"Kepala Seksi {section}", chief, names.SECTION_RANK, echelon="IV.a"
            )
            s.staff_post(agency, sub, f"B{d}.{k}.E", pick(rng, names.EXECUTORS), "pelaksana", kasi)


def _technical_units(s: Structure, agency: int, lead: int, head: int, seed: AgencySeed, rng: random.Random) -> None:
    label = names.UNIT_NAMES.get(seed.kind, "UPT Wilayah")
    for n in range(1, min(12, seed.weight // 3) + 1):
        unit = s.unit(agency, f"U{n:02d}", f"{label} {n}", "upt", lead)
        chief = s.post(agency, unit, f"U{n}", f"Kepala {label} {n}", head, names.SECTION_RANK, echelon="IV.a")
        s.staff_post(agency, unit, f"U{n}.F", pick(rng, names.FUNCTIONAL), "fungsional", chief)
        s.staff_post(agency, unit, f"U{n}.E", pick(rng, names.EXECUTORS), "pelaksana", chief)


def agency_structure(s: Structure, agency: int, seed: AgencySeed, sekda: int | None, rng: random.Random) -> int:
    """Head → secretary → three sub-sections; divisions with two sections each; technical units. Returns the head."""
    lead = s.unit(agency, "00", "Pimpinan", "pimpinan")
    title = "Sekretaris Daerah" if seed.kind == "sekretariat" else f"Kepala {seed.name}"
    echelon = "I.b" if seed.kind == "sekretariat" else "II.a"
    head = s.post(agency, lead, "H", title, sekda, names.HEAD_RANK, echelon=echelon, head=True)
    _secretariat(s, agency, lead, head, rng)
    _divisions(s, agency, lead, head, seed, rng)
    _technical_units(s, agency, lead, head, seed, rng)
    return head


def quotas(weights: list[int], total: int, rng: random.Random) -> list[int]:
    """``total`` split by ``weights`` (±15 % jitter), summing exactly to ``total`` (largest remainders)."""
    shares = [weight * rng.uniform(0.85, 1.15) for weight in weights]
    exact = [total * share / sum(shares) for share in shares]
    result = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (result[i] - exact[i], i))
    for i in by_remainder[: total - sum(result)]:
        result[i] += 1
    return result


@dataclass
class ProvincePlan:
    seed: int
    agencies: list[Row]
    units: list[Row]
    positions: list[Row]
    employees: list[Row]
    placements: list[Row]
    #: local employee ids behind the bench accounts (None: the post is vacant at this size)
    platform_admin: int | None
    secretary: int | None
    #: local agency id -> local employee id of its admin (the head of general affairs, "S1")
    agency_admins: dict[int, int | None]

    def counts(self) -> dict[str, int]:
        tables = ("agencies", "units", "positions", "employees", "placements")
        return {table: len(getattr(self, table)) for table in tables}


def _agency_rows(seeds: list[AgencySeed]) -> list[Row]:
    return [
        {
            "id": i,
            "code": s.code,
            "name": s.name,
            "short_name": s.short_name,
            "kind": s.kind,
            "is_active": True,
            "address": f"Jl. El Tari No. {i + 1}, Kota Contoh",
            "phone": f"(0380) {830000 + i}",
            "email": f"{s.short_name.lower().replace(' ', '')}@{EMAIL_DOMAIN}",
        }
        for i, s in enumerate(seeds)
    ]


def _holders(s: Structure, agency: int, quota: int, rng: random.Random) -> list[tuple[int, str | None]]:
    """The position of each of the agency's employees: structural posts first (one holder each), then
    the rest spread over its functional and executor positions."""
    holders: list[tuple[int, str | None]] = [(position, rank) for position, rank in s.posts[agency][:quota]]
    staff = s.staff[agency]
    holders.extend((pick(rng, staff), None) for _ in range(quota - len(holders)))
    return holders


def _place(plan: ProvincePlan, person: Row, position: Row, rng: random.Random) -> int:
    employee = len(plan.employees)
    appointed: date = person.pop("_appointed")
    start = max(appointed, date(between(rng, 2015, LAST_DAY.year), between(rng, 1, 12), 1))
    where = {"agency_id": position["agency_id"], "org_unit_id": position["org_unit_id"], "position_id": position["id"]}
    plan.employees.append({"id": employee, **person, **where})
    plan.placements.append(
        {
            "id": len(plan.placements),
            "employee_id": employee,
            **where,
            "kind": "pengangkatan",
            "start_date": start,
            "end_date": None,
            "note": "",
            "decree_number": f"800.1.6/{employee + 1}/BKD/{start.year}",
        }
    )
    return employee


def _staff(plan: ProvincePlan, s: Structure, employees: int, rng: random.Random) -> None:
    people = People(rng)
    weights = [seed.weight for seed in names.agency_seeds(len(plan.agencies))]
    platform = next((a["id"] for a in plan.agencies if a["code"] == names.PLATFORM_AGENCY), 0)
    for agency, quota in enumerate(quotas(weights, employees, rng)):
        for position, rank in _holders(s, agency, quota, rng):
            row = s.positions[position]
            employee = _place(plan, people.person(rank=rank), row, rng)
            if row["code"] == "S1":
                plan.agency_admins[agency] = employee
            elif agency == 0 and row["code"] == "H":
                plan.secretary = employee
            elif agency == platform and rank is None and plan.platform_admin is None:
                plan.platform_admin = employee


def plan_province(*, seed: int, agencies: int, employees: int) -> ProvincePlan:
    """The whole province: ``agencies`` agencies (Setda first) and exactly ``employees`` employees."""
    if agencies < 1 or employees < 0:
        raise ValueError("a province needs at least one agency and a non-negative number of employees")
    rng = random.Random(seed)
    seeds = names.agency_seeds(agencies)
    structure = Structure()
    sekda: int | None = None
    for i, agency_seed in enumerate(seeds):
        head = agency_structure(structure, i, agency_seed, sekda, rng)
        sekda = head if sekda is None else sekda
    plan = ProvincePlan(
        seed,
        _agency_rows(seeds),
        structure.units,
        structure.positions,
        [],
        [],
        None,
        None,
        dict.fromkeys(range(agencies)),
    )
    _staff(plan, structure, employees, rng)
    return plan
