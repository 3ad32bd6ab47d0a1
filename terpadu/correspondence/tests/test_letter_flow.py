"""The outgoing flow end to end through the services: draft → paraf → sign (number) → send → disposition
two levels down → follow-up rolling up; plus returns, illegal transitions and who may act."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.correspondence import delivery, disposition_services, letter_services
from terpadu.correspondence.drafts import RecipientInput, letter_create_draft, letter_update_draft
from terpadu.correspondence.models import InboxItem, Letter, LetterReview
from terpadu.correspondence.tests.org import Org, build_org, draft_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Org:
    return build_org()


def sign(org: Org, letter: Letter) -> Letter:
    return letter_services.letter_sign(user=org.kominfo.head, letter=letter, render_now=False)


def signed_letter(org: Org, **overrides: object) -> Letter:
    letter = letter_create_draft(user=org.kominfo.chief, data=draft_input(org, **overrides))
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    if LetterReview.objects.filter(letter=letter).exists():
        letter_services.letter_approve(user=org.kominfo.secretary, letter=letter)
    return sign(org, letter)


def items(letter: Letter, kind: str) -> list[tuple[int, str | None]]:
    rows = InboxItem.objects.filter(letter=letter, kind=kind).order_by("pk")
    return [(row.employee_id, row.closed_at is not None) for row in rows]  # type: ignore[misc]


def test_a_draft_belongs_to_its_drafter_and_waits_for_submission(org: Org) -> None:
    letter = letter_create_draft(user=org.kominfo.chief, data=draft_input(org))
    assert letter.status == "draft" and letter.agency == org.kominfo.agency and letter.number is None
    assert items(letter, "owner") == [(org.kominfo.chief.employee_id, False)]
    assert list(letter.reviews.values_list("reviewer_id", "status")) == [(org.kominfo.secretary.employee_id, "waiting")]
    assert [r.name for r in letter.recipients.all()] == ["Kepala Dinas dinkes", org.sekda.employee.full_name]
    assert AuditEvent.objects.filter(action="letter.draft", object_id=str(letter.pk)).count() == 1


def test_paraf_in_order_then_signature_gives_the_number_and_closes_the_boxes(org: Org) -> None:
    letter = letter_create_draft(user=org.kominfo.chief, data=draft_input(org))
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    letter.refresh_from_db()
    assert letter.status == "in_review"
    assert items(letter, "review") == [(org.kominfo.secretary.employee_id, False)]
    with pytest.raises(AccessDenied):  # not the head's turn yet
        letter_services.letter_approve(user=org.kominfo.head, letter=letter)
    letter_services.letter_approve(user=org.kominfo.secretary, letter=letter)
    letter.refresh_from_db()
    assert letter.status == "to_sign" and items(letter, "review") == [(org.kominfo.secretary.employee_id, True)]
    assert items(letter, "sign") == [(org.kominfo.head.employee_id, False)]
    with pytest.raises(AccessDenied):
        letter_services.letter_sign(user=org.kominfo.chief, letter=letter, render_now=False)

    letter = sign(org, letter)

    year = timezone.localdate().year
    assert letter.status == "signed" and letter.sequence == 1
    assert letter.number == f"000.1.5/1/{org.kominfo.agency.code}/{year}"
    assert letter.signature_block["heading"] == ["KEPALA DINAS KOMINFO"]
    assert letter.signature_block["name"] == org.kominfo.head.employee.full_name
    assert items(letter, "sign") == [(org.kominfo.head.employee_id, True)]
    senders = {employee for employee, _ in items(letter, "send")}
    assert senders == {org.kominfo.chief.employee_id, org.kominfo.admin.employee_id}


def test_a_signed_letter_is_immutable(org: Org) -> None:
    letter = signed_letter(org)
    with pytest.raises(ValidationFailed, match="tidak dapat di-ubah"):
        letter_update_draft(user=org.kominfo.chief, letter=letter, data=draft_input(org, subject="Diganti"))
    with pytest.raises(ValidationFailed):
        letter_services.letter_return(user=org.kominfo.head, letter=letter, note="terlambat")
    letter.refresh_from_db()
    assert letter.subject == "Undangan rapat koordinasi jaringan" and letter.status == "signed"


def test_a_correction_is_a_new_letter_referencing_the_signed_one(org: Org) -> None:
    original = signed_letter(org)
    correction = letter_create_draft(user=org.kominfo.chief, data=draft_input(org, corrects_id=original.pk))
    assert correction.corrects == original and correction.number is None
    with pytest.raises(ValidationFailed, match="sudah ditandatangani"):
        letter_create_draft(user=org.kominfo.chief, data=draft_input(org, corrects_id=correction.pk))


def test_a_return_needs_a_note_and_the_resubmission_starts_a_new_round(org: Org) -> None:
    letter = letter_create_draft(user=org.kominfo.chief, data=draft_input(org))
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    with pytest.raises(ValidationFailed, match="alasan"):
        letter_services.letter_return(user=org.kominfo.secretary, letter=letter, note=" ")
    letter_services.letter_return(user=org.kominfo.secretary, letter=letter, note="Perbaiki tanggal rapat")
    letter.refresh_from_db()
    assert letter.status == "returned"
    letter_update_draft(
        user=org.kominfo.chief, letter=letter, data=draft_input(org, subject="Rapat koordinasi (revisi)")
    )
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    rounds = list(letter.reviews.order_by("round").values_list("round", "status", "note"))
    assert rounds == [(1, "returned", "Perbaiki tanggal rapat"), (2, "pending", "")]


def test_the_signer_may_return_the_letter(org: Org) -> None:
    letter = letter_create_draft(user=org.kominfo.chief, data=draft_input(org, reviewer_ids=()))
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    letter_services.letter_return(user=org.kominfo.head, letter=letter, note="Bahasa kurang baku")
    letter.refresh_from_db()
    assert letter.status == "returned" and items(letter, "sign") == [(org.kominfo.head.employee_id, True)]


@pytest.mark.parametrize(
    ("authority", "delegation", "signer", "ok"),
    [
        ("agency_head", "", "head", True),
        ("agency_head", "", "secretary", False),  # not the head: needs a.n.
        ("agency_head", "an", "secretary", True),  # a.n. Kepala Dinas, Sekretaris
        ("agency_head", "an_ub", "secretary", False),  # u.b. needs two levels down
        ("agency_head", "an_ub", "staff", True),
        ("agency_head", "plh", "chief", True),
        ("agency_head", "plt", "staff", False),
        (
            "regional_head",
            "",
            "head",
            False,
        ),  # a surat dinas may be signed by the regional head, not by the kadis in his name
    ],
)
def test_who_may_sign_under_which_authority(org: Org, authority: str, delegation: str, signer: str, ok: bool) -> None:
    data = draft_input(
        org,
        reviewer_ids=(),
        signer_id=getattr(org.kominfo, signer).employee_id,
        signing_authority=authority,
        delegation=delegation,
    )
    letter = letter_create_draft(user=org.kominfo.chief if signer != "chief" else org.kominfo.staff, data=data)
    drafter = org.kominfo.chief if signer != "chief" else org.kominfo.staff
    if ok:
        letter_services.letter_submit(user=drafter, letter=letter)
        assert Letter.objects.get(pk=letter.pk).status == "to_sign"
    else:
        with pytest.raises(ValidationFailed):
            letter_services.letter_submit(user=drafter, letter=letter)
        assert Letter.objects.get(pk=letter.pk).status == "draft"


def test_an_and_ub_print_the_signature_heading(org: Org) -> None:
    data = draft_input(org, reviewer_ids=(), signer_id=org.kominfo.secretary.employee_id, delegation="an")
    letter = letter_create_draft(user=org.kominfo.chief, data=data)
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    letter = letter_services.letter_sign(user=org.kominfo.secretary, letter=letter, render_now=False)
    assert letter.signature_block["heading"] == ["a.n. KEPALA DINAS KOMINFO", "SEKRETARIS"]


def test_sending_delivers_to_the_receiving_head_with_an_agenda_number_and_tembusan(org: Org) -> None:
    letter = signed_letter(org)
    with pytest.raises(AccessDenied):  # the addressee cannot send it
        delivery.letter_send(user=org.dinkes.head, letter=letter)
    delivery.letter_send(user=org.kominfo.admin, letter=letter)
    letter.refresh_from_db()
    assert letter.status == "sent" and letter.sent_at is not None
    to = InboxItem.objects.get(letter=letter, kind="to")
    cc = InboxItem.objects.get(letter=letter, kind="cc")
    assert (to.employee_id, to.follow_up_status) == (org.dinkes.head.employee_id, "pending")
    assert (cc.employee_id, cc.follow_up_status) == (org.sekda.employee_id, "none")
    recipient = letter.recipients.get(kind="to")
    assert recipient.agenda_number == 1 and recipient.delivered_at is not None
    assert all(closed for _, closed in items(letter, "send"))
    second = signed_letter(org, subject="Surat kedua")
    delivery.letter_send(user=org.kominfo.chief, letter=second)
    assert second.recipients.get(kind="to").agenda_number == 2


def test_disposition_two_levels_down_and_follow_up_rolls_up(org: Org) -> None:
    letter = signed_letter(org)
    delivery.letter_send(user=org.kominfo.admin, letter=letter)
    head_item = InboxItem.objects.get(letter=letter, kind="to")
    data = disposition_services.DispositionInput(
        recipient_ids=(org.dinkes.chief.employee_id,), instructions=("tindak_lanjuti", "hadiri"), note="Wakili saya"
    )
    with pytest.raises(AccessDenied):  # only the item's holder disposes it
        disposition_services.disposition_create(user=org.dinkes.chief, item_id=head_item.pk, data=data)
    outside = disposition_services.DispositionInput(
        recipient_ids=(org.kominfo.staff.employee_id,), instructions=("pelajari",)
    )
    with pytest.raises(ValidationFailed, match="bawahan"):
        disposition_services.disposition_create(user=org.dinkes.head, item_id=head_item.pk, data=outside)

    [chief_item] = disposition_services.disposition_create(user=org.dinkes.head, item_id=head_item.pk, data=data)
    with pytest.raises(Conflict):
        disposition_services.disposition_create(user=org.dinkes.head, item_id=head_item.pk, data=data)
    [staff_item] = disposition_services.disposition_create(
        user=org.dinkes.chief,
        item_id=chief_item.pk,
        data=disposition_services.DispositionInput(
            recipient_ids=(org.dinkes.staff.employee_id,), instructions=("siapkan_bahan",)
        ),
    )
    head_item.refresh_from_db()
    chief_item.refresh_from_db()
    assert (head_item.follow_up_status, chief_item.follow_up_status) == ("forwarded", "forwarded")
    assert chief_item.due_date == timezone.localdate() + timedelta(days=7)
    assert (
        chief_item.instructions == ["tindak_lanjuti", "hadiri"] and chief_item.sender_id == org.dinkes.head.employee_id
    )

    disposition_services.follow_up_record(user=org.dinkes.staff, item_id=staff_item.pk, text="Bahan rapat disiapkan")

    for row in (staff_item, chief_item, head_item):
        row.refresh_from_db()
        assert row.follow_up_status == "done" and row.followed_up_at is not None
    assert staff_item.follow_up_text == "Bahan rapat disiapkan"
    with pytest.raises(Conflict):
        disposition_services.follow_up_record(user=org.dinkes.staff, item_id=staff_item.pk, text="lagi")


def test_informative_dispositions_need_no_follow_up(org: Org) -> None:
    letter = signed_letter(org)
    delivery.letter_send(user=org.kominfo.admin, letter=letter)
    head_item = InboxItem.objects.get(letter=letter, kind="to")
    [item] = disposition_services.disposition_create(
        user=org.dinkes.head,
        item_id=head_item.pk,
        data=disposition_services.DispositionInput(
            recipient_ids=(org.dinkes.secretary.employee_id,), instructions=("untuk_diketahui",)
        ),
    )
    head_item.refresh_from_db()
    assert item.follow_up_status == "none" and head_item.follow_up_status == "pending"


def test_overdue_dispositions_are_reminded_once_a_day(org: Org) -> None:
    from terpadu.notifications.models import Notification

    letter = signed_letter(org)
    delivery.letter_send(user=org.kominfo.admin, letter=letter)
    head_item = InboxItem.objects.get(letter=letter, kind="to")
    disposition_services.disposition_create(
        user=org.dinkes.head,
        item_id=head_item.pk,
        data=disposition_services.DispositionInput(
            recipient_ids=(org.dinkes.chief.employee_id,), instructions=("jawab",)
        ),
    )
    later = timezone.localdate() + timedelta(days=8)
    assert disposition_services.disposition_remind_overdue(today=later) == 1
    disposition_services.disposition_remind_overdue(today=later)
    overdue = Notification.objects.filter(kind="letter.overdue")
    assert sorted(overdue.values_list("user__username", flat=True)) == ["kabid.dinkes", "kadis.dinkes"]


def test_incoming_registration_gets_an_agenda_number_and_refuses_duplicates(org: Org) -> None:
    data = delivery.IncomingInput(
        agency_id=org.dinkes.agency.pk,
        sender_name="Kementerian Kesehatan",
        sender_number="PR.01/123/2026",
        sender_date=timezone.localdate(),
        subject="Imunisasi nasional",
        srikandi_ref="SRK-2026-0001",
    )
    with pytest.raises(AccessDenied):
        delivery.letter_register_incoming(user=org.kominfo.admin, data=data)
    letter = delivery.letter_register_incoming(user=org.dinkes.admin, data=data)
    assert (letter.direction, letter.status, letter.srikandi_ref) == ("incoming", "received", "SRK-2026-0001")
    assert letter.recipients.get().agenda_number == 1
    assert items(letter, "to") == [(org.dinkes.head.employee_id, False)]
    with pytest.raises(Conflict):
        delivery.letter_register_incoming(user=org.dinkes.admin, data=data)
    bad = delivery.IncomingInput(
        agency_id=org.dinkes.agency.pk, sender_name="", sender_number="", sender_date=None, subject=""
    )
    with pytest.raises(ValidationFailed) as caught:
        delivery.letter_register_incoming(user=org.dinkes.admin, data=bad)
    assert set(caught.value.fields) == {"sender_name", "sender_number", "sender_date", "subject"}
    assert Letter.objects.filter(direction="incoming").count() == 1


def test_every_read_of_a_secret_letter_is_audited(org: Org) -> None:
    letter = signed_letter(org, classification="800.1.11")
    assert letter.security_level == "rahasia"
    delivery.letter_read_record(user=org.kominfo.head, letter=letter)
    delivery.letter_read_record(user=org.kominfo.head, letter=letter)
    assert AuditEvent.objects.filter(action="letter.read_secret", object_id=str(letter.pk)).count() == 2
    open_letter = signed_letter(org, subject="Biasa")
    delivery.letter_read_record(user=org.kominfo.head, letter=open_letter)
    assert not AuditEvent.objects.filter(action="letter.read_secret", object_id=str(open_letter.pk)).exists()


def test_an_auditor_cannot_draft_and_bad_input_is_refused_in_indonesian(org: Org) -> None:
    with pytest.raises(AccessDenied):
        letter_create_draft(user=org.auditor, data=draft_input(org))
    with pytest.raises(ValidationFailed, match="Hal wajib diisi"):
        letter_create_draft(user=org.kominfo.chief, data=draft_input(org, subject=" "))
    with pytest.raises(ValidationFailed, match="tidak ada atau tidak aktif"):
        letter_create_draft(user=org.kominfo.chief, data=draft_input(org, classification="999.9"))
    with pytest.raises(ValidationFailed, match="paling sedikit satu tujuan"):
        letter_create_draft(
            user=org.kominfo.chief,
            data=draft_input(org, recipients=(RecipientInput(kind="cc", target="external", name="PT Maju"),)),
        )
    assert not Letter.objects.exists()
