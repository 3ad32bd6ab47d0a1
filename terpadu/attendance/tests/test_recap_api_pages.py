"""GET /api/v1/attendance/recap, /recap/days, /discipline and the recap pages: shapes, values, denials."""

from datetime import date

import pytest
from django.test import Client

from terpadu.attendance.tests.test_days import build_org, compute, full_day
from terpadu.directory.tests.factories import bearer, login_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


def api(user, path):
    return Client(headers=bearer(user)).get(f"/api/v1/attendance{path}")


def test_recap_api_returns_the_exact_document_for_own_and_readable_nips(org):
    full_day(org["staff"], date(2026, 10, 1), arrive=(7, 40))
    compute(org)
    own = api(org["staff_user"], "/recap?month=2026-10")
    assert own.status_code == 200
    body = own.json()
    assert list(body) == [
        "nip",
        "month",
        "working_days",
        "days_present",
        "late_minutes",
        "early_minutes",
        "late_counts",
        "early_counts",
        "unexcused_days",
        "excused_days",
        "minutes_worked",
        "tpp_deduction_percent",
        "year_to_date",
        "consecutive_unexcused_max",
    ]
    assert (body["nip"], body["working_days"], body["days_present"], body["late_minutes"]) == (
        org["staff"].nip,
        22,
        1,
        10,
    )
    assert body["late_counts"] == {"TL1": 1, "TL2": 0, "TL3": 0, "TL4": 0}
    assert body["tpp_deduction_percent"] == "84.50"  # 21 × TK 4% + TL1 0.5%
    assert body["year_to_date"] == {
        "unexcused_days": 21,
        "late_early_minutes": 10,
        "equivalent_days": 0,
        "discipline_level": "berat",
        "sanction": "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS; "
        "pembayaran gaji dihentikan mulai bulan berikutnya",
    }
    assert body["consecutive_unexcused_max"] == 21  # 2–30 October
    by_superior = api(org["head_user"], f"/recap?nip={org['staff'].nip}&month=2026-10")
    assert by_superior.json() == body


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/recap?month=2026-13", 422, "validation_error"),
        ("/recap?month=Oktober", 422, "validation_error"),
        ("/recap", 422, "validation_error"),
    ],
)
def test_recap_api_refuses_bad_months_with_a_structured_error(org, path, status, code):
    response = api(org["staff_user"], path)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_recap_api_hides_employees_the_caller_may_not_read(org):
    compute(org)
    response = api(org["peer_user"], f"/recap?nip={org['staff'].nip}&month=2026-10")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Client().get("/api/v1/attendance/recap?month=2026-10").status_code == 401


def test_days_api_lists_each_reason(org):
    full_day(org["staff"], date(2026, 10, 1), arrive=(8, 1))
    compute(org)
    days = api(org["staff_user"], "/recap/days?month=2026-10").json()
    first = days[0]
    assert (first["date"], first["status"], first["late_code"], first["deduction_percent"]) == (
        "2026-10-01",
        "present",
        "TL2",
        "1.00",
    )
    assert first["reasons"] == [
        {"code": "TL2", "percent": "1", "why": "TL2 (31–60 menit) · 1% · Tabel bawaan Terpadu (RULES.md §4)"}
    ]
    assert len(days) == 31


def test_discipline_api_lists_who_crossed_with_evidence(org):
    compute(org)
    body = api(org["bkpsdm_admin"], "/discipline?date=2026-10-31").json()
    assert (body["start"], body["end"]) == ("2026-01-01", "2026-10-31")
    names = {row["nip"]: row for row in body["employees"]}
    staff = names[org["staff"].nip]
    assert (staff["unexcused_days"], staff["discipline_level"], len(staff["evidence_dates"])) == (22, "berat", 22)
    mine = api(org["peer_user"], "/discipline?date=2026-10-31").json()
    assert [row["nip"] for row in mine["employees"]] == [org["peer"].nip]


def test_my_month_page_explains_each_cut(client, org):
    full_day(org["staff"], date(2026, 10, 1), arrive=(8, 1))
    compute(org)
    login_as(client, org["staff_user"])
    page = client.get("/absensi/bulan/?month=2026-10")
    assert page.status_code == 200
    text = page.content.decode()
    assert "TL2 (31–60 menit) · 1% · Tabel bawaan Terpadu (RULES.md §4)" in text
    assert "TK (tanpa keterangan, per hari) · 4%" in text
    assert "Potongan TPP bulan ini" in text and "85%" in text
    bad = client.get("/absensi/bulan/?month=2026-99")
    assert "Bulan harus berformat TTTT-BB" in bad.content.decode()


def test_my_month_page_refuses_other_peoples_months(client, org):
    compute(org)
    login_as(client, org["peer_user"])
    assert client.get(f"/absensi/bulan/?month=2026-10&nip={org['staff'].nip}").status_code == 404
    login_as(client, org["head_user"])
    assert client.get(f"/absensi/bulan/?month=2026-10&nip={org['staff'].nip}").status_code == 200


def test_discipline_page_lists_evidence_dates(client, org):
    compute(org)
    login_as(client, org["head_user"])
    text = client.get("/absensi/disiplin/").content.decode()
    assert org["staff"].name in text and "pemberhentian dengan hormat" in text
