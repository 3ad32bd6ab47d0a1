"""Directory API: tokens, the caller, agencies and employees (all scoped)."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from terpadu.core.access import AUTHENTICATED, PUBLIC, api_access
from terpadu.core.apischema import ERRORS, ErrorOut, Pages
from terpadu.core.errors import AccessDenied, NotAuthenticated, ValidationFailed
from terpadu.core.scoping import get_for_user

from . import account_services, selectors, services, tokens
from .auth import two_factor_required
from .models import Agency, Employee, OrgUnit, Position

auth_router = Router(tags=["auth"])
directory_router = Router(tags=["direktori"])


# --- tokens -------------------------------------------------------------------------------------


class TokenIn(Schema):
    username: str = Field(..., description="username atau NIP")
    password: str
    name: str = "API"
    otp: str | None = Field(None, description="kode TOTP, wajib untuk peran yang memakai verifikasi dua langkah")
    days: int | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


def _check_second_factor(user: Any, code: str | None) -> None:
    """The same check (and wrong-code limit) as the login page's second step."""
    if not two_factor_required(user):
        return
    try:
        account_services.two_factor_check(user=user, code=code or "")
    except ValidationFailed:
        raise ValidationFailed(
            "Kode verifikasi dua langkah (otp) wajib dan harus benar.", fields={"otp": "Kode salah."}
        ) from None


@auth_router.post("/token", auth=None, response={201: TokenCreatedOut, **ERRORS, 429: ErrorOut})
@api_access(PUBLIC)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise NotAuthenticated("Username/NIP atau kata sandi salah.", code="invalid_credentials")
    _check_second_factor(user, payload.otp)
    if user.must_change_password:
        raise AccessDenied("Ganti kata sandi sementara Anda di halaman Akun saya terlebih dahulu.")
    token, secret = tokens.token_create(user=user, name=payload.name, days=payload.days)
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": secret})


@auth_router.get("/tokens", response={200: list[TokenOut], **ERRORS})
@api_access(AUTHENTICATED)
def token_list(request: HttpRequest) -> Any:
    return tokens.token_list(user=request.user)  # type: ignore[arg-type]


@auth_router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS})
@api_access(AUTHENTICATED)
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    return tokens.token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]


# --- me, agencies, employees --------------------------------------------------------------------


class RoleOut(Schema):
    role: str
    agency_id: int | None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    government_id: int | None
    employee_id: int | None
    roles: list[RoleOut]


@directory_router.get("/me", response={200: MeOut, **ERRORS}, tags=["auth"])
@api_access(AUTHENTICATED)
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "government_id": user.government_id,
        "employee_id": user.employee_id,
        "roles": [{"role": r, "agency_id": a} for r, a in user.role_assignments.values_list("role", "agency_id")],
    }


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    is_active: bool


@directory_router.get("/agencies", response={200: list[AgencyOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def agency_list(request: HttpRequest, q: str = "", kind: str = "") -> Any:
    return selectors.agency_list_for_user(user=request.user, q=q, kind=kind)


@directory_router.get("/agencies/{agency_id}", response={200: AgencyOut, **ERRORS})
@api_access(AUTHENTICATED)
def agency_detail(request: HttpRequest, agency_id: int) -> Any:
    return get_for_user(Agency, request.user, agency_id)


class EmployeeOut(Schema):
    id: int
    kind: str
    nip: str | None
    pppk_number: str | None
    name: str
    full_name: str
    front_title: str
    back_title: str
    gender: str
    birth_date: date | None
    rank: str
    email: str
    phone: str
    agency_id: int | None
    agency_code: str | None = Field(None, alias="agency.code")
    org_unit_id: int | None
    position_id: int | None
    position_name: str | None = Field(None, alias="position.name")
    is_active: bool


@directory_router.get("/employees", response={200: list[EmployeeOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def employee_list(
    request: HttpRequest,
    q: str = "",
    agency_id: int | None = None,
    org_unit_id: int | None = None,
    kind: str = "",
    active: bool | None = True,
) -> Any:
    return selectors.employee_list_for_user(
        user=request.user, q=q, agency_id=agency_id, org_unit_id=org_unit_id, kind=kind, active=active
    )


@directory_router.get("/employees/{employee_id}", response={200: EmployeeOut, **ERRORS})
@api_access(AUTHENTICATED)
def employee_detail(request: HttpRequest, employee_id: int) -> Any:
    return selectors.employee_get_for_user(user=request.user, pk=employee_id)


class EmployeeCreateIn(Schema):
    kind: str = "pns"
    nip: str | None = None
    pppk_number: str | None = None
    name: str
    front_title: str = ""
    back_title: str = ""
    rank: str = ""
    email: str = ""
    phone: str = ""
    position_id: int
    org_unit_id: int | None = None
    start_date: date
    decree_number: str = ""


class EmployeeUpdateIn(Schema):
    name: str | None = None
    front_title: str | None = None
    back_title: str | None = None
    rank: str | None = None
    email: str | None = None
    phone: str | None = None
    nip: str | None = None


@directory_router.post("/employees", response={201: EmployeeOut, **ERRORS})
@api_access(AUTHENTICATED)
def employee_create(request: HttpRequest, payload: EmployeeCreateIn) -> Status[Employee]:
    data = payload.dict()
    position = get_for_user(Position, request.user, data.pop("position_id"))
    unit_id = data.pop("org_unit_id")
    org_unit = get_for_user(OrgUnit, request.user, unit_id) if unit_id else None
    employee = services.employee_create(
        user=request.user,
        government=position.agency.government,
        position=position,
        org_unit=org_unit,
        start_date=data.pop("start_date"),
        decree_number=data.pop("decree_number"),
        **data,
    )
    return Status(201, selectors.employee_get_for_user(user=request.user, pk=employee.pk))


@directory_router.patch("/employees/{employee_id}", response={200: EmployeeOut, **ERRORS})
@api_access(AUTHENTICATED)
def employee_update(request: HttpRequest, employee_id: int, payload: EmployeeUpdateIn) -> Any:
    employee = selectors.employee_get_for_user(user=request.user, pk=employee_id)
    services.employee_update(user=request.user, employee=employee, **payload.dict(exclude_unset=True))
    return selectors.employee_get_for_user(user=request.user, pk=employee_id)
