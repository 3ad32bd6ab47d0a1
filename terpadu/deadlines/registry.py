"""Modules that answer a request through their own workflow (E-Planning's work plans, later LPPD data).

A request created by such a module carries the module's name (``Obligation.module``). The deadlines
engine still owns the due date, the per-agency status, the reminders and the escalation report; the
module owns the answer: its pages are where an agency fills it in and where the requester reviews it.
The services refuse to submit, return or accept such a response unless the module itself asks, and
every link the engine sends (notifications, reminders, the compliance table) points at the module's page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ManagedModule:
    name: str
    #: shown to users: "E-Planning"
    label: str
    #: the page of one request in the module, by request id
    request_url: Callable[[int], str]
    #: the page of one agency's answer in the module, by request id and agency id
    response_url: Callable[[int, int], str]


_MODULES: dict[str, ManagedModule] = {}


def register_module(module: ManagedModule) -> None:
    _MODULES[module.name] = module


def managed_module(name: str) -> ManagedModule | None:
    """The registered module of that name; ``None`` for a plain request (empty name) or an unknown one."""
    return _MODULES.get(name) if name else None
