"""The import service: check a file (dry run) or write it all-or-nothing, and audit the import."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction

from terpadu.core.audit import AuditTarget, audit_record
from terpadu.core.errors import Conflict

from .apply import Progress, apply_plan
from .columns import SPECS
from .context import government_of, load_directory
from .formats import read_tables, refuse
from .report import ImportReport, Plan
from .validate import build_plan


def _report(filename: str, sha256: str, plan: Plan, *, dry_run: bool, committed: bool) -> ImportReport:
    return ImportReport(filename, sha256, dry_run, committed, plan.summary(), plan.errors)


def directory_import(
    *,
    user: Any,
    data: bytes,
    filename: str,
    kind: str = "",
    dry_run: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Check ``data`` and, unless ``dry_run``, write it in one transaction when it has no error at all.

    ``progress(done, total)`` (optional) hears how many rows of the plan the commit has handled.

    File-level problems (size, format, encoding) raise :class:`ValidationFailed` naming the form
    field (``file`` or ``kind``); row problems come back in the report, and then nothing is written.
    """
    government_of(user)
    if kind and kind not in SPECS:
        raise refuse("Jenis data tidak dikenal.", "kind")
    sha256 = hashlib.sha256(data).hexdigest()
    tables = read_tables(data, filename, kind)
    if dry_run:
        plan = build_plan(tables=tables, directory=load_directory(user=user))
        return _report(filename, sha256, plan, dry_run=True, committed=False)
    try:
        with transaction.atomic():
            directory = load_directory(user=user)
            plan = build_plan(tables=tables, directory=directory)
            if not plan.errors:
                apply_plan(user=user, plan=plan, directory=directory, progress=progress)
                _audit_import(user, directory.government.pk, filename, sha256, plan)
    except IntegrityError:
        raise Conflict("Data direktori berubah selama impor berjalan; tidak ada yang disimpan. Ulangi impor.") from None
    return _report(filename, sha256, plan, dry_run=False, committed=not plan.errors)


def _audit_import(user: Any, government_id: int, filename: str, sha256: str, plan: Plan) -> None:
    audit_record(
        actor=user,
        action="directory.import",
        target=AuditTarget("directory.import", sha256, filename[:300]),
        government_id=government_id,
        after={"filename": filename, "sha256": sha256, "summary": {k: asdict(v) for k, v in plan.summary().items()}},
    )
