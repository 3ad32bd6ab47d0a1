"""Writes of the E-Surat foundation: seeding the top-level classification codes and the default letter
types, the numbering pattern (audited), race-free number allocation and number rendering.

The classification import lives in :mod:`terpadu.correspondence.imports`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory import policies
from terpadu.directory.models import Agency, Government

from . import rules
from .models import ClassificationCode, LetterType, NumberingSettings, NumberSequence

# --- seeding ------------------------------------------------------------------------------------------


def classification_seed_top_levels(government: Government) -> int:
    """Create the ten top-level codes (000 Umum … 900 Keuangan) the government lacks; returns how many.
    Idempotent; existing rows are left as they are."""
    existing = set(ClassificationCode.objects.filter(government=government, depth=1).values_list("code", flat=True))
    missing = [
        ClassificationCode(government=government, code=code, name=name, depth=1, sort_key=code)
        for code, name in rules.TOP_LEVEL_CLASSIFICATIONS.items()
        if code not in existing
    ]
    ClassificationCode.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def letter_type_seed_defaults(government: Government) -> int:
    """Create the default letter types (RULES.md §6, DEFAULT data) the government lacks; returns how
    many. Idempotent; types the government changed are left as they are."""
    existing = set(LetterType.objects.filter(government=government).values_list("code", flat=True))
    missing = [
        LetterType(
            government=government,
            code=default.code,
            name=default.name,
            group=default.group.value,
            template_key=default.template_key,
            signers=[signer.value for signer in default.signers],
            numbering_scope=default.numbering_scope.value,
        )
        for default in rules.DEFAULT_LETTER_TYPES
        if default.code not in existing
    ]
    LetterType.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


# --- numbering pattern ----------------------------------------------------------------------------------


@transaction.atomic
def numbering_settings_set(
    *, user: Any, government: Government, pattern: str, effective_from: date
) -> NumberingSettings:
    """Set the letter-number pattern from ``effective_from`` (replacing a setting of the same date)."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    pattern = pattern.strip()
    try:
        rules.validate_pattern(pattern)
    except rules.NumberPatternError as exc:
        raise ValidationFailed(str(exc), fields={"pattern": str(exc)}) from None
    existing = (
        NumberingSettings.objects.select_for_update()
        .filter(government=government, effective_from=effective_from)
        .first()
    )
    before = snapshot(existing, ["pattern", "effective_from"]) if existing else None
    setting, _ = NumberingSettings.objects.update_or_create(
        government=government, effective_from=effective_from, defaults={"pattern": pattern}
    )
    audit_record(
        actor=user,
        action="correspondence.numbering.set",
        target=setting,
        government_id=government.pk,
        before=before,
        after=snapshot(setting, ["pattern", "effective_from"]),
    )
    return setting


def numbering_pattern_for(*, government_id: int, on: date) -> str:
    """The pattern in force on ``on``: the latest setting from that date or before, else the DEFAULT."""
    setting = (
        NumberingSettings.objects.filter(government_id=government_id, effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("pattern", flat=True)
        .first()
    )
    return setting or rules.DEFAULT_NUMBER_PATTERN


# --- race-free numbering --------------------------------------------------------------------------------


def _ensure_sequence(government_id: int, key: str, year: int) -> None:
    """Create the counter row if missing. A concurrent creator makes ours fail on the unique
    constraint inside the savepoint; the row then exists, which is all we need."""
    if NumberSequence.objects.filter(government_id=government_id, register_key=key, year=year).exists():
        return
    try:
        with transaction.atomic():
            NumberSequence.objects.create(government_id=government_id, register_key=key, year=year)
    except IntegrityError:
        pass


def number_allocate(*, agency: Agency, register: str, year: int) -> int:
    """The next number of ``register`` ("outgoing", "incoming_agenda" or "type:<code>") of ``agency``
    in ``year``: 1, 2, 3 … without gaps or duplicates.

    Must run inside the caller's transaction: the counter row stays locked until it commits, and if it
    rolls back the number is given again. Writes no audit row (the caller's letter service does).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("number_allocate must run inside the caller's transaction.atomic()")
    key = rules.register_key(agency.pk, register)
    _ensure_sequence(agency.government_id, key, year)
    counter = NumberSequence.objects.select_for_update().get(
        government_id=agency.government_id, register_key=key, year=year
    )
    counter.last_value += 1
    NumberSequence.objects.filter(pk=counter.pk).update(last_value=counter.last_value)
    return counter.last_value


def letter_number_render(
    *,
    government: Government,
    classification_code: str,
    sequence: int,
    agency: Agency,
    year: int,
    month: int,
    unit_code: str | None = None,
    on: date | None = None,
) -> str:
    """The letter number in the government's pattern in force on ``on`` (default: the first day of the
    month). ``unit_code`` defaults to the agency's code."""
    pattern = numbering_pattern_for(government_id=government.pk, on=on or date(year, month, 1))
    try:
        return rules.render_number(
            pattern,
            classification_code=classification_code,
            sequence=sequence,
            unit_code=unit_code or agency.code,
            agency_code=agency.code,
            year=year,
            month=month,
        )
    except rules.NumberPatternError as exc:
        raise ValidationFailed(str(exc)) from None
