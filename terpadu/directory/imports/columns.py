"""The column tables of directory import and export: one fixed table per kind of data.

Headers are matched case-insensitively and in any order (spaces and dashes count as ``_``).
An export writes exactly these headers, so an exported file imports back as "unchanged".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AGENCIES, UNITS, POSITIONS, EMPLOYEES = "agencies", "units", "positions", "employees"
#: dependency order: a workbook is processed in this order so one file can build a whole directory
KIND_ORDER: tuple[str, ...] = (AGENCIES, UNITS, POSITIONS, EMPLOYEES)


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class KindSpec:
    key: str
    label: str
    sheet: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)


SPECS: dict[str, KindSpec] = {
    AGENCIES: KindSpec(
        AGENCIES,
        "OPD",
        "opd",
        ("agencies", "opd"),
        (
            Column("kode", "kode OPD, unik", required=True),
            Column("nama", "nama lengkap OPD", required=True),
            Column("singkatan", "nama singkat, mis. Dinkes"),
            Column("jenis", "dinas, badan, kecamatan, … (kode atau label)", required=True),
            Column("alamat", "alamat kantor"),
            Column("telepon", "nomor telepon"),
            Column("email", "alamat email"),
            Column("aktif", "ya atau tidak (kosong: ya)"),
        ),
    ),
    UNITS: KindSpec(
        UNITS,
        "Unit kerja",
        "unit_kerja",
        ("units", "unit_kerja"),
        (
            Column("kode_opd", "kode OPD pemilik unit", required=True),
            Column("kode", "kode unit, unik dalam OPD", required=True),
            Column("nama", "nama unit kerja", required=True),
            Column("jenis", "bidang, bagian, seksi, upt, … (kosong: bidang)"),
            Column("kode_induk", "kode unit induk dalam OPD yang sama (kosong: tingkat teratas)"),
        ),
    ),
    POSITIONS: KindSpec(
        POSITIONS,
        "Jabatan",
        "jabatan",
        ("positions", "jabatan"),
        (
            Column("kode_opd", "kode OPD pemilik jabatan", required=True),
            Column("kode", "kode jabatan, unik dalam OPD", required=True),
            Column("nama", "nama jabatan", required=True),
            Column("jenis", "struktural, fungsional atau pelaksana", required=True),
            Column("eselon", "mis. II.b (boleh kosong)"),
            Column("kode_unit", "kode unit kerja dalam OPD yang sama"),
            Column("kode_atasan", "jabatan atasan: KODE (OPD sama) atau KODEOPD:KODE"),
            Column("kepala_opd", "ya atau tidak (kosong: tidak)"),
        ),
    ),
    EMPLOYEES: KindSpec(
        EMPLOYEES,
        "Pegawai",
        "pegawai",
        ("employees", "pegawai"),
        (
            Column("status", "PNS atau PPPK (kosong: PNS)"),
            Column("nip", "NIP 18 angka, wajib untuk PNS (tulis sebagai teks)"),
            Column("ni_pppk", "NI PPPK 18 angka, wajib untuk PPPK"),
            Column("nama", "nama tanpa gelar", required=True),
            Column("gelar_depan", "mis. dr."),
            Column("gelar_belakang", "mis. S.Kom."),
            Column("pangkat_golongan", "mis. Penata (III/c)"),
            Column("email", "alamat email"),
            Column("telepon", "nomor telepon"),
            Column("kode_opd", "kode OPD tempat bertugas", required=True),
            Column("kode_jabatan", "kode jabatan dalam OPD tersebut", required=True),
            Column("kode_unit", "kode unit kerja (kosong: unit sekarang bila jabatan tetap, selain itu unit jabatan)"),
            Column("tmt", "TMT penempatan: YYYY-MM-DD atau DD-MM-YYYY; wajib untuk pegawai baru atau pindah"),
            Column("nomor_sk", "nomor SK penempatan"),
        ),
    ),
}


def normalize_header(value: object) -> str:
    """``" Kode OPD "`` → ``"kode_opd"``."""
    return re.sub(r"[\s\-]+", "_", str(value if value is not None else "").strip().lower())


def kind_for_sheet(name: str) -> str | None:
    """The kind a workbook sheet holds, from its name (``pegawai``, ``Employees``…), or ``None``."""
    normalized = normalize_header(name)
    for spec in SPECS.values():
        if normalized in spec.aliases:
            return spec.key
    return None


def kind_choices() -> list[tuple[str, str]]:
    return [(spec.key, spec.label) for spec in SPECS.values()]
