"""Generate the import fixture files: ``.venv/bin/python tests/transfer/files/make_files.py``.

They look like real pemda registers: Indonesian headers, dates typed by hand, "PT."/"PT" variants,
title rows above a merged header.  OPD codes DLH and DINKES are the test personas' OPDs; partner
pemda by region code (33.09 Boyolali, 33.11 Sukoharjo, 33.72 Surakarta)."""

import csv
import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

HEADERS = ["No", "Nomor", "Nomor Mitra", "Jenis Dokumen", "Judul", "Mitra", "Kode Wilayah Mitra", "OPD", "Urusan",
           "Tanggal Penandatanganan", "Tanggal Mulai", "Tanggal Berakhir", "Jangka Waktu", "Status"]

VALID = [
    [1, "119/01/PEM/2019", "14/PT.ABS/MoU/XI/2019", "Perjanjian Kerja Sama", "Penyediaan Air Bersih Kawasan Industri Ceper",
     "PT. Air Bersih Sejahtera", "", "DLH", "Lingkungan Hidup", "23 November 2019", "23-11-2019", "22-11-2024",
     "5 (lima) tahun", "Berakhir"],
    [2, "119/02/PEM/2021", "", "Kesepakatan Bersama", "Pengelolaan Sampah Regional Terpadu", "Pemerintah Kabupaten Boyolali",
     "33.09", "DLH", "Lingkungan Hidup; Pekerjaan Umum dan Penataan Ruang", datetime.date(2021, 3, 1), datetime.date(2021, 3, 1),
     None, "Sampai dengan Tahun 2030", "Berlaku"],
    [3, "119/03/KES/2023", "HK.03/RSUD/2023", "PKS", "Rujukan Pasien Rumah Sakit", "PT Rumah Sehat Indonesia",
     "", "Dinas Kesehatan", "Kesehatan", 45000, 45000, "", "36 bulan", ""],
    [4, "119/04/PEM/2024", "", "MoU", "Pengembangan Destinasi Wisata Perbatasan", "Pemkab Sukoharjo", "", "DLH",
     "Pariwisata", "2 Januari 2024", "2 Januari 2024", "1 Januari 2029", "lima tahun", "Aktif"],
]


def write_xlsx(path, rows, headers=HEADERS, title_rows=()):
    book = Workbook()
    sheet = book.active
    for row in title_rows:
        sheet.append(row)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_csv(path, rows, headers=HEADERS, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v) for v in row])


def main():
    write_xlsx(HERE / "valid.xlsx", VALID, title_rows=[["DAFTAR KERJA SAMA PEMERINTAH KABUPATEN KLATEN"], []])
    # the same agreement typed twice (partner spelled "PT." then "PT"), and an exact duplicate row
    dup = [VALID[0], VALID[1],
           [5, "119/01/PEM/2019", "14/PT.ABS/MoU/XI/2019", "Perjanjian Kerja Sama", "Penyediaan Air Bersih Kawasan Industri Ceper",
            "PT Air Bersih Sejahtera", "", "DLH", "Lingkungan Hidup", "23/11/2019", "23/11/2019", "22/11/2024", "5 (lima) tahun",
            "Berakhir"],
           VALID[1]]
    write_csv(HERE / "duplicates.csv", dup, delimiter=";")
    errors = [
        VALID[0],
        [2, "119/10/PEM/2020", "", "PKS", "Kerja Sama Tanggal Salah", "PT. Maju Jaya", "", "DLH", "Lingkungan Hidup",
         "31 Februari 2020", "tgl 1 bulan 3", "", "2 tahun", ""],
        [3, "119/11/PEM/2020", "", "PKS", "Kerja Sama OPD Tidak Dikenal", "PT. Maju Jaya", "", "Dinas Antah Berantah",
         "Lingkungan Hidup", "1 Maret 2020", "1 Maret 2020", "", "2 tahun", ""],
        [4, "119/12/PEM/2020", "", "PKS", "Kerja Sama Berakhir Sebelum Mulai", "PT. Maju Jaya", "", "DLH", "Lingkungan Hidup",
         "1 Maret 2020", "1 Maret 2020", "1 Maret 2019", "", ""],
        [5, "119/13/PEM/2020", "", "PKS", None, "PT. Maju Jaya", "", "DLH", "Lingkungan Hidup", "1 Maret 2020", "1 Maret 2020",
         "", "2 tahun", ""],
    ]
    write_xlsx(HERE / "errors.xlsx", errors)
    alias_headers = ["No.", "Nomor Perjanjian", "Pihak Kedua", "Tentang", "Perangkat Daerah", "Bidang", "Tgl TTD",
                     "Berlaku s.d.", "Masa Berlaku", "Keterangan"]
    aliases = [
        [1, "119/21/DLH/2022", "PT. Bumi Hijau Lestari (Persero)", "Pengolahan Limbah Medis", "DLH", "Lingkungan Hidup",
         "12 Agustus 2022", "11 Agustus 2025", "3 (tiga) tahun", "lanjut"],
        [2, "119/22/DLH/2023", "Universitas Widya Dharma", "Penelitian Kualitas Air Sungai", "Dinas Lingkungan Hidup",
         "Lingkungan Hidup", "5-6-2023", "2026", "Sampai dengan Tahun 2026", ""],
        [3, "119/23/DLH/2023", "cv karya mandiri", "Pemeliharaan Taman Kota", "DLH", "", "7/7/2023", "", "2 tahun", ""],
    ]
    write_csv(HERE / "aliases.csv", aliases, headers=alias_headers)
    # a register with a title, a blank line and a two-row merged header
    book = Workbook()
    sheet = book.active
    sheet.append(["REKAPITULASI KERJA SAMA DAERAH TAHUN 2018 - 2024"])
    sheet.merge_cells("A1:I1")
    sheet.append([])
    sheet.append(["No", "Nomor", None, "Judul", "Mitra", "OPD", "Tanggal", None, "Jangka Waktu"])
    sheet.append([None, "Pemda", "Mitra", None, None, None, "Mulai", "Berakhir", None])
    for cells in ("B3:C3", "G3:H3", "A3:A4", "D3:D4", "E3:E4", "F3:F4", "I3:I4"):
        sheet.merge_cells(cells)
    sheet.append([1, "119/31/PEM/2018", "050/456/2018", "Penanganan Banjir Daerah Aliran Sungai", "Pemerintah Kota Surakarta",
                  "DLH", "1 Juli 2018", "30 Juni 2023", "5 (lima) tahun"])
    sheet.append([2, "119/32/PEM/2020", "", "Penyediaan Bibit Tanaman Produktif", "Koperasi Tani Makmur", "DLH",
                  datetime.date(2020, 1, 15), datetime.date(2027, 1, 14), "7 tahun"])
    book.save(HERE / "merged_header.xlsx")
    other = [
        [1, "119/41/DLH/2024", "", "PKS", "Pengangkutan Sampah Pasar", "PT. Angkut Bersih", "", "DLH", "Lingkungan Hidup",
         "1 Februari 2024", "1 Februari 2024", "", "2 tahun", ""],
        [2, "119/42/KES/2024", "", "PKS", "Pelayanan Ambulans", "PT. Angkut Bersih", "", "DINKES", "Kesehatan",
         "1 Februari 2024", "1 Februari 2024", "", "2 tahun", ""],
    ]
    write_csv(HERE / "other_opd.csv", other)


if __name__ == "__main__":
    main()
