"""Accounts: users, their roles (per government or per agency) and API tokens."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser
from django.db import models

from terpadu.core.roles import AGENCY_ROLES, Actor, Role
from terpadu.core.scoping import Scope

from .org import Agency, Government
from .people import Employee


class User(AbstractUser):
    government = models.ForeignKey(Government, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    employee = models.OneToOneField(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="user", verbose_name="pegawai"
    )
    #: only the demo accounts of `make run` carry this; production never sets it
    two_factor_exempt = models.BooleanField(default=False)
    must_change_password = models.BooleanField(default=False)

    scope = Scope(government="government_id", agency="employee__agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.username

    @property
    def display_name(self) -> str:
        if self.employee_id and self.employee:
            return self.employee.full_name
        return self.get_full_name() or self.username

    def get_actor(self) -> Actor:
        cached: Actor | None = getattr(self, "_actor_cache", None)
        if cached is not None:
            return cached
        return self.remember_roles(self.role_assignments.values_list("role", "agency_id"))

    def remember_roles(self, assignments: Iterable[tuple[str, int | None]]) -> Actor:
        """The actor of these (role, agency_id) assignments — all of the user's, read along with the user (the
        bearer token look-up does) — cached as :meth:`get_actor` caches it."""
        by_agency: dict[int | None, set[Role]] = {}
        for role, agency_id in assignments:
            by_agency.setdefault(agency_id, set()).add(Role(role))
        all_roles = frozenset(role for roles in by_agency.values() for role in roles)
        actor = Actor(
            user_id=self.pk,
            government_id=self.government_id,
            roles=all_roles,
            agency_roles=tuple(
                (agency_id, frozenset(roles)) for agency_id, roles in by_agency.items() if agency_id is not None
            ),
            employee_id=self.employee_id,
        )
        self._actor_cache = actor
        return actor

    def forget_actor(self) -> None:
        self.__dict__.pop("_actor_cache", None)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("peran", max_length=30, choices=[(r.value, r.label) for r in Role])
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name="OPD",
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="user__government_id", agency="agency_id")

    class Meta:
        verbose_name = "peran"
        verbose_name_plural = "peran"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(r.value for r in AGENCY_ROLES), agency__isnull=False)
                    | (~models.Q(role__in=sorted(r.value for r in AGENCY_ROLES)) & models.Q(agency__isnull=True))
                ),
                name="role_assignment_agency_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {Role(self.role).label}" + (f" · {self.agency}" if self.agency_id else "")


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 of the secret is kept; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nama", max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("berlaku sampai", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    scope = Scope(
        government="user__government_id",
        agency="user__employee__agency_id",
        owner_employee="user__employee_id",
    )

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
