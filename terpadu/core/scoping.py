"""Scoping in one place: every list, detail, search, export and API read goes through here.

A model declares how it belongs to a government and an agency with a ``scope`` attribute::

    class Employee(models.Model):
        scope = Scope(government="government", agency="agency")

``scoped(qs, user)`` then narrows a queryset to what the user may read; ``get_for_user`` raises the
same :class:`NotFound` for a row that does not exist and for one that is not the user's.
Escape hatches are named ``unscoped_…`` so that they stand out in review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from .errors import NotFound
from .roles import Actor, actor_of

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Scope:
    """Lookups from a model to its government and (optionally) its agency."""

    government: str
    agency: str | None = None
    #: a lookup to the employee a row belongs to: an employee always sees their own rows
    owner_employee: str | None = None


def scope_of(model: type[models.Model]) -> Scope:
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise TypeError(f"{model.__name__} declares no Scope: it cannot be read through scoped()")
    return scope


def scope_filter(model: type[models.Model], actor: Actor, agency_ids: frozenset[int] | None = None) -> Q:
    """The filter for what ``actor`` may read of ``model``.

    ``agency_ids`` narrows agency-bound rows further (``None``: the actor's own reach).
    """
    scope = scope_of(model)
    condition = Q(**{scope.government: actor.government_id})
    if scope.agency is None or (agency_ids is None and actor.sees_whole_government):
        return condition
    reach = actor.agency_ids if agency_ids is None else agency_ids
    within = Q(**{f"{scope.agency}__in": sorted(reach)})
    if scope.owner_employee and actor.employee_id:
        within |= Q(**{scope.owner_employee: actor.employee_id})
    return condition & within


def scoped(queryset: QuerySet[M], user: object) -> QuerySet[M]:
    """Narrow ``queryset`` to what ``user`` may read (nothing for the anonymous public)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return queryset.none()
    return queryset.filter(scope_filter(queryset.model, actor))


def scoped_to_agencies(queryset: QuerySet[M], user: object, agency_ids: frozenset[int]) -> QuerySet[M]:
    """Narrow ``queryset`` to rows of the given agencies, inside the user's government."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return queryset.none()
    return queryset.filter(scope_filter(queryset.model, actor, agency_ids))


def get_for_user(queryset: QuerySet[M] | type[M], user: object, pk: Any) -> M:
    """One row the user may read; the same 404 for "missing" and "not yours"."""
    qs: QuerySet[M] = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        return scoped(qs, user).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise NotFound("Data tidak ditemukan.") from None
