"""What other modules read through terpadu.deadlines.interfaces."""

import pytest

from terpadu.deadlines.interfaces import AgencyCompliance, request_compliance

from .factories import DUE, MINUTE, make_request, submit, world

pytestmark = pytest.mark.django_db


def test_interface_for_other_modules():
    w = world()
    obligation = make_request(w)
    submit(w, obligation, at=DUE - MINUTE)
    (found,) = request_compliance(government_id=w.government.pk, now=DUE + MINUTE)
    assert (found.request_id, found.status, found.handed_in) == (obligation.pk, "open", 1)
    assert found.agencies == (
        AgencyCompliance(w.kominfo.pk, "3.01", "submitted", DUE - MINUTE, 0, ()),
        AgencyCompliance(w.dinkes.pk, "3.03", "overdue", None, 1, ("Program kerja", "Kebutuhan anggaran (Rp)")),
    )
