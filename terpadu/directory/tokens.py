"""API bearer tokens: issue (the secret is shown once), list, revoke, authenticate."""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.db import hot_cursor
from terpadu.core.errors import NotFound, ValidationFailed

from .models import ApiToken, RoleAssignment, User

TOKEN_PREFIX = "tpd"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a token for ``user``; returns the row and the plain secret (never stored)."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Nama token wajib diisi.", fields={"name": "Wajib diisi."})
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= 3650:
        raise ValidationFailed("Masa berlaku token 1 sampai 3650 hari.", fields={"days": "Di luar batas."})
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        key_hash=_hash(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        action="api_token.create",
        target=token,
        government_id=user.government_id,
        after={"name": token.name, "prefix": prefix, "expires_at": token.expires_at},
    )
    return token, secret


def token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


@transaction.atomic
def token_revoke(*, user: User, token_id: int, acting_user: Any | None = None) -> ApiToken:
    """Revoke one of ``user``'s tokens (idempotent)."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound("Token tidak ditemukan.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=acting_user or user,
            action="api_token.revoke",
            target=token,
            government_id=user.government_id,
            after={"revoked_at": token.revoked_at},
        )
    return token


#: a token's ``last_used_at`` is written at most this often (one write per token and working morning)
TOUCH_EVERY = timedelta(minutes=5)
_TOKEN_COLUMNS = ("id", "expires_at", "last_used_at", "revoked_at")


def token_authenticate(secret: str) -> User | None:
    """The active user behind a bearer secret, or None (unknown, revoked, expired, inactive).

    Every API request asks this, so it is one statement: the token, its user and the user's roles (the
    :class:`~terpadu.core.roles.Actor` is cached on the user, no second query for the access rule) — and on
    PostgreSQL the touch of ``last_used_at`` too, when due (elsewhere a second statement)."""
    if not secret or not secret.startswith(f"{TOKEN_PREFIX}_"):
        return None
    now = timezone.now()
    found = _token_with_user(_hash(secret), now)
    if found is None:
        return None
    (token_id, expires_at, last_used_at, revoked_at), user, roles, touched = found
    if revoked_at is not None or (expires_at and expires_at <= now):
        return None
    if not user.is_active:
        return None
    if not touched and (last_used_at is None or now - last_used_at > TOUCH_EVERY):
        conn = connections[DEFAULT_DB_ALIAS]
        with hot_cursor() as cursor:
            cursor.execute(
                f'UPDATE "{ApiToken._meta.db_table}" SET "last_used_at" = %s WHERE "id" = %s',  # noqa: S608
                [conn.ops.adapt_datetimefield_value(now), token_id],
            )
    user.remember_roles(roles)
    return user


def _token_with_user(
    key_hash: str, now: datetime
) -> tuple[tuple[Any, ...], User, list[tuple[str, int | None]], bool] | None:
    """(token id, expires_at, last_used_at, revoked_at), the user, their (role, agency_id) pairs, and whether the
    statement touched the token — one statement (plain SQL on the models' tables: the ORM's select_related and
    the roles query cost more Python than the database work they ask for); values converted as the ORM does."""
    conn = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs a thread-local look-up per attribute
    sql, touches, user_columns, to_convert = _token_query(conn.vendor)
    params: list[Any] = [key_hash]
    if touches:
        moment, stale = conn.ops.adapt_datetimefield_value(now), conn.ops.adapt_datetimefield_value(now - TOUCH_EVERY)
        params = [moment, key_hash, stale, moment, key_hash]
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        rows = [list(row) for row in cursor.fetchall()]
    if not rows:
        return None
    for i, field, col in to_convert:
        functions = [*conn.ops.get_db_converters(col), *field.get_db_converters(conn)]
        for values in rows:
            for convert in functions:
                values[i] = convert(values[i], col, conn)
    first, n_token = rows[0], len(_TOKEN_COLUMNS)
    user = User.from_db(conn.alias, user_columns, first[n_token : n_token + len(user_columns)])
    roles = [(values[-2], values[-1]) for values in rows if values[-2] is not None]
    return tuple(first[:n_token]), user, roles, touches


@functools.cache
def _token_query(vendor: str) -> tuple[str, bool, list[str], list[tuple[int, Any, Any]]]:
    """The statement (by database vendor), whether it also touches the token, the user's attribute names in it,
    and the columns whose values need converting on this vendor (index, field, column).

    On PostgreSQL the touch is a data-modifying WITH of the same statement, with the conditions of
    :func:`token_authenticate` (valid token, active user, last use older than TOUCH_EVERY); the SELECT still
    reads the token as it was. SQLite has no UPDATE inside WITH: the touch is a second statement there."""
    conn = connections[DEFAULT_DB_ALIAS]
    selected: list[tuple[str, Any]] = [("t", ApiToken._meta.get_field(name)) for name in _TOKEN_COLUMNS]
    selected += [("u", field) for field in User._meta.concrete_fields]
    selected += [("r", RoleAssignment._meta.get_field(name)) for name in ("role", "agency")]
    quote = conn.ops.quote_name
    token, user = quote(ApiToken._meta.db_table), quote(User._meta.db_table)
    touches = vendor == "postgresql"
    touch = (
        f"WITH touched AS (UPDATE {token} SET last_used_at = %s WHERE key_hash = %s"  # noqa: S608 (_meta)
        " AND (last_used_at IS NULL OR last_used_at < %s) AND revoked_at IS NULL"
        f" AND (expires_at IS NULL OR expires_at > %s) AND user_id IN (SELECT id FROM {user} WHERE is_active)"
        " RETURNING id) "
    )
    columns = ", ".join(f"{alias}.{quote(field.column)}" for alias, field in selected)
    sql = (
        f"{touch if touches else ''}SELECT {columns}"  # noqa: S608 (names from _meta)
        f" FROM {token} t INNER JOIN {user} u ON u.id = t.user_id"
        f" LEFT OUTER JOIN {quote(RoleAssignment._meta.db_table)} r ON r.user_id = u.id WHERE t.key_hash = %s"
    )
    to_convert = []
    for i, (alias, field) in enumerate(selected):
        col = field.get_col(alias)
        if conn.ops.get_db_converters(col) or field.get_db_converters(conn):
            to_convert.append((i, field, col))
    return sql, touches, [field.attname for field in User._meta.concrete_fields], to_convert


def token_is_active(token: ApiToken, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)
