"""audit_record_many appends rows under one lock and keeps the hash chain exactly as audit_record."""

import pytest

from terpadu.core.audit import AuditTarget, audit_record, audit_record_many, audit_verify_chain
from terpadu.core.models import AuditChainHead, AuditEvent
from terpadu.directory.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entry(n: int) -> dict:
    return {
        "action": "test.bulk",
        "target": AuditTarget("test.thing", str(n), f"Thing {n}"),
        "government_id": 1,
        "agency_id": 7,
        "before": {"value": n - 1},
        "after": {"value": n},
    }


def test_rows_are_numbered_after_the_existing_chain_and_verify():
    # given one row written the usual way
    first = audit_record(actor=None, action="test.one", target=AuditTarget("test.thing", "0"), government_id=1)
    # when three rows are appended in one batch
    written = audit_record_many(actor=None, entries=[_entry(1), _entry(2), _entry(3)])
    # then they follow the chain and the whole chain verifies
    events = list(AuditEvent.objects.order_by("sequence"))
    assert written == 3
    assert [e.sequence for e in events] == [1, 2, 3, 4]
    assert events[1].prev_hash == first.hash
    assert [e.prev_hash for e in events[2:]] == [events[1].hash, events[2].hash]
    assert (events[3].object_id, events[3].agency_id, events[3].before, events[3].after) == (
        "3",
        7,
        {"value": 2},
        {"value": 3},
    )
    head = AuditChainHead.objects.get(key="main")
    assert (head.sequence, head.last_hash) == (4, events[3].hash)
    assert audit_verify_chain().ok
    assert audit_verify_chain().checked == 4


def test_a_row_after_the_batch_continues_the_chain():
    audit_record_many(actor=None, entries=[_entry(1), _entry(2)])
    after = audit_record(actor=None, action="test.after", target=AuditTarget("test.thing", "9"), government_id=1)
    assert after.sequence == 3
    assert after.prev_hash == AuditEvent.objects.get(sequence=2).hash
    assert audit_verify_chain().checked == 3


def test_model_targets_and_the_actor_are_recorded():
    user = UserFactory(username="pencatat")
    agency = AgencyFactory(short_name="Dinkes")
    audit_record_many(actor=user, entries=[{"action": "agency.touch", "target": agency, "government_id": 2}])
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.actor_label, event.object_type, event.object_id, event.object_repr) == (
        user.pk,
        "pencatat",
        "directory.agency",
        str(agency.pk),
        "Dinkes",
    )
    assert (event.before, event.after, event.agency_id) == (None, None, None)


def test_an_empty_batch_writes_nothing():
    assert audit_record_many(actor=None, entries=[]) == 0
    assert AuditEvent.objects.count() == 0
    assert audit_verify_chain().ok
