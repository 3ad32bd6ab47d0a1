"""Fixtures of the notification tests: people to notify and a WhatsApp gateway on loopback."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role

TEMPLATE = '{"target": "{phone}", "text": "{message}", "key": "{token}"}'


@dataclass
class Gateway:
    url: str
    status: int = 200
    delay: float = 0.0  # seconds the gateway takes to answer
    requests: list[dict] = field(default_factory=list)

    def bodies(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests]


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            gateway.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            time.sleep(gateway.delay)
            answer = b'{"status": true}' if gateway.status < 400 else b'{"status": false, "reason": "quota"}'
            self.send_response(gateway.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def gateway(settings, monkeypatch):
    """A gateway on 127.0.0.1 that records every request; set ``.status`` to make it fail."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    gateway = Gateway(url=f"http://127.0.0.1:{server.server_address[1]}/kirim")
    server.RequestHandlerClass = _handler(gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WHATSAPP_GATEWAY = {"URL": gateway.url, "TOKEN": "tok-123", "TEMPLATE": TEMPLATE, "TIMEOUT": 5}
    yield gateway
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def no_gateway(settings):
    settings.WHATSAPP_GATEWAY = {"URL": "", "TOKEN": "", "TEMPLATE": TEMPLATE, "TIMEOUT": 5}


def person(*, email: str = "siti@contoh.go.id", phone: str = "0812-3456-7890", agency=None):  # type: ignore[no-untyped-def]
    """An employee's user with an e-mail address and a phone number."""
    user = user_with_role(Role.EMPLOYEE, agency=agency)
    user.email = email
    user.save(update_fields=["email"])
    user.employee.phone = phone
    user.employee.save(update_fields=["phone"])
    return user
