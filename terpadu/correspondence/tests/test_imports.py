"""Classification table import: preview with exact row errors, all-or-nothing commit, audit; seeding."""

import pytest

from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.correspondence import imports, services
from terpadu.correspondence.demo import seed_demo_correspondence
from terpadu.correspondence.imports import RowError
from terpadu.correspondence.models import ClassificationCode, ClassificationImport, LetterType
from terpadu.directory.tests.factories import GovernmentFactory, user_with_role, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = list(imports.COLUMNS)
VALID = [
    HEADER,
    ["000.1", "Ketatausahaan dan Kerumahtanggaan", None, None, None, None],
    ["000.1.5", "Rapat pimpinan", 2, 3, "musnah", "terbatas"],
    ["000.8", "Organisasi dan Tata Laksana", "", "", "", ""],
    ["000.8.3", "Ketatalaksanaan", None, None, None, None],
    ["000.8.3.3", "Standar Pelayanan", 5, 5, "Dinilai kembali", "Biasa"],
    ["800.1", "Sumber Daya Manusia", None, None, None, None],
    ["800.1.11", "Pembinaan", None, None, None, None],
    ["800.1.11.1", "Surat Perintah Dinas/Surat Tugas", 1.0, "2", "permanen", "sangat rahasia"],
]


@pytest.fixture
def admin():
    return user_with_role(Role.PLATFORM_ADMIN, government=GovernmentFactory())


def upload(admin, rows, filename="klasifikasi.xlsx"):
    data = xlsx_bytes({"Klasifikasi": rows})
    return imports.classification_import_upload(user=admin, government=admin.government, filename=filename, data=data)


def codes(government):
    return list(
        ClassificationCode.objects.filter(government=government).order_by("sort_key").values_list("code", flat=True)
    )


def test_seeding_the_top_levels_and_letter_types_is_idempotent():
    government = GovernmentFactory()
    assert seed_demo_correspondence(government.pk) == "E-Surat: 10 kode klasifikasi pokok, 21 jenis naskah dinas."
    assert seed_demo_correspondence(government.pk) == "E-Surat: 0 kode klasifikasi pokok, 0 jenis naskah dinas."
    rows = ClassificationCode.objects.filter(government=government, depth=1).order_by("sort_key")
    assert [(c.code, c.name, c.depth, c.parent_id) for c in rows][:2] == [
        ("000", "Umum", 1, None),
        ("100", "Pemerintahan", 1, None),
    ]
    assert rows.count() == 10
    memo = LetterType.objects.get(government=government, code="memo")
    assert (memo.group, memo.signers, memo.numbering_scope) == (
        "korespondensi",
        ["agency_head", "secretary", "regional_head"],
        "agency",
    )


def test_a_valid_file_is_previewed_then_committed_with_parents_and_audit(admin):
    batch = upload(admin, VALID)
    preview = imports.classification_import_plan(government=admin.government, data=bytes(batch.data))
    assert preview.errors == []
    assert [preview.count(a) for a in ("create", "update", "unchanged")] == [8, 0, 0]
    assert not ClassificationCode.objects.exists()  # the preview writes nothing
    imports.classification_import_commit(user=admin, batch=batch)
    assert codes(admin.government)[:6] == ["000", "000.1", "000.1.5", "000.8", "000.8.3", "000.8.3.3"]
    leaf = ClassificationCode.objects.get(code="800.1.11.1")
    assert (leaf.parent.code, leaf.depth, leaf.active_years, leaf.inactive_years) == ("800.1.11", 4, 1, 2)
    assert (leaf.final_disposition, leaf.security_level) == ("permanen", "sangat_rahasia")
    rapat = ClassificationCode.objects.get(code="000.1.5")
    assert (rapat.parent.code, rapat.final_disposition, rapat.security_level) == ("000.1", "musnah", "terbatas")
    assert ClassificationCode.objects.get(code="000.8.3.3").final_disposition == "dinilai_kembali"
    assert ClassificationCode.objects.get(code="000.1").active_years is None
    event = AuditEvent.objects.get(action="correspondence.classification.import")
    assert event.after == {
        "filename": "klasifikasi.xlsx",
        "sha256": batch.sha256,
        "seeded_top_levels": 10,
        "create": 8,
        "update": 0,
        "unchanged": 0,
    }
    assert event.actor_id == admin.pk and event.government_id == admin.government_id


def test_reimporting_updates_changed_rows_only(admin):
    imports.classification_import_commit(user=admin, batch=upload(admin, VALID))
    changed = [row[:] for row in VALID]
    changed[2][1] = "Rapat Pimpinan"
    batch = upload(admin, changed)
    preview = imports.classification_import_commit(user=admin, batch=batch)
    assert [preview.count(a) for a in ("create", "update", "unchanged")] == [0, 1, 7]
    assert ClassificationCode.objects.get(code="000.1.5").name == "Rapat Pimpinan"
    with pytest.raises(Conflict, match=r"Impor ini sudah disimpan\."):
        imports.classification_import_commit(user=admin, batch=batch)


BAD = [
    HEADER,
    ["000.1", "Ketatausahaan", None, None, None, None],
    ["050.1", "Salah pokok", None, None, None, None],
    ["000.1.5", "", "dua", 3, "dibakar", "rahasia sekali"],
    ["000.1", "Ganda", None, None, None, None],
    ["000.9.1", "Tanpa induk", None, None, None, None],
    ["000.1.6", "Retensi setengah", 2, None, None, None],
    ["000.1.7", "Benar", 1, 1, "musnah", "biasa"],
    ["000.1.01", "Nol di depan", 100, 1, "musnah", None],
]


def test_bad_rows_are_reported_by_row_column_and_reason_and_nothing_is_saved(admin):
    batch = upload(admin, BAD)
    preview = imports.classification_import_plan(government=admin.government, data=bytes(batch.data))
    assert preview.errors == [
        RowError(3, "kode", "Kode '050.1' tidak diawali kode pokok yang sah (000, 100, …, 900)."),
        RowError(4, "nama", "Wajib diisi."),
        RowError(4, "retensi_aktif", "Isi dengan bilangan bulat 0–99 (tahun)."),
        RowError(4, "keterangan_akhir", "Nilai 'dibakar' tidak dikenal. Pilihan: musnah, permanen, dinilai kembali."),
        RowError(
            4,
            "klasifikasi_keamanan",
            "Nilai 'rahasia sekali' tidak dikenal. Pilihan: biasa, terbatas, rahasia, sangat rahasia.",
        ),
        RowError(5, "kode", "Kode 000.1 sudah ada di baris 2."),
        RowError(6, "kode", "Kode induk 000.9 belum ada (di basis data atau di baris sebelumnya)."),
        RowError(7, "retensi_inaktif", "Wajib diisi bila jadwal retensi diisi."),
        RowError(7, "keterangan_akhir", "Wajib diisi bila jadwal retensi diisi."),
        RowError(
            9, "kode", "Kode '000.1.01' tidak sah: setiap bagian setelah titik berupa angka 1–999 tanpa nol di depan."
        ),
        RowError(9, "retensi_aktif", "Isi dengan bilangan bulat 0–99 (tahun)."),
    ]
    with pytest.raises(ValidationFailed) as caught:
        imports.classification_import_commit(user=admin, batch=batch)
    assert caught.value.message == "Impor dibatalkan: 11 kesalahan. Tidak ada data yang disimpan."
    assert caught.value.fields["file"][0] == (
        "Baris 3, kolom kode: Kode '050.1' tidak diawali kode pokok yang sah (000, 100, …, 900)."
    )
    assert not ClassificationCode.objects.exists()
    assert not AuditEvent.objects.filter(action="correspondence.classification.import").exists()
    assert ClassificationImport.objects.get().status == "pending"


def test_a_parent_may_come_from_the_database(admin):
    imports.classification_import_commit(user=admin, batch=upload(admin, VALID[:2]))
    batch = upload(admin, [HEADER, ["000.1.5", "Rapat pimpinan", None, None, None, None]])
    imports.classification_import_commit(user=admin, batch=batch)
    assert ClassificationCode.objects.get(code="000.1.5").parent.code == "000.1"


def test_a_child_before_its_parent_is_refused(admin):
    batch = upload(
        admin, [HEADER, ["000.1.5", "Rapat", None, None, None, None], ["000.1", "Induk", None, None, None, None]]
    )
    preview = imports.classification_import_plan(government=admin.government, data=bytes(batch.data))
    assert preview.errors == [
        RowError(2, "kode", "Kode induk 000.1 belum ada (di basis data atau di baris sebelumnya).")
    ]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("k.csv", b"kode,nama", "Format berkas harus .xlsx."),
        ("k.xlsx", b"bukan zip", "Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel)."),
        (
            "k.xlsx",
            xlsx_bytes({"A": [["kode", "judul"]]}),
            "Kolom wajib tidak ada: nama. Kolom yang dikenal: kode, nama, retensi_aktif, retensi_inaktif, "
            "keterangan_akhir, klasifikasi_keamanan.",
        ),
    ],
)
def test_unreadable_files_are_refused_at_upload(admin, filename, data, message):
    with pytest.raises(ValidationFailed) as caught:
        imports.classification_import_upload(user=admin, government=admin.government, filename=filename, data=data)
    assert caught.value.message == message
    assert not ClassificationImport.objects.exists()


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.AGENCY_ADMIN, Role.AUDITOR])
def test_only_the_platform_admin_imports(admin, role):
    user = user_with_role(role, government=admin.government)
    with pytest.raises(AccessDenied):
        upload(user, VALID)
    batch = upload(admin, VALID)
    with pytest.raises(AccessDenied):
        imports.classification_import_commit(user=user, batch=batch)
    assert not ClassificationCode.objects.exists()


def test_seed_does_not_touch_existing_top_levels():
    government = GovernmentFactory()
    ClassificationCode.objects.create(government=government, code="000", name="Umum (lokal)", depth=1, sort_key="000")
    assert services.classification_seed_top_levels(government) == 9
    assert ClassificationCode.objects.get(government=government, code="000").name == "Umum (lokal)"
