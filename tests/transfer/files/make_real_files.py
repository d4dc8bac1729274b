"""Generate the fixture files of real registers: ``.venv/bin/python tests/transfer/files/make_real_files.py``.

Each file reproduces one pattern of the registers Bagian Kerja Sama offices keep, and of another
e-kerjasama system's export (issue 11).  Regional names and codes are those of the reference data
(Jawa Tengah around the home pemda Klaten; Sulawesi Tengah for names as clerks write them); OPD
codes DLH and DINKES are the test personas' OPDs."""

import csv
import datetime
from pathlib import Path

import make_files

HERE = Path(__file__).resolve().parent


def write_xlsx(path, headers, rows, title_rows=()):
    make_files.write_xlsx(path, rows, headers=headers, title_rows=title_rows)


def write_csv(path, headers, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v) for v in row])


# One KSB signed on one day with four kabupaten, the number column left empty.
SAME_TITLE = (
    ["No", "Nomor", "Jenis Dokumen", "Judul", "Mitra", "OPD", "Tanggal Penandatanganan", "Jangka Waktu"],
    [
        [i + 1, "", "Kesepakatan Bersama", "Kerja Sama Pengelolaan Sampah Regional Subosuka Wonosraten", name, "DLH",
         "14 Februari 2024", "5 (lima) tahun"]
        for i, name in enumerate(["Pemerintah Kabupaten Boyolali", "Pemerintah Kabupaten Sukoharjo",
                                  "Pemerintah Kabupaten Wonogiri", "Pemerintah Kabupaten Karanganyar"])
    ],
)

# Partner names as clerks write them; the kind of each row decides what a partner may be.
NAMES = (
    ["No", "Judul", "Jenis Kerja Sama", "Mitra", "Kode Wilayah", "Negara", "OPD", "Tgl TTD", "Jangka Waktu"],
    [
        [1, "Pengembangan Kawasan Agropolitan Lembah Palu", "KSDD", "Pemerintah Kabupaten Sigi (Provinsi Sulawesi Tengah)",
         "", "", "DLH", "3 Maret 2023", "5 tahun"],
        [2, "Pengelolaan Sampah Lintas Daerah Teluk Palu", "KSDD", "Kota Palu", "", "", "DLH", "3 Maret 2023", "3 tahun"],
        [3, "Penanggulangan Bencana Sesar Palu-Koro", "KSDD", "Pemkab Sigi", "", "", "DLH", "4 Maret 2023", "3 tahun"],
        [4, "Konektivitas Transportasi Laut Kepulauan Banggai", "KSDD", "Kab. Banggai Laut", "", "", "DLH",
         "10 April 2023", "4 tahun"],
        [5, "Pertukaran Data Kependudukan", "KSDD", "Pemkot Palu", "7271", "", "DLH", "11 April 2023", "2 tahun"],
        [6, "Pencegahan Penyalahgunaan Narkoba di Sekolah", "", "BNN Kota Palu", "", "", "DINKES", "5 Mei 2023", "2 tahun"],
        [7, "Pengawasan Pemilihan Kepala Daerah", "", "Bawaslu Kabupaten Sigi", "", "", "DLH", "6 Mei 2023", "1 tahun"],
        [8, "Pengamanan Objek Vital Daerah", "", "Polres Banggai Laut", "", "", "DLH", "7 Mei 2023", "2 tahun"],
        [9, "Pendampingan Hukum Perdata dan Tata Usaha Negara", "", "Kejaksaan Negeri Palu", "", "", "DLH",
         "8 Mei 2023", "2 tahun"],
        [10, "Penyediaan Air Minum Kawasan Perbatasan", "KSDPK", "Perumda Air Minum Tirta Dharma Kota Palu", "", "", "DLH",
         "9 Mei 2023", "5 tahun"],
        [11, "Layanan Kas Daerah dan Pembayaran Nontunai", "KSDPK",
         "PT Bank Pembangunan Daerah Sulawesi Tengah (Perseroda)", "", "", "DLH", "10 Mei 2023", "3 tahun"],
        [12, "Cadangan Pangan Pemerintah Daerah", "KSDPK", "Perum Bulog Kantor Wilayah Sulawesi Tengah", "", "", "DLH",
         "11 Mei 2023", "2 tahun"],
        [13, "Normalisasi Sungai Palu", "", "Balai Besar Wilayah Sungai Sulawesi III", "", "", "DLH", "12 Mei 2023",
         "3 tahun"],
        [14, "Percepatan Sertifikasi Tanah Aset Daerah", "", "Kantor Wilayah BPN Provinsi Sulawesi Tengah", "", "",
         "DLH", "13 Mei 2023", "2 tahun"],
        [15, "Praktik Kerja Lapangan Tenaga Kesehatan", "KSDPK", "Politeknik Kesehatan Kemenkes Kota Palu", "", "",
         "DINKES", "14 Mei 2023", "4 tahun"],
        [16, "Sister Province Pengembangan UMKM", "KSDPL", "Gyeonggi Province (Korea Selatan)", "", "", "DLH",
         "1 Juni 2023", "5 tahun"],
        [17, "Pertukaran Budaya dan Pemuda", "KSDPL", "Provinsi Gyeonggi-do", "", "Korea Selatan", "DLH", "2 Juni 2023",
         "5 tahun"],
        [18, "Kerja Sama Pendidikan Vokasi Pertambangan", "KSDPL", "Government of Western Australia", "", "", "DLH",
         "3 Juni 2023", "5 tahun"],
        [19, "Sister City Pengelolaan Pesisir", "KSDPL", "City of Perth (Australia)", "", "", "DLH", "4 Juni 2023",
         "5 tahun"],
    ],
)

# Another e-kerjasama system's export: requests at every stage, mostly without dates.
REQUESTS = (
    ["No", "Kode Usulan", "Judul", "Jenis Kerja Sama", "Bentuk Kerja Sama", "Mitra", "Perangkat Daerah", "Status",
     "Tanggal Usulan", "Tgl TTD", "Keterangan"],
    [
        [1, "USL-2025-0012", "Pengelolaan Parkir Tepi Jalan Berbasis Elektronik", "KSDPK", "PKS", "PT Parkir Digital Nusantara",
         "DLH", "Usulan Masuk", "02/01/2025", "", "menunggu verifikasi berkas"],
        [2, "USL-2025-0019", "Penyediaan Layanan Telemedisin Puskesmas", "KSDPK", "Perjanjian Kerjasama",
         "PT Sehat Jaringan Indonesia", "DINKES", "Dalam Pembahasan", "15/01/2025", "", ""],
        [3, "USL-2025-0021", "Pengembangan Destinasi Wisata Rawa Jombor", "KSDD", "Kesepakatan Bersama",
         "Pemerintah Kabupaten Sukoharjo", "DLH", "Menunggu Jadwal TTD", "20/01/2025", "", "jadwal TTD bulan depan"],
        [4, "USL-2025-0030", "Pengolahan Limbah B3 Fasilitas Kesehatan", "KSDPK", "PKS", "PT Limbah Medika Lestari",
         "DINKES", "", "03/02/2025", "", ""],
        [5, "USL-2025-0033", "Pemanfaatan Aset Gedung Eks Pasar Srago", "KSDPK", "PKS", "", "DLH", "Dalam Pembahasan",
         "05/02/2025", "", "mitra belum ditentukan"],
        [6, "USL-2021-0007", "Pelatihan Kewirausahaan Pemuda", "KSDPK", "PKS", "Yayasan Bina Karya Mandiri", "DLH",
         "Selesai", "01/03/2021", "2021", "arsip lama, tanggal TTD tidak tercatat"],
    ],
)

# A register in its own words: statuses, urusan and document words of its own.
VOCABULARY = (
    ["Nomor", "Bentuk Dokumen", "Judul", "Mitra", "OPD", "Bidang", "Tanggal", "Masa Berlaku", "Status"],
    [
        ["119/51/KES/2022", "Nota Kesepahaman", "Peningkatan Mutu Layanan Rumah Sakit Rujukan", "Pemerintah Kabupaten Boyolali",
         "DINKES", "Bidang Kesehatan", "12 Juli 2022", "5 tahun", "Masih Berlaku"],
        ["119/52/KES/2023", "Perjanjian Kerjasama", "Rujukan Laboratorium Kesehatan Daerah", "PT Prodia Widyahusada Tbk",
         "DINKES", "Urusan Kesehatan", "1 Agustus 2023", "2 tahun", "Aktif"],
        ["119/53/DLH/2023", "KB", "Pengendalian Banjir Sungai Dengkeng", "Pemerintah Kabupaten Sukoharjo",
         "Dinas Lingkungan Hidup", "Lingkungan Hidup", "5 September 2023", "5 tahun", "Tahap Monev"],
        ["119/54/DLH/2024", "Perjanjian Kerja Sama", "Pengangkutan Sampah Kawasan Industri", "CV Angkut Bersih Mandiri",
         "Dinas LH", "Persampahan", "2 Januari 2024", "2 tahun", "Aktif"],
    ],
)
VOCABULARY_MAP = (
    ["Kolom", "Nilai di berkas", "Nilai yang dipakai"],
    [
        ["Status", "Tahap Monev", "Berlaku"],
        ["OPD", "Dinas LH", "DLH"],
        ["Urusan", "Persampahan", "Lingkungan Hidup"],
    ],
)

# A register kept by one OPD: no OPD column at all.
NO_OPD = (
    ["No", "Nomor", "Judul", "Mitra", "Tanggal Penandatanganan", "Jangka Waktu"],
    [
        [1, "119/61/DLH/2022", "Pengelolaan Bank Sampah Desa", "Koperasi Serba Usaha Resik Makmur", datetime.date(2022, 5, 10),
         "3 tahun"],
        [2, "119/62/DLH/2023", "Penghijauan Lereng Merapi", "Yayasan Hijau Merapi Lestari", datetime.date(2023, 6, 5), "2 tahun"],
    ],
)

# Terms as written.
TERMS = (
    ["Nomor", "Judul", "Mitra", "OPD", "Tanggal Penandatanganan", "Jangka Waktu"],
    [
        ["119/71/DLH/2022", "Penyediaan Air Bersih Desa Tertinggal", "PT Tirta Klaten Sejahtera", "DLH", "1 Januari 2022",
         "5 (lima) tahun"],
        ["119/72/DLH/2023", "Pengelolaan Taman Kota", "CV Taman Asri", "DLH", "1 Januari 2023", "s.d. Desember 2027"],
        ["119/73/DLH/2023", "Pemeliharaan Penerangan Jalan Umum", "PT Terang Abadi", "DLH", "1 Juli 2023",
         "sesuai ketentuan yang berlaku (2 tahun)"],
        ["119/74/DLH/2023", "Pengelolaan Pasar Induk", "PT Pasar Rakyat Makmur", "DLH", "1 Januari 2023",
         "4 tahun (2023-2027), dapat diperpanjang"],
        ["119/75/DLH/2024", "Pemanfaatan Lahan Parkir Stasiun", "PT Kereta Api Indonesia (Persero)", "DLH", "1 Februari 2024",
         "menyesuaikan"],
        ["119/76/DLH/2024", "Pemanfaatan Menara Telekomunikasi", "PT Menara Bersama Nusantara", "DLH", "1 Maret 2024",
         "lihat lampiran"],
        ["119/77/DLH/2024", "Bangun Guna Serah Terminal Agrobisnis", "PT Agro Terminal Klaten", "DLH", "1 April 2024",
         "35 tahun"],
    ],
)

# The same request entered more than once, and renewals.
REPEATS = (
    ["No", "Judul", "Mitra", "OPD", "Status", "Keterangan"],
    [
        [1, "Pengembangan Sistem Informasi Puskesmas", "PT Solusi Data Sehat", "DINKES", "Usulan Masuk", ""],
        [2, "Pengembangan Sistem Informasi Puskesmas", "PT Solusi Data Sehat", "DINKES", "Usulan Masuk", ""],
        [3, "Pengembangan Sistem Informasi Puskesmas", "PT Solusi Data Sehat", "DINKES", "Dalam Pembahasan", "dientri ulang"],
        [4, "Perpanjangan Penyediaan Air Bersih Kawasan Industri Ceper", "PT. Air Bersih Sejahtera", "DLH",
         "Usulan Masuk", "perpanjangan PKS 2019"],
    ],
)

# Hostile and broken cells, in a ";" CSV saved by Indonesian Excel as Windows-1252.
HOSTILE = (
    ["Nomor", "Judul", "Mitra", "OPD", "Tanggal Penandatanganan", "Jangka Waktu", "Nilai", "Ruang Lingkup"],
    [
        ["119/81/DLH/2024", "Pengelolaan Kafé Taman Kota – Alun-alun", "PT Kopi Nusantara Jaya", "DLH", "1 Februari 2024",
         "2 tahun", "NaN", ""],
        ["119/82/DLH/2024", "Pengelolaan Reklame Videotron", "PT Media Luar Ruang", "DLH", "2 Februari 2024", "2 tahun",
         "1e309", ""],
        ["119/83/DLH/2024", "Pengelolaan Kios Pasar", "=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "DLH",
         "3 Februari 2024", "2 tahun", "", ""],
        ["119/84/DLH/2024", "Penataan Pedagang Kaki Lima", "Koperasi Pedagang Klaten", "DLH", "4 Februari 2024", "2 tahun",
         "", "x" * 200_000],
        ["119/85/DLH/2024", "Penyediaan Tempat Penitipan Anak\x00", "Yayasan Pelita Hati", "DLH", "5 Februari 2024",
         "2 tahun", "", ""],
        ["119/86/DLH/2024", "Penyediaan Wifi Publik", "PT Jaringan Desa", "DLH", "#N/A", "2 tahun", "", ""],
    ],
)

# A KSB, its PKS and the PKS's addendum: a family, linked by the parent's number.
FAMILY = (
    ["Nomor", "Nomor Mitra", "Jenis Dokumen", "Judul", "Mitra", "OPD", "Tanggal Penandatanganan", "Jangka Waktu",
     "Nomor Induk", "Hubungan dengan Induk"],
    [
        ["119/93/DLH/2023", "PKS-07/TKS/2023", "Perjanjian Kerja Sama", "Pengolahan Sampah menjadi Energi Listrik",
         "PT Energi Sampah Klaten; PT Listrik Hijau Jawa", "DLH", "1 Juni 2023", "5 tahun", "119/91/DLH/2022", "Pelaksanaan"],
        ["119/91/DLH/2022", "", "Kesepakatan Bersama", "Pengembangan Energi Terbarukan dari Sampah",
         "PT Energi Sampah Klaten", "DLH", "10 Oktober 2022", "5 tahun", "", ""],
        ["119/95/DLH/2024", "ADD-01/TKS/2024", "Adendum", "Adendum Pengolahan Sampah menjadi Energi Listrik",
         "PT Energi Sampah Klaten", "DLH", "2 Mei 2024", "4 tahun", "119/93/DLH/2023", "Adendum"],
    ],
)


def main():
    write_xlsx(HERE / "same_title.xlsx", *SAME_TITLE, title_rows=[["REGISTER KESEPAKATAN BERSAMA TAHUN 2024"], []])
    write_csv(HERE / "partner_names.csv", *NAMES)
    write_csv(HERE / "requests.csv", *REQUESTS, delimiter=";")
    write_csv(HERE / "vocabulary.csv", *VOCABULARY)
    write_csv(HERE / "vocabulary_map.csv", *VOCABULARY_MAP)
    write_xlsx(HERE / "no_opd.xlsx", *NO_OPD)
    write_csv(HERE / "terms.csv", *TERMS)
    write_csv(HERE / "repeats.csv", *REPEATS)
    write_csv(HERE / "hostile.csv", *HOSTILE, delimiter=";", encoding="cp1252")
    write_csv(HERE / "family.csv", *FAMILY)
    (HERE / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook" + bytes(range(256)))


if __name__ == "__main__":
    main()
