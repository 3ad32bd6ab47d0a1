"""letter_reference: other modules (E-Absen's dinas luar) find a signed letter of the government by number."""

from datetime import date

import pytest
from django.utils import timezone

from terpadu.correspondence import interfaces
from terpadu.correspondence.models import Letter
from terpadu.directory.tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


def letter(agency, number, status, signed=True):
    employee = EmployeeFactory(position=PositionFactory(agency=agency))
    return Letter.objects.create(
        government=agency.government,
        agency=agency,
        direction="outgoing",
        subject=f"Surat tugas {number}",
        status=status,
        drafted_by=employee,
        created_by=UserFactory(government=agency.government),
        number=number,
        letter_date=date(2026, 7, 14) if signed else None,
        signed_at=timezone.now() if signed else None,
    )


def test_only_signed_letters_of_the_government_are_found():
    agency = AgencyFactory()
    signed = letter(agency, "800.1.11.1/7/DINKES/2026", "signed")
    letter(agency, "800.1.11.1/8/DINKES/2026", "sent")
    letter(agency, "800.1.11.1/9/DINKES/2026", "to_sign", signed=False)
    other = AgencyFactory()
    letter(other, "800.1.11.1/10/DINKES/2026", "signed")
    found = interfaces.letter_reference(government_id=agency.government_id, number=" 800.1.11.1/7/DINKES/2026 ")
    assert found == interfaces.LetterRef(
        signed.pk, "800.1.11.1/7/DINKES/2026", "Surat tugas 800.1.11.1/7/DINKES/2026", None, date(2026, 7, 14)
    )
    assert (
        interfaces.letter_reference(government_id=agency.government_id, number="800.1.11.1/8/DINKES/2026") is not None
    )
    assert interfaces.letter_reference(government_id=agency.government_id, number="800.1.11.1/9/DINKES/2026") is None
    assert interfaces.letter_reference(government_id=agency.government_id, number="800.1.11.1/10/DINKES/2026") is None
