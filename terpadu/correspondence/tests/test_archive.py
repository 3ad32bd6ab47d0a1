"""Dossiers, filing and the retention report (JRA: active years, inactive years, final disposition)."""

from __future__ import annotations

from datetime import date

import pytest

from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.correspondence import archive, letter_services
from terpadu.correspondence.drafts import letter_create_draft
from terpadu.correspondence.models import ClassificationCode
from terpadu.correspondence.tests.org import Org, build_org, draft_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Org:
    org = build_org()
    ClassificationCode.objects.filter(government=org.government, code="000.1.5").update(
        active_years=2, inactive_years=3, final_disposition="musnah"
    )
    return org


def test_a_dossier_closes_and_its_retention_runs_from_the_closing_date(org: Org) -> None:
    dossier = archive.dossier_create(
        user=org.kominfo.admin,
        agency_id=org.kominfo.agency.pk,
        classification="000.1.5",
        number="B-01",
        title="Rapat pimpinan 2020",
        year=2020,
    )
    archive.dossier_close(user=org.kominfo.admin, dossier=dossier, closed_on=date(2020, 12, 31))

    def stage(today: date) -> tuple[str, date, date]:
        [row] = archive.retention_report(user=org.kominfo.admin, today=today)
        return row.stage, row.active_until, row.inactive_until

    assert stage(date(2022, 12, 30)) == ("aktif", date(2022, 12, 31), date(2025, 12, 31))
    assert stage(date(2022, 12, 31))[0] == "inaktif"
    assert stage(date(2025, 12, 31))[0] == "jatuh_tempo"
    [row] = archive.retention_report(user=org.kominfo.admin, today=date(2026, 1, 1), stage="jatuh_tempo")
    assert row.final_disposition == "Musnah" and row.classification_code == "000.1.5"
    assert archive.retention_report(user=org.dinkes.admin, today=date(2026, 1, 1)) == []
    assert len(archive.retention_report(user=org.sekda, today=date(2026, 1, 1))) == 1


def test_filing_needs_a_registered_letter_an_open_dossier_and_the_records_desk(org: Org) -> None:
    dossier = archive.dossier_create(
        user=org.kominfo.head,
        agency_id=org.kominfo.agency.pk,
        classification="000.1.5",
        number="B-02",
        title="Koordinasi jaringan",
        year=2026,
    )
    draft = letter_create_draft(user=org.kominfo.chief, data=draft_input(org, reviewer_ids=()))
    with pytest.raises(AccessDenied):  # a draft is its participants' only: the desk cannot even read it
        archive.letter_file(user=org.kominfo.admin, letter=draft, dossier=dossier)
    letter_services.letter_submit(user=org.kominfo.chief, letter=draft)
    letter = letter_services.letter_sign(user=org.kominfo.head, letter=draft, render_now=False)
    with pytest.raises(AccessDenied):
        archive.letter_file(user=org.kominfo.staff, letter=letter, dossier=dossier)
    with pytest.raises(AccessDenied):
        archive.letter_file(user=org.dinkes.admin, letter=letter, dossier=dossier)
    archive.letter_file(user=org.kominfo.admin, letter=letter, dossier=dossier)
    letter.refresh_from_db()
    assert letter.dossier == dossier
    archive.dossier_close(user=org.kominfo.admin, dossier=dossier, closed_on=date(2026, 12, 31))
    with pytest.raises(Conflict):
        archive.letter_file(user=org.kominfo.admin, letter=letter, dossier=dossier)


def test_dossier_numbers_are_unique_per_agency_and_year(org: Org) -> None:
    kwargs = dict(agency_id=org.kominfo.agency.pk, classification="000.1.5", number="B-03", title="X", year=2026)
    archive.dossier_create(user=org.kominfo.admin, **kwargs)
    with pytest.raises(Conflict):
        archive.dossier_create(user=org.kominfo.admin, **kwargs)
    with pytest.raises(ValidationFailed) as caught:
        archive.dossier_create(
            user=org.kominfo.admin,
            agency_id=org.kominfo.agency.pk,
            classification="000.1.5",
            number="",
            title="",
            year=3,
        )
    assert set(caught.value.fields) == {"number", "title", "year"}
    with pytest.raises(AccessDenied):
        archive.dossier_create(user=org.auditor, **{**kwargs, "number": "B-04"})
