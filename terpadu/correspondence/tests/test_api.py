"""E-Surat API: the whole flow with bearer tokens, structured 4xx errors, and security levels through
list, search and detail."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from terpadu.core.models import AuditEvent
from terpadu.correspondence import delivery, letter_services
from terpadu.correspondence.drafts import letter_create_draft
from terpadu.correspondence.models import InboxItem, Letter
from terpadu.correspondence.tests.org import Org, build_org, draft_input
from terpadu.directory.models import User
from terpadu.directory.tests.factories import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Org:
    return build_org()


def api(user: User | None) -> Client:
    return Client(headers=bearer(user)) if user else Client()


def post(user: User, path: str, payload: dict[str, Any] | None = None) -> Any:
    return api(user).post(f"/api/v1{path}", payload or {}, content_type="application/json")


def draft_payload(org: Org, **overrides: Any) -> dict[str, Any]:
    payload = {
        "letter_type": "surat_dinas",
        "subject": "Permohonan data jaringan",
        "body": "Dengan hormat,\n\nMohon data jaringan.",
        "classification": "000.1.5",
        "recipients": [
            {"kind": "to", "target": "agency", "id": org.dinkes.agency.pk},
            {"kind": "cc", "target": "external", "name": "Kepala BPS Kabupaten"},
        ],
        "reviewer_ids": [org.kominfo.secretary.employee_id],
        "signer_id": org.kominfo.head.employee_id,
        "signing_authority": "agency_head",
    }
    payload.update(overrides)
    return payload


def test_the_flow_through_the_api(org: Org, settings: Any) -> None:
    created = post(org.kominfo.chief, "/letters", draft_payload(org))
    assert created.status_code == 201, created.content
    letter_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["number"] is None

    assert post(org.kominfo.chief, f"/letters/{letter_id}/submit").json()["status"] == "in_review"
    to_review = api(org.kominfo.secretary).get("/api/v1/letters?box=to_review").json()
    assert [row["id"] for row in to_review["items"]] == [letter_id]
    assert post(org.kominfo.secretary, f"/letters/{letter_id}/approve", {"note": "ok"}).json()["status"] == "to_sign"
    signed = letter_services.letter_sign(
        user=org.kominfo.head, letter=Letter.objects.get(pk=letter_id), render_now=False
    )
    body = api(org.kominfo.chief).get(f"/api/v1/letters/{letter_id}").json()
    assert body["number"] == signed.number and body["signed_at"] is not None and "sha256" in body
    assert body["verification_url"] == f"/verifikasi/{signed.verification_token}/"

    sent = post(org.kominfo.admin, f"/letters/{letter_id}/send")
    assert sent.json()["status"] == "sent"
    assert sent.json()["recipients"][0]["agenda_number"] == 1

    inbox = api(org.dinkes.head).get("/api/v1/letters?box=follow_up").json()
    assert [row["id"] for row in inbox["items"]] == [letter_id]
    disposed = post(
        org.dinkes.head,
        f"/letters/{letter_id}/dispositions",
        {"recipient_ids": [org.dinkes.chief.employee_id], "instructions": ["tindak_lanjuti"], "note": "Segera"},
    )
    assert disposed.status_code == 201, disposed.content
    item_id = disposed.json()[0]["id"]
    done = api(org.dinkes.chief).post(f"/api/v1/dispositions/{item_id}/follow-up", {"text": "Data dikirim"})
    assert done.status_code == 200, done.content
    assert done.json()["follow_up_status"] == "done"
    assert InboxItem.objects.get(letter_id=letter_id, kind="to").follow_up_status == "done"


def test_errors_are_structured_and_in_indonesian(org: Org) -> None:
    bad = post(org.kominfo.chief, "/letters", draft_payload(org, subject=""))
    assert bad.status_code == 422
    assert bad.json()["fields"]["subject"] == ["Hal wajib diisi."] and bad.json()["code"]
    letter = letter_create_draft(user=org.kominfo.chief, data=draft_input(org))
    wrong_turn = post(org.kominfo.head, f"/letters/{letter.pk}/sign")
    assert wrong_turn.status_code in (403, 404, 422)
    assert post(org.kominfo.chief, f"/letters/{letter.pk}/approve").status_code in (403, 422)
    not_signed = api(org.kominfo.chief).get(f"/api/v1/letters/{letter.pk}/pdf")
    assert not_signed.status_code == 404 and "belum" in not_signed.json()["message"]
    assert api(None).get("/api/v1/letters").status_code == 401
    assert post(org.dinkes.head, f"/letters/{letter.pk}/submit").status_code == 404  # a draft is not theirs to see
    assert Letter.objects.get(pk=letter.pk).status == "draft"


def _secret_letter(org: Org) -> Letter:
    data = draft_input(org, classification="800.1.11", subject="Hasil pemeriksaan disiplin pegawai", reviewer_ids=())
    letter = letter_create_draft(user=org.kominfo.chief, data=data)
    letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
    letter = letter_services.letter_sign(user=org.kominfo.head, letter=letter, render_now=False)
    return delivery.letter_send(user=org.kominfo.admin, letter=letter)


@pytest.mark.parametrize("outsider", ["sekda_not_addressed", "auditor", "other_head", "kominfo_staff"])
def test_a_secret_letter_is_invisible_to_others_through_the_api(org: Org, outsider: str) -> None:
    letter = _secret_letter(org)
    assert letter.security_level == "rahasia"
    InboxItem.objects.filter(letter=letter, kind="cc").delete()  # the Sekda was tembusan: take that away
    user = {
        "sekda_not_addressed": org.sekda,
        "auditor": org.auditor,
        "other_head": org.bupati,
        "kominfo_staff": org.kominfo.staff,
    }[outsider]
    client = api(user)
    assert client.get(f"/api/v1/letters/{letter.pk}").status_code == 404
    assert client.get(f"/api/v1/letters/{letter.pk}/pdf").status_code == 404
    assert client.get("/api/v1/letters?q=pemeriksaan").json()["count"] == 0
    assert client.get("/api/v1/letters").json()["count"] == 0
    assert not AuditEvent.objects.filter(action="letter.read_secret").exists()


def test_a_secret_letter_is_read_by_its_addressee_and_the_chain_and_every_read_is_audited(org: Org) -> None:
    letter = _secret_letter(org)
    head = api(org.dinkes.head)
    assert head.get(f"/api/v1/letters/{letter.pk}").status_code == 200
    assert head.get("/api/v1/letters?q=pemeriksaan").json()["count"] == 1
    assert api(org.dinkes.chief).get(f"/api/v1/letters/{letter.pk}").status_code == 404
    post(
        org.dinkes.head,
        f"/letters/{letter.pk}/dispositions",
        {"recipient_ids": [org.dinkes.chief.employee_id], "instructions": ["pelajari"]},
    )
    assert api(org.dinkes.chief).get(f"/api/v1/letters/{letter.pk}").status_code == 200
    reads = AuditEvent.objects.filter(action="letter.read_secret", object_id=str(letter.pk))
    assert sorted(reads.values_list("actor__username", flat=True)) == ["kabid.dinkes", "kadis.dinkes"]


def test_incoming_registration_through_the_api(org: Org) -> None:
    form = {
        "agency_id": org.dinkes.agency.pk,
        "sender_name": "Dinas Kesehatan Provinsi",
        "sender_number": "440/77/DINKES",
        "sender_date": "2026-11-02",
        "subject": "Laporan kasus DBD",
        "srikandi_ref": "SRK-77",
    }
    created = api(org.dinkes.admin).post("/api/v1/letters/incoming", form)
    assert created.status_code == 201, created.content
    assert created.json()["recipients"][0]["agenda_number"] == 1 and created.json()["srikandi_ref"] == "SRK-77"
    again = api(org.dinkes.admin).post("/api/v1/letters/incoming", form)
    assert again.status_code == 409
    refused = api(org.kominfo.admin).post("/api/v1/letters/incoming", {**form, "srikandi_ref": "SRK-78"})
    assert refused.status_code == 403
    assert Letter.objects.filter(direction="incoming").count() == 1
