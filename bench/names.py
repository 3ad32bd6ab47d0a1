"""The tables the generator draws from: a province's agencies (OPD), people's names, titles and ranks."""

from __future__ import annotations

from typing import NamedTuple


class AgencySeed(NamedTuple):
    code: str
    name: str
    short_name: str
    kind: str
    #: relative headcount: education (SMA/SMK teachers) and the hospitals are the big employers
    weight: int


_SETDA = AgencySeed("1.01", "Sekretariat Daerah", "Setda", "sekretariat", 4)

#: the agencies of a province, Setda first (every agency head reports to the Sekda)
AGENCIES: tuple[AgencySeed, ...] = (
    _SETDA,
    AgencySeed("1.02", "Sekretariat DPRD", "Setwan", "sekretariat_dprd", 2),
    AgencySeed("1.03", "Inspektorat Daerah", "Inspektorat", "inspektorat", 2),
    AgencySeed("2.01", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "badan", 2),
    AgencySeed("2.02", "Badan Keuangan dan Aset Daerah", "BKAD", "badan", 3),
    AgencySeed("2.03", "Badan Pendapatan Daerah", "Bapenda", "badan", 6),
    AgencySeed("2.04", "Badan Kepegawaian Daerah", "BKD", "badan", 2),
    AgencySeed("2.05", "Badan Pengembangan Sumber Daya Manusia", "BPSDM", "badan", 2),
    AgencySeed("2.06", "Badan Penanggulangan Bencana Daerah", "BPBD", "badan", 2),
    AgencySeed("2.07", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "badan", 1),
    AgencySeed("2.08", "Badan Riset dan Inovasi Daerah", "BRIDA", "badan", 1),
    AgencySeed("2.09", "Badan Penghubung Daerah", "Banhub", "badan", 1),
    AgencySeed("2.10", "Badan Pengelola Perbatasan Daerah", "BPPD", "badan", 1),
    AgencySeed("3.01", "Dinas Pendidikan", "Dispendik", "dinas", 60),
    AgencySeed("3.02", "Dinas Kebudayaan", "Disbud", "dinas", 2),
    AgencySeed("3.03", "Dinas Kesehatan", "Dinkes", "dinas", 6),
    AgencySeed("3.04", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "dinas", 4),
    AgencySeed("3.05", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Disperkim", "dinas", 2),
    AgencySeed("3.06", "Dinas Sumber Daya Air", "Dinas SDA", "dinas", 3),
    AgencySeed("3.07", "Dinas Sosial", "Dinsos", "dinas", 2),
    AgencySeed("3.08", "Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans", "dinas", 2),
    AgencySeed("3.09", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "dinas", 1),
    AgencySeed("3.10", "Dinas Pangan", "Dispan", "dinas", 1),
    AgencySeed("3.11", "Dinas Lingkungan Hidup", "DLH", "dinas", 2),
    AgencySeed("3.12", "Dinas Kehutanan", "Dishut", "dinas", 5),
    AgencySeed("3.13", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", "dinas", 1),
    AgencySeed("3.14", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", "dinas", 1),
    AgencySeed("3.15", "Dinas Perhubungan", "Dishub", "dinas", 3),
    AgencySeed("3.16", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas", 2),
    AgencySeed("3.17", "Dinas Koperasi dan Usaha Kecil Menengah", "Diskop UKM", "dinas", 1),
    AgencySeed("3.18", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas", 1),
    AgencySeed("3.19", "Dinas Kepemudaan dan Olahraga", "Dispora", "dinas", 1),
    AgencySeed("3.20", "Dinas Perpustakaan dan Kearsipan", "Dispusip", "dinas", 1),
    AgencySeed("3.21", "Dinas Kelautan dan Perikanan", "DKP", "dinas", 3),
    AgencySeed("3.22", "Dinas Pariwisata dan Ekonomi Kreatif", "Disparekraf", "dinas", 1),
    AgencySeed("3.23", "Dinas Tanaman Pangan dan Hortikultura", "Distan", "dinas", 3),
    AgencySeed("3.24", "Dinas Perkebunan", "Disbun", "dinas", 2),
    AgencySeed("3.25", "Dinas Peternakan", "Disnak", "dinas", 2),
    AgencySeed("3.26", "Dinas Energi dan Sumber Daya Mineral", "Dinas ESDM", "dinas", 2),
    AgencySeed("3.27", "Dinas Perindustrian", "Disperin", "dinas", 1),
    AgencySeed("3.28", "Dinas Perdagangan", "Disdag", "dinas", 1),
    AgencySeed("3.29", "Dinas Bina Marga", "Dinas BM", "dinas", 3),
    AgencySeed("3.30", "Satuan Polisi Pamong Praja", "Satpol PP", "satpol_pp", 4),
    AgencySeed("4.01", "Rumah Sakit Umum Daerah Provinsi", "RSUD Provinsi", "rsud", 16),
    AgencySeed("4.02", "Rumah Sakit Jiwa Daerah", "RSJD", "rsud", 5),
    AgencySeed("4.03", "Rumah Sakit Umum Daerah Wilayah Timur", "RSUD Timur", "rsud", 6),
    AgencySeed("4.04", "Rumah Sakit Umum Daerah Wilayah Barat", "RSUD Barat", "rsud", 6),
    AgencySeed("5.01", "Kantor Cabang Dinas Pendidikan Wilayah I", "Cabdin I", "kantor", 2),
    AgencySeed("5.02", "Kantor Cabang Dinas Pendidikan Wilayah II", "Cabdin II", "kantor", 2),
    AgencySeed("5.03", "Kantor Cabang Dinas Pendidikan Wilayah III", "Cabdin III", "kantor", 2),
)

#: the agency the platform administrators (Diskominfo) belong to
PLATFORM_AGENCY = "3.16"


def agency_seeds(count: int) -> list[AgencySeed]:
    """``count`` agencies: the table above, then further education branch offices (Cabang Dinas)."""
    seeds = list(AGENCIES[:count])
    for n in range(len(seeds) + 1, count + 1):
        seeds.append(
            AgencySeed(f"6.{n:02d}", f"Kantor Cabang Dinas Pendidikan Wilayah {n}", f"Cabdin {n}", "kantor", 2)
        )
    return seeds


DIVISIONS = (
    "Program dan Pelaporan",
    "Pelayanan",
    "Pembinaan dan Pengawasan",
    "Pengembangan",
    "Sarana dan Prasarana",
    "Data dan Informasi",
)
SUBSECTIONS = ("Umum dan Kepegawaian", "Keuangan", "Program dan Evaluasi")
SECTIONS = ("Perencanaan", "Pelaksanaan", "Evaluasi")
UNIT_NAMES = {
    "dinas": "UPT Dinas Wilayah",
    "badan": "UPT Badan Wilayah",
    "rsud": "Instalasi",
    "kantor": "Satuan Pendidikan",
    "satpol_pp": "Pos Wilayah",
}
FUNCTIONAL = (
    "Analis Kebijakan Ahli Pertama",
    "Pranata Komputer Ahli Pertama",
    "Perencana Ahli Muda",
    "Auditor Ahli Pertama",
    "Guru Ahli Pertama",
    "Perawat Terampil",
    "Dokter Ahli Pertama",
    "Penyuluh Pertanian Terampil",
)
EXECUTORS = (
    "Pengadministrasi Perkantoran",
    "Operator Layanan Operasional",
    "Penata Layanan Operasional",
    "Pengolah Data dan Informasi",
    "Pengelola Umum Operasional",
)

MALE = (
    "Agus", "Ahmad", "Andi", "Arif", "Bambang", "Benediktus", "Budi", "Dedi", "Eko", "Fajar", "Fransiskus",
    "Gregorius", "Hendra", "Imam", "Joko", "Kornelis", "Lukas", "Made", "Markus", "Muhammad", "Nyoman",
    "Oktavianus", "Petrus", "Rahmat", "Rudi", "Stefanus", "Umar", "Wahyu", "Yohanes", "Yosef", "Zainal",
)  # fmt: skip
FEMALE = (
    "Agnes", "Anita", "Ayu", "Bernadeta", "Citra", "Dewi", "Elisabet", "Fitri", "Gita", "Indah", "Kartika",
    "Lestari", "Maria", "Maya", "Nur", "Novita", "Putri", "Ratna", "Rina", "Sari", "Siti", "Theresia", "Wulan",
    "Veronika", "Yuliana", "Yohana", "Kristina", "Margareta", "Dian", "Rosa", "Ketut",
)  # fmt: skip
MIDDLE = ("", "", "", "Dwi", "Tri", "Eka", "Nur", "Maria", "Putra", "Putri", "Adi", "Kurnia", "Sri")
LAST = (
    "", "", "Saputra", "Wijaya", "Lado", "Bria", "Seran", "Tapatab", "Nahak", "Kolo", "Manek", "Lewar", "Sabon",
    "Ratu", "Amuntoda", "Langoday", "Hurint", "Making", "Koban", "Ola", "Tukan", "Suban", "Pello", "Ndun", "Fanggidae",
    "Ndoen", "Lay", "Dethan", "Tanesib", "Benu", "Bani", "Nenobais", "Rihi", "Hailitik", "Kause", "Mau", "Nope",
    "Lamablawa", "Wutun", "Kelen", "Hayon", "Daton", "Sogen", "Maran", "Kedang", "Liwu", "Riwu", "Bessie",
)  # fmt: skip
FRONT_TITLES = ("", "", "", "", "", "", "Drs.", "Ir.", "dr.", "Dra.")
BACK_TITLES = ("", "", "S.Kom", "S.E.", "S.H.", "S.Sos", "S.Pd", "M.Si", "S.T.", "S.AP", "A.Md", "M.M.", "S.Kep")

HEAD_RANK = "Pembina Utama Muda (IV/c)"
SECRETARY_RANK = "Pembina Tingkat I (IV/b)"
DIVISION_RANK = "Pembina (IV/a)"
SECTION_RANK = "Penata Tingkat I (III/d)"
STAFF_RANKS = (
    "Pengatur Muda (II/a)",
    "Pengatur (II/c)",
    "Pengatur Tingkat I (II/d)",
    "Penata Muda (III/a)",
    "Penata Muda Tingkat I (III/b)",
    "Penata (III/c)",
    "Penata Tingkat I (III/d)",
)
PPPK_RANKS = ("PPPK Golongan V", "PPPK Golongan VII", "PPPK Golongan IX", "PPPK Golongan X")
