"""Helpers of the letter PDF, signing, verification and SRIKANDI tests: the development CA made once per test
session in a temporary directory, and letters built directly (drafts, or signed with their PDF stored)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from terpadu.correspondence.letter_pdf import letter_pdf_render
from terpadu.correspondence.models import ClassificationCode, Letter, LetterRecipient, LetterType
from terpadu.correspondence.signing import pdf_sign
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    PositionFactory,
    UserFactory,
)
from terpadu.documents.interfaces import UploadPolicy, register_upload_policy, save_generated

#: a purpose of these tests only, so they do not depend on the workflow's registrations
PDF_PURPOSE = "uji-naskah-ttd"
register_upload_policy(UploadPolicy(PDF_PURPOSE, frozenset({"application/pdf"}), 20 * 1024 * 1024))

SIGNED_AT = datetime(2026, 11, 23, 2, 15, tzinfo=UTC)
LETTER_DATE = date(2026, 11, 23)
TYPES = {
    "surat_dinas": ("Surat Dinas (Surat Biasa)", "korespondensi"),
    "surat_undangan": ("Surat Undangan", "korespondensi"),
    "nota_dinas": ("Nota Dinas", "korespondensi"),
    "surat_tugas": ("Surat Tugas", "arahan"),
    "keputusan": ("Keputusan", "arahan"),
    "berita_acara": ("Berita Acara", "khusus"),
}


# Test modules import the fixtures below by their function names; pytest knows them by ``name``.


@pytest.fixture(scope="session", name="signing_dir")
def signing_dir_fixture(tmp_path_factory):
    """One directory for the development CA for the whole session (keys are generated once)."""
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(name="dev_signing")
def dev_signing_fixture(settings, signing_dir, tmp_path):
    """The development CA of the session, the public address and a temporary media root."""
    settings.TERPADU_SIGNING_DEV_DIR = signing_dir
    settings.TERPADU_SIGNING_DEV_NAME = "Kabupaten Sumbawa Barat"
    settings.TERPADU_SIGNING_KEY_FILE = settings.TERPADU_SIGNING_CERT_FILE = settings.TERPADU_SIGNING_CA_FILE = ""
    settings.TERPADU_PUBLIC_URL = "https://terpadu.sumbawabaratkab.go.id"
    settings.MEDIA_ROOT = tmp_path / "media"
    return signing_dir


def make_letter(
    *,
    code: str = "surat_dinas",
    security_level: str = "biasa",
    urgency: str = "segera",
    subject: str = "Undangan Rapat Koordinasi SPBE",
    body: str = "Dengan hormat,\n\nKami mengundang Saudara hadir pada rapat koordinasi.\n\nAtas perhatiannya kami ucapkan terima kasih.",
    signing_authority: str = "agency_head",
    government=None,
) -> Letter:
    government = government or GovernmentFactory(
        name="Kabupaten Sumbawa Barat", address="Jalan Bung Karno No. 1, Taliwang", head_title="Bupati"
    )
    agency = AgencyFactory(government=government, name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    name, group = TYPES[code]
    letter_type, _ = LetterType.objects.get_or_create(
        government=government,
        code=code,
        defaults={
            "name": name,
            "group": group,
            "template_key": f"correspondence/letters/{code}",
            "signers": ["agency_head"],
            "numbering_scope": "agency",
        },
    )
    classification, _ = ClassificationCode.objects.get_or_create(
        government=government,
        code="000.1.5",
        defaults={"name": "Rapat pimpinan", "depth": 3, "sort_key": "000.001.005"},
    )
    drafter = EmployeeFactory(position=PositionFactory(agency=agency, name="Pranata Komputer"))
    signer = EmployeeFactory(
        position=PositionFactory(agency=agency, name="Kepala Dinas Komunikasi dan Informatika"),
        name="Ahmad Fauzi",
        front_title="Dr.",
        back_title="M.Si.",
        rank="Pembina Utama Muda (IV/c)",
    )
    letter = Letter.objects.create(
        government=government,
        agency=agency,
        direction=Letter.Direction.OUTGOING,
        letter_type=letter_type,
        classification=classification,
        subject=subject,
        body=body,
        attachment_note="1 (satu) berkas",
        place="Taliwang",
        urgency=urgency,
        security_level=security_level,
        drafted_by=drafter,
        created_by=UserFactory(government=government),
        signer=signer,
        signing_authority=signing_authority,
    )
    LetterRecipient.objects.create(letter=letter, kind="to", target="external", name="Kepala Dinas Kesehatan", order=1)
    LetterRecipient.objects.create(letter=letter, kind="to", target="external", name="Kepala Bappeda", order=2)
    LetterRecipient.objects.create(letter=letter, kind="cc", target="external", name="Sekretaris Daerah", order=1)
    return letter


def sign_letter(letter: Letter, *, number: str = "000.1.5/15/DISKOMINFO/2026") -> bytes:
    """What the signing service does: number, date and signature block frozen, final PDF signed and stored.
    Returns the signed bytes."""
    letter.number, letter.letter_date, letter.signed_at = number, LETTER_DATE, SIGNED_AT
    letter.status = Letter.Status.SIGNED
    letter.signature_block = {
        "heading": ["KEPALA DINAS KOMUNIKASI DAN INFORMATIKA"],
        "name": letter.signer.full_name,
        "nip": letter.signer.nip or "",
        "rank": letter.signer.rank,
    }
    letter.save()
    signed = pdf_sign(
        letter_pdf_render(letter, final=True),
        signer_name=letter.signature_block["name"],
        reason=f"Penandatanganan naskah dinas {letter.number}",
        location=letter.place,
    )
    stored = save_generated(
        content=signed,
        name=f"{number.replace('/', '-')}.pdf",
        content_type="application/pdf",
        purpose=PDF_PURPOSE,
        government_id=letter.government_id,
    )
    letter.pdf_id, letter.sha256 = stored.id, hashlib.sha256(signed).hexdigest()
    letter.save(update_fields=["pdf", "sha256"])
    return signed
