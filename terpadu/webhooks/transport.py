"""The outbound HTTP POST of a delivery: no redirects followed, a timeout, the outcome measured."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

EXCERPT_BYTES = 500


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (3xx, not 2xx), never followed: the receiver's URL is the one registered."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _excerpt(raw: bytes) -> str:
    return raw[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Outcome:
    """POST ``body`` to ``url`` (already checked to be https or loopback http)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Outcome(response.status, _elapsed(started), excerpt=_excerpt(response.read(EXCERPT_BYTES)))
    except urllib.error.HTTPError as exc:
        return Outcome(exc.code, _elapsed(started), excerpt=_excerpt(exc.read(EXCERPT_BYTES)))
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        return Outcome(None, _elapsed(started), error=f"{type(exc).__name__}: {exc}"[:500])
