"""Deny by default: every page and API operation declares who may call it.

Pages: ``@access(rule)`` marks the view; :class:`terpadu.core.middleware.AccessRuleMiddleware`
refuses any routed view that carries no rule and evaluates the rule before the view runs.
API operations: ``@api_access(rule)`` evaluates the same rule after the API authenticated the caller.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import AccessDenied, NotAuthenticated
from .roles import Actor, Role, actor_of

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule:
    name: str
    test: Callable[[Actor | None], bool]
    public: bool = False

    def check(self, user: object) -> Actor | None:
        actor = actor_of(user)
        if actor is None and not self.public:
            raise NotAuthenticated("Silakan masuk terlebih dahulu.")
        if not self.test(actor):
            raise AccessDenied("Anda tidak memiliki akses ke halaman atau data ini.")
        return actor


PUBLIC = Rule("public", lambda actor: True, public=True)
AUTHENTICATED = Rule("authenticated", lambda actor: actor is not None)


def roles(*allowed: Role) -> Rule:
    names = ",".join(sorted(role.value for role in allowed))
    return Rule(f"roles:{names}", lambda actor: actor is not None and actor.has_role(*allowed))


def access(rule: Rule) -> Callable[[F], F]:
    """Mark a page view (function or class) with its access rule."""

    def mark(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return mark


def rule_of(view_func: Callable[..., Any]) -> Rule | None:
    rule = getattr(view_func, "access_rule", None)
    if rule is None:
        view_class = getattr(view_func, "view_class", None)
        rule = getattr(view_class, "access_rule", None)
    return rule if isinstance(rule, Rule) else None


def api_access(rule: Rule) -> Callable[[F], F]:
    """Declare and enforce the access rule of an API operation."""

    def decorate(operation: F) -> F:
        @functools.wraps(operation)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            rule.check(request.user)
            return operation(request, *args, **kwargs)

        wrapper.access_rule = rule  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
