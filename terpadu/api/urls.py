"""The REST API: /api/v1/, OpenAPI at /api/v1/openapi.json. One error format for every 4xx."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from terpadu.attendance.api import router as attendance_router
from terpadu.calendar.api import router as calendar_router
from terpadu.core.errors import ApplicationError
from terpadu.correspondence.api import dispositions_router
from terpadu.correspondence.api import router as letters_router
from terpadu.correspondence.api_verify import router as verify_router
from terpadu.deadlines.api import router as deadlines_router
from terpadu.directory.api import auth_router, directory_router
from terpadu.directory.api_imports import imports_router
from terpadu.documents.api import router as documents_router
from terpadu.notifications.api import router as notifications_router
from terpadu.planning.api import router as planning_router
from terpadu.webhooks.api import router as webhooks_router

from .auth import BearerToken, SessionAuth
from .messages import indonesian

api = NinjaAPI(
    title="Terpadu API",
    version="1",
    description="API Terpadu (SPBE). Autentikasi: header `Authorization: Bearer <token>` dari POST /api/v1/auth/token.",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, message: str, fields: dict | None = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", []) if part not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "non_field", []).append(indonesian(err))
    return _error(request, 422, "validation_error", "Data yang dikirim tidak valid.", fields)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", "Autentikasi diperlukan: kirim token Bearer yang sah.")


@api.exception_handler(AuthorizationError)
def authorization_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return _error(request, 403, "forbidden", "Anda tidak memiliki akses ke data ini.")


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", "Anda tidak memiliki akses ke data ini.")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Data tidak ditemukan.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


api.add_router("/auth", auth_router)
api.add_router("/", directory_router)
api.add_router("/directory", imports_router)
api.add_router("/", calendar_router)
api.add_router("/notifications", notifications_router)
api.add_router("/documents", documents_router)
api.add_router("/webhooks", webhooks_router)
api.add_router("/deadlines", deadlines_router)
api.add_router("/attendance", attendance_router)
api.add_router("/verify", verify_router)
api.add_router("/letters", letters_router)
api.add_router("/dispositions", dispositions_router)
api.add_router("/planning", planning_router)
