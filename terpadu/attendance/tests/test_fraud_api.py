"""GET /api/v1/attendance/anomalies and POST …/{id}/review: the shape, who sees which flags (never one's
own open flag), who may review, the structured errors, and that a refusal changes nothing."""

import pytest
from django.test import Client

from terpadu.attendance import fraud
from terpadu.attendance.models import AnomalyFlag
from terpadu.attendance.tests.fraud_org import DAY, build_org, fake_cluster
from terpadu.core.models import AuditEvent
from terpadu.directory.tests.factories import bearer

pytestmark = pytest.mark.django_db
URL = "/api/v1/attendance/anomalies"


@pytest.fixture
def org():
    org = build_org()
    fake_cluster(org.kominfo)
    fraud.anomaly_report_build(government_id=org.government.pk, day=DAY)
    return org


def api(user):
    return Client(headers=bearer(user))


def listed(user, **params):
    response = api(user).get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_reviewer_lists_the_flags_with_the_evidence(org):
    body = listed(org.kominfo.chief, date="2026-05-04")
    assert body["count"] == 8
    item = next(i for i in body["items"] if i["kind"] == "implausible_accuracy")
    staff = org.kominfo.staff[3].employee
    flag = AnomalyFlag.objects.get(kind="implausible_accuracy")
    assert set(item) == {
        "id",
        "date",
        "kind",
        "kind_label",
        "group_key",
        "status",
        "status_label",
        "agency_id",
        "agency_name",
        "employee",
        "reviewer",
        "event_ids",
        "evidence",
        "created_at",
        "reviewed_at",
        "review_note",
        "can_review",
    }
    assert (item["id"], item["date"], item["group_key"], item["status"]) == (
        flag.pk,
        "2026-05-04",
        flag.group_key,
        "open",
    )
    assert (item["kind_label"], item["status_label"]) == ("Nilai akurasi GPS tidak wajar", "Perlu ditinjau")
    assert (item["agency_id"], item["agency_name"]) == (org.kominfo.agency.pk, "Dinas Kominfo")
    assert item["employee"] == {"id": staff.pk, "name": "Staf4 Kominfo", "nip": staff.nip}
    assert item["reviewer"]["id"] == org.kominfo.chief.employee_id
    assert item["event_ids"] == flag.evidence["event_ids"] and len(item["event_ids"]) == 1
    assert item["evidence"]["accuracy_floor_m"] == 1.0 and item["evidence"]["events"][0]["accuracy_m"] == 0.0
    assert (item["reviewed_at"], item["review_note"], item["can_review"]) == (None, "", True)


def test_filters(org):
    chief = org.kominfo.chief
    assert listed(chief, date="2026-05-03")["count"] == 0
    assert listed(chief, kind="same_second")["count"] == 3
    assert listed(chief, status="cleared")["count"] == 0
    assert listed(org.sekda, agency_id=org.dinkes.agency.pk)["count"] == 0
    assert listed(org.sekda, agency_id=org.kominfo.agency.pk)["count"] == 8


@pytest.mark.parametrize(("params", "field"), [({"status": "closed"}, "status"), ({"kind": "nope"}, "kind")])
def test_unknown_filter_values_are_structured_errors(org, params, field):
    response = api(org.sekda).get(URL, params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error" and list(body["fields"]) == [field]


@pytest.mark.parametrize(
    ("who", "count", "can_review"),
    [
        ("sekda", 8, False),
        ("bupati", 8, False),
        ("auditor", 8, False),
        ("platform_admin", 8, True),
        ("kominfo.head", 8, True),
        ("kominfo.admin", 8, True),
        ("kominfo.chief", 8, True),
        ("dinkes.head", 0, None),
        ("dinkes.chief", 0, None),
        ("kominfo.staff.0", 0, None),  # a peer, flagged too: never their own open flags
        ("kominfo.staff.3", 0, None),
    ],
)
def test_who_sees_which_flags(org, who, count, can_review):
    user = org
    for part in who.split("."):
        user = user[int(part)] if part.isdigit() else getattr(user, part)
    body = listed(user)
    assert body["count"] == count
    assert {i["can_review"] for i in body["items"]} == ({can_review} if count else set())


def test_the_flagged_employee_sees_their_flags_once_reviewed(org):
    staff = org.kominfo.staff[3]
    for flag in AnomalyFlag.objects.filter(employee=staff.employee):
        fraud.anomaly_review(user=org.kominfo.chief, flag=flag, status="cleared", note="Sinyal lemah.")
    body = listed(staff)
    assert body["count"] == 2 and {i["status"] for i in body["items"]} == {"cleared"}
    assert {i["can_review"] for i in body["items"]} == {False}


def test_anonymous_is_refused():
    response = Client().get(URL)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def review(user, flag, **payload):
    return api(user).post(f"{URL}/{flag.pk}/review", payload or {"status": "cleared"}, content_type="application/json")


def test_the_reviewer_reviews(org):
    flag = AnomalyFlag.objects.get(kind="implausible_accuracy")
    response = review(org.kominfo.chief, flag, status="confirmed", note="Aplikasi lokasi palsu terpasang.")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["review_note"], body["can_review"]) == (
        flag.pk,
        "confirmed",
        "Aplikasi lokasi palsu terpasang.",
        False,
    )
    assert body["reviewed_at"] is not None
    assert AuditEvent.objects.filter(action="attendance.anomaly_review", object_id=str(flag.pk)).count() == 1


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("kominfo.staff.3", 404, "not_found"),  # the flagged employee: cannot even read it
        ("kominfo.staff.0", 404, "not_found"),
        ("dinkes.head", 404, "not_found"),
        ("dinkes.admin", 404, "not_found"),
        ("auditor", 403, "forbidden"),
        ("sekda", 403, "forbidden"),
    ],
)
def test_others_may_not_review_and_nothing_changes(org, who, status, code):
    user = org
    for part in who.split("."):
        user = user[int(part)] if part.isdigit() else getattr(user, part)
    flag = AnomalyFlag.objects.get(kind="implausible_accuracy")
    response = review(user, flag)
    assert response.status_code == status and response.json()["code"] == code
    flag.refresh_from_db()
    assert (flag.status, flag.reviewed_by_id) == ("open", None)
    assert not AuditEvent.objects.filter(action="attendance.anomaly_review").exists()


def test_review_errors(org):
    flag = AnomalyFlag.objects.get(kind="implausible_accuracy")
    incomplete = review(org.kominfo.chief, flag, status="confirmed", note="")
    assert incomplete.status_code == 422 and incomplete.json()["fields"] == {
        "note": ["Tuliskan alasan bila kejanggalan dinyatakan terbukti."]
    }
    assert review(org.kominfo.chief, flag, status="cleared").status_code == 200
    again = review(org.kominfo.head, flag, status="cleared")
    assert again.status_code == 409 and again.json() == {
        "code": "conflict",
        "message": "Tanda kejanggalan ini sudah ditinjau.",
        "fields": {},
    }
    missing = api(org.kominfo.chief).post(
        f"{URL}/999999/review", {"status": "cleared"}, content_type="application/json"
    )
    assert missing.status_code == 404


def test_the_operations_are_in_the_openapi():
    schema = Client().get("/api/v1/openapi.json").json()
    assert "get" in schema["paths"]["/api/v1/attendance/anomalies"]
    assert "post" in schema["paths"]["/api/v1/attendance/anomalies/{flag_id}/review"]
