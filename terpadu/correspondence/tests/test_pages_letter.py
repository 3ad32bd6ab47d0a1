"""The letter page and its actions, through plain POSTs: the whole flow draft → submit → paraf → sign →
send → dispose twice → follow up; who may not act (auditor, another agency, the wrong person); errors
shown next to the fields with nothing changed; reads recorded."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from terpadu.core.models import AuditEvent
from terpadu.correspondence import delivery, letter_services
from terpadu.correspondence.drafts import letter_create_draft
from terpadu.correspondence.models import InboxItem, Letter, LetterReview
from terpadu.correspondence.tests.org import Org, build_org, draft_input

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False  # these tests are about E-Surat, not the login


@pytest.fixture
def org() -> Org:
    return build_org()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(letter: Letter, action: str = "") -> str:
    return f"/surat/naskah/{letter.pk}/{action + '/' if action else ''}"


def draft(org: Org, **overrides) -> Letter:
    return letter_create_draft(user=org.kominfo.chief, data=draft_input(org, **overrides))


def signed(org: Org, **overrides) -> Letter:
    letter = draft(org, **overrides)
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    if LetterReview.objects.filter(letter=letter).exists():
        letter_services.letter_approve(user=org.kominfo.secretary, letter=letter)
    return letter_services.letter_sign(user=org.kominfo.head, letter=letter, render_now=False)


def sent(org: Org, **overrides) -> Letter:
    letter = signed(org, **overrides)
    return delivery.letter_send(user=org.kominfo.admin, letter=letter)


def page(user, address: str) -> str:
    response = client_for(user).get(address)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def post(user, address: str, data=None):
    return client_for(user).post(address, data or {})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_whole_flow_through_the_pages(org: Org) -> None:
    chief, secretary, head = org.kominfo.chief, org.kominfo.secretary, org.kominfo.head
    letter = draft(org)

    # the drafter sees submit/edit/cancel, nobody else does
    detail = page(chief, url(letter))
    assert f'action="{url(letter, "ajukan")}"' in detail and f'href="{url(letter, "ubah")}"' in detail
    assert client_for(secretary).get(url(letter)).status_code == 404  # not their turn yet: not theirs to read
    assert post(chief, url(letter, "ajukan")).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "in_review"

    # the reviewer initials from the letter page
    detail = page(secretary, url(letter))
    assert f'action="{url(letter, "paraf")}"' in detail and f'action="{url(letter, "tandatangani")}"' not in detail
    assert post(secretary, url(letter, "paraf"), {"paraf-note": "Sudah sesuai"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "to_sign"
    assert list(letter.reviews.values_list("status", "note")) == [("approved", "Sudah sesuai")]

    # the head signs: the number is shown
    assert f'action="{url(letter, "tandatangani")}"' in page(head, url(letter))
    response = client_for(head).post(url(letter, "tandatangani"), follow=True)
    letter.refresh_from_db()
    assert letter.status == "signed" and letter.number
    assert f"Nomor naskah: {letter.number}." in messages_of(response)
    assert f"<dd>{letter.number}</dd>" in response.content.decode()

    # the records desk sends it to Dinkes
    assert f'action="{url(letter, "kirim")}"' in page(org.kominfo.admin, url(letter))
    assert post(org.kominfo.admin, url(letter, "kirim")).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "sent"

    # the receiving head disposes it to the chief, who disposes it to the staff
    detail = page(org.dinkes.head, url(letter))
    assert "(agenda 1/" in detail and "Disposisikan" in detail
    assert org.dinkes.chief.employee.full_name in detail and org.kominfo.staff.employee.full_name not in detail
    response = post(
        org.dinkes.head,
        url(letter, "disposisi"),
        {
            "disposisi-recipients": [org.dinkes.chief.employee_id],
            "disposisi-instructions": ["tindak_lanjuti", "hadiri"],
            "disposisi-note": "Wakili saya",
        },
    )
    assert response.status_code == 302
    response = post(
        org.dinkes.chief,
        url(letter, "disposisi"),
        {"disposisi-recipients": [org.dinkes.staff.employee_id], "disposisi-instructions": ["siapkan_bahan"]},
    )
    assert response.status_code == 302

    # the staff records the follow-up with a file; the tree closes from the leaves
    evidence = SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf")
    response = client_for(org.dinkes.staff).post(
        url(letter, "tindak-lanjut"),
        {"tindaklanjut-text": "Bahan rapat disiapkan", "tindaklanjut-evidence": [evidence]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statuses = dict(
        InboxItem.objects.filter(letter=letter).exclude(kind="owner").values_list("employee_id", "follow_up_status")
    )
    assert statuses[org.dinkes.staff.employee_id] == "done"
    assert statuses[org.dinkes.chief.employee_id] == "done"
    assert statuses[org.dinkes.head.employee_id] == "done"
    tree = page(org.dinkes.head, url(letter))
    assert tree.count("Sudah ditindaklanjuti") == 2
    assert "Tindak lanjut (" in tree and "Bahan rapat disiapkan" in tree and "notulen.pdf" in tree


def test_the_auditor_cannot_post_any_action_and_nothing_changes(org: Org) -> None:
    letter = sent(org)
    item = InboxItem.objects.get(letter=letter, kind="to")
    for action in ("ajukan", "paraf", "kembalikan", "tandatangani", "kirim", "batalkan", "disposisi", "tindak-lanjut"):
        response = post(org.auditor, url(letter, action), {"kembali-note": "x", "tindaklanjut-text": "x"})
        assert response.status_code == 403, action
    assert client_for(org.auditor).get(url(letter)).status_code == 200  # an open letter: the auditor reads it
    assert "Disposisikan" not in page(org.auditor, url(letter))
    item.refresh_from_db()
    assert item.follow_up_status == "pending" and not InboxItem.objects.filter(kind="disposition").exists()


def test_another_agencys_user_gets_404_for_a_draft_and_its_actions(org: Org) -> None:
    letter = draft(org)
    for user in (org.dinkes.head, org.dinkes.staff, org.dinkes.admin):
        assert client_for(user).get(url(letter)).status_code == 404
        assert post(user, url(letter, "ajukan")).status_code == 404
        assert client_for(user).get(url(letter, "ubah")).status_code == 404
    letter.refresh_from_db()
    assert letter.status == "draft"


def test_a_secret_letter_is_404_to_the_sekda_and_its_reads_are_audited(org: Org) -> None:
    letter = sent(org, classification="800.1.11", recipients=draft_input(org).recipients[:1])
    assert letter.security_level == "rahasia"
    for outsider in (org.sekda, org.auditor, org.dinkes.admin, org.bupati):
        assert client_for(outsider).get(url(letter)).status_code == 404
    page(org.dinkes.head, url(letter))
    assert AuditEvent.objects.filter(action="letter.read_secret", object_id=str(letter.pk)).count() == 1
    assert InboxItem.objects.get(letter=letter, kind="to").read_at is not None


def test_the_wrong_reviewer_is_refused_and_a_return_needs_a_note(org: Org) -> None:
    letter = draft(org)
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    # the signer takes part only once the paraf is done: until then the draft is not theirs to see
    assert post(org.kominfo.head, url(letter, "paraf")).status_code == 404
    response = post(org.kominfo.secretary, url(letter, "kembalikan"), {"kembali-note": "  "})
    assert response.status_code == 422
    assert '<p class="field-error" id="id_kembali-note_error">Wajib diisi.</p>' in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == "in_review"
    post(org.kominfo.secretary, url(letter, "kembalikan"), {"kembali-note": "Perbaiki tanggal"})
    letter.refresh_from_db()
    assert letter.status == "returned"
    detail = page(org.kominfo.chief, url(letter))
    assert "Perbaiki tanggal" in detail and f'href="{url(letter, "ubah")}"' in detail


def test_submit_without_a_body_says_why_and_stays_a_draft(org: Org) -> None:
    letter = draft(org, body="")
    response = client_for(org.kominfo.chief).post(url(letter, "ajukan"), follow=True)
    assert "Isi naskah masih kosong." in messages_of(response)
    letter.refresh_from_db()
    assert letter.status == "draft"


def test_the_drafter_cancels(org: Org) -> None:
    letter = draft(org)
    assert post(org.kominfo.staff, url(letter, "batalkan")).status_code == 404  # cannot read it
    post(org.kominfo.chief, url(letter, "batalkan"))
    letter.refresh_from_db()
    assert letter.status == "cancelled"


def test_a_disposition_outside_the_subordinates_is_refused_next_to_the_field(org: Org) -> None:
    letter = sent(org)
    response = post(
        org.dinkes.head,
        url(letter, "disposisi"),
        {"disposisi-recipients": [org.dinkes.chief.employee_id]},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Pilih paling sedikit satu arahan atau tulis catatan." in body
    response = post(org.dinkes.chief, url(letter, "disposisi"), {"disposisi-instructions": ["pelajari"]})
    assert response.status_code == 404  # nothing in the chief's box to dispose from
    assert not InboxItem.objects.filter(kind="disposition").exists()


def test_the_signed_letter_links_its_pdf_verification_and_srikandi_package(org: Org) -> None:
    pytest.importorskip("weasyprint")
    letter = signed(org)
    letter_services.letter_finalise(letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.pdf_id is not None
    detail = page(org.kominfo.admin, url(letter))
    assert f'href="/dokumen/berkas/{letter.pdf_id}/"' in detail
    assert f'href="/verifikasi/{letter.verification_token}/"' in detail
    assert f'href="{url(letter, "srikandi")}"' in detail
    response = client_for(org.kominfo.admin).get(url(letter, "srikandi"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert client_for(org.dinkes.head).get(url(letter, "srikandi")).status_code in (403, 404)
    assert client_for(org.auditor).get(url(letter, "srikandi")).status_code == 403


def test_follow_up_requires_text_and_refuses_a_bad_file(org: Org) -> None:
    letter = sent(org)
    head = org.dinkes.head
    response = client_for(head).post(url(letter, "tindak-lanjut"), {"tindaklanjut-text": ""})
    assert response.status_code == 422 and "Wajib diisi." in response.content.decode()
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client_for(head).post(
        url(letter, "tindak-lanjut"), {"tindaklanjut-text": "Selesai", "tindaklanjut-evidence": [bad]}
    )
    assert response.status_code == 422
    item = InboxItem.objects.get(letter=letter, kind="to")
    assert item.follow_up_status == "pending"
