"""The morning rush of E-Absen: every employee of the generated province checks in within 30 simulated
minutes, replayed as fast as the server takes it.

- ``prepare_rush``: an account with a bearer token, a registered device and a position inside a work
  location of their agency for each employee (COPY on PostgreSQL), the arrivals spread over 30 minutes
  (most between 07:15 and 07:30) and a few double taps (the same ``client_ref`` twice).
- ``app_server``: real gunicorn worker processes serving the project's WSGI app on loopback.
- ``replay``: a load generator — threads, each with its own keep-alive HTTP/1.1 connection, posting the
  check-ins in arrival order to ``POST /api/v1/attendance/check-ins`` (requests encoded beforehand, responses
  read without http.client's header parsing: the generator shares the CPUs with the server); the status of
  every response, the latency of every request, the wall time.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from terpadu.attendance.models import AttendanceEvent, Device, WorkLocation
from terpadu.core.roles import Role
from terpadu.directory.models import ApiToken, Employee, RoleAssignment, User

from .bulk import insert_rows, reserve_ids
from .generate import GeneratedGovernment
from .measure import BenchError

PATH = "/api/v1/attendance/check-ins"
SIMULATED_SECONDS = 30 * 60
#: the province's offices, a few hundred metres apart around Kota Contoh
CENTRE = (-10.158, 123.606)
RADIUS_M = 150
DEGREE_M = 111_195.0
BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class CheckIn:
    """One submission as the phone sends it, ``at`` seconds into the simulated half hour."""

    at: float
    token: str
    body: bytes
    client_ref: str
    repeat: bool = False


@dataclass(frozen=True)
class Rush:
    employees: int
    locations: int
    check_ins: tuple[CheckIn, ...]
    employee_ids: tuple[int, ...]

    @property
    def repeats(self) -> int:
        return sum(1 for c in self.check_ins if c.repeat)


def _locations(gov: GeneratedGovernment) -> dict[int, tuple[float, float]]:
    """One work location per agency on a grid (about 330 m apart); agency id → its centre."""
    points: dict[int, tuple[float, float]] = {}
    rows = []
    for n, agency_id in enumerate(gov.agency_ids):
        row, column = divmod(n, 8)
        lat, lon = CENTRE[0] - 0.003 * row, CENTRE[1] + 0.003 * column
        points[agency_id] = (lat, lon)
        rows.append(
            WorkLocation(
                government_id=gov.government_id,
                agency_id=agency_id,
                name=f"Kantor OPD {n + 1}",
                latitude=Decimal(f"{lat:.6f}"),
                longitude=Decimal(f"{lon:.6f}"),
                radius_m=RADIUS_M,
            )
        )
    WorkLocation.objects.bulk_create(rows)
    return points


def _secret(rng: random.Random, prefix: str = "") -> str:
    return prefix + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(40))


def _accounts(gov: GeneratedGovernment, people: Sequence[tuple[int, int]], rng: random.Random) -> list[tuple[str, str]]:
    """An account (the existing one for the generated admins), a bearer token and an active device per
    employee; returns (bearer secret, device token) per employee."""
    now = timezone.now()
    existing = dict(User.objects.filter(employee_id__isnull=False).values_list("employee_id", "pk"))
    fresh = iter(reserve_ids(User, sum(1 for employee_id, _ in people if employee_id not in existing)))
    password = make_password(None)
    users: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    tokens: list[dict[str, Any]] = []
    devices: list[dict[str, Any]] = []
    secrets: list[tuple[str, str]] = []
    for n, (employee_id, agency_id) in enumerate(people):
        user_id = existing.get(employee_id)
        if user_id is None:
            user_id = next(fresh)
            users.append(
                {"id": user_id, "username": f"rush{gov.seed}.{employee_id}", "password": password, "date_joined": now}
                | {"government_id": gov.government_id, "employee_id": employee_id}
            )
            roles.append({"user_id": user_id, "role": Role.EMPLOYEE.value, "agency_id": agency_id, "granted_at": now})
        prefix = f"r{gov.seed % 1000:03d}{n:07d}"[:12]
        bearer, device = f"tpd_{prefix}_{_secret(rng)}", _secret(rng, "dev-")
        secrets.append((bearer, device))
        tokens.append(
            {"user_id": user_id, "name": "presensi", "prefix": prefix, "created_at": now}
            | {"key_hash": hashlib.sha256(bearer.encode()).hexdigest(), "expires_at": now + timedelta(days=365)}
        )
        devices.append(
            {"government_id": gov.government_id, "agency_id": agency_id, "employee_id": employee_id}
            | {"key_hash": hashlib.sha256(device.encode()).hexdigest(), "label": "Android", "status": "active"}
            | {"requested_at": now, "decided_at": now}
        )
    insert_rows(User, users)
    for model, rows in ((RoleAssignment, roles), (ApiToken, tokens), (Device, devices)):
        ids = reserve_ids(model, len(rows))
        insert_rows(model, [{"id": pk, **row} for pk, row in zip(ids, rows, strict=True)])
    return secrets


def _arrival(rng: random.Random) -> float:
    """Seconds after 07:00: a triangular crowd peaking at 07:24, all within the half hour."""
    return rng.triangular(0, SIMULATED_SECONDS, 0.8 * SIMULATED_SECONDS)


def _body(rng: random.Random, point: tuple[float, float], device: str, ref: str) -> bytes:
    metres, bearing = rng.uniform(0, 0.7 * RADIUS_M), rng.uniform(0, 2 * math.pi)
    lat = point[0] + metres * math.cos(bearing) / DEGREE_M
    lon = point[1] + metres * math.sin(bearing) / (DEGREE_M * math.cos(math.radians(point[0])))
    payload = {"kind": "in", "latitude": round(lat, 6), "longitude": round(lon, 6)}
    payload |= {"accuracy": round(rng.uniform(4, 40), 1), "client_ref": ref, "device_token": device}
    return json.dumps(payload).encode()


def prepare_rush(gov: GeneratedGovernment, *, employees: int | None = None, repeat_share: float = 0.01) -> Rush:
    """Accounts, devices and locations for the rush, and the check-ins in arrival order."""
    rng = random.Random(gov.seed * 7 + 5)
    active = Employee.objects.filter(government_id=gov.government_id, is_active=True, agency__isnull=False)
    people = list(active.order_by("pk").values_list("pk", "agency_id"))[: employees or None]
    points = _locations(gov)
    secrets = _accounts(gov, people, rng)
    check_ins: list[CheckIn] = []
    for (employee_id, agency_id), (bearer, device) in zip(people, secrets, strict=True):
        ref = f"rush-{employee_id}"
        first = CheckIn(_arrival(rng), bearer, _body(rng, points[agency_id], device, ref), ref)
        check_ins.append(first)
        if rng.random() < repeat_share:  # a double tap, a second later
            check_ins.append(CheckIn(first.at + 1, bearer, first.body, ref, repeat=True))
    check_ins.sort(key=lambda c: c.at)
    return Rush(len(people), len(points), tuple(check_ins), tuple(pk for pk, _ in people))


# --- the app server ----------------------------------------------------------------------------------------


def database_url() -> str:
    """The URL of the database this process uses (the test database under pytest)."""
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{s['NAME']}"
    auth = quote(str(s.get("USER") or "postgres"))
    if s.get("PASSWORD"):
        auth += ":" + quote(str(s["PASSWORD"]))
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise BenchError("gunicorn did not answer within 30 s")


@contextmanager
def app_server(*, workers: int = 3, threads: int = 1) -> Iterator[int]:
    """Real gunicorn workers (sync, or gthread with ``threads`` > 1) on a free loopback port; yields the port.
    Production settings, as behind a TLS-terminating proxy (X-Forwarded-Proto)."""
    port = _free_port()
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "TERPADU_BEHIND_PROXY": "1",
        "TERPADU_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BASE_DIR), os.environ.get("PYTHONPATH")])),
    }
    env.pop("TERPADU_TESTING", None)
    command = [sys.executable, "-m", "gunicorn", "terpadu.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--backlog", "2048", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL)
    try:
        _wait_ready(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the load generator ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    latencies: tuple[float, ...]
    statuses: dict[int, int]
    wall_seconds: float
    failures: tuple[str, ...]


def request_bytes(port: int, check_in: CheckIn) -> bytes:
    """The whole HTTP/1.1 request of a check-in, as http.client would send it (headers and body in one send),
    encoded before the replay starts: the load generator shares the CPUs with the server it measures."""
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: identity\r\n"
        f"Content-Length: {len(check_in.body)}\r\nAuthorization: Bearer {check_in.token}\r\n"
        "Content-Type: application/json\r\nX-Forwarded-Proto: https\r\n"
        "User-Agent: Mozilla/5.0 (Linux; Android 14) bench\r\n\r\n"
    )
    return head.encode("latin-1") + check_in.body


class Connection:
    """One keep-alive HTTP/1.1 connection to the server, reopened when the server closes it. Reads the status
    line and the headers, then the body by Content-Length (or chunked, or up to the close) — what http.client
    does, without parsing every header into a message object."""

    def __init__(self, port: int, timeout: float = 30) -> None:
        self.port, self.timeout = port, timeout
        self.sock: socket.socket | None = None
        self.buffer = b""

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        """Send one request, read its response: (status, body)."""
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        self.sock.sendall(request)
        status_line, *lines = self._until(b"\r\n\r\n").split(b"\r\n")
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
            raise http.client.BadStatusLine(status_line.decode("latin-1"))
        headers = {}
        for line in lines:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        if b"content-length" in headers:
            body = self._exactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding") == b"chunked":
            body = self._chunked()
        else:
            body = self._until_closed()
        if headers.get(b"connection") == b"close" or parts[0] == b"HTTP/1.0":
            self.close()
        return int(parts[1]), body

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def _fill(self) -> bool:
        assert self.sock is not None
        data = self.sock.recv(65536)
        self.buffer += data
        return bool(data)

    def _until(self, marker: bytes) -> bytes:
        while (end := self.buffer.find(marker)) < 0:
            if not self._fill():
                raise http.client.RemoteDisconnected("the server closed the connection")
        found, self.buffer = self.buffer[:end], self.buffer[end + len(marker) :]
        return found

    def _exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            if not self._fill():
                raise http.client.IncompleteRead(self.buffer)
        found, self.buffer = self.buffer[:size], self.buffer[size:]
        return found

    def _chunked(self) -> bytes:
        body = b""
        while size := int(self._until(b"\r\n").split(b";")[0], 16):
            body += self._exactly(size)
            self._until(b"\r\n")
        while self._until(b"\r\n"):  # trailers, up to the empty line
            pass
        return body

    def _until_closed(self) -> bytes:
        while self._fill():
            pass
        found = self.buffer
        self.close()
        return found


def replay(port: int, check_ins: Sequence[CheckIn], *, concurrency: int = 12) -> Replay:
    """Post every check-in in arrival order from ``concurrency`` threads, each with its own keep-alive
    connection; the latency of each request and the status of each response."""
    lock = threading.Lock()
    cursor = iter([request_bytes(port, check_in) for check_in in check_ins])
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures: list[str] = []

    def worker() -> None:
        conn = Connection(port)
        while True:
            with lock:
                request = next(cursor, None)
            if request is None:
                break
            started = time.perf_counter()
            try:
                status, body = conn.exchange(request)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                conn.close()
                status, body = 0, str(exc).encode()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status not in (200, 201) and len(failures) < 5:
                    failures.append(f"{status}: {body[:200]!r}")
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Replay(tuple(latencies), statuses, time.perf_counter() - started, tuple(failures))


def check_outcome(rush: Rush, results: Sequence[Replay], government_id: int) -> None:
    """Every employee checked in once, every double tap answered with the first event."""
    statuses: dict[int, int] = {}
    for result in results:
        for status, count in result.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    expected = {status: count for status, count in {201: rush.employees, 200: rush.repeats}.items() if count}
    if statuses != expected:
        failures = [failure for result in results for failure in result.failures]
        raise BenchError(f"answers {statuses}, expected {expected}; first failures: {failures}")
    stored = AttendanceEvent.objects.filter(government_id=government_id, employee_id__in=rush.employee_ids).count()
    if stored != rush.employees:
        raise BenchError(f"{stored} events stored for {rush.employees} employees")
