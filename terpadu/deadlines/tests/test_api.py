"""The deadlines API: requests, an agency's response, the review, and the compliance table — scoped."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from terpadu.deadlines.models import AgencyResponse, Obligation, ResponseValue
from terpadu.deadlines.rules import ItemDraft
from terpadu.directory.tests.factories import bearer

from .factories import ITEMS, item_ids, make_request, submit, world

pytestmark = pytest.mark.django_db


def call(user, method, url, payload=None):
    headers = bearer(user) if user is not None else {}
    data = "{}" if payload is None else json.dumps(payload)
    return Client().generic(method, url, data=data, content_type="application/json", headers=headers)


@pytest.fixture
def live():
    """A request open now (due in three days) to Diskominfo and Dinkes."""
    w = world()
    now = timezone.now().replace(microsecond=0)
    obligation = make_request(w, opens_at=now - timedelta(days=4), due_at=now + timedelta(days=3))
    return w, obligation


@pytest.fixture
def past():
    """A request whose due time passed two hours ago: Dinkes submitted 30 minutes late, Diskominfo nothing."""
    w = world()
    now = timezone.now().replace(microsecond=0)
    due = now - timedelta(hours=2) + timedelta(seconds=30)  # 1 h 59 min 30 s ago: 120 minutes late, rounded up
    obligation = make_request(w, opens_at=due - timedelta(days=7), due_at=due)
    submit(w, obligation, w.dinkes, at=due + timedelta(minutes=30))
    return w, obligation, due


def test_compliance_rows_exact(past):
    w, obligation, due = past
    response = call(w.sekda, "GET", f"/api/v1/deadlines/requests/{obligation.pk}/compliance")
    assert response.status_code == 200
    assert response.json() == [
        {
            "agency_code": "3.01",
            "status": "overdue",
            "submitted_at": None,
            "late_by_minutes": 120,
            "missing_items": ["Program kerja", "Kebutuhan anggaran (Rp)"],
        },
        {
            "agency_code": "3.03",
            "status": "submitted_late",
            "submitted_at": (due + timedelta(minutes=30)).isoformat().replace("+00:00", "Z"),
            "late_by_minutes": 30,
            "missing_items": [],
        },
    ]


def test_an_agency_sees_only_its_own_compliance_row(past):
    w, obligation, _ = past
    rows = call(w.admin_dinkes, "GET", f"/api/v1/deadlines/requests/{obligation.pk}/compliance").json()
    assert [row["agency_code"] for row in rows] == ["3.03"]


def test_create_and_publish_a_request_through_the_api():
    w = world()
    now = timezone.now().replace(microsecond=0)
    payload = {
        "title": "Data LPPD Tahun 2025",
        "opens_at": now.isoformat(),
        "due_at": (now + timedelta(days=7)).isoformat(),
        "items": [
            {"label": "Capaian IKK", "kind": "long_text"},
            {"label": "Data dukung", "kind": "file", "required": False, "allowed_types": ["pdf"]},
        ],
        "agency_codes": ["3.01", "3.03"],
        "publish": True,
    }
    response = call(w.sekda, "POST", "/api/v1/deadlines/requests", payload)
    assert response.status_code == 201
    body = response.json()
    obligation = Obligation.objects.get()
    assert (body["id"], body["status"], body["agency_codes"], body["reminder_days"]) == (
        obligation.pk,
        "open",
        ["3.01", "3.03"],
        [3, 1, 0],
    )
    assert [(i["label"], i["kind"], i["required"], i["allowed_types"]) for i in body["items"]] == [
        ("Capaian IKK", "long_text", True, []),
        ("Data dukung", "file", False, ["pdf"]),
    ]


def test_a_time_without_offset_is_the_government_local_time():
    w = world()
    payload = {
        "title": "LPPD",
        "opens_at": "2026-05-04T08:00:00",
        "due_at": "2026-05-11T16:00:00+08:00",
        "items": [{"label": "A"}],
        "agency_codes": ["3.01"],
    }
    body = call(w.sekda, "POST", "/api/v1/deadlines/requests", payload).json()
    assert (body["opens_at"], body["due_at"]) == ("2026-05-04T00:00:00Z", "2026-05-11T08:00:00Z")


def test_unknown_agency_code_is_refused_with_the_field():
    w = world()
    now = timezone.now()
    payload = {
        "title": "X",
        "opens_at": now.isoformat(),
        "due_at": (now + timedelta(days=1)).isoformat(),
        "items": [{"label": "A"}],
        "agency_codes": ["9.99"],
    }
    response = call(w.sekda, "POST", "/api/v1/deadlines/requests", payload)
    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_error",
        "message": "Kode OPD tidak dikenal: 9.99.",
        "fields": {"agency_codes": ["Kode OPD tidak dikenal: 9.99."]},
    }
    assert Obligation.objects.count() == 0


def test_list_shows_an_agency_only_requests_addressed_to_it(live):
    w, obligation = live
    make_request(w, agencies=[w.dinkes], title="Hanya Dinkes", opens_at=obligation.opens_at, due_at=obligation.due_at)
    body = call(w.admin_kominfo, "GET", "/api/v1/deadlines/requests").json()
    assert (body["count"], [item["title"] for item in body["items"]]) == (1, [obligation.title])
    assert call(w.sekda, "GET", "/api/v1/deadlines/requests").json()["count"] == 2


def test_agency_saves_a_draft_then_submits_and_the_requester_returns_and_accepts(live):
    w, obligation = live
    program, budget, _ = item_ids(obligation)
    url = f"/api/v1/deadlines/requests/{obligation.pk}/responses/3.01"
    draft = call(w.operator_kominfo, "PUT", url, {"values": {str(program): "Program SPBE"}})
    assert draft.status_code == 200
    assert (draft.json()["status"], draft.json()["version"], draft.json()["missing_items"]) == (
        "in_progress",
        1,
        ["Kebutuhan anggaran (Rp)"],
    )
    refused = call(w.operator_kominfo, "POST", url + "/submit", {})
    assert refused.status_code == 422
    assert refused.json()["message"] == "Belum dapat dikirim. Butir wajib yang belum diisi: Kebutuhan anggaran (Rp)."
    done = call(w.operator_kominfo, "POST", url + "/submit", {"values": {str(budget): "2.500.000"}, "version": 1})
    assert (done.status_code, done.json()["status"], done.json()["version"]) == (200, "submitted", 2)
    returned = call(w.sekda, "POST", url + "/return", {"note": "Rinci per program."})
    assert (returned.json()["status"], returned.json()["return_note"]) == ("returned", "Rinci per program.")
    call(w.operator_kominfo, "POST", url + "/submit", {})
    accepted = call(w.sekda, "POST", url + "/accept", {})
    assert (accepted.status_code, accepted.json()["status"], accepted.json()["state"]) == (200, "accepted", "accepted")
    assert [v["value"] for v in accepted.json()["values"]] == ["Program SPBE", "2500000", ""]


def test_a_stale_version_is_refused_with_409(live):
    w, obligation = live
    program, _, _ = item_ids(obligation)
    url = f"/api/v1/deadlines/requests/{obligation.pk}/responses/3.01"
    call(w.operator_kominfo, "PUT", url, {"values": {str(program): "A"}})
    call(w.admin_kominfo, "PUT", url, {"values": {str(program): "B"}, "version": 1})
    stale = call(w.operator_kominfo, "PUT", url, {"values": {str(program): "C"}, "version": 1})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    assert ResponseValue.objects.get().text == "B"


def test_illegal_transition_is_409_and_changes_nothing(live):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    url = f"/api/v1/deadlines/requests/{obligation.pk}/responses/3.01"
    response = call(w.operator_kominfo, "POST", url + "/submit", {})
    assert (response.status_code, response.json()["code"]) == (409, "illegal_transition")
    assert AgencyResponse.objects.get().submission_count == 1


# --- who may do what ------------------------------------------------------------------------------


def snapshot_of(obligation):
    return list(AgencyResponse.objects.filter(obligation=obligation).values_list("agency_id", "state", "version"))


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("admin_dinkes", 404), ("employee_kominfo", 403), ("sekda", 403), ("operator_kominfo", 200)],
)
def test_who_may_write_kominfo_response(live, who, status):
    w, obligation = live
    program, _, _ = item_ids(obligation)
    url = f"/api/v1/deadlines/requests/{obligation.pk}/responses/3.01"
    before = snapshot_of(obligation)
    response = call(getattr(w, who) if who else None, "PUT", url, {"values": {str(program): "Isi"}})
    assert response.status_code == status
    if status != 200:
        assert snapshot_of(obligation) == before == []


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("admin_dinkes", 404), ("employee_kominfo", 403), ("admin_kominfo", 200), ("auditor", 200)],
)
def test_who_may_read_kominfo_response(live, who, status):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    response = call(
        getattr(w, who) if who else None, "GET", f"/api/v1/deadlines/requests/{obligation.pk}/responses/3.01"
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("admin_dinkes", 404),
        ("admin_kominfo", 403),
        ("employee_kominfo", 403),
        ("auditor", 403),
        ("sekda", 200),
    ],
)
def test_who_may_accept_a_response(live, who, status):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    url = f"/api/v1/deadlines/requests/{obligation.pk}/responses/3.01/accept"
    response = call(getattr(w, who) if who else None, "POST", url, {})
    assert response.status_code == status
    assert AgencyResponse.objects.get().state == ("accepted" if status == 200 else "submitted")


def test_a_request_not_addressed_to_the_agency_is_404(live):
    w, obligation = live
    other = make_request(
        w, agencies=[w.dinkes], title="Hanya Dinkes", opens_at=obligation.opens_at, due_at=obligation.due_at
    )
    for url in (f"/api/v1/deadlines/requests/{other.pk}", f"/api/v1/deadlines/requests/{other.pk}/compliance"):
        response = call(w.admin_kominfo, "GET", url)
        assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("who", "status"), [(None, 401), ("employee_kominfo", 403), ("operator_kominfo", 403), ("auditor", 403)]
)
def test_who_may_not_create_a_request(who, status):
    w = world()
    now = timezone.now()
    payload = {
        "title": "X",
        "opens_at": now.isoformat(),
        "due_at": (now + timedelta(days=1)).isoformat(),
        "items": [{"label": "A"}],
        "agency_codes": ["3.01"],
    }
    assert call(getattr(w, who) if who else None, "POST", "/api/v1/deadlines/requests", payload).status_code == status
    assert Obligation.objects.count() == 0


def test_a_file_item_is_uploaded_through_the_api_and_checked_by_content(live):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = live[0]
    obligation = make_request(
        w,
        items=[*ITEMS, ItemDraft("Dokumen Renja (PDF)", "file", True, allowed_types=("pdf",))],
        opens_at=timezone.now() - timedelta(days=1),
        due_at=timezone.now() + timedelta(days=3),
        title="Renja dengan berkas",
    )
    file_item = item_ids(obligation)[-1]
    text_item = item_ids(obligation)[0]
    url = f"/api/v1/deadlines/requests/{obligation.pk}/responses/3.01/files"
    client = Client()
    pdf = SimpleUploadedFile("renja.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    done = client.post(f"{url}/{file_item}", {"file": pdf}, headers=bearer(w.operator_kominfo))
    assert done.status_code == 200
    value = done.json()["values"][-1]
    assert (value["label"], value["file_name"]) == ("Dokumen Renja (PDF)", "renja.pdf")
    assert "Dokumen Renja (PDF)" not in done.json()["missing_items"]
    forged = SimpleUploadedFile("palsu.pdf", b"bukan pdf, hanya teks")
    refused = client.post(f"{url}/{file_item}", {"file": forged}, headers=bearer(w.operator_kominfo))
    assert refused.status_code == 422
    not_a_file_item = client.post(
        f"{url}/{text_item}", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")}, headers=bearer(w.operator_kominfo)
    )
    assert (not_a_file_item.status_code, not_a_file_item.json()["message"]) == (422, "Butir ini tidak menerima berkas.")
    stranger = client.post(
        f"{url}/{file_item}", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")}, headers=bearer(w.admin_dinkes)
    )
    assert stranger.status_code == 404
    assert ResponseValue.objects.filter(item_id=file_item).count() == 1
