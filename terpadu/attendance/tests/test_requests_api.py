"""Requests API: shapes, scoping of lists and details, structured 4xx, denials that change nothing,
the leave balance, corrections; and every route is in the OpenAPI."""

from typing import Any

import pytest
from django.test import Client

from terpadu.attendance.models import AttendanceEvent, CorrectionRequest, Excuse
from terpadu.directory.tests.factories import bearer

from .requests_org import build_org, fixed_today  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


CUTI = {"kind": "annual", "start_date": "2026-08-17", "end_date": "2026-08-21", "reason": "Urusan keluarga"}


def api(user) -> Client:
    return Client(headers=bearer(user)) if user else Client()


def post(user, path: str, payload: dict[str, Any] | None = None) -> Any:
    return api(user).post(f"/api/v1/attendance{path}", payload or {}, content_type="application/json")


def get(user, path: str) -> Any:
    return api(user).get(f"/api/v1/attendance{path}")


def test_request_and_approve_an_excuse(org):
    response = post(org.staff, "/excuses", CUTI)
    assert response.status_code == 201
    body = response.json()
    excuse_id = body.pop("id")
    body.pop("created_at")
    assert body == {
        "employee_id": org.staff.employee_id,
        "employee_name": "Analis",
        "nip": org.staff.employee.nip,
        "status": "pending",
        "status_label": "Menunggu persetujuan",
        "reason": "Urusan keluarga",
        "approver_id": org.chief.employee_id,
        "approver_name": "Kabid",
        "decided_at": None,
        "decision_note": "",
        "kind": "annual",
        "kind_label": "Cuti tahunan",
        "start_date": "2026-08-17",
        "end_date": "2026-08-21",
        "working_days": 4,
        "place": "",
        "letter_id": None,
        "letter_number": "",
        "attachment_url": None,
    }
    assert [row["id"] for row in get(org.chief, "/excuses?to_decide=true&status=pending").json()["items"]] == [
        excuse_id
    ]
    assert get(org.staff, "/excuses?to_decide=true").json() == {"items": [], "count": 0}
    approved = post(org.chief, f"/excuses/{excuse_id}/approve", {"note": "Silakan"})
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["decision_note"]) == ("approved", "Silakan")
    again = post(org.chief, f"/excuses/{excuse_id}/approve")
    assert (again.status_code, again.json()) == (
        409,
        {
            "code": "invalid_transition",
            "message": "Pengajuan yang berstatus disetujui tidak dapat disetujui.",
            "fields": {},
        },
    )


def test_validation_errors_are_structured(org):
    response = post(org.staff, "/excuses", CUTI | {"start_date": "2026-08-03", "end_date": "2026-08-07"})
    assert (response.status_code, response.json()) == (
        422,
        {
            "code": "validation_error",
            "message": "Sisa cuti tahunan 2026 tinggal 4 hari kerja; yang diajukan 5 hari kerja.",
            "fields": {"end_date": ["Sisa cuti tahunan 2026 tinggal 4 hari kerja; yang diajukan 5 hari kerja."]},
        },
    )
    reject = post(org.chief, f"/excuses/{post(org.staff, '/excuses', CUTI).json()['id']}/reject", {"note": ""})
    assert (reject.status_code, reject.json()["fields"]) == (422, {"note": ["Alasan penolakan wajib diisi."]})


@pytest.mark.parametrize("who", ["peer", "other_admin", "auditor"])
def test_others_neither_see_nor_decide(org, who):
    excuse_id = post(org.staff, "/excuses", CUTI).json()["id"]
    user = getattr(org, who)
    assert get(user, f"/excuses/{excuse_id}").status_code == (200 if who == "auditor" else 404)
    response = post(user, f"/excuses/{excuse_id}/approve")
    assert response.status_code == (403 if who == "auditor" else 404)
    assert Excuse.objects.get().status == "pending"


def test_the_employee_cannot_approve_their_own_and_may_cancel(org):
    excuse_id = post(org.staff, "/excuses", CUTI).json()["id"]
    response = post(org.staff, f"/excuses/{excuse_id}/approve")
    assert (response.status_code, response.json()["message"]) == (
        403,
        "Anda tidak dapat memutuskan pengajuan Anda sendiri.",
    )
    assert post(org.staff, f"/excuses/{excuse_id}/cancel").json()["status"] == "cancelled"


def test_lists_are_scoped(org):
    post(org.staff, "/excuses", CUTI)
    post(org.peer, "/excuses", CUTI | {"kind": "wfh"})
    names = lambda user, query="": sorted(r["employee_name"] for r in get(user, f"/excuses{query}").json()["items"])  # noqa: E731
    assert names(org.staff) == ["Analis"]
    assert names(org.chief) == ["Analis", "Rekan"]
    assert names(org.head) == ["Analis", "Rekan"]
    assert names(org.other_admin) == []
    assert names(org.chief, "?mine=true") == []
    assert names(org.staff, "?status=approved") == []


def test_filing_for_another_employee(org):
    payload = CUTI | {"kind": "sick", "employee_id": org.staff.employee_id}
    assert post(org.admin, "/excuses", payload).json()["employee_id"] == org.staff.employee_id
    refused = post(org.other_admin, "/excuses", payload | {"start_date": "2026-09-01", "end_date": "2026-09-01"})
    assert refused.status_code == 404  # not even visible
    assert Excuse.objects.count() == 1


def test_own_leave_balance(org):
    response = get(org.staff, "/leave-balance?year=2026")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("year", "quota", "carried_over", "joint_leave_days", "remaining", "available")} == {
        "year": 2026,
        "quota": 12,
        "carried_over": 0,
        "joint_leave_days": 8,
        "remaining": 4,
        "available": 4,
    }
    assert body["why"] == "12 hari kuota + 0 hari sisa tahun lalu − 8 hari cuti bersama − 0 hari diambil = 4 hari"
    assert body["others"][0] == {"type": "Cuti besar", "rule": "paling lama 3 bulan per 5 tahun masa kerja"}
    assert get(org.auditor, "/leave-balance").status_code == 403  # not an employee account
    assert Client().get("/api/v1/attendance/leave-balance").status_code == 401


def test_corrections(org):
    response = post(org.staff, "/corrections", {"date": "2026-07-14", "kind": "in", "time": "07:20", "reason": "Lupa"})
    assert response.status_code == 201
    body = response.json()
    assert (body["date"], body["kind"], body["time"], body["status"], body["event_id"]) == (
        "2026-07-14",
        "in",
        "07:20:00",
        "pending",
        None,
    )
    assert post(org.peer, f"/corrections/{body['id']}/approve").status_code == 404
    approved = post(org.chief, f"/corrections/{body['id']}/approve").json()
    assert approved["event_id"] == AttendanceEvent.objects.get(source="correction").pk
    future = post(org.staff, "/corrections", {"date": "2026-07-16", "kind": "out", "time": "16:00", "reason": "x"})
    assert (future.status_code, future.json()["fields"]) == (
        422,
        {"date": ["Tanggal koreksi tidak boleh di masa depan."]},
    )
    second = post(org.staff, "/corrections", {"date": "2026-07-13", "kind": "out", "time": "16:00", "reason": "Lupa"})
    assert post(org.chief, f"/corrections/{second.json()['id']}/reject", {"note": "Tidak hadir"}).json()["status"] == (
        "rejected"
    )
    assert [c.status for c in CorrectionRequest.objects.order_by("pk")] == ["approved", "rejected"]


def test_anonymous_is_refused_and_the_routes_are_documented(org):
    assert Client().post("/api/v1/attendance/excuses", CUTI, content_type="application/json").status_code == 401
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/attendance/excuses",
        "/api/v1/attendance/excuses/{excuse_id}",
        "/api/v1/attendance/excuses/{excuse_id}/approve",
        "/api/v1/attendance/excuses/{excuse_id}/reject",
        "/api/v1/attendance/excuses/{excuse_id}/cancel",
        "/api/v1/attendance/leave-balance",
        "/api/v1/attendance/corrections",
        "/api/v1/attendance/corrections/{correction_id}/approve",
        "/api/v1/attendance/corrections/{correction_id}/reject",
    ):
        assert path in paths
