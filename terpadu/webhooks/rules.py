"""Pure rules of webhook delivery: where we may send, how we sign, when we retry. No database."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

#: wait after the 1st, 2nd … failed attempt; after MAX_ATTEMPTS failures the delivery gives up
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
SIGNATURE_HEADER = "X-Terpadu-Signature"
EVENT_HEADER = "X-Terpadu-Event"
DELIVERY_HEADER = "X-Terpadu-Delivery"
_EVENT_NAMESPACE = uuid.UUID("6f1c2f4e-2b7a-4d1e-9a51-7e0d3c0b9a10")


def next_delay(failed_attempts: int) -> timedelta | None:
    """How long to wait after ``failed_attempts`` failures in a row (``None``: give up)."""
    if failed_attempts < 1 or failed_attempts >= MAX_ATTEMPTS:
        return None
    return BACKOFF[failed_attempts - 1]


def signature(secret: str, body: bytes) -> str:
    """The value of the signature header: ``sha256=<hex HMAC-SHA256 of the raw body>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def event_id(government_id: int, idempotency_key: str) -> uuid.UUID:
    """One stable id per event: the same for every endpoint, every retry and every re-publish."""
    return uuid.uuid5(_EVENT_NAMESPACE, f"{government_id}:{idempotency_key}")


def body(*, event: str, event_type: str, created_at: str, government_id: int, data: Any) -> bytes:
    """The JSON body, serialised the same way on every attempt."""
    document = {"id": event, "type": event_type, "created_at": created_at, "government_id": government_id, "data": data}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def is_loopback(host: str) -> bool:
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot receive webhooks (``None`` when it can): https only, except on loopback."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        return "Alamat webhook tidak valid."
    if parts.scheme not in {"http", "https"} or not host:
        return "Alamat webhook harus berupa URL lengkap yang diawali https://."
    if parts.username or parts.password:
        return "Alamat webhook tidak boleh memuat nama pengguna atau sandi."
    if parts.scheme == "http" and not is_loopback(host):
        return "Alamat webhook harus memakai https:// (http:// hanya untuk 127.0.0.1 atau localhost)."
    return None
