"""Who may manage webhooks: the platform admin (Diskominfo) of the government, never a read-only role."""

from __future__ import annotations

from terpadu.core.errors import AccessDenied
from terpadu.core.roles import READ_ONLY_ROLES, Actor, Role


def can_manage_webhooks(actor: Actor | None, government_id: int | None = None) -> bool:
    if actor is None or not actor.has_role(Role.PLATFORM_ADMIN) or actor.has_role(*READ_ONLY_ROLES):
        return False
    return government_id is None or actor.government_id == government_id


def ensure(allowed: bool) -> None:
    if not allowed:
        raise AccessDenied("Hanya Admin Platform yang dapat mengelola webhook.")
