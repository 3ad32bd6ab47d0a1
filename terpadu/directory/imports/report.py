"""What an import found: per-row errors, the planned operations and the summary per kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
Key = tuple[str, ...]


@dataclass(frozen=True)
class RowError:
    """One problem, where the user sees it in Excel: sheet, row (header = 1), column header, reason."""

    sheet: str
    row: int
    column: str
    reason: str


@dataclass
class Counts:
    create: int = 0
    update: int = 0
    unchanged: int = 0
    invalid: int = 0


@dataclass
class Op:
    """One row to write: the fields to set and the references (by natural key) to resolve."""

    kind: str
    sheet: str
    row: int
    key: Key
    action: str = CREATE
    instance: Any = None
    fields: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, Key | None] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    #: the row's cell reader while validating (its ``ok`` says whether the row had an error)
    reader: Any = None

    @property
    def valid(self) -> bool:
        return self.reader is None or bool(self.reader.ok)

    def error(self, column: str, reason: str) -> None:
        self.reader.error(column, reason)


@dataclass
class Plan:
    kinds: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ops: dict[str, dict[Key, Op]] = field(default_factory=dict)

    def error(self, sheet: str, row: int, column: str, reason: str) -> None:
        self.errors.append(RowError(sheet, row, column, reason))

    def add(self, op: Op) -> None:
        self.ops.setdefault(op.kind, {})[op.key] = op

    def summary(self) -> dict[str, Counts]:
        result = {kind: Counts() for kind in self.kinds}
        for kind, ops in self.ops.items():
            counts = result.setdefault(kind, Counts())
            for op in ops.values():
                action = op.action if op.valid else "invalid"
                setattr(counts, action, getattr(counts, action) + 1)
        return result


@dataclass(frozen=True)
class ImportReport:
    filename: str
    sha256: str
    dry_run: bool
    committed: bool
    summary: dict[str, Counts]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors
