"""The nomenclature pages: browse a year, import with preview and confirm, export (round trip) and the
template, the mandates and their edit form, the planning agency setting — who may open each, and that
a refused request changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.deadlines.tests.factories import world
from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory, login_as, user_with_role
from terpadu.documents.interfaces import Sheet, write_xlsx
from terpadu.planning import services
from terpadu.planning.demo_data import NOMENCLATURE
from terpadu.planning.models import AgencyMandate, Nomenclature, NomenclatureEntry, NomenclatureImport, PlanningSetting
from terpadu.planning.services.nomenclature import ENTRY_COLUMNS, MANDATE_COLUMNS
from terpadu.planning.tests.factories import KOMINFO_SUB, YEAR, filled_plan, mandate, planning_world
from terpadu.planning.tests.factories import nomenclature as make_nomenclature

pytestmark = pytest.mark.django_db

LIST = "/perencanaan/nomenklatur/"
IMPORT = "/perencanaan/nomenklatur/impor/"
TEMPLATE = "/perencanaan/nomenklatur/templat.xlsx"
SETTINGS = "/perencanaan/pengaturan/"
EXPORT = f"/perencanaan/nomenklatur/{YEAR}/ekspor.xlsx"
MANDATES = f"/perencanaan/nomenklatur/{YEAR}/kewenangan/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOGIN = "/akun/masuk/"
TREE = [
    ("1", "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar", "", ""),
    ("1.02", "Kesehatan", "", ""),
    ("1.02.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "", ""),
    ("1.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
    ("1.02.01.2.01.0001", "Penyusunan Dokumen Perencanaan", "Jumlah Dokumen Perencanaan", "Dokumen"),
]


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        login_as(client, user)
    return client


def html(response) -> str:
    return response.content.decode()


def users(w) -> dict:
    """Everyone the pages are tried with (None is the anonymous public)."""
    return {
        "anonymous": None,
        "platform_admin": user_with_role(Role.PLATFORM_ADMIN, government=w.government, username="admin.platform"),
        "sekda": w.sekda,
        "bupati": w.bupati,
        "auditor": w.auditor,
        "kepala_bappeda": user_with_role(Role.AGENCY_HEAD, agency=w.bappeda, username="kepala.bappeda"),
        "admin_bappeda": w.admin_bappeda,
        "employee_bappeda": user_with_role(Role.EMPLOYEE, agency=w.bappeda, username="pegawai.bappeda"),
        "admin_kominfo": w.admin_kominfo,
        "operator_kominfo": w.operator_kominfo,
        "employee_kominfo": w.employee_kominfo,
    }


MANAGERS = ["platform_admin", "sekda", "kepala_bappeda", "admin_bappeda"]
PARTICIPANTS = [*MANAGERS, "bupati", "auditor", "employee_bappeda", "admin_kominfo", "operator_kominfo"]
OUTSIDERS = ["employee_kominfo"]
NOT_MANAGERS = ["bupati", "auditor", "employee_bappeda", "admin_kominfo", "operator_kominfo", "employee_kominfo"]


@pytest.fixture
def setup():
    """A kabupaten with the demo nomenclature for YEAR and mandates (Diskominfo 2.16, Dinkes 1.02,
    Bappeda 5.01); no planning agency setting (Bappeda by its name)."""
    w = world()
    n = make_nomenclature(w.government.pk)
    mandate(n, w.kominfo, "2.16")
    mandate(n, w.dinkes, "1.02")
    mandate(n, w.bappeda, "5.01")
    return w, n, users(w)


def assert_refused(response, who: str) -> None:
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == 403


def xlsx_file(data: bytes, name: str = "nomenklatur.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def sheets_of(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    found = {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    book.close()
    return found


def state(government_id: int) -> tuple:
    """Everything the pages may change, to compare before and after a refused request."""
    return (
        list(
            NomenclatureEntry.objects.filter(nomenclature__government_id=government_id)
            .order_by("nomenclature__fiscal_year", "code")
            .values_list("nomenclature__fiscal_year", "code", "name", "indicator", "unit", "is_active")
        ),
        list(
            AgencyMandate.objects.filter(agency__government_id=government_id)
            .order_by("agency__code", "field__code")
            .values_list("agency__code", "field__code")
        ),
        list(NomenclatureImport.objects.values_list("pk", "status")),
        list(PlanningSetting.objects.values_list("government_id", "planning_agency_id")),
    )


# --- browsing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PARTICIPANTS)
def test_participants_browse_the_years_nomenclature(setup, who):
    _, _, u = setup
    page = client_for(u[who]).get(LIST)
    assert page.status_code == 200
    body = html(page)
    assert "<h1>Nomenklatur perencanaan tahun 2027</h1>" in body
    assert "<dd>Kepmendagri uji</dd>" in body
    assert (
        '<div class="node"><code>2.16.03.2.02.0005</code> <span class="muted">Sub kegiatan</span> '
        "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik" in body
    )
    assert "<small>Indikator: Jumlah Aplikasi yang Dikembangkan · Satuan: Aplikasi</small>" in body
    assert f'<p class="muted">{len(NOMENCLATURE)} data</p>' in body
    assert f'href="{MANDATES}"' in body
    managed = who in MANAGERS
    assert (f'href="{IMPORT}"' in body) is managed
    assert (f'href="{EXPORT}"' in body) is managed
    assert (f'href="{TEMPLATE}"' in body) is managed
    assert (f'href="{SETTINGS}"' in body) is (who in ("platform_admin", "sekda"))


@pytest.mark.parametrize("who", ["anonymous", *OUTSIDERS])
def test_outsiders_cannot_browse(setup, who):
    _, _, u = setup
    assert_refused(client_for(u[who]).get(LIST), who)


def test_the_tree_nests_each_level_under_its_parent_and_counts_the_levels(setup):
    w, _, _ = setup
    body = html(client_for(w.admin_kominfo).get(LIST))
    program = body.index("<code>2.16.03</code>")
    kegiatan = body.index("<code>2.16.03.2.02</code>", program)
    sub = body.index("<code>2.16.03.2.02.0005</code>", kegiatan)
    # each level opens a nested list inside its parent's item
    assert body[program:kegiatan].count('<ul class="tree">') == 1
    assert body[kegiatan:sub].count('<ul class="tree">') == 1
    counts = {
        level: sum(1 for code, *_ in NOMENCLATURE if len(code.split(".")) == size)
        for level, size in (("Urusan", 1), ("Bidang urusan", 2), ("Program", 3), ("Kegiatan", 5), ("Sub kegiatan", 6))
    }
    for label, count in counts.items():
        assert f'<li class="card"><span class="figure">{count}</span> {label}</li>' in body


def test_inactive_entries_are_marked(setup):
    w, n, _ = setup
    n.entries.filter(code=KOMINFO_SUB).update(is_active=False)
    body = html(client_for(w.sekda).get(LIST))
    entry = body[body.index(f"<code>{KOMINFO_SUB}</code>") :]
    assert entry.split("</div>")[0].count('<span class="badge badge-warn">Tidak berlaku</span>') == 1
    assert "1 butir tidak ada lagi di impor terakhir tetapi masih dipakai Renja atau kewenangan OPD;" in body


def test_search_by_name_or_code_and_filter_by_level(setup):
    w, _, _ = setup
    client = client_for(w.admin_kominfo)
    by_name = html(client.get(LIST, {"q": "aplikasi"}))
    assert f"<code>{KOMINFO_SUB}</code>" in by_name
    assert "<code>1.02</code>" not in by_name
    assert "Bagian dari 2.16.03.2.02 Pengelolaan e-government" in by_name  # the parent is not on the page
    by_code = html(client.get(LIST, {"q": "2.16.03"}))
    codes = [code for code, *_ in NOMENCLATURE if code.startswith("2.16.03")]
    assert f'<p class="muted">{len(codes)} data</p>' in by_code
    bidang = html(client.get(LIST, {"tingkat": "bidang"}))
    assert "<code>2.16</code>" in bidang and "<code>2.16.03</code>" not in bidang
    nothing = html(client.get(LIST, {"q": "tidak ada yang seperti ini"}))
    assert "Tidak ada butir nomenklatur yang cocok dengan saringan." in nothing


def test_pick_a_year_among_the_imported_ones(setup):
    w, _, _ = setup
    make_nomenclature(w.government.pk, 2026, rows=TREE)
    client = client_for(w.sekda)
    body = html(client.get(LIST))
    assert '<option value="2027">2027</option>' in body and '<option value="2026">2026</option>' in body
    assert "<h1>Nomenklatur perencanaan tahun 2027</h1>" in body
    older = html(client.get(LIST, {"tahun": "2026"}))
    assert "<h1>Nomenklatur perencanaan tahun 2026</h1>" in older
    assert f'<p class="muted">{len(TREE)} data</p>' in older
    assert "<code>2.16</code>" not in older
    # a year that was never imported falls back to the latest
    assert "<h1>Nomenklatur perencanaan tahun 2027</h1>" in html(client.get(LIST, {"tahun": "2030"}))


def test_a_government_sees_only_its_own_nomenclature(setup):
    w, _, _ = setup
    other = GovernmentFactory()
    make_nomenclature(other.pk, 2031, rows=TREE)
    body = html(client_for(w.sekda).get(LIST, {"tahun": "2031"}))
    assert '<option value="2031">' not in body
    assert "<h1>Nomenklatur perencanaan tahun 2027</h1>" in body


def test_the_empty_state_offers_the_import_to_managers_only():
    w = world()
    u = users(w)
    managed = html(client_for(w.sekda).get(LIST))
    assert "Belum ada nomenklatur yang diimpor." in managed
    assert "Impor nomenklatur dari XLSX" in managed
    read_only = html(client_for(u["auditor"]).get(LIST))
    assert "Belum ada nomenklatur yang diimpor." in read_only
    assert "Impor nomenklatur dari XLSX" not in read_only


def test_the_list_is_paginated(setup):
    w, n, _ = setup
    rows = [(f"1.02.01.2.01.{i:04d}", f"Sub kegiatan uji {i}", "Jumlah", "Unit") for i in range(2, 130)]
    parent = n.entries.get(code="1.02.01.2.01")
    NomenclatureEntry.objects.bulk_create(
        NomenclatureEntry(nomenclature=n, level="sub_kegiatan", code=c, parent=parent, name=name, indicator=i, unit=un)
        for c, name, i, un in rows
    )
    total = len(NOMENCLATURE) + len(rows)
    body = html(client_for(w.sekda).get(LIST, {"page": "2"}))
    assert f"Halaman 2 dari {-(-total // 100)} ({total} data)" in body
    assert body.count('<div class="node">') == min(100, total - 100)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_tree_and_the_mandates_take_a_fixed_number_of_queries(setup):
    w, n, _ = setup
    client = client_for(w.sekda)
    before = (_queries(client, LIST), _queries(client, LIST, {"q": "aplikasi"}), _queries(client, MANDATES))
    parent = n.entries.get(code="2.16.03.2.02")
    NomenclatureEntry.objects.bulk_create(
        NomenclatureEntry(
            nomenclature=n, level="sub_kegiatan", code=f"2.16.03.2.02.{i:04d}", parent=parent, name=f"Aplikasi {i}"
        )
        for i in range(11, 40)
    )
    for i in range(5):
        mandate(n, AgencyFactory(government=w.government, code=f"4.{i:02d}"), "2.16", "1.01")
    after = (_queries(client, LIST), _queries(client, LIST, {"q": "aplikasi"}), _queries(client, MANDATES))
    assert after == before


# --- import: upload, preview, confirm ------------------------------------------------------------------


@pytest.mark.parametrize("who", MANAGERS)
def test_managers_open_the_upload_form(setup, who):
    _, _, u = setup
    page = client_for(u[who]).get(IMPORT)
    assert page.status_code == 200
    body = html(page)
    assert '<input type="number" name="fiscal_year"' in body
    assert '<input type="file" name="file"' in body
    assert f'href="{TEMPLATE}"' in body


@pytest.mark.parametrize("who", ["anonymous", *NOT_MANAGERS])
def test_others_cannot_upload(setup, who):
    w, _, u = setup
    before = state(w.government.pk)
    client = client_for(u[who])
    assert_refused(client.get(IMPORT), who)
    data = {
        "fiscal_year": "2028",
        "source": "",
        "file": xlsx_file(write_xlsx(sheets=[Sheet("nomenklatur", ENTRY_COLUMNS, TREE)])),
    }
    assert_refused(client.post(IMPORT, data), who)
    assert state(w.government.pk) == before


def test_upload_preview_and_confirm_through_the_pages(setup):
    _, _, u = setup
    client = client_for(u["kepala_bappeda"])
    data = write_xlsx(
        sheets=[
            Sheet("nomenklatur", ENTRY_COLUMNS, TREE),
            Sheet("kewenangan", MANDATE_COLUMNS, [("3.03", "1.02"), ("9.99", "1.02")][:1]),
        ]
    )
    response = client.post(IMPORT, {"fiscal_year": "2028", "source": "Kepmendagri 2028", "file": xlsx_file(data)})
    batch = NomenclatureImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/perencanaan/nomenklatur/impor/{batch.pk}/"
    assert (batch.fiscal_year, batch.source, batch.status) == (2028, "Kepmendagri 2028", "pending")

    preview = html(client.get(response["Location"]))
    assert "<h1>Pratinjau impor nomenklatur 2028</h1>" in preview
    assert '<tr><th scope="row">Baru</th><td>5</td></tr>' in preview
    assert '<tr><th scope="row">Diubah</th><td>0</td></tr>' in preview
    assert '<tr><th scope="row">Sub kegiatan</th><td>1</td></tr>' in preview
    assert "sekarang 0, menurut berkas 1 pasangan OPD dan bidang urusan" in preview
    assert "<tr><td>3.03</td><td>Dinas Kesehatan</td><td>1.02</td></tr>" in preview
    assert "Simpan nomenklatur 2028</button>" in preview
    assert not Nomenclature.objects.filter(fiscal_year=2028).exists()

    done = client.post(response["Location"])
    assert done.status_code == 302
    assert done["Location"] == f"{LIST}?tahun=2028"
    saved = Nomenclature.objects.get(fiscal_year=2028)
    assert list(saved.entries.order_by("code").values_list("code", flat=True)) == [c for c, *_ in TREE]
    assert list(saved.mandates.values_list("agency__code", "field__code")) == [("3.03", "1.02")]
    page = html(client.get(done["Location"]))
    assert "Nomenklatur 2028 disimpan: 5 baru, 0 diubah, 0 tidak ada lagi di berkas." in page
    assert "<h1>Nomenklatur perencanaan tahun 2028</h1>" in page
    # the committed upload shows no button any more, and a second post is refused
    again = html(client.get(response["Location"]))
    assert "Impor ini sudah disimpan." in again and "Simpan nomenklatur" not in again
    conflict = client.post(response["Location"])
    assert conflict.status_code == 409
    assert "Berkas ini sudah diimpor." in html(conflict)


def test_a_file_that_is_not_xlsx_is_refused_next_to_the_field(setup):
    w, _, _ = setup
    before = state(w.government.pk)
    response = client_for(w.sekda).post(
        IMPORT, {"fiscal_year": "2028", "source": "", "file": xlsx_file(b"kode;nomenklatur\n1;Urusan\n", "data.csv")}
    )
    assert response.status_code == 422
    assert (
        '<p class="field-error" id="id_file_error">Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel).</p>'
        in html(response)
    )
    assert state(w.government.pk) == before


def test_form_errors_render_with_422(setup):
    w, _, _ = setup
    response = client_for(w.sekda).post(IMPORT, {"fiscal_year": "2019", "source": ""})
    assert response.status_code == 422
    body = html(response)
    assert 'id="id_fiscal_year_error"' in body and 'id="id_file_error"' in body
    assert not NomenclatureImport.objects.exists()


def test_a_file_with_errors_shows_every_error_and_cannot_be_confirmed(setup):
    w, _, _ = setup
    rows = [*TREE, ("1.02.01.1.01.0002", "Sub provinsi", "Jumlah", "Unit"), ("1.02.01.2.01.0003", "", "", "")]
    data = write_xlsx(
        sheets=[Sheet("nomenklatur", ENTRY_COLUMNS, rows), Sheet("kewenangan", MANDATE_COLUMNS, [("9.99", "1.02")])]
    )
    client = client_for(w.sekda)
    client.post(IMPORT, {"fiscal_year": str(YEAR), "source": "", "file": xlsx_file(data)})
    batch = NomenclatureImport.objects.get()
    before = state(w.government.pk)
    url = f"/perencanaan/nomenklatur/impor/{batch.pk}/"
    body = html(client.get(url))
    assert "<h2>Kesalahan (6)</h2>" in body
    for row in [
        "<tr><td>nomenklatur</td><td>7</td><td>kode</td><td>Kode 1.02.01.1.01.0002 untuk pemerintah provinsi "
        "(digit tingkat 1); pemerintah daerah ini hanya memakai digit 2.</td></tr>",
        "<tr><td>nomenklatur</td><td>7</td><td>kode</td><td>Kode induk 1.02.01.1.01 tidak ada dalam berkas.</td></tr>",
        "<tr><td>nomenklatur</td><td>8</td><td>nomenklatur</td><td>Wajib diisi.</td></tr>",
        "<tr><td>nomenklatur</td><td>8</td><td>indikator</td><td>Wajib diisi untuk sub kegiatan.</td></tr>",
        "<tr><td>nomenklatur</td><td>8</td><td>satuan</td><td>Wajib diisi untuk sub kegiatan.</td></tr>",
        "<tr><td>kewenangan</td><td>2</td><td>kode_opd</td><td>OPD dengan kode &#x27;9.99&#x27; tidak ada.</td></tr>",
    ]:
        assert row in body
    assert "Simpan nomenklatur" not in body
    # the year's nomenclature would lose the entries not in the file: listed with what happens to them
    assert f"<h2>Tidak ada lagi di berkas ({len(NOMENCLATURE) - len(TREE)})</h2>" in body

    refused = client.post(url)
    assert refused.status_code == 422
    assert (
        '<div class="form-errors" role="alert"><p>Berkas masih berisi kesalahan; perbaiki lalu unggah ulang.</p></div>'
        in html(refused)
    )
    assert state(w.government.pk) == before


def test_the_preview_says_which_removed_entries_are_kept_because_a_plan_uses_them():
    pw = planning_world()
    filled_plan(pw)  # Diskominfo's plan uses KOMINFO_SUB
    rows = [row for row in NOMENCLATURE if not row[0].startswith("2.16.03")]
    client = client_for(pw.w.sekda)
    data = write_xlsx(sheets=[Sheet("nomenklatur", ENTRY_COLUMNS, rows)])
    client.post(IMPORT, {"fiscal_year": str(YEAR), "source": "", "file": xlsx_file(data)})
    body = html(client.get(f"/perencanaan/nomenklatur/impor/{NomenclatureImport.objects.get().pk}/"))
    removed = [(code, name) for code, name, *_ in NOMENCLATURE if code.startswith("2.16.03")]
    assert f"<h2>Tidak ada lagi di berkas ({len(removed)})</h2>" in body
    assert (
        f"<td>{len(removed)} (3 tetap disimpan sebagai tidak berlaku karena masih dipakai Renja atau kewenangan OPD)</td>"
        in body
    )
    kept = {"2.16.03", "2.16.03.2.02", KOMINFO_SUB}
    for code, name in removed:
        level = {3: "Program", 5: "Kegiatan", 6: "Sub kegiatan"}[len(code.split("."))]
        effect = (
            "Tetap disimpan, ditandai tidak berlaku (masih dipakai Renja atau kewenangan OPD)"
            if code in kept
            else "Dihapus"
        )
        assert f"<tr><td><code>{code}</code></td><td>{level}</td><td>{name}</td><td>{effect}</td></tr>" in body
    assert "Berkas tidak berisi lembar kewenangan: kewenangan OPD tahun 2027 tidak berubah." in body


def test_a_long_list_of_removed_entries_is_cut_but_counted(setup, monkeypatch):
    w, _, _ = setup
    monkeypatch.setattr("terpadu.planning.views.nomenclature.REMOVED_SHOWN", 3)
    data = write_xlsx(sheets=[Sheet("nomenklatur", ENTRY_COLUMNS, TREE)])
    client = client_for(w.sekda)
    client.post(IMPORT, {"fiscal_year": str(YEAR), "source": "", "file": xlsx_file(data)})
    body = html(client.get(f"/perencanaan/nomenklatur/impor/{NomenclatureImport.objects.get().pk}/"))
    removed = len(NOMENCLATURE) - len(TREE)
    assert f"<h2>Tidak ada lagi di berkas ({removed})</h2>" in body
    # the mandated bidang 2.16 and 5.01 and their urusan are kept (and always listed); 3 others are shown
    assert (
        f"<td>{removed} (4 tetap disimpan sebagai tidak berlaku karena masih dipakai Renja atau kewenangan OPD)</td>"
        in body
    )
    assert body.count("<td>Dihapus</td>") == 3
    assert f"… dan {removed - 3 - 4} butir lain yang akan dihapus (tidak ditampilkan)." in body
    assert "Simpan nomenklatur 2027</button>" in body


@pytest.mark.parametrize("who", ["anonymous", *NOT_MANAGERS])
def test_others_cannot_open_or_confirm_an_upload(setup, who):
    w, _, u = setup
    batch, _ = services.nomenclature_import_upload(
        user=w.sekda,
        fiscal_year=2028,
        filename="n.xlsx",
        data=write_xlsx(sheets=[Sheet("nomenklatur", ENTRY_COLUMNS, TREE)]),
    )
    before = state(w.government.pk)
    client = client_for(u[who])
    url = f"/perencanaan/nomenklatur/impor/{batch.pk}/"
    assert_refused(client.get(url), who)
    assert_refused(client.post(url), who)
    assert state(w.government.pk) == before


def test_an_upload_belongs_to_its_government(setup):
    w, _, _ = setup
    other = GovernmentFactory()
    stranger = user_with_role(Role.SECRETARY, government=other, username="sekda.lain")
    batch, _ = services.nomenclature_import_upload(
        user=w.sekda,
        fiscal_year=2028,
        filename="n.xlsx",
        data=write_xlsx(sheets=[Sheet("nomenklatur", ENTRY_COLUMNS, TREE)]),
    )
    before = state(w.government.pk)
    client = client_for(stranger)
    url = f"/perencanaan/nomenklatur/impor/{batch.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert "n.xlsx" not in html(client.get(IMPORT))
    assert state(w.government.pk) == before


# --- export and template -------------------------------------------------------------------------------


def test_the_export_is_the_import_format_and_re_imports_to_zero_changes(setup):
    w, n, _ = setup
    n.entries.filter(code="7.01.01.2.01.0001").update(indicator="Jumlah Dokumen", unit="Dokumen")
    response = client_for(w.admin_bappeda).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="nomenklatur-2027.xlsx"'
    sheets = sheets_of(response.content)
    assert list(sheets) == ["nomenklatur", "kewenangan"]
    assert sheets["nomenklatur"][0] == ENTRY_COLUMNS
    assert sheets["kewenangan"] == [MANDATE_COLUMNS, ("2.01", "5.01"), ("3.01", "2.16"), ("3.03", "1.02")]
    assert len(sheets["nomenklatur"]) == len(NOMENCLATURE) + 1

    batch, preview = services.nomenclature_import_upload(
        user=w.sekda, fiscal_year=YEAR, filename="nomenklatur-2027.xlsx", data=response.content
    )
    assert preview.errors == []
    assert (preview.count("create"), preview.count("update"), preview.removed) == (0, 0, [])
    assert preview.count("unchanged") == len(NOMENCLATURE)
    assert preview.mandates == {"2.01": ["5.01"], "3.01": ["2.16"], "3.03": ["1.02"]}
    page = html(client_for(w.sekda).get(f"/perencanaan/nomenklatur/impor/{batch.pk}/"))
    assert '<tr><th scope="row">Baru</th><td>0</td></tr>' in page
    assert '<tr><th scope="row">Diubah</th><td>0</td></tr>' in page
    assert f'<tr><th scope="row">Tidak berubah</th><td>{len(NOMENCLATURE)}</td></tr>' in page
    assert "sekarang 3, menurut berkas 3 pasangan OPD dan bidang urusan" in page


def test_the_export_leaves_out_entries_no_longer_in_force(setup):
    w, n, _ = setup
    n.entries.filter(code=KOMINFO_SUB).update(is_active=False)
    codes = [row[0] for row in sheets_of(client_for(w.sekda).get(EXPORT).content)["nomenklatur"][1:]]
    assert KOMINFO_SUB not in codes and len(codes) == len(NOMENCLATURE) - 1


def test_the_template_has_both_sheets_with_one_example_row(setup):
    w, _, _ = setup
    response = client_for(w.sekda).get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-nomenklatur.xlsx"'
    assert sheets_of(response.content) == {
        "nomenklatur": [
            ENTRY_COLUMNS,
            (
                "5.01.01.2.01.0001",
                "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                "Jumlah Dokumen Perencanaan Perangkat Daerah",
                "Dokumen",
            ),
        ],
        "kewenangan": [MANDATE_COLUMNS, ("2.01", "5.01")],
    }


@pytest.mark.parametrize("who", ["anonymous", *NOT_MANAGERS])
def test_others_cannot_download_the_export_or_the_template(setup, who):
    _, _, u = setup
    client = client_for(u[who])
    assert_refused(client.get(EXPORT), who)
    assert_refused(client.get(TEMPLATE), who)


def test_the_export_of_a_year_not_imported_is_not_found(setup):
    w, _, _ = setup
    assert client_for(w.sekda).get("/perencanaan/nomenklatur/2030/ekspor.xlsx").status_code == 404


# --- mandates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PARTICIPANTS)
def test_participants_read_the_mandates(setup, who):
    w, _, u = setup
    page = client_for(u[who]).get(MANDATES)
    assert page.status_code == 200
    body = html(page)
    assert "<h1>Kewenangan OPD tahun 2027</h1>" in body
    assert "<td>3.01</td><td>Dinas Komunikasi dan Informatika</td>" in body
    assert "<li>2.16 Komunikasi dan Informatika</li>" in body
    sees_all = who not in ("admin_kominfo", "operator_kominfo")
    assert ("<td>3.03</td><td>Dinas Kesehatan</td>" in body) is sees_all
    edit = f'href="{MANDATES}{w.kominfo.pk}/"'
    assert (edit in body) is (who in MANAGERS)


@pytest.mark.parametrize("who", ["anonymous", *OUTSIDERS])
def test_outsiders_cannot_read_the_mandates(setup, who):
    _, _, u = setup
    assert_refused(client_for(u[who]).get(MANDATES), who)


def test_the_mandates_page_lists_the_bidang_without_an_agency(setup):
    w, _, _ = setup
    body = html(client_for(w.sekda).get(MANDATES))
    section = body.split("<h2>Bidang urusan tanpa OPD</h2>")[1]
    assert "<li>1.01 Pendidikan</li>" in section
    assert "2.16 Komunikasi" not in section


def test_edit_an_agencys_mandates(setup):
    w, n, u = setup
    url = f"{MANDATES}{w.kominfo.pk}/"
    client = client_for(u["kepala_bappeda"])
    form = html(client.get(url))
    assert "<h1>Kewenangan Dinas Komunikasi dan Informatika tahun 2027</h1>" in form
    assert "<legend>2 Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar</legend>" in form
    assert 'name="fields" value="2.16"' in form and 'value="2.16" id="id_fields_' in form
    assert form.count(" checked") == 1

    response = client.post(url, {"fields": ["2.16", "1.01"]})
    assert response.status_code == 302
    assert response["Location"] == MANDATES
    assert sorted(n.mandates.filter(agency=w.kominfo).values_list("field__code", flat=True)) == ["1.01", "2.16"]
    event = AuditEvent.objects.get(action="planning.mandates.set")
    assert (event.agency_id, event.before, event.after) == (
        w.kominfo.pk,
        {"fields": ["2.16"]},
        {"fields": ["1.01", "2.16"]},
    )
    assert "Kewenangan Diskominfo tahun 2027 disimpan: 2 bidang urusan." in html(client.get(MANDATES))

    # nothing checked: the agency keeps no mandate
    assert client.post(url, {}).status_code == 302
    assert not n.mandates.filter(agency=w.kominfo).exists()


def test_an_unknown_bidang_is_refused_with_422_and_nothing_changes(setup):
    w, _, _ = setup
    before = state(w.government.pk)
    response = client_for(w.sekda).post(f"{MANDATES}{w.kominfo.pk}/", {"fields": ["2.16", "2.16.03"]})
    assert response.status_code == 422
    assert 'id="id_fields_error"' in html(response)
    assert state(w.government.pk) == before


@pytest.mark.parametrize("who", ["anonymous", *NOT_MANAGERS])
def test_others_cannot_edit_mandates(setup, who):
    w, _, u = setup
    before = state(w.government.pk)
    client = client_for(u[who])
    url = f"{MANDATES}{w.kominfo.pk}/"
    assert_refused(client.get(url), who)
    assert_refused(client.post(url, {"fields": ["1.01"]}), who)
    assert state(w.government.pk) == before


def test_an_agency_of_another_government_is_not_found(setup):
    w, _, _ = setup
    foreign = AgencyFactory(government=GovernmentFactory())
    before = state(w.government.pk)
    response = client_for(w.sekda).post(f"{MANDATES}{foreign.pk}/", {"fields": ["1.01"]})
    assert response.status_code == 404
    assert state(w.government.pk) == before
    assert client_for(w.sekda).get("/perencanaan/nomenklatur/2030/kewenangan/").status_code == 404


# --- the planning agency ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["platform_admin", "sekda"])
def test_the_platform_admin_and_the_sekda_name_the_planning_agency(setup, who):
    w, _, u = setup
    client = client_for(u[who])
    page = html(client.get(SETTINGS))
    assert (
        "<strong>2.01 — Badan Perencanaan Pembangunan Daerah</strong> (dipilih otomatis karena bernama Bappeda; belum ditetapkan)"
        in page
    )
    assert f'<option value="{w.bappeda.pk}" selected>2.01 — Badan Perencanaan Pembangunan Daerah</option>' in page

    response = client.post(SETTINGS, {"agency": str(w.dinkes.pk)})
    assert response.status_code == 302
    assert PlanningSetting.objects.get(government=w.government).planning_agency == w.dinkes
    after = html(client.get(SETTINGS))
    assert "OPD perencana ditetapkan: Dinas Kesehatan." in after
    assert "<strong>3.03 — Dinas Kesehatan</strong>" in after and "dipilih otomatis" not in after
    assert AuditEvent.objects.get(action="planning.setting.agency").after == {"planning_agency_id": w.dinkes.pk}
    # the new planning agency's admin now manages the nomenclature; Bappeda's does not
    assert client_for(w.admin_dinkes).get(IMPORT).status_code == 200
    assert client_for(w.admin_bappeda).get(IMPORT).status_code == 403


@pytest.mark.parametrize(
    "who", ["anonymous", "kepala_bappeda", "admin_bappeda", "bupati", "auditor", "admin_kominfo", "employee_kominfo"]
)
def test_others_cannot_name_the_planning_agency(setup, who):
    w, _, u = setup
    before = state(w.government.pk)
    client = client_for(u[who])
    assert_refused(client.get(SETTINGS), who)
    assert_refused(client.post(SETTINGS, {"agency": str(w.dinkes.pk)}), who)
    assert state(w.government.pk) == before


def test_an_agency_of_another_government_cannot_be_named(setup):
    w, _, _ = setup
    foreign = AgencyFactory(government=GovernmentFactory())
    response = client_for(w.sekda).post(SETTINGS, {"agency": str(foreign.pk)})
    assert response.status_code == 422
    assert 'id="id_agency_error"' in html(response)
    assert not PlanningSetting.objects.exists()
