"""What later E-Surat slices and other modules read: frozen dataclasses, never rows."""

import pytest

from terpadu.correspondence import interfaces, services
from terpadu.correspondence.models import ClassificationCode
from terpadu.correspondence.rules import FinalDisposition, RetentionRule
from terpadu.directory.tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db


def test_classification_infos_carry_retention_and_security():
    government = GovernmentFactory()
    services.classification_seed_top_levels(government)
    ClassificationCode.objects.create(
        government=government,
        code="000.1",
        name="Ketatausahaan",
        depth=2,
        sort_key="000.001",
        active_years=2,
        inactive_years=3,
        final_disposition="musnah",
        security_level="terbatas",
    )
    info = interfaces.classification_get(government_id=government.pk, code="000.1")
    assert info == interfaces.ClassificationInfo(
        "000.1", "Ketatausahaan", "000", 2, RetentionRule(2, 3, FinalDisposition.MUSNAH), "terbatas", True
    )
    assert interfaces.classification_get(government_id=government.pk, code="000")
    assert interfaces.classification_get(government_id=government.pk, code="000").retention is None
    assert interfaces.classification_get(government_id=government.pk, code="999") is None
    assert [c.code for c in interfaces.classification_list(government_id=government.pk)][:3] == ["000", "000.1", "100"]


def test_letter_types_of_a_government():
    government = GovernmentFactory()
    services.letter_type_seed_defaults(government)
    types = {t.code: t for t in interfaces.letter_type_list(government_id=government.pk)}
    assert len(types) == 21
    assert types["keputusan"] == interfaces.LetterTypeInfo(
        "keputusan", "Keputusan", "arahan", "correspondence/letters/keputusan", ("regional_head",), "type"
    )
    assert types["surat_tugas"].group == "arahan"


def test_the_demo_seeder_is_registered():
    from terpadu.core.demo import seeders

    assert "correspondence" in [seeder.name for seeder in seeders()]
