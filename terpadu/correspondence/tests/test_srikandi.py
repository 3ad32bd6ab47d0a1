"""SRIKANDI export: metadata of a signed letter and the ZIP with the signed PDF."""

import hashlib
import io
import json
import zipfile

import pytest

from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.correspondence.srikandi import pdf_name, srikandi_metadata, srikandi_package

from .pdf_fixtures import dev_signing_fixture, make_letter, sign_letter, signing_dir_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
NUMBER = "000.1.5/15/DISKOMINFO/2026"


@pytest.fixture
def signed(dev_signing):
    letter = make_letter(security_level="terbatas", urgency="sangat_segera")
    return letter, sign_letter(letter, number=NUMBER)


def test_metadata_of_a_signed_letter(signed):
    letter, pdf = signed
    assert srikandi_metadata(letter) == {
        "format": "terpadu-srikandi/1",
        "number": NUMBER,
        "letter_date": "2026-11-23",
        "letter_type": "surat_dinas",
        "classification_code": "000.1.5",
        "classification_name": "Rapat pimpinan",
        "subject": "Undangan Rapat Koordinasi SPBE",
        "government": "Kabupaten Sumbawa Barat",
        "agency": "Dinas Komunikasi dan Informatika",
        "signer": {
            "name": "Dr. Ahmad Fauzi, M.Si.",
            "nip": letter.signer.nip,
            "title": "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
        },
        "signed_at": "2026-11-23T02:15:00+00:00",
        "recipients": [
            {"name": "Sekretaris Daerah", "kind": "cc"},
            {"name": "Kepala Dinas Kesehatan", "kind": "to"},
            {"name": "Kepala Bappeda", "kind": "to"},
        ],
        "security_level": "terbatas",
        "urgency": "sangat_segera",
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "verification_url": f"https://terpadu.sumbawabaratkab.go.id/verifikasi/{letter.verification_token}/",
    }


def test_package_holds_the_signed_pdf_and_the_metadata_and_is_reproducible(signed):
    letter, pdf = signed
    package = srikandi_package(letter)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.namelist() == ["000.1.5-15-DISKOMINFO-2026.pdf", "metadata.json"]
        assert archive.read("000.1.5-15-DISKOMINFO-2026.pdf") == pdf
        assert json.loads(archive.read("metadata.json")) == srikandi_metadata(letter)
    assert srikandi_package(letter) == package


def test_a_letter_without_its_signed_pdf_is_refused(dev_signing):
    with pytest.raises(ValidationFailed) as refused:
        srikandi_package(make_letter())
    assert refused.value.code == "letter_not_signed"


def test_stored_bytes_that_do_not_match_the_recorded_hash_are_refused(signed):
    letter, _ = signed
    letter.sha256 = "0" * 64
    with pytest.raises(Conflict):
        srikandi_package(letter)


def test_pdf_name_keeps_the_number_readable():
    class Numbered:
        pk = 7
        number = "800.1.11.1/3/BKPSDM (II)/2026"

    class Unnumbered:
        pk = 8
        number = None

    assert pdf_name(Numbered()) == "800.1.11.1-3-BKPSDM-II-2026.pdf"
    assert pdf_name(Unnumbered()) == "naskah-8.pdf"
