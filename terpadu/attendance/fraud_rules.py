"""Fraud detectors over one day's attendance events of one government (issue 5 item 2). Pure: no database.

Each detector takes plain :class:`EventFact` rows and returns :class:`Finding` clusters: a kind (the values
of ``AnomalyFlag.Kind``), the employees, a stable group key and the evidence (a JSON-able dict naming the
events, coordinates, times, counts and the thresholds used). A finding is a reason to look, never a
verdict: the superior reviews it, and nothing here changes a recap.

Thresholds (:class:`FraudSettings`, DEFAULT — tune per government):

- same coordinate: ≥ 3 employees at one coordinate identical to 6 decimals (≈ 11 cm); two real phones
  never report the same reading, a fake-GPS app set to the office does. Government-wide.
- implausible accuracy: below 1 m (0 included) on a phone event; or one whole-metre value repeated by
  ≥ 10 employees of one agency (mock-location apps report a fixed value; iPhones round to whole metres,
  hence the high default).
- impossible travel: two consecutive events of one employee further apart than 1 km (shorter jumps are
  GPS noise) at more than 200 km/h — or at the same second.
- shared device: one device key used by ≥ 2 employees. Shared IP: one address used by ≥ 20 employees —
  high on purpose, since a whole office behind one NAT shares its public address.
- same second: ≥ 3 employees of one agency at the identical second, and at least 5× the average rate of
  the ±30 s around it (so that an ordinary morning rush in a big agency is not a cluster). All sources.

Only phone events (GPS, QR) are read for coordinates and accuracy; machine and correction events have none.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Any

EARTH_RADIUS_M = 6_371_000.0
MICRODEGREE = Decimal("0.000001")
#: the note the shared-IP evidence carries (office NAT)
NAT_NOTE = (
    "Satu kantor di belakang NAT memakai satu alamat IP publik; karena itu ambangnya sengaja tinggi. "
    "Periksa apakah alamat ini alamat jaringan kantor."
)


class Kind(StrEnum):
    """The kinds of findings (the same values as ``AnomalyFlag.Kind``)."""

    SAME_COORDINATE = "same_coordinate"
    IMPLAUSIBLE_ACCURACY = "implausible_accuracy"
    IMPOSSIBLE_TRAVEL = "impossible_travel"
    SHARED_DEVICE = "shared_device"
    SHARED_IP = "shared_ip"
    SAME_SECOND = "same_second"


PHONE_SOURCES = frozenset({"gps", "qr"})


@dataclass(frozen=True)
class EventFact:
    """One attendance event as the detectors see it. ``occurred_at`` is the server's time, aware (UTC)."""

    event_id: int
    employee_id: int
    agency_id: int | None
    occurred_at: datetime
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None
    accuracy_m: float | None = None
    #: the device's identity (its key hash): the same key on two employees is one phone
    device_id: str | None = None
    ip: str | None = None
    source: str = "gps"

    @property
    def has_position(self) -> bool:
        return self.source in PHONE_SOURCES and self.latitude is not None and self.longitude is not None

    @property
    def coordinate(self) -> tuple[Decimal, Decimal]:
        assert self.latitude is not None and self.longitude is not None
        return _micro(self.latitude), _micro(self.longitude)

    @property
    def second(self) -> datetime:
        return self.occurred_at.astimezone(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class FraudSettings:
    """The thresholds of the detectors (DEFAULT values; see the module docstring)."""

    same_coordinate_min_employees: int = 3
    accuracy_floor_m: float = 1.0
    repeated_accuracy_min_employees: int = 10
    travel_max_speed_kmh: float = 200.0
    travel_min_distance_m: float = 1000.0
    shared_device_min_employees: int = 2
    shared_ip_min_employees: int = 20
    same_second_min_employees: int = 3
    same_second_factor: int = 5
    same_second_window_s: int = 30

    def __post_init__(self) -> None:
        counts = (
            self.same_coordinate_min_employees,
            self.repeated_accuracy_min_employees,
            self.shared_device_min_employees,
            self.shared_ip_min_employees,
            self.same_second_min_employees,
        )
        if min(counts) < 2:
            raise ValueError("a cluster needs at least 2 employees")
        if self.accuracy_floor_m <= 0 or self.travel_max_speed_kmh <= 0 or self.travel_min_distance_m < 0:
            raise ValueError("accuracy floor and speed must be positive, distance not negative")
        if self.same_second_factor < 1 or self.same_second_window_s < 0:
            raise ValueError("same-second factor must be ≥ 1 and the window not negative")


DEFAULT_SETTINGS = FraudSettings()


@dataclass(frozen=True)
class Finding:
    kind: Kind
    group_key: str
    employee_ids: tuple[int, ...]
    event_ids: tuple[int, ...]
    evidence: dict[str, Any] = field(compare=False)


# ── helpers ──────────────────────────────────────────────────────────────────────────────────────────


def _micro(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(MICRODEGREE, rounding=ROUND_HALF_EVEN)


def iso(moment: datetime) -> str:
    """A UTC time as ``2026-05-04T23:21:14Z`` (microseconds kept when there are any)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def describe(event: EventFact) -> dict[str, Any]:
    """One event in the evidence: what a reviewer reads."""
    return {
        "event_id": event.event_id,
        "employee_id": event.employee_id,
        "agency_id": event.agency_id,
        "time": iso(event.occurred_at),
        "source": event.source,
        "latitude": str(_micro(event.latitude)) if event.latitude is not None else None,
        "longitude": str(_micro(event.longitude)) if event.longitude is not None else None,
        "accuracy_m": event.accuracy_m,
        "device": event.device_id[:12] if event.device_id else None,
        "ip": event.ip,
    }


def _ordered(events: Iterable[EventFact]) -> list[EventFact]:
    return sorted(events, key=lambda e: (e.occurred_at, e.event_id))


def _employees(events: Iterable[EventFact]) -> tuple[int, ...]:
    return tuple(sorted({e.employee_id for e in events}))


def _finding(kind: Kind, key: str, events: Sequence[EventFact], evidence: dict[str, Any]) -> Finding:
    ordered = _ordered(events)
    employees = _employees(ordered)
    body = {
        **evidence,
        "employee_count": len(employees),
        "employee_ids": list(employees),
        "event_ids": [e.event_id for e in ordered],
        "first_time": iso(ordered[0].occurred_at),
        "last_time": iso(ordered[-1].occurred_at),
        "events": [describe(e) for e in ordered],
    }
    return Finding(kind, key, employees, tuple(e.event_id for e in ordered), body)


def _clusters(
    events: Iterable[EventFact], key: Callable[[EventFact], Hashable | None], min_employees: int
) -> list[tuple[Any, list[EventFact]]]:
    """Events grouped by ``key`` (None: left out), keeping groups of at least ``min_employees`` employees."""
    groups: dict[Any, list[EventFact]] = defaultdict(list)
    for event in events:
        value = key(event)
        if value is not None:
            groups[value].append(event)
    return [(value, group) for value, group in groups.items() if len(_employees(group)) >= min_employees]


# ── detectors ────────────────────────────────────────────────────────────────────────────────────────


def same_coordinate(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """Many employees at one coordinate identical to 6 decimals."""
    threshold = settings.same_coordinate_min_employees
    findings = []
    for (lat, lon), group in _clusters((e for e in events if e.has_position), lambda e: e.coordinate, threshold):
        evidence = {"latitude": str(lat), "longitude": str(lon), "decimals": 6, "min_employees": threshold}
        findings.append(_finding(Kind.SAME_COORDINATE, f"{lat},{lon}", group, evidence))
    return findings


def _accuracy_events(events: Iterable[EventFact]) -> list[EventFact]:
    return [e for e in events if e.source in PHONE_SOURCES and e.accuracy_m is not None]


def low_accuracy(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """Accuracy below the floor (0 m, 0.5 m…): no phone measures its position that well. One cluster per
    agency."""
    floor = settings.accuracy_floor_m
    low = [e for e in _accuracy_events(events) if e.accuracy_m is not None and e.accuracy_m < floor]
    findings = []
    for agency_id, group in _clusters(low, lambda e: e.agency_id or 0, 1):
        evidence = {"rule": "below_floor", "accuracy_floor_m": floor, "agency_id": agency_id or None}
        findings.append(_finding(Kind.IMPLAUSIBLE_ACCURACY, f"below:{agency_id}:{floor:g}", group, evidence))
    return findings


def _whole_metres(event: EventFact) -> tuple[int | None, float] | None:
    value = event.accuracy_m
    if value is None or value != math.floor(value):
        return None
    return event.agency_id, value


def repeated_accuracy(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """One whole-metre accuracy value repeated by many employees of one agency (values under the floor are
    :func:`low_accuracy`'s)."""
    threshold = settings.repeated_accuracy_min_employees
    candidates = [e for e in _accuracy_events(events) if (e.accuracy_m or 0) >= settings.accuracy_floor_m]
    findings = []
    for (agency_id, value), group in _clusters(candidates, _whole_metres, threshold):
        evidence = {"rule": "repeated_value", "accuracy_m": value, "agency_id": agency_id, "min_employees": threshold}
        findings.append(_finding(Kind.IMPLAUSIBLE_ACCURACY, f"repeat:{agency_id or 0}:{value:g}", group, evidence))
    return findings


def _travel(a: EventFact, b: EventFact, settings: FraudSettings) -> dict[str, Any] | None:
    (lat1, lon1), (lat2, lon2) = a.coordinate, b.coordinate
    distance = haversine_m(float(lat1), float(lon1), float(lat2), float(lon2))
    seconds = (b.occurred_at - a.occurred_at).total_seconds()
    if distance <= settings.travel_min_distance_m:
        return None
    speed = distance / seconds * 3.6 if seconds > 0 else None
    if speed is not None and speed <= settings.travel_max_speed_kmh:
        return None
    return {
        "distance_m": round(distance),
        "seconds": round(seconds, 3),
        "speed_kmh": round(speed, 1) if speed is not None else None,
        "max_speed_kmh": settings.travel_max_speed_kmh,
        "min_distance_m": settings.travel_min_distance_m,
    }


def impossible_travel(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """Consecutive positions of one employee too far apart for the time between them."""
    per_employee: dict[int, list[EventFact]] = defaultdict(list)
    for event in events:
        if event.has_position:
            per_employee[event.employee_id].append(event)
    findings = []
    for employee_events in per_employee.values():
        ordered = _ordered(employee_events)
        for a, b in pairwise(ordered):
            evidence = _travel(a, b, settings)
            if evidence is not None:
                key = f"{a.event_id}-{b.event_id}"
                findings.append(_finding(Kind.IMPOSSIBLE_TRAVEL, key, (a, b), evidence | {"min_employees": 1}))
    return findings


def shared_device(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """One device (key) used by several employees."""
    threshold = settings.shared_device_min_employees
    findings = []
    for device, group in _clusters(events, lambda e: e.device_id or None, threshold):
        evidence = {"device": device[:12], "min_employees": threshold}
        findings.append(_finding(Kind.SHARED_DEVICE, str(device)[:64], group, evidence))
    return findings


def shared_ip(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """One IP address used by many employees (the threshold allows for an office NAT)."""
    threshold = settings.shared_ip_min_employees
    findings = []
    for address, group in _clusters(events, lambda e: e.ip or None, threshold):
        evidence = {"ip": address, "min_employees": threshold, "note": NAT_NOTE}
        findings.append(_finding(Kind.SHARED_IP, str(address), group, evidence))
    return findings


def _busy_window(per_second: dict[datetime, list[EventFact]], second: datetime, half: int) -> int:
    """Employees checking in within ``half`` seconds either side of ``second`` (itself included)."""
    return sum(
        len(_employees(per_second.get(second + timedelta(seconds=offset), ()))) for offset in range(-half, half + 1)
    )


def same_second(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """Employees of one agency at the identical second, far above the rate around it."""
    by_agency: dict[int | None, dict[datetime, list[EventFact]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        by_agency[event.agency_id][event.second].append(event)
    threshold, factor, half = (
        settings.same_second_min_employees,
        settings.same_second_factor,
        settings.same_second_window_s,
    )
    findings = []
    for agency_id, per_second in by_agency.items():
        for second, group in per_second.items():
            count = len(_employees(group))
            if count < threshold:
                continue
            around = _busy_window(per_second, second, half)
            if count * (2 * half + 1) < factor * around:
                continue
            evidence = {
                "second": iso(second),
                "agency_id": agency_id,
                "employees_in_window": around,
                "window_s": half,
                "factor": factor,
                "min_employees": threshold,
                "devices": len({e.device_id for e in group if e.device_id}),
                "ips": len({e.ip for e in group if e.ip}),
            }
            findings.append(_finding(Kind.SAME_SECOND, f"{agency_id or 0}@{iso(second)}", group, evidence))
    return findings


DETECTORS: tuple[Callable[[Iterable[EventFact], FraudSettings], list[Finding]], ...] = (
    same_coordinate,
    low_accuracy,
    repeated_accuracy,
    impossible_travel,
    shared_device,
    shared_ip,
    same_second,
)


def detect_all(events: Iterable[EventFact], settings: FraudSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """Every detector over the day's events, in a stable order (kind, group key)."""
    facts = list(events)
    findings = [finding for detector in DETECTORS for finding in detector(facts, settings)]
    return sorted(findings, key=lambda f: (f.kind.value, f.group_key))
