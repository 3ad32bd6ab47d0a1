"""The morning-rush scenario at a tiny size: the data it prepares, the in-process replay (inside a test
transaction), and — on PostgreSQL, with committed data — real gunicorn workers and the threaded load
generator. Proves the scenario works, not how fast."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection

from bench.attendance_rush import CheckIn, Connection, app_server, check_outcome, prepare_rush, replay, request_bytes
from bench.generate import generate_province
from bench.measure import Options
from bench.scenarios import attendance_rush
from terpadu.attendance import checkin_rules
from terpadu.attendance.models import AttendanceEvent, Device, WorkLocation
from terpadu.directory.models import ApiToken, User


@pytest.mark.django_db
def test_prepare_gives_every_employee_a_token_a_device_and_a_position_inside_a_fence():
    gov = generate_province(seed=8, agencies=5, employees=120)

    rush = prepare_rush(gov, employees=100, repeat_share=0.1)

    assert (rush.employees, rush.locations) == (100, 5)
    assert len(rush.check_ins) == 100 + rush.repeats and rush.repeats > 0
    assert [c.at for c in rush.check_ins] == sorted(c.at for c in rush.check_ins)
    assert all(0 <= c.at <= 30 * 60 + 1 for c in rush.check_ins)
    assert Device.objects.filter(status="active").count() == ApiToken.objects.filter(name="presensi").count() == 100
    assert User.objects.filter(employee_id__in=rush.employee_ids).count() == 100
    fences = [
        checkin_rules.Fence(loc.pk, float(loc.latitude), float(loc.longitude), loc.radius_m)
        for loc in WorkLocation.objects.all()
    ]
    for check_in in rush.check_ins[:20]:
        body = json.loads(check_in.body)
        match = checkin_rules.nearest_fence(body["latitude"], body["longitude"], fences)
        assert match is not None and match.inside and body["accuracy"] <= 40


@pytest.mark.django_db
def test_the_scenario_in_process_inside_a_test_transaction():
    gov = generate_province(seed=9, agencies=4, employees=80)

    figures = attendance_rush.run(gov, Options.quick())

    assert len(figures) == 1 and figures[0].n >= 80  # every check-in, double taps included
    assert figures[0].p50_ms > 0 and figures[0].ratio is not None and figures[0].ratio > 0
    assert AttendanceEvent.objects.count() == 80


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes need a shared database server")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_real_gunicorn_workers_take_the_rush():
    gov = generate_province(seed=10, agencies=4, employees=80)
    rush = prepare_rush(gov, repeat_share=0.1)

    with app_server(workers=2, threads=2) as port:
        result = replay(port, rush.check_ins, concurrency=4)

    check_outcome(rush, [result], gov.government_id)
    assert result.statuses == {201: 80, 200: rush.repeats}
    assert len(result.latencies) == len(rush.check_ins) and result.wall_seconds > 0
    figure = attendance_rush.RushFigure("attendance_rush", "c", result.latencies, wall_seconds=result.wall_seconds)
    assert figure.per_second == pytest.approx(len(rush.check_ins) / result.wall_seconds)
    assert figure.p99_ms >= figure.p95_ms >= figure.p50_ms > 0


class _Answers(BaseHTTPRequestHandler):
    """Answers as a server may: with a length, chunked, or up to the close of the connection."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        seen = f"{self.headers['Authorization']}|{body.decode()}".encode()
        if self.path.endswith("chunked"):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(seen), seen))
        elif self.path.endswith("close"):
            self.send_response(422)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(seen)
            self.close_connection = True
        else:
            self.send_response(201)
            self.send_header("Content-Length", str(len(seen)))
            self.end_headers()
            self.wfile.write(seen)

    def log_message(self, *args: object) -> None:
        pass


def test_the_load_generator_speaks_http_1_1_with_keep_alive():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    check_in = CheckIn(0.0, "tpd_x_secret", b'{"kind": "in"}', "ref")
    request = request_bytes(port, check_in)
    assert request.startswith(b"POST /api/v1/attendance/check-ins HTTP/1.1\r\n")
    conn = Connection(port)
    try:
        assert conn.exchange(request) == (201, b'Bearer tpd_x_secret|{"kind": "in"}')
        first = conn.sock
        assert conn.exchange(request) == (201, b'Bearer tpd_x_secret|{"kind": "in"}') and conn.sock is first
        chunked = request.replace(b"check-ins HTTP", b"check-ins/chunked HTTP")
        assert conn.exchange(chunked) == (200, b'Bearer tpd_x_secret|{"kind": "in"}') and conn.sock is first
        closing = request.replace(b"check-ins HTTP", b"check-ins/close HTTP")
        assert conn.exchange(closing) == (422, b'Bearer tpd_x_secret|{"kind": "in"}') and conn.sock is None
        assert conn.exchange(request)[0] == 201  # a new connection
    finally:
        conn.close()
        server.shutdown()
        server.server_close()
