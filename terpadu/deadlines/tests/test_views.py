"""The deadline pages: list, create, detail, the agency's response form, review, escalation, history."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from terpadu.deadlines import services
from terpadu.deadlines.models import AgencyResponse, Obligation, ResponseValue
from terpadu.deadlines.rules import ItemDraft, Outcome
from terpadu.deadlines.selectors import compliance_summary_for_user
from terpadu.directory.tests.factories import login_as

from .factories import item_ids, make_request, submit, world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def client_for(user):
    client = Client()
    if user is not None:
        login_as(client, user)
    return client


@pytest.fixture
def live():
    w = world()
    now = timezone.now().replace(second=0, microsecond=0)
    obligation = make_request(w, opens_at=now - timedelta(days=4), due_at=now + timedelta(days=3))
    return w, obligation


def html(response):
    return response.content.decode()


# --- list, create, detail -------------------------------------------------------------------------


def test_list_for_an_agency_shows_its_own_status(live):
    w, obligation = live
    page = client_for(w.admin_kominfo).get("/tenggat/")
    assert page.status_code == 200
    assert obligation.title in html(page)
    assert '<span class="badge">Belum mulai</span>' in html(page)
    assert "Buat permintaan" in html(page)  # an agency admin may ask too (on behalf of the agency)


def test_create_a_request_with_items_in_wita():
    w = world()
    data = {
        "title": "Data LPPD Tahun 2025",
        "instructions": "Lengkapi data LPPD.",
        "opens_at": "2026-05-04T08:00",
        "due_at": "2026-05-11T16:00",
        "reminder_days": "3, 1, 0",
        "agency_ids": [w.kominfo.pk, w.dinkes.pk],
        "butir-TOTAL_FORMS": "3",
        "butir-INITIAL_FORMS": "0",
        "butir-0-label": "Capaian IKK",
        "butir-0-kind": "long_text",
        "butir-0-required": "on",
        "butir-1-label": "Status data",
        "butir-1-kind": "choice",
        "butir-1-choices": "Lengkap\nBelum lengkap",
        "butir-2-label": "",
        "butir-2-kind": "text",
    }
    response = client_for(w.sekda).post("/tenggat/baru/", data)
    obligation = Obligation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tenggat/{obligation.pk}/"
    assert (obligation.opens_at, obligation.due_at) == (
        datetime(2026, 5, 4, 0, 0, tzinfo=UTC),
        datetime(2026, 5, 11, 8, 0, tzinfo=UTC),
    )
    assert list(obligation.items.values_list("label", "kind", "required", "choices")) == [
        ("Capaian IKK", "long_text", True, []),
        ("Status data", "choice", False, ["Lengkap", "Belum lengkap"]),
    ]
    detail = client_for(w.sekda).get(response["Location"])
    assert "11 Mei 2026 16.00 WITA" in html(detail)
    assert "Terbitkan ke OPD" in html(detail)


def test_create_refusal_is_shown_next_to_the_field_with_the_input_kept():
    w = world()
    data = {
        "title": "Judul yang diketik",
        "opens_at": "2026-05-11T16:00",
        "due_at": "2026-05-04T08:00",
        "agency_ids": [],
        "butir-TOTAL_FORMS": "1",
        "butir-INITIAL_FORMS": "0",
        "butir-0-label": "Capaian",
        "butir-0-kind": "text",
    }
    response = client_for(w.sekda).post("/tenggat/baru/", data)
    assert response.status_code == 422
    assert 'id="id_due_at_error">Batas waktu harus setelah waktu dibuka.</p>' in html(response)
    assert 'id="id_agency_ids_error">Pilih paling sedikit satu OPD tujuan.</p>' in html(response)
    assert 'value="Judul yang diketik"' in html(response)
    assert Obligation.objects.count() == 0


def test_publish_from_the_detail_page():
    w = world()
    now = timezone.now()
    obligation = make_request(w, opens_at=now, due_at=now + timedelta(days=7), publish=False)
    response = client_for(w.sekda).post(f"/tenggat/{obligation.pk}/terbitkan/")
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == "open"


def test_detail_shows_the_compliance_table_to_the_requester(live):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    page = html(client_for(w.sekda).get(f"/tenggat/{obligation.pk}/"))
    assert "1 dari 2 OPD telah mengirim." in page
    assert '<span class="badge badge-ok">Terkirim</span>' in page
    assert "Program kerja; Kebutuhan anggaran (Rp)" in page  # what Dinkes still misses


# --- the agency's response ------------------------------------------------------------------------


def response_url(obligation, agency):
    return f"/tenggat/{obligation.pk}/opd/{agency.pk}/"


def test_submit_refused_lists_missing_items_next_to_their_fields_and_keeps_input(live):
    w, obligation = live
    program, budget, note = item_ids(obligation)
    data = {"version": "0", f"item_{note}": "Catatan diketik", "action": "submit"}
    response = client_for(w.operator_kominfo).post(response_url(obligation, w.kominfo), data)
    assert response.status_code == 422
    page = html(response)
    assert "Belum dapat dikirim. Butir wajib yang belum diisi: Program kerja; Kebutuhan anggaran (Rp)." in page
    assert f'id="id_item_{program}_error">Wajib diisi sebelum dikirim.</p>' in page
    assert f'id="id_item_{budget}_error">Wajib diisi sebelum dikirim.</p>' in page
    assert 'value="Catatan diketik"' in page
    assert AgencyResponse.objects.count() == 0


def test_save_a_draft_with_a_file_then_submit(live):
    w, obligation = live
    obligation = make_request(
        w,
        title="Dengan berkas",
        opens_at=obligation.opens_at,
        due_at=obligation.due_at,
        items=[ItemDraft("Renja", "file", True, allowed_types=("pdf",))],
        agencies=[w.kominfo],
    )
    (renja,) = item_ids(obligation)
    client = client_for(w.operator_kominfo)
    upload = SimpleUploadedFile("renja.pdf", PDF, content_type="application/pdf")
    saved = client.post(
        response_url(obligation, w.kominfo), {"version": "0", f"item_{renja}": upload, "action": "save"}
    )
    assert saved.status_code == 302
    value = ResponseValue.objects.get()
    assert (value.stored_file.original_name, value.stored_file.purpose) == ("renja.pdf", "deadline_evidence")
    sent = client.post(response_url(obligation, w.kominfo), {"version": "1", "action": "submit"})
    assert sent.status_code == 302
    assert AgencyResponse.objects.get().state == "submitted"
    download = f"/dokumen/berkas/{value.stored_file_id}/"
    assert client_for(w.sekda).get(download).status_code == 200
    assert client_for(w.kadis_kominfo).get(download).status_code == 200
    assert client_for(w.admin_dinkes).get(download).status_code == 404


def test_a_file_of_the_wrong_type_is_refused_next_to_its_field(live):
    w, obligation = live
    obligation = make_request(
        w,
        title="PDF saja",
        opens_at=obligation.opens_at,
        due_at=obligation.due_at,
        items=[ItemDraft("Renja", "file", True, allowed_types=("pdf",))],
        agencies=[w.kominfo],
    )
    (renja,) = item_ids(obligation)
    upload = SimpleUploadedFile("renja.xlsx", b"PK\x03\x04", content_type="application/vnd.ms-excel")
    response = client_for(w.operator_kominfo).post(
        response_url(obligation, w.kominfo), {"version": "0", f"item_{renja}": upload, "action": "save"}
    )
    assert response.status_code == 422
    assert f'id="id_item_{renja}_error">Jenis berkas yang diterima: PDF.</p>' in html(response)
    assert AgencyResponse.objects.count() == 0


def test_return_with_a_note_and_the_agency_sees_it(live):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    url = f"/tenggat/{obligation.pk}/opd/{w.kominfo.pk}/periksa/"
    refused = client_for(w.sekda).post(url, {"action": "return", "note": "", "version": "1"})
    assert refused.status_code == 302
    assert AgencyResponse.objects.get().state == "submitted"
    client_for(w.sekda).post(url, {"action": "return", "note": "Anggaran belum dirinci.", "version": "1"})
    page = html(client_for(w.operator_kominfo).get(response_url(obligation, w.kominfo)))
    assert "Anggaran belum dirinci." in page
    assert '<span class="badge badge-warn">Dikembalikan</span>' in page
    assert "Kirim jawaban" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("admin_dinkes", 404), ("employee_kominfo", 403), ("operator_kominfo", 302)],
)
def test_who_may_post_kominfo_response(live, who, status):
    w, obligation = live
    program, budget, _ = item_ids(obligation)
    data = {"version": "0", f"item_{program}": "A", f"item_{budget}": "1", "action": "submit"}
    response = client_for(getattr(w, who) if who else None).post(response_url(obligation, w.kominfo), data)
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith("/akun/masuk/")
    expected = 1 if who == "operator_kominfo" else 0
    assert AgencyResponse.objects.filter(state="submitted").count() == expected


def test_a_post_over_a_submitted_response_or_by_the_requester_changes_nothing(live):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    program, _, _ = item_ids(obligation)
    data = {"version": "1", f"item_{program}": "Diganti", "action": "save"}
    again = client_for(w.operator_kominfo).post(response_url(obligation, w.kominfo), data)
    assert again.status_code == 302
    assert client_for(w.sekda).post(response_url(obligation, w.kominfo), data).status_code == 403
    assert ResponseValue.objects.get(item_id=program).text == "Transformasi digital"
    assert AgencyResponse.objects.get().version == 1


def test_the_requester_sees_a_response_read_only_with_review_buttons(live):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    page = html(client_for(w.sekda).get(response_url(obligation, w.kominfo)))
    assert "Transformasi digital" in page
    assert "Kembalikan dengan catatan" in page
    assert "Kirim jawaban" not in page


# --- escalation, history, widgets -----------------------------------------------------------------


@pytest.fixture
def escalated():
    w = world()
    now = timezone.now().replace(microsecond=0)
    due = now - timedelta(days=2)
    obligation = make_request(w, title="Data LPPD Tahun 2025", opens_at=due - timedelta(days=7), due_at=due)
    submit(w, obligation, w.dinkes, at=due - timedelta(hours=1))
    services.escalate_overdue(now=now)
    return w, obligation


def test_the_bupati_reads_the_escalation_report_and_downloads_its_pdf(escalated):
    w, obligation = escalated
    client = client_for(w.bupati)
    page = html(client.get(f"/tenggat/{obligation.pk}/eskalasi/"))
    assert "Laporan eskalasi" in page
    assert "3.01 — Diskominfo" in page
    assert "2 hari" in page
    assert "Dinkes" not in page.split("OPD yang tidak memenuhi tenggat")[1]
    pdf = client.get(f"/tenggat/{obligation.pk}/eskalasi/pdf/")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert body.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("employee_kominfo", 403), ("admin_kominfo", 403), ("wabup", 200), ("auditor", 200)],
)
def test_who_may_read_the_escalation_report(escalated, who, status):
    w, obligation = escalated
    response = client_for(getattr(w, who) if who else None).get(f"/tenggat/{obligation.pk}/eskalasi/")
    assert response.status_code == status


def test_compliance_history_per_agency(escalated):
    w, _ = escalated
    records = compliance_summary_for_user(user=w.sekda, now=timezone.now())
    assert [(r.agency.code, [r.counts[o] for o in Outcome]) for r in records] == [
        ("2.01", [0, 0, 0, 0]),
        ("3.01", [0, 0, 1, 0]),
        ("3.03", [1, 0, 0, 0]),
    ]
    summary = html(client_for(w.sekda).get("/tenggat/kepatuhan/"))
    assert "3.01 — Dinas Komunikasi dan Informatika" in summary
    own = compliance_summary_for_user(user=w.admin_dinkes, now=timezone.now())
    assert [r.agency.code for r in own] == ["3.03"]
    history = html(client_for(w.sekda).get(f"/tenggat/kepatuhan/opd/{w.kominfo.pk}/"))
    assert "Data LPPD Tahun 2025" in history
    assert '<span class="badge badge-bad">Lewat tenggat</span>' in history
    assert client_for(w.admin_dinkes).get(f"/tenggat/kepatuhan/opd/{w.kominfo.pk}/").status_code == 404


def test_home_widgets(escalated):
    w, _ = escalated
    now = timezone.now()
    make_request(w, title="Program Kerja 2027", opens_at=now - timedelta(days=1), due_at=now + timedelta(days=6))
    leader = html(client_for(w.bupati).get("/beranda/"))
    assert "Kepatuhan OPD" in leader
    assert "Program Kerja 2027</a>: 0 dari 2 OPD telah mengirim" in leader
    assert "Laporan eskalasi: Data LPPD Tahun 2025" in leader
    agency = html(client_for(w.admin_kominfo).get("/beranda/"))
    assert "Tenggat saya" in agency
    assert "Program Kerja 2027</a> — Diskominfo:" in agency


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["admin_kominfo", "sekda"])
def test_list_page_queries_do_not_grow_with_the_requests(live, who):
    w, obligation = live
    client = client_for(getattr(w, who))
    queries_for(client, "/tenggat/")  # warm the session
    few = queries_for(client, "/tenggat/")
    for n in range(4):
        make_request(w, title=f"Permintaan {n}", opens_at=obligation.opens_at, due_at=obligation.due_at)
    assert queries_for(client, "/tenggat/") == few


def test_detail_page_queries_do_not_grow_with_the_agencies(live):
    w, obligation = live
    submit(w, obligation, at=timezone.now())
    client = client_for(w.sekda)
    queries_for(client, f"/tenggat/{obligation.pk}/")
    few = queries_for(client, f"/tenggat/{obligation.pk}/")
    bigger = make_request(
        w, agencies=[w.kominfo, w.dinkes, w.bappeda], opens_at=obligation.opens_at, due_at=obligation.due_at
    )
    for agency in (w.kominfo, w.dinkes):
        submit(w, bigger, agency, at=timezone.now())
    assert queries_for(client, f"/tenggat/{bigger.pk}/") == few
