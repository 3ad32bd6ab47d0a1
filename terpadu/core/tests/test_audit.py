"""The audit trail is append-only and hash-chained: tampering is detectable."""

import pytest

from terpadu.core.audit import AuditTarget, audit_record, audit_verify_chain, changed_fields
from terpadu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _record(n: int) -> AuditEvent:
    return audit_record(
        actor=None,
        action="test.change",
        target=AuditTarget("test.thing", str(n), f"Thing {n}"),
        government_id=1,
        before={"value": n - 1},
        after={"value": n},
    )


def test_rows_are_numbered_and_chained():
    first, second = _record(1), _record(2)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash
    assert audit_verify_chain().ok
    assert audit_verify_chain().checked == 2


def test_an_actor_less_row_is_labelled_sistem():
    assert _record(1).actor_label == "sistem"


def test_rows_cannot_be_updated_or_deleted_through_the_orm():
    event = _record(1)
    event.action = "forged"
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()


def test_editing_a_row_in_the_database_breaks_the_chain_at_that_row():
    _record(1)
    middle = _record(2)
    _record(3)
    AuditEvent.objects.filter(pk=middle.pk).update(after={"value": 999})
    check = audit_verify_chain()
    assert not check.ok
    assert check.broken_at == 2
    assert check.checked == 1


def test_deleting_a_row_breaks_the_chain():
    _record(1)
    middle = _record(2)
    _record(3)
    AuditEvent.objects.filter(pk=middle.pk)._raw_delete(AuditEvent.objects.db)
    check = audit_verify_chain()
    assert (check.ok, check.broken_at) == (False, 3)


def test_changed_fields_keeps_only_differences():
    assert changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == ({"b": 2, "c": None}, {"b": 3, "c": 4})
