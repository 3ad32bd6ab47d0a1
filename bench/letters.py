"""A year of E-Surat for the generated province: letters, box entries, dispositions and the search index.

    generated = generate_letters(gov, letters=1_000_000, seed=2026)

writes ``letters`` letters over the last 365 days, spread over the agencies (by the square root of their
headcount): outgoing letters in every workflow status (mostly sent, some to other agencies of the province
with a tembusan), and incoming letters from outside registered by the agency's records desk. Every letter
gets its box entries (drafter or registrar, paraf, signature, "siap kirim", Kepada, tembusan): about
2.5 per letter. About 40 % of the letters addressed to an agency head are disposed to the head's direct
subordinates, and half of those one level further down, with instructions, due dates, read and
follow-up states that depend on their age. Security levels are mostly biasa, some terbatas and rahasia.

Deterministic for a seed and size; written in chunks with COPY on PostgreSQL and executemany on SQLite
(ids reserved from the sequences), then indexed for full-text search in batches by
``search.letter_search_rebuild`` (the path of ``manage.py letter_search_rebuild``).
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from terpadu.core.roles import Role
from terpadu.correspondence import letter_rules
from terpadu.correspondence.models import InboxItem, Letter, LetterType
from terpadu.correspondence.search import letter_search_rebuild
from terpadu.directory.models import Agency, Employee, Position, RoleAssignment, User

from .bulk import copy_rows, is_postgresql
from .plan import pick

Row = dict[str, Any]
CHUNK = 20_000
DAYS = 365

# --- what the letters say ------------------------------------------------------------------------------

TOPICS = (
    "Penyusunan Rencana Kerja Perangkat Daerah Tahun 2027",
    "Penyelenggaraan Pelayanan Publik Terpadu",
    "Evaluasi Sistem Akuntabilitas Kinerja Instansi Pemerintah",
    "Percepatan Penurunan Stunting",
    "Pengelolaan Barang Milik Daerah",
    "Penanggulangan Bencana Banjir dan Tanah Longsor",
    "Pelaksanaan Musyawarah Perencanaan Pembangunan",
    "Penerapan Sistem Pemerintahan Berbasis Elektronik",
    "Reformasi Birokrasi dan Zona Integritas",
    "Pengendalian Inflasi Daerah",
    "Penyusunan Laporan Keterangan Pertanggungjawaban Kepala Daerah",
    "Pemutakhiran Data Kepegawaian",
    "Pengadaan Barang dan Jasa Pemerintah",
    "Imunisasi Anak Sekolah",
    "Seleksi Penerimaan PPPK Tahun 2026",
    "Optimalisasi Pajak Kendaraan Bermotor",
    "Rehabilitasi Jalan dan Jembatan Provinsi",
    "Penyaluran Bantuan Sosial",
    "Peningkatan Mutu Pendidikan Menengah",
    "Pengawasan Peredaran Obat dan Makanan",
    "Pengembangan Pariwisata Berbasis Masyarakat",
    "Pengelolaan Sampah dan Kebersihan Lingkungan",
    "Ketahanan Pangan dan Cadangan Beras Pemerintah",
    "Penguatan Koperasi dan Usaha Mikro",
    "Keselamatan Lalu Lintas Angkutan Lebaran",
    "Pengamanan Aset Tanah Pemerintah Daerah",
    "Pemeriksaan Laporan Keuangan oleh BPK",
    "Tindak Lanjut Hasil Pemeriksaan Inspektorat",
    "Peringatan Hari Ulang Tahun Provinsi",
    "Penilaian Kinerja Pegawai Semester I",
    "Penyusunan Rancangan Peraturan Daerah",
    "Penanganan Kemiskinan Ekstrem",
    "Pencegahan Kebakaran Hutan dan Lahan",
    "Pendataan Keluarga Berisiko Stunting",
    "Pengembangan Kompetensi Aparatur",
    "Penertiban Reklame dan Bangunan Liar",
)
SUBJECTS: dict[str, tuple[str, ...]] = {
    "undangan": ("Undangan Rapat Koordinasi {t}", "Undangan Sosialisasi {t}", "Undangan Bimbingan Teknis {t}"),
    "nota_dinas": ("Permohonan Data {t}", "Laporan Pelaksanaan {t}", "Permohonan Fasilitasi {t}"),
    "surat_edaran": ("Edaran tentang {t}",),
    "surat_tugas": ("Penugasan Pegawai dalam rangka {t}",),
    "surat": ("Penyampaian Dokumen {t}", "Permohonan Narasumber {t}", "Pemberitahuan {t}", "Tanggapan atas {t}"),
}
TYPE_NAMES = {
    "undangan": "Surat Undangan",
    "nota_dinas": "Nota Dinas",
    "surat_edaran": "Surat Edaran",
    "surat_tugas": "Surat Tugas",
    "surat": "Surat Dinas",
}
TYPE_WEIGHTS = {"undangan": 30, "nota_dinas": 25, "surat": 35, "surat_edaran": 4, "surat_tugas": 6}
OPENINGS = (
    "Dengan hormat, sehubungan dengan {t}, bersama ini kami sampaikan hal-hal sebagai berikut.",
    "Menindaklanjuti surat sebelumnya perihal {t}, dengan ini disampaikan bahwa kegiatan akan dilaksanakan.",
    "Dalam rangka {t}, kami mohon Bapak/Ibu berkenan menugaskan pejabat yang membidangi.",
    "Berdasarkan hasil evaluasi atas {t}, perlu dilakukan langkah percepatan oleh setiap perangkat daerah.",
)
MIDDLES = (
    "Kegiatan dilaksanakan pada hari {d}, pukul {h}.00 WITA, bertempat di {p}.",
    "Data dan dokumen pendukung agar disampaikan paling lambat {d} melalui aplikasi.",
    "Penyelenggaraan kegiatan menggunakan anggaran yang tersedia pada DPA tahun berjalan.",
    "Narahubung kegiatan dapat dihubungi pada jam kerja melalui sekretariat.",
    "Mohon kehadiran tepat waktu dan membawa bahan paparan dalam bentuk soft copy.",
)
CLOSING = "Demikian disampaikan, atas perhatian dan kerja sama Bapak/Ibu diucapkan terima kasih."
PLACES = (
    "Aula El Tari Kantor Gubernur",
    "Ruang Rapat Asisten I",
    "Hotel Aston Kota Contoh",
    "Ruang Rapat Bappeda",
    "Gedung Sasando",
)
SENDERS = (
    "Kementerian Dalam Negeri",
    "Kementerian Keuangan",
    "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
    "Badan Pemeriksa Keuangan Perwakilan Provinsi",
    "Badan Pusat Statistik Provinsi",
    "Dewan Perwakilan Rakyat Daerah",
    "Kantor Wilayah Kementerian Agama",
    "Kepolisian Daerah",
    "Universitas Nusa Contoh",
    "Bank Pembangunan Daerah",
    "Pemerintah Kabupaten Contoh Timur",
    "Ombudsman Republik Indonesia Perwakilan Provinsi",
)
CLASSIFICATIONS = ("000.1.2", "000.8", "000.9.3", "100.3.2", "400.7", "500.4.1", "700.1", "800.1.6", "900.1.1")
#: outgoing statuses and their shares (the rest of the letters are incoming: received)
STATUSES = (("sent", 84), ("signed", 3), ("to_sign", 3), ("in_review", 3), ("returned", 1), ("draft", 4))
SECURITY = (("biasa", 90), ("terbatas", 6), ("rahasia", 3.5), ("sangat_rahasia", 0.5))
URGENCY = (("biasa", 75), ("segera", 20), ("sangat_segera", 5))
INCOMING_SHARE = 0.3
INTERNAL_SHARE = 0.45  # of the sent letters: addressed to another agency of the province
DISPOSED_SHARE = 0.4
DEEPER_SHARE = 0.5
HEAD_SIGNS = 0.35  # the rest is signed a.n. by the secretary or a division head


def weighted(rng: random.Random, choices: Sequence[tuple[str, float]]) -> str:
    point = rng.random() * sum(weight for _, weight in choices)
    for value, weight in choices:
        point -= weight
        if point < 0:
            return value
    return choices[-1][0]


# --- the organisation the letters move through --------------------------------------------------------


@dataclass
class Org:
    """Who drafts, signs, registers and receives, per agency (employee ids)."""

    agencies: list[int]
    #: cumulative weights of the agencies (the square root of their headcount)
    weights: list[float]
    head: dict[int, int]
    desk: dict[int, int]
    drafters: dict[int, list[int]]
    #: employee -> the holders of the positions right below theirs (per position: its holders)
    below: dict[int, list[list[int]]]
    #: employee -> the holder of their superior position in the same agency (None: reports to the head)
    reviewer: dict[int, int | None]
    #: agency -> the head's direct subordinates, who sign most letters on the head's behalf (a.n.)
    deputies: dict[int, list[int]]
    abbreviation: dict[int, str]


def load_org(government_id: int, agency_admin_ids: Iterable[int], rng: random.Random) -> Org:
    positions = {
        pk: (superior, agency, head)
        for pk, superior, agency, head in Position.objects.filter(agency__government_id=government_id).values_list(
            "id", "superior_id", "agency_id", "is_agency_head"
        )
    }
    holders: dict[int, list[int]] = {}
    people = Employee.objects.filter(government_id=government_id, position__isnull=False, is_active=True)
    for employee, position in people.order_by("pk").values_list("id", "position_id"):
        holders.setdefault(position, []).append(employee)
    children: dict[int, list[int]] = {}
    for pk, (superior, agency, _) in positions.items():
        if superior is not None and positions[superior][1] == agency and pk in holders:
            children.setdefault(superior, []).append(pk)
    agencies = list(Agency.objects.filter(government_id=government_id).order_by("pk").values_list("id", flat=True))
    head = {positions[p][1]: holders[p][0] for p in holders if positions[p][2]}
    desks = User.objects.filter(pk__in=list(agency_admin_ids)).values_list("employee__agency_id", "employee_id")
    desk = {agency: employee for agency, employee in desks if agency is not None and employee is not None}
    staff: dict[int, list[int]] = {agency: [] for agency in agencies}
    below: dict[int, list[list[int]]] = {}
    reviewer: dict[int, int | None] = {}
    for position, employees in holders.items():
        superior, agency, is_head = positions[position]
        for employee in employees:
            below[employee] = [holders[child] for child in sorted(children.get(position, []))]
            up = holders.get(superior or 0)
            reviewer[employee] = up[0] if up and not positions[superior or 0][2] else None
            if not is_head:
                staff[agency].append(employee)
    drafters = {agency: rng.sample(people_, min(len(people_), 60)) for agency, people_ in staff.items() if people_}
    covered = [agency for agency in agencies if agency in head and agency in drafters]
    short = dict(Agency.objects.filter(pk__in=covered).values_list("id", "short_name"))
    return Org(
        agencies=covered,
        weights=list(accumulate(math.sqrt(len(staff[agency]) + 1) for agency in covered)),
        head=head,
        desk={agency: desk.get(agency, drafters[agency][0]) for agency in covered},
        drafters=drafters,
        below=below,
        reviewer=reviewer,
        deputies={agency: [group[0] for group in below.get(head[agency], [])] for agency in covered},
        abbreviation={agency: f"{short[agency].replace(' ', '').upper()}" for agency in covered},
    )


# --- planning a chunk of letters ---------------------------------------------------------------------------------


@dataclass
class Chunk:
    letters: list[Row] = field(default_factory=list)
    #: box entries; ``id`` and ``parent_id`` are indexes in this list until written
    items: list[Row] = field(default_factory=list)
    dispositions: int = 0


class LetterPlanner:
    """Plans letters one chunk at a time, with one seeded RNG (same seed and size: same letters)."""

    def __init__(self, org: Org, *, seed: int, government_id: int, users: dict[int, int], now: datetime) -> None:
        self.org, self.rng, self.government_id, self.users = org, random.Random(seed), government_id, users
        self.now = now
        self.zone = ZoneInfo("Asia/Makassar")
        self.today = now.astimezone(self.zone).date()
        self.sequences: dict[tuple[int, int], int] = {}
        self.types: dict[str, int] = {}
        self.touched: set[int] = set()
        self.others: dict[int, list[int]] = {}

    # one letter ------------------------------------------------------------------------------------------

    def chunk(self, count: int, first_id: int) -> Chunk:
        chunk = Chunk()
        for n in range(count):
            self._letter(chunk, first_id + n)
        return chunk

    def _text(self, kind: str) -> tuple[str, str]:
        rng, topic = self.rng, pick(self.rng, TOPICS)
        day = self.today + timedelta(days=int(rng.random() * 30))
        body = [pick(rng, OPENINGS).format(t=topic.lower())]
        for middle in rng.sample(MIDDLES, 1 + int(rng.random() * 3)):
            body.append(middle.format(d=f"{day:%d-%m-%Y}", h=8 + int(rng.random() * 6), p=pick(rng, PLACES)))
        return pick(rng, SUBJECTS[kind]).format(t=topic), " ".join([*body, CLOSING])

    def _letter(self, chunk: Chunk, letter_id: int) -> None:
        rng, org = self.rng, self.org
        agency = rng.choices(org.agencies, cum_weights=org.weights)[0]
        kind = weighted(rng, list(TYPE_WEIGHTS.items()))
        subject, body = self._text(kind)
        day = self.today - timedelta(days=int(rng.random() * DAYS))
        created = datetime.combine(day, time(7 + int(rng.random() * 9), int(rng.random() * 60)), tzinfo=self.zone)
        incoming = rng.random() < INCOMING_SHARE
        status = "received" if incoming else weighted(rng, STATUSES)
        drafter = org.desk[agency] if incoming else pick(rng, org.drafters[agency])
        row: Row = {
            "id": letter_id,
            "government_id": self.government_id,
            "agency_id": agency,
            "direction": "incoming" if incoming else "outgoing",
            "letter_type_id": self.types.get(kind),
            "subject": subject,
            "body": body,
            "urgency": weighted(rng, URGENCY),
            "security_level": weighted(rng, SECURITY),
            "status": status,
            "drafted_by_id": drafter,
            "created_by_id": self.users[agency],
            "created_at": created,
            "updated_at": created,
            "verification_token": uuid.UUID(int=rng.getrandbits(128), version=4),
            "signature_block": {},
        }
        chunk.letters.append(row)
        self._item(chunk, row, drafter, "owner", created)
        if incoming:
            self._incoming(chunk, row, day)
        else:
            self._outgoing(chunk, row, day)

    def _number(self, agency: int, day: date) -> str:
        key = (agency, day.year)
        self.sequences[key] = self.sequences.get(key, 0) + 1
        classification = pick(self.rng, CLASSIFICATIONS)
        return f"{classification}/{self.sequences[key]}/{self.org.abbreviation[agency]}/{day.year}"

    def _incoming(self, chunk: Chunk, row: Row, day: date) -> None:
        rng = self.rng
        sender = pick(rng, SENDERS)
        row.update(
            sender_name=sender,
            sender_number=f"{pick(rng, CLASSIFICATIONS)}/{1 + int(rng.random() * 9000)}/{sender.split()[0][:4].upper()}",
            sender_date=day - timedelta(days=1 + int(rng.random() * 5)),
            received_on=day,
            letter_date=day,
        )
        self._deliver(chunk, row, row["agency_id"], "to", row["created_at"] + timedelta(hours=1))

    def _outgoing(self, chunk: Chunk, row: Row, day: date) -> None:
        rng, org, status, created = self.rng, self.org, row["status"], row["created_at"]
        agency, drafter = row["agency_id"], row["drafted_by_id"]
        reviewer = org.reviewer.get(drafter)
        if status != "draft" and reviewer is not None and rng.random() < 0.5:
            self._item(chunk, row, reviewer, "review", created + timedelta(hours=1), closed=status != "in_review")
        if status in ("to_sign", "signed", "sent"):
            signed = created + timedelta(hours=3)
            deputies = org.deputies[agency]
            signer = pick(rng, deputies) if deputies and rng.random() >= HEAD_SIGNS else org.head[agency]
            self._item(chunk, row, signer, "sign", signed, closed=status != "to_sign")
            row.update(signer_id=signer, delegation="" if signer == org.head[agency] else "an")
        if status not in ("signed", "sent"):
            return
        row.update(number=self._number(agency, day), letter_date=day, signed_at=created + timedelta(hours=4))
        if status == "signed":
            self._item(chunk, row, drafter, "send", created + timedelta(hours=4))
            return
        row["sent_at"] = created + timedelta(hours=5)
        others = self.others.setdefault(agency, [other for other in org.agencies if other != agency])
        if len(others) >= 2 and rng.random() < INTERNAL_SHARE:
            to, cc = rng.sample(others, 2)
            self._deliver(chunk, row, to, "to", row["sent_at"])
            if rng.random() < 0.25:
                self._deliver(chunk, row, cc, "cc", row["sent_at"])

    # box entries -----------------------------------------------------------------------------------------------

    def _age(self, at: datetime) -> int:
        return (self.today - at.astimezone(self.zone).date()).days

    def _item(self, chunk: Chunk, letter: Row, employee: int, kind: str, at: datetime, closed: bool = True) -> Row:
        at = min(at, self.now)
        item: Row = {
            "id": len(chunk.items),
            "government_id": self.government_id,
            "letter_id": letter["id"],
            "employee_id": employee,
            "agency_id": letter["agency_id"],
            "kind": kind,
            "received_at": at,
            "read_at": at + timedelta(minutes=30) if kind != "send" or closed else None,
            "closed_at": at + timedelta(hours=1) if closed and kind in ("review", "sign", "send") else None,
            "urgency": letter["urgency"],
            "instructions": [],
        }
        chunk.items.append(item)
        self.touched.add(employee)
        return item

    def _deliver(self, chunk: Chunk, letter: Row, agency: int, kind: str, at: datetime) -> None:
        head = self.org.head[agency]
        item = self._item(chunk, letter, head, kind, at)
        item["agency_id"] = agency
        self._reception(item, needs_follow_up=kind == "to")
        if kind == "to" and self.rng.random() < DISPOSED_SHARE:
            self._dispose(chunk, letter, item, depth=1)

    def _reception(self, item: Row, *, needs_follow_up: bool) -> None:
        """Read and follow-up state by age: old items are mostly read and followed up."""
        rng, age = self.rng, self._age(item["received_at"])
        done = rng.random() < (0.95 if age > 30 else 0.75 if age > 7 else 0.35)
        item["follow_up_status"] = ("done" if done else "pending") if needs_follow_up else "none"
        if done:
            item["followed_up_at"] = item["received_at"] + timedelta(days=min(age, 1 + int(rng.random() * 5)))
            item["follow_up_text"] = "Sudah ditindaklanjuti sesuai arahan."
        unread = not done and rng.random() < (0.5 if age <= 3 else 0.15)
        item["read_at"] = None if unread else item["received_at"] + timedelta(hours=1 + int(rng.random() * 20))

    def _dispose(self, chunk: Chunk, letter: Row, parent: Row, depth: int) -> None:
        """Dispositions from ``parent``'s holder to one or two of their direct subordinates (and, for some,
        one level further); the parent is "forwarded" until every disposition is followed up (roll-up)."""
        rng = self.rng
        groups = self.org.below.get(parent["employee_id"], [])
        if not groups:
            return
        parent["read_at"] = parent["read_at"] or parent["received_at"]
        made = []
        for holders in rng.sample(groups, min(len(groups), 1 + int(rng.random() * 2))):
            at = parent["received_at"] + timedelta(hours=2 + int(rng.random() * 20))
            item = self._item(chunk, letter, pick(rng, holders), "disposition", at)
            chunk.dispositions += 1
            instructions = sorted(rng.sample(list(letter_rules.DISPOSITION_INSTRUCTIONS), 1 + int(rng.random() * 2)))
            due_days = letter_rules.DEFAULT_DUE_DAYS[letter["urgency"]]
            item.update(
                parent_id=parent["id"],
                sender_id=parent["employee_id"],
                agency_id=parent["agency_id"],
                instructions=instructions,
                note="Mohon segera ditindaklanjuti dan dilaporkan." if rng.random() < 0.5 else "",
                due_date=item["received_at"].astimezone(self.zone).date() + timedelta(days=due_days),
            )
            self._reception(item, needs_follow_up=letter_rules.needs_follow_up(instructions))
            if depth == 1 and rng.random() < DEEPER_SHARE:
                self._dispose(chunk, letter, item, depth=2)
            made.append(item)
        if all(item["follow_up_status"] in ("done", "none") for item in made):
            parent.update(
                follow_up_status="done",
                followed_up_at=max(item.get("followed_up_at") or item["received_at"] for item in made),
                follow_up_text="Selesai ditindaklanjuti oleh penerima disposisi.",
            )
        else:
            parent.update(follow_up_status="forwarded", followed_up_at=None, follow_up_text="")


# --- writing -----------------------------------------------------------------------------------------------


def reserve_block(model: type[models.Model], count: int) -> int:
    """The first of ``count`` consecutive ids nobody else will use (from the sequence on PostgreSQL)."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
                [table, pk, table, pk, count],
            )
            return int(cursor.fetchone()[0]) - count + 1
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
        return int(cursor.fetchone()[0]) + 1


def _converter(model_field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(model_field, models.JSONField):
        return json.dumps
    if is_postgresql():
        return lambda value: value
    if isinstance(model_field, models.DateTimeField):
        return lambda value: None if value is None else connection.ops.adapt_datetimefield_value(value)
    if isinstance(model_field, models.DateField):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(model_field, models.UUIDField):
        return lambda value: value.hex
    return lambda value: value


def write_rows(model: type[models.Model], rows: Sequence[Row]) -> None:
    """Rows (dicts by attribute name, ids included; a missing field takes its default) in one COPY
    (PostgreSQL) or executemany (SQLite), without the ORM's per-object work."""
    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: f.get_default() for f in fields}
    converters = [(f.attname, _converter(f)) for f in fields]
    values = ([convert(row[name] if name in row else defaults[name]) for name, convert in converters] for row in rows)
    columns = [f.column for f in fields]
    if is_postgresql():
        copy_rows(model._meta.db_table, columns, values)
        return
    quoted = ", ".join(f'"{column}"' for column in columns)
    sql = f'INSERT INTO "{model._meta.db_table}" ({quoted}) VALUES ({", ".join(["%s"] * len(columns))})'
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(values))


def _write_chunk(chunk: Chunk) -> None:
    write_rows(Letter, chunk.letters)
    base = reserve_block(InboxItem, len(chunk.items))
    for item in chunk.items:
        item["id"] += base
        if item.get("parent_id") is not None:
            item["parent_id"] += base
    write_rows(InboxItem, chunk.items)


def _skip_checks() -> bool:
    """On PostgreSQL, as a superuser, load without firing triggers (foreign-key checks and the search
    index's reach triggers: the index is built afterwards) — about half the load time. The generator
    writes consistent rows; a bench user without the right loads with the checks."""
    if not is_postgresql():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _restore_checks() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")


# --- the whole year --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedLetters:
    letters: int
    items: int
    dispositions: int
    seconds: float
    index_seconds: float
    today: date
    #: agency id -> the user id of its head (role agency_head; the Sekda's account for Setda)
    head_user_ids: dict[int, int]
    #: users of employees who have box entries (role employee), for the "random employee" cases
    employee_user_ids: tuple[int, ...]

    @property
    def rows(self) -> int:
        return self.letters + self.items


def _letter_types(government_id: int) -> dict[str, int]:
    types = {}
    for code, name in TYPE_NAMES.items():
        letter_type, _ = LetterType.objects.get_or_create(
            government_id=government_id,
            code=code,
            defaults={
                "name": name,
                "group": "korespondensi",
                "template_key": code,
                "signers": ["agency_head"],
                "numbering_scope": "agency",
            },
        )
        types[code] = letter_type.pk
    return types


def _accounts(org: Org, planner: LetterPlanner, seed: int, sample: int) -> tuple[dict[int, int], tuple[int, ...]]:
    """Accounts for the agency heads (agency_head) and a sample of employees with box entries (employee),
    without a password; a head who already has one (the Sekda heads Setda) keeps it."""
    taken = set(User.objects.filter(employee_id__isnull=False).values_list("employee_id", flat=True))
    heads = {agency: employee for agency, employee in org.head.items() if agency in org.agencies}
    candidates = sorted(planner.touched - taken - set(heads.values()))
    chosen = random.Random(seed).sample(candidates, min(sample, len(candidates)))
    roles = {employee: (Role.AGENCY_HEAD, agency) for agency, employee in heads.items() if employee not in taken}
    agency_of = dict(Employee.objects.filter(pk__in=chosen).values_list("id", "agency_id"))
    roles.update({employee: (Role.EMPLOYEE, agency_of[employee]) for employee in chosen})
    password = make_password(None)
    User.objects.bulk_create(
        User(
            username=f"bench{seed}.{'kepala' if role is Role.AGENCY_HEAD else 'pegawai'}.{employee}",
            government_id=planner.government_id,
            employee_id=employee,
            password=password,
        )
        for employee, (role, _) in roles.items()
    )
    by_employee = dict(User.objects.filter(employee_id__in=[*heads.values(), *chosen]).values_list("employee_id", "id"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user_id=by_employee[employee], role=role, agency_id=agency)
        for employee, (role, agency) in roles.items()
    )
    return {agency: by_employee[employee] for agency, employee in heads.items()}, tuple(by_employee[e] for e in chosen)


def generate_letters(
    gov: Any,
    *,
    letters: int,
    seed: int | None = None,
    sample_users: int = 200,
    progress: Callable[[str], None] | None = None,
) -> GeneratedLetters:
    """Write ``letters`` letters with their box entries and dispositions, then build the search index."""
    seed = gov.seed if seed is None else seed
    started = perf_counter()
    rng = random.Random(seed)
    org = load_org(gov.government_id, gov.agency_admin_ids.values(), rng)
    desk_users = {agency: gov.agency_admin_ids.get(agency, gov.platform_admin_id) for agency in org.agencies}
    planner = LetterPlanner(org, seed=seed, government_id=gov.government_id, users=desk_users, now=timezone.now())
    planner.types = _letter_types(gov.government_id)
    items = dispositions = 0
    for done in range(0, letters, CHUNK):
        count = min(CHUNK, letters - done)
        with transaction.atomic():
            trusted = _skip_checks()
            chunk = planner.chunk(count, reserve_block(Letter, count))
            _write_chunk(chunk)
            if trusted:
                _restore_checks()
        items, dispositions = items + len(chunk.items), dispositions + chunk.dispositions
        if progress is not None:
            progress(f"{done + count:,} letters")
    with transaction.atomic():
        heads, employees = _accounts(org, planner, seed, sample_users)
    seconds = perf_counter() - started
    started = perf_counter()
    letter_search_rebuild(batch_size=CHUNK)
    return GeneratedLetters(
        letters=letters,
        items=items,
        dispositions=dispositions,
        seconds=seconds,
        index_seconds=perf_counter() - started,
        today=planner.today,
        head_user_ids=heads,
        employee_user_ids=employees,
    )
