"""The directory API end to end: tokens, scoping on reads and writes, one error format."""

import pytest
from django.test import Client

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import ApiToken, Employee
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    bearer,
    make_nip,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies():
    home = AgencyFactory(code="KOMINFO", name="Dinas Kominfo")
    other = AgencyFactory(code="DINKES", name="Dinas Kesehatan", government=home.government)
    EmployeeFactory(name="Ani Kominfo", position=PositionFactory(agency=home))
    EmployeeFactory(name="Budi Dinkes", position=PositionFactory(agency=other))
    return home, other


def get(user, url):
    return Client().get(url, headers=bearer(user) if user else {})


def test_token_is_issued_for_username_or_nip_and_shown_once():
    user = user_with_role(Role.EMPLOYEE)
    user.set_password("kata-sandi-kuat-1")
    user.save()
    for identifier in (user.username, user.employee.nip):
        response = Client().post(
            "/api/v1/auth/token",
            {"username": identifier, "password": "kata-sandi-kuat-1", "name": "SIMPEG"},
            content_type="application/json",
        )
        assert response.status_code == 201
        body = response.json()
        assert body["token"].startswith(f"tpd_{body['prefix']}_")
        assert body["name"] == "SIMPEG"
    stored = ApiToken.objects.filter(user=user)
    assert stored.count() == 2
    assert all(body["token"] not in t.key_hash for t in stored)
    assert AuditEvent.objects.filter(action="api_token.create", object_type="directory.apitoken").count() == 2


def test_wrong_password_gives_401_in_the_error_format():
    user = user_with_role(Role.EMPLOYEE)
    response = Client().post(
        "/api/v1/auth/token", {"username": user.username, "password": "salah"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "Username/NIP atau kata sandi salah.",
        "fields": {},
    }


def test_missing_field_gives_422_with_field_errors():
    response = Client().post("/api/v1/auth/token", {"username": "x"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "Data yang dikirim tidak valid."
    assert list(body["fields"]) == ["password"]


def test_revoked_token_is_refused():
    user = user_with_role(Role.EMPLOYEE)
    headers = bearer(user)
    client = Client()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    token_id = client.get("/api/v1/auth/tokens", headers=headers).json()[0]["id"]
    assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=headers).json()["revoked_at"] is not None
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_me_lists_roles():
    user = user_with_role(Role.AGENCY_ADMIN)
    body = get(user, "/api/v1/me").json()
    assert body["username"] == user.username
    assert body["roles"] == [{"role": "agency_admin", "agency_id": user.employee.agency_id}]


def test_agency_admin_lists_only_own_agency_employees(two_agencies):
    home, _ = two_agencies
    admin = user_with_role(Role.AGENCY_ADMIN, agency=home)
    body = get(admin, "/api/v1/employees").json()
    assert {e["name"] for e in body["items"]} == {"Ani Kominfo", admin.employee.name}
    assert body["count"] == 2


def test_government_wide_role_lists_all_agencies(two_agencies):
    home, _ = two_agencies
    secretary = user_with_role(Role.SECRETARY, government=home.government)
    assert {a["code"] for a in get(secretary, "/api/v1/agencies").json()["items"]} == {"KOMINFO", "DINKES"}
    assert {e["name"] for e in get(secretary, "/api/v1/employees").json()["items"]} == {"Ani Kominfo", "Budi Dinkes"}


def test_agency_admin_cannot_read_another_agency_or_its_employee(two_agencies):
    home, other = two_agencies
    admin = user_with_role(Role.AGENCY_ADMIN, agency=home)
    stranger = Employee.objects.get(name="Budi Dinkes")
    for url in (f"/api/v1/agencies/{other.pk}", f"/api/v1/employees/{stranger.pk}"):
        response = get(admin, url)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Data tidak ditemukan.", "fields": {}}
    assert [a["code"] for a in get(admin, "/api/v1/agencies").json()["items"]] == ["KOMINFO"]


def test_employees_filter_by_text_and_paginate(two_agencies):
    home, _ = two_agencies
    platform = user_with_role(Role.PLATFORM_ADMIN, government=home.government)
    body = get(platform, "/api/v1/employees?q=budi").json()
    assert [e["name"] for e in body["items"]] == ["Budi Dinkes"]
    page = get(platform, "/api/v1/employees?page_size=1&page=2").json()
    assert page["count"] == 2 and len(page["items"]) == 1


@pytest.mark.parametrize("who", ["anonymous", "other_agency_admin", "same_agency_employee"])
def test_refused_employee_update_changes_nothing(two_agencies, who):
    home, other = two_agencies
    target = Employee.objects.get(name="Ani Kominfo")
    headers = {}
    if who == "other_agency_admin":
        headers = bearer(user_with_role(Role.AGENCY_ADMIN, agency=other))
    elif who == "same_agency_employee":
        headers = bearer(user_with_role(Role.EMPLOYEE, agency=home))
    audit_before = AuditEvent.objects.count()
    response = Client().patch(
        f"/api/v1/employees/{target.pk}", {"name": "Diretas"}, content_type="application/json", headers=headers
    )
    expected = {"anonymous": 401, "other_agency_admin": 404, "same_agency_employee": 403}[who]
    assert response.status_code == expected
    assert set(response.json()) == {"code", "message", "fields"}
    target.refresh_from_db()
    assert target.name == "Ani Kominfo"
    assert AuditEvent.objects.count() == audit_before


def test_agency_admin_updates_own_employee_and_it_is_audited(two_agencies):
    home, _ = two_agencies
    admin = user_with_role(Role.AGENCY_ADMIN, agency=home)
    target = Employee.objects.get(name="Ani Kominfo")
    response = Client().patch(
        f"/api/v1/employees/{target.pk}",
        {"name": "Ani Rahayu", "back_title": "S.Kom"},
        content_type="application/json",
        headers=bearer(admin),
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "Ani Rahayu, S.Kom"
    event = AuditEvent.objects.filter(action="employee.update").get()
    assert (event.actor_id, event.before, event.after) == (
        admin.pk,
        {"name": "Ani Kominfo", "back_title": ""},
        {"name": "Ani Rahayu", "back_title": "S.Kom"},
    )


def test_create_employee_validates_the_nip(two_agencies):
    home, _ = two_agencies
    admin = user_with_role(Role.AGENCY_ADMIN, agency=home)
    position = PositionFactory(agency=home)
    payload = {"nip": "199013012015031001", "name": "Baru", "position_id": position.pk, "start_date": "2026-01-02"}
    response = Client().post("/api/v1/employees", payload, content_type="application/json", headers=bearer(admin))
    assert response.status_code == 422
    assert response.json()["fields"] == {"nip": ["Tanggal lahir pada NIP (angka 1–8) bukan tanggal yang sah."]}
    assert not Employee.objects.filter(name="Baru").exists()
    payload["nip"] = make_nip(7, gender=2)
    response = Client().post("/api/v1/employees", payload, content_type="application/json", headers=bearer(admin))
    assert response.status_code == 201
    assert response.json()["gender"] == "P"
    assert response.json()["agency_code"] == "KOMINFO"


def test_agency_admin_cannot_create_in_another_agency(two_agencies):
    home, other = two_agencies
    admin = user_with_role(Role.AGENCY_ADMIN, agency=home)
    foreign_position = PositionFactory(agency=other)
    payload = {"nip": make_nip(8), "name": "Susup", "position_id": foreign_position.pk, "start_date": "2026-01-02"}
    response = Client().post("/api/v1/employees", payload, content_type="application/json", headers=bearer(admin))
    assert response.status_code == 404
    assert not Employee.objects.filter(name="Susup").exists()


def test_healthz_reports_the_database():
    response = Client().get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_openapi_is_served():
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Terpadu API"
    assert "/api/v1/employees" in schema["paths"]
