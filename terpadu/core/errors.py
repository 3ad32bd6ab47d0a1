"""Errors raised by services. Each carries a stable code and a message in Bahasa Indonesia.

The API renders them as ``{"code", "message", "fields"}`` with ``status``; pages show the message
next to the field it names.
"""

from __future__ import annotations

from collections.abc import Mapping


class ApplicationError(Exception):
    status = 400
    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: Mapping[str, list[str] | str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields: dict[str, list[str]] = {
            key: ([value] if isinstance(value, str) else list(value)) for key, value in (fields or {}).items()
        }

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class ValidationFailed(ApplicationError):
    status = 422
    code = "validation_error"


class NotAuthenticated(ApplicationError):
    status = 401
    code = "not_authenticated"


class AccessDenied(ApplicationError):
    status = 403
    code = "forbidden"


class NotFound(ApplicationError):
    status = 404
    code = "not_found"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"


class RateLimited(ApplicationError):
    status = 429
    code = "rate_limited"
