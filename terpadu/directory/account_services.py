"""Accounts: create them for employees, grant and revoke roles, (de)activate, reset and change passwords,
two-factor enrolment and reset. Every write checks the policy, runs in one transaction and is audited
(before/after, never a password or a secret). Reads of accounts are at the end, scoped like everything else."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from terpadu.core.audit import audit_record
from terpadu.core.errors import RateLimited, ValidationFailed
from terpadu.core.roles import AGENCY_ROLES, Role, actor_of
from terpadu.core.scoping import scoped, scoped_to_agencies

from . import policies
from .models import Agency, Employee, RoleAssignment, User

TEMPORARY_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
TWO_FACTOR_MAX_FAILURES = 5
TWO_FACTOR_WINDOW_SECONDS = 15 * 60
TWO_FACTOR_LOCKED_MESSAGE = "Terlalu banyak kode verifikasi yang salah. Tunggu 15 menit, lalu coba lagi."


def _agency_of(account: User) -> int | None:
    return account.employee.agency_id if account.employee_id and account.employee else None


def _ensure_can_manage(user: Any, account: User) -> None:
    account.forget_actor()
    policies.ensure(
        policies.can_manage_account(actor_of(user), account.get_actor(), _agency_of(account)),
        "Anda tidak berwenang mengubah akun ini.",
    )


def _audit(user: Any, action: str, account: User, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    audit_record(
        actor=user,
        action=action,
        target=account,
        government_id=account.government_id,
        agency_id=_agency_of(account),
        before=before,
        after=after,
    )


def temporary_password() -> str:
    """A strong one-time password an admin reads out: 4 groups of 4 unambiguous characters."""
    chars = "".join(secrets.choice(TEMPORARY_PASSWORD_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


# --- creating accounts and granting roles -------------------------------------------------------------


def _clean_username(username: str) -> str:
    username = (username or "").strip()
    field = User._meta.get_field("username")
    if not username:
        raise ValidationFailed("Username wajib diisi.", fields={"username": "Wajib diisi."})
    if username.isdigit():
        raise ValidationFailed(
            "Username tidak boleh hanya angka (angka dipakai untuk masuk dengan NIP).",
            fields={"username": "Tidak boleh hanya angka."},
        )
    try:
        field.clean(username, None)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], fields={"username": exc.messages}) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed("Username sudah dipakai.", fields={"username": "Sudah dipakai."})
    return username


def _check_role_agency(role: Role, agency: Agency | None, government_id: int | None) -> None:
    if role in AGENCY_ROLES and agency is None:
        raise ValidationFailed("Peran ini berlaku di satu OPD: pilih OPD-nya.", fields={"agency": "Wajib dipilih."})
    if role not in AGENCY_ROLES and agency is not None:
        raise ValidationFailed(
            "Peran tingkat pemerintah daerah tidak memakai OPD.", fields={"agency": "Kosongkan untuk peran ini."}
        )
    if agency is not None and agency.government_id != government_id:
        raise ValidationFailed("OPD bukan milik pemerintah daerah akun ini.", fields={"agency": "Tidak sah."})


def _grant(user: Any, account: User, role: Role, agency: Agency | None) -> RoleAssignment:
    policies.ensure(
        policies.can_grant_role(actor_of(user), role, agency.pk if agency else None),
        f"Anda tidak berwenang memberikan peran {role.label}.",
    )
    _check_role_agency(role, agency, account.government_id)
    if RoleAssignment.objects.filter(user=account, role=role.value, agency=agency).exists():
        raise ValidationFailed("Akun ini sudah memiliki peran tersebut.", fields={"role": "Sudah dimiliki."})
    assignment = RoleAssignment.objects.create(user=account, role=role.value, agency=agency)
    account.forget_actor()
    _audit(user, "user.role_grant", account, None, {"role": role.value, "agency_id": assignment.agency_id})
    return assignment


@transaction.atomic
def user_create_for_employee(*, user: Any, employee: Employee, username: str, roles: list[Role]) -> tuple[User, str]:
    """Open an account for ``employee`` with its first roles; returns it and a temporary password
    (shown once to the admin; the user must replace it at first login)."""
    actor = actor_of(user)
    policies.ensure(
        actor is not None
        and employee.government_id == actor.government_id
        and policies.can_manage_agency(actor, employee.agency_id)
    )
    if User.objects.filter(employee=employee).exists():
        raise ValidationFailed("Pegawai ini sudah memiliki akun.", fields={"employee": "Sudah memiliki akun."})
    if not roles:
        raise ValidationFailed("Pilih paling sedikit satu peran.", fields={"roles": "Wajib dipilih."})
    account = User(
        username=_clean_username(username),
        government_id=employee.government_id,
        employee=employee,
        email=employee.email,
        must_change_password=True,
    )
    password = temporary_password()
    account.set_password(password)
    account.save()
    _audit(user, "user.create", account, None, _account_state(account))
    for role in dict.fromkeys(roles):
        _grant(user, account, role, employee.agency if role in AGENCY_ROLES else None)
    return account, password


def _account_state(account: User) -> dict[str, Any]:
    return {
        "username": account.username,
        "employee_id": account.employee_id,
        "is_active": account.is_active,
        "must_change_password": account.must_change_password,
    }


@transaction.atomic
def role_grant(*, user: Any, account: User, role: Role, agency: Agency | None = None) -> RoleAssignment:
    _ensure_can_manage(user, account)
    return _grant(user, account, role, agency)


@transaction.atomic
def role_revoke(*, user: Any, account: User, assignment_id: int) -> None:
    _ensure_can_manage(user, account)
    assignment = RoleAssignment.objects.select_for_update().filter(user=account, pk=assignment_id).first()
    if assignment is None:
        raise ValidationFailed("Peran tidak ditemukan pada akun ini.", fields={"role": "Tidak ditemukan."})
    role = Role(assignment.role)
    policies.ensure(
        policies.can_grant_role(actor_of(user), role, assignment.agency_id),
        f"Anda tidak berwenang mencabut peran {role.label}.",
    )
    assignment.delete()
    account.forget_actor()
    _audit(user, "user.role_revoke", account, {"role": role.value, "agency_id": assignment.agency_id}, {})


# --- status and passwords ---------------------------------------------------------------------------


@transaction.atomic
def user_set_active(*, user: Any, account: User, active: bool) -> User:
    _ensure_can_manage(user, account)
    if account.is_active != active:
        before = {"is_active": account.is_active}
        account.is_active = active
        account.save(update_fields=["is_active"])
        _audit(user, "user.activate" if active else "user.deactivate", account, before, {"is_active": active})
    return account


def _clear_lockout(account: User) -> int:
    from axes.utils import reset

    names = {account.username, account.username.lower()}
    return sum(reset(username=name) for name in names)


@transaction.atomic
def password_reset_by_admin(*, user: Any, account: User) -> str:
    """Give ``account`` a temporary password (returned once), require a change at next login and lift a
    lockout. Existing sessions of the account end (their hash no longer matches)."""
    _ensure_can_manage(user, account)
    before = {"must_change_password": account.must_change_password}
    password = temporary_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    cleared = _clear_lockout(account)
    after = {"must_change_password": True, "password_reset": True, "lockout_attempts_cleared": cleared}
    _audit(user, "user.password_reset", account, before, after)
    return password


def _validate_new_password(account: User, old: str, new: str, confirm: str) -> None:
    if not account.check_password(old or ""):
        raise ValidationFailed("Kata sandi lama salah.", fields={"old_password": "Kata sandi lama salah."})
    if new != confirm:
        raise ValidationFailed(
            "Kedua kata sandi baru tidak sama.", fields={"new_password_confirm": "Tidak sama dengan kata sandi baru."}
        )
    if new == old:
        raise ValidationFailed(
            "Kata sandi baru harus berbeda dari kata sandi lama.", fields={"new_password": "Sama dengan yang lama."}
        )
    try:
        validate_password(new, account)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], fields={"new_password": exc.messages}) from None


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str, new_password_confirm: str) -> User:
    """The user replaces their own password (required after an admin reset)."""
    _validate_new_password(user, old_password, new_password, new_password_confirm)
    before = {"must_change_password": user.must_change_password}
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    _audit(user, "user.password_change", user, before, {"must_change_password": False, "password_changed": True})
    return user


# --- two-factor (TOTP) --------------------------------------------------------------------------------


def _failure_key(user: User) -> str:
    return f"terpadu:2fa-failures:{user.pk}"


def _ensure_not_throttled(user: User) -> None:
    if cache.get(_failure_key(user), 0) >= TWO_FACTOR_MAX_FAILURES:
        raise RateLimited(TWO_FACTOR_LOCKED_MESSAGE, fields={"code": TWO_FACTOR_LOCKED_MESSAGE})


def _record_failure(user: User) -> None:
    key = _failure_key(user)
    if not cache.add(key, 1, TWO_FACTOR_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, TWO_FACTOR_WINDOW_SECONDS)


def _match(user: User, devices: QuerySet[TOTPDevice], code: str) -> TOTPDevice:
    """The device accepting ``code``; counts a failure (and refuses) otherwise. Not atomic on purpose:
    the device's own throttling must be kept when the code is wrong."""
    _ensure_not_throttled(user)
    code = (code or "").strip().replace(" ", "")
    for device in devices:
        if code.isdigit() and device.verify_token(code):
            cache.delete(_failure_key(user))
            return device
    _record_failure(user)
    _ensure_not_throttled(user)  # the last allowed wrong code already says to wait
    raise ValidationFailed("Kode verifikasi salah atau sudah kedaluwarsa.", fields={"code": "Kode salah."})


def two_factor_start(*, user: User) -> TOTPDevice:
    """The pending (unconfirmed) TOTP device of ``user``, created on first use."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationFailed("Verifikasi dua langkah sudah aktif untuk akun ini.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)


def two_factor_confirm(*, user: User, code: str) -> TOTPDevice:
    """Confirm the pending device with a code from the authenticator app."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() or not pending.exists():
        raise ValidationFailed("Tidak ada pendaftaran verifikasi dua langkah yang menunggu.")
    device = _match(user, pending, code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        _audit(user, "user.two_factor_enable", user, {"two_factor": False}, {"two_factor": True})
    return device


def two_factor_check(*, user: User, code: str) -> TOTPDevice:
    """The confirmed device accepting ``code`` (login's second step)."""
    return _match(user, TOTPDevice.objects.filter(user=user, confirmed=True), code)


@transaction.atomic
def two_factor_reset(*, user: Any, account: User) -> int:
    """Remove every two-factor device of ``account`` (a lost phone); it enrols again at next login."""
    account.forget_actor()
    policies.ensure(
        policies.can_reset_two_factor(actor_of(user), account.get_actor(), _agency_of(account)),
        "Hanya admin platform yang dapat mengatur ulang verifikasi dua langkah.",
    )
    count, _ = TOTPDevice.objects.filter(user=account).delete()
    _audit(user, "user.two_factor_reset", account, {"two_factor_devices": count}, {"two_factor_devices": 0})
    return count


# --- reads (scoped) ------------------------------------------------------------------------------------


def account_list_for_user(*, user: Any, q: str = "", role: str = "", agency_id: int | None = None) -> QuerySet[User]:
    """Accounts the user administers: the platform admin's whole government, an agency admin's agencies."""
    actor = actor_of(user)
    base = User.objects.select_related("employee__agency").prefetch_related("role_assignments__agency")
    if actor is None:
        return base.none()
    qs = (
        scoped(base, user)
        if actor.has_role(Role.PLATFORM_ADMIN)
        else scoped_to_agencies(base, user, actor.agencies_with(Role.AGENCY_ADMIN))
    )
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(employee__name__icontains=q) | Q(employee__nip__startswith=q))
    if role:
        qs = qs.filter(Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=role)))
    if agency_id:
        qs = qs.filter(employee__agency_id=agency_id)
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return qs.annotate(has_two_factor=Exists(confirmed)).order_by("username")


def account_candidates_for_user(*, user: Any, q: str = "", limit: int = 50) -> QuerySet[Employee]:
    """Active employees in the user's reach without an account yet (at most ``limit``)."""
    actor = actor_of(user)
    if actor is None:
        return Employee.objects.none()
    base = Employee.objects.filter(is_active=True, user__isnull=True)
    qs = (
        scoped(base, user)
        if actor.has_role(Role.PLATFORM_ADMIN)
        else scoped_to_agencies(base, user, actor.agencies_with(Role.AGENCY_ADMIN))
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nip__startswith=q) | Q(pppk_number__startswith=q))
    ids = list(qs.order_by("name", "pk").values_list("pk", flat=True)[:limit])
    return Employee.objects.filter(pk__in=ids).select_related("agency").order_by("name", "pk")


def agencies_for_granting(*, user: Any) -> QuerySet[Agency]:
    """Agencies the user may name when granting an agency role."""
    actor = actor_of(user)
    if actor is None:
        return Agency.objects.none()
    qs = scoped(Agency.objects.filter(is_active=True), user)
    return (
        qs if actor.has_role(Role.PLATFORM_ADMIN) else qs.filter(pk__in=sorted(actor.agencies_with(Role.AGENCY_ADMIN)))
    )


def grantable_roles(*, user: Any) -> list[Role]:
    actor = actor_of(user)
    return [role for role in Role if actor is not None and _could_grant(actor, role)]


def _could_grant(actor: Any, role: Role) -> bool:
    agencies = actor.agencies_with(Role.AGENCY_ADMIN) or {None}
    return any(policies.can_grant_role(actor, role, agency) for agency in agencies)
