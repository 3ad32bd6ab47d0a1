"""A small, real-shaped extract of the national nomenclature (kabupaten/kota level) and which demo
agency plans which bidang urusan. Used by the demo seeder, the tests and the bench.

Codes follow Permendagri 90/2019 and its updates (Kepmendagri 900.1.15.5-1317/2023): program ``01`` of
every bidang is the supporting program.
"""

from __future__ import annotations

#: (code, nomenklatur, indikator kinerja, satuan)
NOMENCLATURE: tuple[tuple[str, str, str, str], ...] = (
    ("1", "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar", "", ""),
    ("1.01", "Pendidikan", "", ""),
    ("1.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "", ""),
    ("1.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
    (
        "1.01.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ),
    ("1.01.02", "Program Pengelolaan Pendidikan", "", ""),
    ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar", "", ""),
    ("1.01.02.2.01.0001", "Pembangunan Unit Sekolah Baru (USB)", "Jumlah Unit Sekolah Baru yang Dibangun", "Unit"),
    (
        "1.01.02.2.01.0009",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        "Jumlah Ruang Kelas yang Direhabilitasi",
        "Unit",
    ),
    (
        "1.01.02.2.01.0026",
        "Pengadaan Perlengkapan Sekolah",
        "Jumlah Paket Perlengkapan Sekolah yang Disediakan",
        "Paket",
    ),
    ("1.02", "Kesehatan", "", ""),
    ("1.02.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "", ""),
    ("1.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
    (
        "1.02.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ),
    ("1.02.01.2.02", "Administrasi Keuangan Perangkat Daerah", "", ""),
    (
        "1.02.01.2.02.0001",
        "Penyediaan Gaji dan Tunjangan ASN",
        "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
        "Orang/bulan",
    ),
    ("1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat", "", ""),
    (
        "1.02.02.2.01",
        "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota",
        "",
        "",
    ),
    (
        "1.02.02.2.01.0014",
        "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan",
        "Jumlah Alat Kesehatan/Alat Penunjang Medik yang Disediakan",
        "Unit",
    ),
    (
        "1.02.02.2.01.0020",
        "Pemeliharaan Rutin dan Berkala Alat Kesehatan",
        "Jumlah Alat Kesehatan yang Terpelihara",
        "Unit",
    ),
    ("1.02.02.2.02", "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota", "", ""),
    (
        "1.02.02.2.02.0001",
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
        "Jumlah Ibu Hamil yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
        "Orang",
    ),
    (
        "1.02.02.2.02.0003",
        "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir",
        "Jumlah Bayi Baru Lahir yang Mendapatkan Pelayanan Kesehatan sesuai Standar",
        "Orang",
    ),
    (
        "1.02.02.2.02.0035",
        "Pengelolaan Surveilans Kesehatan",
        "Jumlah Dokumen Hasil Pengelolaan Surveilans Kesehatan",
        "Dokumen",
    ),
    ("2", "Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar", "", ""),
    ("2.16", "Komunikasi dan Informatika", "", ""),
    ("2.16.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "", ""),
    ("2.16.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
    (
        "2.16.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ),
    ("2.16.02", "Program Informasi dan Komunikasi Publik", "", ""),
    ("2.16.02.2.01", "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota", "", ""),
    (
        "2.16.02.2.01.0001",
        "Monitoring Opini dan Aspirasi Publik di Lingkup Pemerintah Daerah Kabupaten/Kota",
        "Jumlah Laporan Hasil Monitoring Opini dan Aspirasi Publik",
        "Laporan",
    ),
    (
        "2.16.02.2.01.0005",
        "Pengelolaan Media Komunikasi Publik",
        "Jumlah Media Komunikasi Publik yang Dikelola",
        "Media",
    ),
    ("2.16.03", "Program Aplikasi Informatika", "", ""),
    ("2.16.03.2.02", "Pengelolaan e-government di Lingkup Pemerintah Daerah Kabupaten/Kota", "", ""),
    (
        "2.16.03.2.02.0001",
        "Pengelolaan Nama Domain yang telah Ditetapkan oleh Pemerintah Pusat dan Sub Domain di Lingkup Pemerintah Daerah Kabupaten/Kota",
        "Jumlah Nama Domain dan Sub Domain yang Dikelola",
        "Domain",
    ),
    (
        "2.16.03.2.02.0005",
        "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
        "Jumlah Aplikasi yang Dikembangkan",
        "Aplikasi",
    ),
    (
        "2.16.03.2.02.0010",
        "Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah",
        "Jumlah Perangkat Daerah yang Terhubung Jaringan Intra",
        "Perangkat Daerah",
    ),
    ("5", "Unsur Penunjang Urusan Pemerintahan", "", ""),
    ("5.01", "Perencanaan", "", ""),
    ("5.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "", ""),
    ("5.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
    (
        "5.01.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ),
    (
        "5.01.01.2.01.0006",
        "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "Laporan",
    ),
    ("5.01.02", "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", "", ""),
    ("5.01.02.2.01", "Penyusunan Perencanaan dan Pendanaan", "", ""),
    ("5.01.02.2.01.0015", "Penyusunan Dokumen Perencanaan Pembangunan Daerah (RKPD)", "Jumlah Dokumen RKPD", "Dokumen"),
    (
        "5.01.02.2.01.0016",
        "Koordinasi Penyusunan Dokumen Perencanaan Pembangunan Daerah",
        "Jumlah Laporan Koordinasi Penyusunan Dokumen Perencanaan",
        "Laporan",
    ),
    ("5.02", "Keuangan", "", ""),
    ("5.02.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "", ""),
    ("5.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
    (
        "5.02.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ),
    ("7", "Unsur Kewilayahan", "", ""),
    ("7.01", "Kecamatan", "", ""),
    ("7.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "", ""),
    ("7.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
    (
        "7.01.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ),
)

#: bidang urusan each demo agency (by short name) is mandated for
MANDATES: dict[str, tuple[str, ...]] = {
    "Disdikbud": ("1.01",),
    "Dinkes": ("1.02",),
    "Diskominfo": ("2.16",),
    "Bappeda": ("5.01",),
    "BPKAD": ("5.02",),
}

#: typical expenditure accounts (Permendagri 90/2019 account chart) with what they buy
ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"),
    ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak"),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat"),
    ("5.1.02.02.01.0003", "Belanja Jasa Pendukung Administrasi Perkantoran"),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa"),
    ("5.1.02.02.12.0001", "Belanja Kursus Singkat/Pelatihan"),
    ("5.2.02.05.01.0005", "Belanja Modal Alat Kantor Lainnya"),
    ("5.2.02.10.01.0002", "Belanja Modal Personal Computer"),
)
