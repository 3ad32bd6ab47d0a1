"""The monthly recap of the leaders and the BKPSDM: per agency and per employee (exact values), XLSX/PDF
exports, closing a month (refusals, audit, days frozen), adjustments after closing, and the API."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from terpadu.attendance import board_recap, closing, days
from terpadu.attendance.models import Adjustment, AttendanceDay, MonthClosing
from terpadu.attendance.tests.board_org import OCTOBER, at, build_board_org, excuse, punch
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.directory.tests.factories import bearer, login_as
from terpadu.documents.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db
WORKING_DAYS = [date(2026, 10, d) for d in range(1, 32) if date(2026, 10, d).weekday() < 5]


@pytest.fixture
def org():
    """October 2026: Ani every working day 07:20–16:35, Budi only on the 1st (07:45–16:35), Eka on annual
    leave all month, everyone else nothing. Days computed."""
    org = build_board_org(with_events=False)
    people = org.people
    for day in WORKING_DAYS:
        punch(people["Ani"], "in", at(day, 7, 20))
        punch(people["Ani"], "out", at(day, 16, 35))
    punch(people["Budi"], "in", at(OCTOBER, 7, 45))
    punch(people["Budi"], "out", at(OCTOBER, 16, 35))
    excuse(people["Eka"], "annual", OCTOBER, date(2026, 10, 31), org.staff)
    days.days_compute(government_id=org.government.pk, start=OCTOBER, end=date(2026, 10, 31))
    return org


def rows_by_name(view):
    return {row["employee__name"]: row for row in view.rows}


def test_the_month_per_employee_and_per_agency(org):
    view = board_recap.month_view_for_user(user=org.secretary, month=OCTOBER, agency_id=org.kominfo.pk)

    rows = rows_by_name(view)
    assert list(rows) == ["Ani", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah"]
    assert board_recap.api_row(rows["Ani"]) == {
        "nip": org.people["Ani"].nip,
        "name": "Ani",
        "working_days": 22,
        "days_present": 22,
        "late_minutes": 0,
        "early_minutes": 0,
        "unexcused_days": 0,
        "excused_total": 0,
        "minutes_worked": 17 * 495 + 5 * 465,
        "tpp_deduction_percent": "0.00",
    }
    budi = board_recap.api_row(rows["Budi"])
    assert (budi["days_present"], budi["late_minutes"], budi["unexcused_days"], budi["minutes_worked"]) == (
        1,
        15,
        21,
        470,
    )
    assert budi["tpp_deduction_percent"] == "84.50"  # 21 × TK 4% + TL1 0.5%
    assert board_recap.api_row(rows["Eka"])["excused_total"] == 22
    assert board_recap.api_row(rows["Dedi"])["tpp_deduction_percent"] == "88.00"
    (total,) = view.totals
    assert (total.code, total.employees, total.working_days, total.days_present) == ("2.16", 9, 198, 23)
    assert (total.late_minutes, total.unexcused_days, total.excused_total, total.minutes_worked) == (15, 153, 22, 11210)
    assert total.deduction_average == Decimal("68.06")  # (84.5 + 6 × 88) / 9
    assert view.closed is False


def test_the_government_view_totals_every_agency(org):
    view = board_recap.month_view_for_user(user=org.bkpsdm_admin, month=OCTOBER)
    assert [(t.code, t.employees) for t in view.totals] == [("1.02", 5), ("2.16", 9), ("4.01", 1)]
    assert len(view.rows) == 15


# --- closing -----------------------------------------------------------------------------------------------


def test_closing_locks_the_month_and_is_audited(org):
    closed = closing.month_close(user=org.bkpsdm_admin, month=date(2026, 10, 17), note="ND 800/12/BKPSDM")

    assert (closed.month, closed.note, closed.closed_by) == (OCTOBER, "ND 800/12/BKPSDM", org.bkpsdm_admin)
    event = AuditEvent.objects.get(action="attendance.month.close")
    assert event.after == {"month": "2026-10", "note": "ND 800/12/BKPSDM", "days_computed": 15 * 31}
    punch(org.people["Dedi"], "in", at(date(2026, 10, 5), 7, 25))
    assert days.days_compute(government_id=org.government.pk, start=OCTOBER, end=date(2026, 10, 31)) == 0
    assert AttendanceDay.objects.get(employee=org.people["Dedi"], date=date(2026, 10, 5)).status == "unexcused"


@pytest.mark.parametrize("who", ["staff", "kadis", "secretary", "auditor"])
def test_only_the_bkpsdm_closes_a_month(org, who):
    with pytest.raises(AccessDenied) as refused:
        closing.month_close(user=getattr(org, who), month=OCTOBER)
    assert refused.value.message == "Hanya BKPSDM yang dapat menutup rekap bulanan."
    assert MonthClosing.objects.count() == 0


def test_a_month_not_over_and_a_closed_month_are_refused(org):
    today = days.local_today(org.government.pk)
    with pytest.raises(ValidationFailed) as not_over:
        closing.month_close(user=org.bkpsdm_admin, month=today)
    following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert not_over.value.message == (
        f"Bulan {closing.month_label(today.replace(day=1))} belum berakhir: rekapnya dapat ditutup mulai"
        f" {following.day} {closing.MONTHS[following.month - 1]} {following.year}."
    )
    closing.month_close(user=org.bkpsdm_admin, month=OCTOBER)
    with pytest.raises(Conflict) as twice:
        closing.month_close(user=org.bkpsdm_admin, month=OCTOBER)
    assert twice.value.message.startswith("Rekap Oktober 2026 sudah ditutup pada ")
    assert twice.value.message.endswith(" oleh admin.bkpsdm.")
    assert MonthClosing.objects.count() == 1
    with pytest.raises(ValidationFailed):
        closing.month_close(user=org.bkpsdm_admin, month=date(2026, 9, 1), note="x" * 301)


def test_close_page_asks_for_confirmation_then_closes(client, org):
    login_as(client, org.bkpsdm_admin)
    page = client.get("/absensi/rekap/tutup/?month=2026-10")
    assert page.status_code == 200 and "Tutup rekap Oktober 2026" in page.content.decode()
    unconfirmed = client.post("/absensi/rekap/tutup/", {"month": "2026-10"})
    assert "Centang pernyataan ini untuk menutup bulan." in unconfirmed.content.decode()
    assert MonthClosing.objects.count() == 0

    done = client.post("/absensi/rekap/tutup/", {"month": "2026-10", "note": "disetujui", "confirm": "on"})

    assert done.status_code == 302 and done["Location"] == "/absensi/rekap/?month=2026-10"
    assert MonthClosing.objects.get().note == "disetujui"
    recap_page = client.get("/absensi/rekap/?month=2026-10").content.decode()
    assert "Ditutup" in recap_page and "Catat penyesuaian" in recap_page


def test_close_page_is_refused_to_others(client, org):
    login_as(client, org.kadis)
    assert client.get("/absensi/rekap/tutup/?month=2026-10").status_code == 403
    assert client.post("/absensi/rekap/tutup/", {"month": "2026-10", "confirm": "on"}).status_code == 403
    assert "Tutup bulan" not in client.get("/absensi/rekap/?month=2026-10").content.decode()
    assert MonthClosing.objects.count() == 0


# --- adjustments after closing -----------------------------------------------------------------------------


def test_an_adjustment_is_recorded_and_the_recap_reflects_it(client, org):
    closing.month_close(user=org.bkpsdm_admin, month=OCTOBER)
    excuse(org.people["Budi"], "sick", date(2026, 10, 2), date(2026, 10, 2), org.staff)
    login_as(client, org.bkpsdm_admin)

    response = client.post(
        "/absensi/rekap/penyesuaian/",
        {
            "month": "2026-10",
            "agency": org.kominfo.pk,
            "nip": org.people["Budi"].nip,
            "date": "2026-10-02",
            "reason": "Cuti sakit disetujui terlambat",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/absensi/rekap/?month=2026-10&agency={org.kominfo.pk}"
    adjustment = Adjustment.objects.get()
    assert (adjustment.before["status"], adjustment.after["status"]) == ("unexcused", "excused")
    assert adjustment.deduction_delta == Decimal("-4.00")
    assert AttendanceDay.objects.get(employee=org.people["Budi"], date=date(2026, 10, 2)).status == "unexcused"
    view = board_recap.month_view_for_user(user=org.bkpsdm_admin, month=OCTOBER, agency_id=org.kominfo.pk)
    assert board_recap.api_row(rows_by_name(view)["Budi"])["tpp_deduction_percent"] == "80.50"
    page = client.get(f"/absensi/rekap/?month=2026-10&agency={org.kominfo.pk}").content.decode()
    assert "Cuti sakit disetujui terlambat" in page
    assert "status: unexcused → excused" in page


def test_an_adjustment_needs_a_closed_month_and_a_reason(client, org):
    login_as(client, org.bkpsdm_admin)
    fields = {"month": "2026-10", "nip": org.people["Budi"].nip, "date": "2026-10-02", "reason": "x"}
    open_month = client.post("/absensi/rekap/penyesuaian/", fields)
    assert open_month.status_code == 422
    assert "Bulan ini belum ditutup: hitung ulang harinya saja." in open_month.content.decode()
    login_as(client, org.kadis)
    assert client.post("/absensi/rekap/penyesuaian/", fields).status_code == 403
    assert Adjustment.objects.count() == 0


# --- pages, exports, scope ---------------------------------------------------------------------------------


def test_recap_page_shows_agency_totals_and_employees(client, org):
    login_as(client, org.kadis)
    page = client.get("/absensi/rekap/?month=2026-10")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Belum ditutup" in text and "Dinas Komunikasi dan Informatika" in text
    assert "Rumah Sakit Umum Daerah" not in text
    assert "84,50%" in text  # Budi
    assert "68,06%" in text  # the agency's average
    assert client.get(f"/absensi/rekap/?month=2026-10&agency={org.rsud.pk}").status_code == 404


def test_recap_pages_refuse_employees_and_send_anonymous_to_login(client, org):
    login_as(client, org.staff)
    for path in ("/absensi/rekap/", "/absensi/rekap/xlsx/", "/absensi/rekap/pdf/"):
        assert client.get(path).status_code == 403
    assert Client().get("/absensi/rekap/xlsx/").status_code == 302


def test_xlsx_export_has_the_totals_and_each_employee(client, org):
    login_as(client, org.secretary)
    response = client.get(f"/absensi/rekap/xlsx/?month=2026-10&agency={org.kominfo.pk}")

    assert response["Content-Disposition"] == 'attachment; filename="rekap-presensi-2026-10-2-16.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Per OPD", "Per pegawai"]
    agencies = list(workbook["Per OPD"].iter_rows(values_only=True))
    assert agencies[1][:6] == (1, "2.16", "Dinas Komunikasi dan Informatika", 9, 198, 23)
    assert agencies[1][11] == pytest.approx(68.06)
    employees = list(workbook["Per pegawai"].iter_rows(values_only=True))
    assert employees[0][:4] == ("No.", "NIP", "Nama", "OPD")
    assert employees[2] == (
        2,
        org.people["Budi"].nip,
        "Budi",
        "Dinas Komunikasi dan Informatika",
        22,
        1,
        15,
        0,
        21,
        0,
        470,
        pytest.approx(84.5),
    )
    assert len(employees) == 1 + 9


def test_pdf_export_is_on_the_agency_letterhead(client, org):
    login_as(client, org.kadis)
    response = client.get("/absensi/rekap/pdf/?month=2026-10")

    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert "PEMERINTAH KABUPATEN UJI PAPAN" in text
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in text
    assert "REKAP PRESENSI BULAN OKTOBER 2026" in text
    assert "Budi" in text and "84,50" in text


# --- API ---------------------------------------------------------------------------------------------------


def test_agency_recap_api_returns_rows_per_employee(org):
    response = Client(headers=bearer(org.kadis)).get("/api/v1/attendance/recap/agency?month=2026-10")
    assert response.status_code == 200
    body = response.json()
    assert (body["month"], body["agency_id"], body["closed"]) == ("2026-10", None, False)
    assert [row["name"] for row in body["employees"]][:3] == ["Ani", "Budi", "Citra"]
    assert body["employees"][1] == {
        "nip": org.people["Budi"].nip,
        "name": "Budi",
        "working_days": 22,
        "days_present": 1,
        "late_minutes": 15,
        "early_minutes": 0,
        "unexcused_days": 21,
        "excused_total": 0,
        "minutes_worked": 470,
        "tpp_deduction_percent": "84.50",
    }


def test_agency_recap_api_denials(org):
    other = Client(headers=bearer(org.kadis)).get(
        f"/api/v1/attendance/recap/agency?month=2026-10&agency_id={org.rsud.pk}"
    )
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
    assert Client(headers=bearer(org.staff)).get("/api/v1/attendance/recap/agency?month=2026-10").status_code == 403
    assert Client().get("/api/v1/attendance/recap/agency?month=2026-10").status_code == 401
    bad = Client(headers=bearer(org.secretary)).get("/api/v1/attendance/recap/agency?month=10-2026")
    assert (bad.status_code, bad.json()["code"]) == (422, "validation_error")


def test_close_api(org):
    api = Client(headers=bearer(org.bkpsdm_admin))
    created = api.post("/api/v1/attendance/months/2026-10/close", {"note": "ND 1"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert (body["month"], body["closed_by"], body["note"]) == ("2026-10", "admin.bkpsdm", "ND 1")
    again = api.post("/api/v1/attendance/months/2026-10/close", {}, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    recap = api.get(f"/api/v1/attendance/recap/agency?month=2026-10&agency_id={org.kominfo.pk}").json()
    assert recap["closed"] is True


@pytest.mark.parametrize(("who", "status"), [("staff", 403), ("kadis", 403), ("secretary", 403), (None, 401)])
def test_close_api_denials_change_nothing(org, who, status):
    api = Client(headers=bearer(getattr(org, who))) if who else Client()
    response = api.post("/api/v1/attendance/months/2026-10/close", {}, content_type="application/json")
    assert response.status_code == status
    assert MonthClosing.objects.count() == 0


def test_close_api_refuses_a_bad_month(org):
    api = Client(headers=bearer(org.bkpsdm_admin))
    response = api.post("/api/v1/attendance/months/2026-13/close", {}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
