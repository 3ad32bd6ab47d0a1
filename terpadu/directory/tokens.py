"""API bearer tokens: issue (the secret is shown once), list, revoke, authenticate."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import NotFound, ValidationFailed

from .models import ApiToken, User

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


def token_authenticate(secret: str) -> User | None:
    """The active user behind a bearer secret, or None (unknown, revoked, expired, inactive)."""
    if not secret or not secret.startswith(f"{TOKEN_PREFIX}_"):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_is_active(token: ApiToken, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)
