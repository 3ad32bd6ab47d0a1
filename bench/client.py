"""Requests through django.test.Client, in process (no network, no server): the whole middleware stack,
URL routing, authentication, the view or API operation and the rendering — what a worker does per request."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from terpadu.directory.models import User
from terpadu.directory.tokens import token_create

from .measure import BenchError

NONE: Mapping[str, str] = MappingProxyType({})
LOGIN_BACKEND = "terpadu.directory.auth.UsernameOrNipBackend"


def _host() -> str:
    hosts = [host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))]
    return hosts[0] if hosts else "localhost"


def bench_client() -> Client:
    return Client(HTTP_HOST=_host())


def get_ok(
    client: Client, path: str, data: Mapping[str, Any] | None = None, headers: Mapping[str, str] = NONE
) -> bytes:
    """GET over HTTPS (production settings redirect plain HTTP); the body. Anything but 200 stops the scenario."""
    response = client.get(path, data, secure=True, headers=headers)
    if response.status_code != 200:
        raise BenchError(f"GET {path} {data or ''} answered {response.status_code}: {response.content[:300]!r}")
    return response.content


def bearer(user: User) -> dict[str, str]:
    """The Authorization header of a fresh API token of ``user``."""
    _, secret = token_create(user=user, name="bench")
    return {"Authorization": f"Bearer {secret}"}


def login_verified(client: Client, user: User) -> None:
    """Log ``user`` in as if they had passed two-factor verification (a confirmed TOTP device in the session)."""
    client.force_login(user, backend=LOGIN_BACKEND)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
