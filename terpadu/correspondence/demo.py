"""Demo data for Kabupaten Contoh: the top-level classification codes, a few deeper ones with their JRA,
the default letter types, and a month of correspondence — outgoing letters at every stage (some signed
by ``kadis.kominfo``), letters between agencies and to the Bupati, incoming external letters (one via
SRIKANDI), dispositions two levels deep, overdue follow-ups, one rahasia letter, and dossiers.
Idempotent: the letters are seeded once (skipped when the government has any)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from terpadu.core.roles import Role
from terpadu.directory.models import Agency, Employee, Government, RoleAssignment, User

from . import archive, delivery, disposition_services, letter_services, services
from .drafts import DraftInput, RecipientInput, letter_create_draft
from .models import ClassificationCode, InboxItem, Letter

#: deeper codes for the demo (code, name, active years, inactive years, final disposition, security)
DEMO_CODES = [
    ("000.1", "Ketatausahaan dan Kerumahtanggaan", None, None, "", "biasa"),
    ("000.1.5", "Rapat Pimpinan", 2, 3, "musnah", "biasa"),
    ("000.8", "Organisasi dan Tata Laksana", None, None, "", "biasa"),
    ("000.8.3", "Teknologi Informasi", None, None, "", "biasa"),
    ("000.8.3.3", "Pengelolaan Jaringan dan Infrastruktur TIK", 2, 5, "musnah", "biasa"),
    ("400.7", "Kesehatan", 2, 5, "dinilai_kembali", "biasa"),
    ("800.1", "Sumber Daya Manusia", None, None, "", "biasa"),
    ("800.1.11", "Kinerja dan Disiplin", None, None, "", "biasa"),
    ("800.1.11.1", "Surat Perintah Dinas/Surat Tugas", 1, 2, "musnah", "biasa"),
    ("800.1.11.5", "Pemeriksaan Pelanggaran Disiplin", 2, 5, "permanen", "rahasia"),
]


def _codes(government: Government) -> None:
    for code, name, active, inactive, final, level in DEMO_CODES:
        ClassificationCode.objects.get_or_create(
            government=government,
            code=code,
            defaults={
                "name": name,
                "depth": code.count(".") + 1,
                "sort_key": ".".join(p.zfill(3) for p in code.split(".")),
                "active_years": active,
                "inactive_years": inactive,
                "final_disposition": final,
                "security_level": level,
            },
        )
    for row in ClassificationCode.objects.filter(government=government, depth__gt=1, parent__isnull=True):
        row.parent = ClassificationCode.objects.filter(government=government, code=row.code.rsplit(".", 1)[0]).first()
        row.save(update_fields=["parent"])


class _Cast:
    """The demo's people: accounts by username, and an account that cannot log in for an employee who
    acts in the story without a demo login (``demo.<id>``)."""

    def __init__(self, government: Government) -> None:
        self.government = government

    def user(self, username: str) -> User:
        return User.objects.select_related("employee").get(username=username)

    def holder(self, agency_short: str, position_code: str) -> Employee:
        return Employee.objects.get(
            government=self.government, agency__short_name=agency_short, position__code=position_code
        )

    def acting(self, employee: Employee) -> User:
        account = User.objects.filter(employee=employee).first()
        if account is not None:
            return account
        account = User(username=f"demo.{employee.pk}", government=self.government, employee=employee)
        account.set_unusable_password()
        account.save()
        RoleAssignment.objects.create(user=account, role=Role.EMPLOYEE.value, agency_id=employee.agency_id)
        return account

    def agency(self, short: str) -> Agency:
        return Agency.objects.get(government=self.government, short_name=short)


def _to(target: str, pk: int | None, kind: str = "to") -> RecipientInput:
    return RecipientInput(kind=kind, target=target, id=pk)


def _draft(drafter: User, **values: Any) -> Letter:
    return letter_create_draft(user=drafter, data=DraftInput(**values))


def _through_signature(letter: Letter, drafter: User, reviewers: list[User], signer: User) -> Letter:
    letter_services.letter_submit(user=drafter, letter=letter)
    for reviewer in reviewers:
        letter_services.letter_approve(user=reviewer, letter=letter, note="Sudah sesuai.")
    return letter_services.letter_sign(user=signer, letter=letter)


def _backdate(letter: Letter, days: int) -> None:
    """Move a seeded letter and its box items ``days`` back, as if it had happened then."""
    shift = timedelta(days=days)
    now = timezone.now()
    Letter.objects.filter(pk=letter.pk).update(created_at=now - shift)
    if letter.letter_date:
        Letter.objects.filter(pk=letter.pk).update(letter_date=letter.letter_date - shift)
    for item in InboxItem.objects.filter(letter=letter):
        item.received_at -= shift
        if item.read_at:
            item.read_at -= shift
        if item.due_date:
            item.due_date -= shift
        item.save(update_fields=["received_at", "read_at", "due_date"])


def _kominfo_letters(cast: _Cast) -> list[Letter]:
    pegawai, admin, kadis = cast.user("pegawai.kominfo"), cast.user("admin.kominfo"), cast.user("kadis.kominfo")
    dinkes, bkpsdm = cast.agency("Dinkes"), cast.agency("BKPSDM")
    common = {"reviewer_ids": (admin.employee_id,), "signer_id": kadis.employee_id, "signing_authority": "agency_head"}
    to_dinkes = _draft(
        pegawai,
        letter_type="surat_dinas",
        subject="Permintaan data SIMPUS untuk Satu Data Kabupaten",
        body="Dengan hormat,\n\nDalam rangka Satu Data Kabupaten Contoh, kami mohon data kunjungan SIMPUS "
        "seluruh puskesmas tahun berjalan.\n\nAtas perhatian Saudara kami ucapkan terima kasih.",
        classification="000.8.3.3",
        recipients=(_to("agency", dinkes.pk), _to("employee", cast.user("sekda").employee_id, "cc")),
        **common,
    )
    invitation = _draft(
        pegawai,
        letter_type="surat_undangan",
        subject="Undangan rapat koordinasi SPBE",
        body="Dengan hormat,\n\nKami mengundang Saudara pada rapat koordinasi SPBE hari Kamis pukul 09.00 WITA "
        "di ruang rapat Diskominfo.",
        classification="000.1.5",
        urgency="segera",
        recipients=tuple(_to("agency", cast.agency(s).pk) for s in ("Bappeda", "BPKAD", "Dinkes", "BKPSDM")),
        **common,
    )
    secret = _draft(
        pegawai,
        letter_type="surat_dinas",
        subject="Laporan dugaan pelanggaran disiplin pegawai",
        body="Dengan hormat,\n\nBersama ini kami sampaikan laporan dugaan pelanggaran disiplin untuk ditindaklanjuti.",
        classification="800.1.11.5",
        recipients=(_to("agency", bkpsdm.pk),),
        **common,
    )
    signed = [_through_signature(letter, pegawai, [admin], kadis) for letter in (to_dinkes, invitation, secret)]
    for letter in signed:
        delivery.letter_send(user=admin, letter=letter)
    return signed


def _in_progress(cast: _Cast) -> None:
    """Letters still moving: one waiting for paraf, one for the signature, one returned."""
    pegawai, admin, kadis = cast.user("pegawai.kominfo"), cast.user("admin.kominfo"), cast.user("kadis.kominfo")
    base = {
        "letter_type": "nota_dinas",
        "classification": "000.8.3.3",
        "recipients": (_to("employee", kadis.employee_id),),
        "reviewer_ids": (admin.employee_id,),
        "signer_id": kadis.employee_id,
        "signing_authority": "agency_head",
    }
    review = _draft(
        pegawai,
        subject="Usulan pengadaan perangkat jaringan",
        body="Dengan hormat,\n\nKami usulkan pengadaan switch.",
        **base,
    )
    letter_services.letter_submit(user=pegawai, letter=review)
    to_sign = _draft(
        pegawai, subject="Jadwal pemeliharaan server", body="Dengan hormat,\n\nPemeliharaan server Sabtu.", **base
    )
    letter_services.letter_submit(user=pegawai, letter=to_sign)
    letter_services.letter_approve(user=admin, letter=to_sign)
    returned = _draft(
        pegawai, subject="Permohonan cuti bersama petugas piket", body="Dengan hormat,\n\nMohon izin.", **base
    )
    letter_services.letter_submit(user=pegawai, letter=returned)
    letter_services.letter_return(user=admin, letter=returned, note="Lengkapi daftar nama petugas piket.")
    _draft(pegawai, subject="Konsep laporan bulanan layanan TIK", body="", **{**base, "reviewer_ids": ()})


def _dispose(
    cast: _Cast, letter: Letter, head: User, first: Any, second: Employee | None, *, done: bool, overdue: bool
) -> None:
    item = InboxItem.objects.get(letter=letter, employee=head.employee, kind="to")
    data = disposition_services.DispositionInput(
        recipient_ids=(first.pk,), instructions=("tindak_lanjuti",), note="Mohon segera."
    )
    [first_item] = disposition_services.disposition_create(user=head, item_id=item.pk, data=data)
    last = first_item
    if second is not None:
        again = disposition_services.DispositionInput(recipient_ids=(second.pk,), instructions=("siapkan_bahan",))
        [last] = disposition_services.disposition_create(user=cast.acting(first), item_id=first_item.pk, data=again)
    if done:
        disposition_services.follow_up_record(
            user=cast.acting(last.employee), item_id=last.pk, text="Sudah dikerjakan dan dilaporkan."
        )
    if overdue:
        InboxItem.objects.filter(letter=letter, kind="disposition").update(
            due_date=timezone.localdate() - timedelta(days=4)
        )


def _incoming(cast: _Cast) -> list[Letter]:
    admin, kadis = cast.user("admin.kominfo"), cast.user("kadis.kominfo")
    today = timezone.localdate()
    national = delivery.letter_register_incoming(
        user=admin,
        data=delivery.IncomingInput(
            agency_id=cast.agency("Diskominfo").pk,
            sender_name="Kementerian Komunikasi dan Digital",
            sender_number="B-1234/DJAI/TI.02/10/2026",
            sender_date=today - timedelta(days=12),
            subject="Peningkatan keamanan siber pada sistem pemerintah daerah",
            classification="000.8.3.3",
            letter_type="surat_edaran",
            urgency="segera",
            srikandi_ref="SRIKANDI-2026-00871",
        ),
    )
    _dispose(cast, national, kadis, admin.employee, cast.user("pegawai.kominfo").employee, done=True, overdue=False)
    provincial = delivery.letter_register_incoming(
        user=cast.user("admin.dinkes"),
        data=delivery.IncomingInput(
            agency_id=cast.agency("Dinkes").pk,
            sender_name="Dinas Kesehatan Provinsi NTT",
            sender_number="440/512/DINKES/2026",
            sender_date=today - timedelta(days=6),
            subject="Laporan kasus demam berdarah mingguan",
            classification="400.7",
        ),
    )
    return [national, provincial]


def _to_the_bupati(cast: _Cast) -> Letter:
    sekda, bupati = cast.user("sekda"), cast.user("bupati")
    letter = _draft(
        sekda,
        letter_type="nota_dinas",
        subject="Laporan kepatuhan OPD atas permintaan program kerja 2027",
        body="Dengan hormat,\n\nBersama ini kami laporkan OPD yang belum menginput program kerja.",
        classification="000.1.5",
        recipients=(_to("employee", bupati.employee_id),),
        signer_id=sekda.employee_id,
        signing_authority="secretary",
    )
    letter = _through_signature(letter, sekda, [], sekda)
    delivery.letter_send(user=sekda, letter=letter)
    item = InboxItem.objects.get(letter=letter, employee=bupati.employee, kind="to")
    disposition_services.disposition_create(
        user=bupati,
        item_id=item.pk,
        data=disposition_services.DispositionInput(
            recipient_ids=(int(sekda.employee_id or 0),), instructions=("koordinasikan", "tindak_lanjuti")
        ),
    )
    return letter


def _dossiers(cast: _Cast, letter: Letter) -> None:
    admin = cast.user("admin.kominfo")
    agency = cast.agency("Diskominfo").pk
    year = timezone.localdate().year
    current = archive.dossier_create(
        user=admin,
        agency_id=agency,
        classification="000.8.3.3",
        number="TIK-01",
        title="Pengelolaan jaringan dan Satu Data",
        year=year,
        location="Lemari A1",
    )
    archive.letter_file(user=admin, letter=letter, dossier=current)
    old = archive.dossier_create(
        user=admin,
        agency_id=agency,
        classification="000.1.5",
        number="RP-01",
        title="Rapat pimpinan",
        year=year - 6,
        location="Gudang arsip",
    )
    archive.dossier_close(user=admin, dossier=old, closed_on=date(year - 6, 12, 31))


@transaction.atomic
def _seed_letters(government: Government) -> int:
    cast = _Cast(government)
    to_dinkes, invitation, _secret = _kominfo_letters(cast)
    dinkes_head = cast.user("kadis.dinkes")
    _dispose(
        cast,
        to_dinkes,
        dinkes_head,
        cast.holder("Dinkes", "B2"),
        cast.holder("Dinkes", "B2.1"),
        done=False,
        overdue=True,
    )
    _dispose(cast, invitation, dinkes_head, cast.holder("Dinkes", "S"), None, done=True, overdue=False)
    _in_progress(cast)
    incoming = _incoming(cast)
    _to_the_bupati(cast)
    _dossiers(cast, to_dinkes)
    for days, letter in ((20, to_dinkes), (9, invitation), (12, incoming[0]), (6, incoming[1])):
        _backdate(letter, days)
    return Letter.objects.filter(government=government).count()


def seed_demo_correspondence(government_id: int) -> str:
    government = Government.objects.get(pk=government_id)
    codes = services.classification_seed_top_levels(government)
    types = services.letter_type_seed_defaults(government)
    base = f"E-Surat: {codes} kode klasifikasi pokok, {types} jenis naskah dinas"
    if not User.objects.filter(government=government, username="kadis.kominfo").exists():
        return f"{base}."  # not the demo directory: no demo letters
    _codes(government)
    if Letter.objects.filter(government=government).exists():
        return f"{base}; naskah contoh sudah ada."
    letters = _seed_letters(government)
    return f"{base}, {letters} naskah contoh."
