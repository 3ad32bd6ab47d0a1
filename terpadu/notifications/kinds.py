"""Known notification kinds and their labels, for the preferences page.

Modules that notify register their kinds (``register_kind("deadline.reminder", "Pengingat tenggat")``)
in ``AppConfig.ready()``; a kind nobody registered still works and is shown by its code.
"""

from __future__ import annotations

_KINDS: dict[str, str] = {}


def register_kind(kind: str, label: str) -> None:
    _KINDS[kind] = label


def kind_label(kind: str) -> str:
    return _KINDS.get(kind, kind)


def registered_kinds() -> list[str]:
    return sorted(_KINDS)
