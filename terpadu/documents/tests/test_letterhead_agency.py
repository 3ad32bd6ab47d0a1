"""The kop of an agency's documents: the agency under the government heading, with its own contacts."""

import pytest
from django.core.exceptions import ObjectDoesNotExist

from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory
from terpadu.documents.interfaces import render_pdf
from terpadu.documents.pdf import letterhead_of

from .pdftext import pdf_text

pytestmark = pytest.mark.django_db

TABLE = {"headers": ["No"], "rows": [[1]]}


def _government():
    return GovernmentFactory(
        name="Kabupaten Sumbawa Barat", address="Jalan Bung Karno No. 1, Taliwang", phone="(0372) 81234"
    )


def test_without_an_agency_the_kop_is_the_governments_as_before():
    government = _government()
    kop = letterhead_of(government)
    assert (kop.heading, kop.unit, kop.address, kop.phone) == (
        "PEMERINTAH KABUPATEN SUMBAWA BARAT",
        "",
        "Jalan Bung Karno No. 1, Taliwang",
        "(0372) 81234",
    )


def test_an_agency_is_named_under_the_heading_with_its_own_address_and_the_governments_phone_as_fallback():
    government = _government()
    agency = AgencyFactory(government=government, name="Dinas Kesehatan", address="Jalan Sehat No. 2", phone="")
    pdf = render_pdf(
        template_name="documents/pdf/table.html",
        context=TABLE,
        government_id=government.pk,
        title="Uji",
        agency_id=agency.pk,
    )
    text = " ".join(pdf_text(pdf).split())
    assert "PEMERINTAH KABUPATEN SUMBAWA BARAT" in text
    assert "DINAS KESEHATAN" in text
    assert "Jalan Sehat No. 2" in text and "Jalan Bung Karno" not in text
    assert "Telepon (0372) 81234" in text


def test_the_kop_unit_context_still_names_a_unit():
    government = _government()
    pdf = render_pdf(
        template_name="documents/pdf/table.html",
        context={**TABLE, "kop_unit": "Bagian Umum"},
        government_id=government.pk,
        title="Uji",
    )
    assert "BAGIAN UMUM" in pdf_text(pdf)


def test_an_agency_of_another_government_is_refused():
    government = _government()
    foreign = AgencyFactory()
    with pytest.raises(ObjectDoesNotExist):
        render_pdf(
            template_name="documents/pdf/table.html",
            context=TABLE,
            government_id=government.pk,
            title="Uji",
            agency_id=foreign.pk,
        )
