"""Reference tables shipped with kerjasama: the 32 urusan, document types, attachment types.

Loaded by data migrations and by ``manage.py load_reference_data``; both are idempotent and never
overwrite a name the Bagian Kerja Sama has edited (rows are matched by code)."""

# UU 23/2014 Pasal 11–12; Permendagri 22/2020 (domain.md §8.2). Codes: Permendagri 90/2019 [BK].
URUSAN = [
    ("1.01", "Pendidikan", "wajib_dasar"),
    ("1.02", "Kesehatan", "wajib_dasar"),
    ("1.03", "Pekerjaan Umum dan Penataan Ruang", "wajib_dasar"),
    ("1.04", "Perumahan Rakyat dan Kawasan Permukiman", "wajib_dasar"),
    ("1.05", "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat", "wajib_dasar"),
    ("1.06", "Sosial", "wajib_dasar"),
    ("2.07", "Tenaga Kerja", "wajib_non_dasar"),
    ("2.08", "Pemberdayaan Perempuan dan Pelindungan Anak", "wajib_non_dasar"),
    ("2.09", "Pangan", "wajib_non_dasar"),
    ("2.10", "Pertanahan", "wajib_non_dasar"),
    ("2.11", "Lingkungan Hidup", "wajib_non_dasar"),
    ("2.12", "Administrasi Kependudukan dan Pencatatan Sipil", "wajib_non_dasar"),
    ("2.13", "Pemberdayaan Masyarakat dan Desa", "wajib_non_dasar"),
    ("2.14", "Pengendalian Penduduk dan Keluarga Berencana", "wajib_non_dasar"),
    ("2.15", "Perhubungan", "wajib_non_dasar"),
    ("2.16", "Komunikasi dan Informatika", "wajib_non_dasar"),
    ("2.17", "Koperasi, Usaha Kecil, dan Menengah", "wajib_non_dasar"),
    ("2.18", "Penanaman Modal", "wajib_non_dasar"),
    ("2.19", "Kepemudaan dan Olah Raga", "wajib_non_dasar"),
    ("2.20", "Statistik", "wajib_non_dasar"),
    ("2.21", "Persandian", "wajib_non_dasar"),
    ("2.22", "Kebudayaan", "wajib_non_dasar"),
    ("2.23", "Perpustakaan", "wajib_non_dasar"),
    ("2.24", "Kearsipan", "wajib_non_dasar"),
    ("3.25", "Kelautan dan Perikanan", "pilihan"),
    ("3.26", "Pariwisata", "pilihan"),
    ("3.27", "Pertanian", "pilihan"),
    ("3.28", "Kehutanan", "pilihan"),
    ("3.29", "Energi dan Sumber Daya Mineral", "pilihan"),
    ("3.30", "Perdagangan", "pilihan"),
    ("3.31", "Perindustrian", "pilihan"),
    ("3.32", "Transmigrasi", "pilihan"),
]

# (code, name, flow, order)
DOCUMENT_TYPES = [
    ("KSB", "Kesepakatan Bersama", "ksb", 10),
    ("PKS", "Perjanjian Kerja Sama", "pks", 20),
    ("NK", "Nota Kesepakatan", "nota", 30),
    ("LOI", "Pernyataan Kehendak Kerja Sama (LoI)", "loi", 40),
    ("MOU", "Naskah Kerja Sama (MoU)", "naskah", 50),
    ("ADD", "Adendum", "adendum", 60),
    ("RKS", "Rencana Kerja Sama", "lainnya", 70),
    ("KONTRAK", "Kontrak Kerja Sama (rezim sektoral)", "pks", 80),
]

# (code, name, order) — codes are referred to by agreements/workflow.py
ATTACHMENT_TYPES = [
    ("kak", "Kerangka Acuan Kerja (KAK)", 10),
    ("studi_kelayakan", "Studi Kelayakan", 20),
    ("kajian", "Kajian (kerja sama luar negeri)", 25),
    ("surat_penawaran", "Surat Penawaran", 30),
    ("profil_mitra", "Profil Mitra", 35),
    ("draft_naskah", "Draf Naskah Kerja Sama", 40),
    ("notulen_tkksd", "Notulen/Berita Acara TKKSD", 45),
    ("persetujuan_dprd", "Surat Persetujuan DPRD", 50),
    ("loi", "Pernyataan Kehendak Kerja Sama (LoI) ditandatangani", 55),
    ("tanggapan_menteri", "Tanggapan Menteri atas LoI", 56),
    ("rencana_kerja_sama", "Rencana Kerja Sama", 60),
    ("pertimbangan_menteri", "Surat Pertimbangan Menteri", 65),
    ("surat_konfirmasi", "Surat Konfirmasi Kementerian Luar Negeri", 70),
    ("persetujuan_menteri", "Surat Persetujuan Menteri", 75),
    ("full_power", "Surat Kuasa Penuh (Full Power)", 80),
    ("surat_kuasa", "Surat Kuasa Penandatanganan", 85),
    ("rencana_aksi", "Rencana Aksi", 88),
    ("naskah_ditandatangani", "Naskah Ditandatangani (pindaian)", 90),
    ("salinan_sekjen", "Salinan Naskah dari Sekretaris Jenderal", 92),
    ("rencana_kegiatan_tahunan", "Rencana Kegiatan Tahunan", 94),
    ("laporan", "Laporan Pelaksanaan", 95),
    ("monev", "Hasil Monitoring dan Evaluasi", 96),
    ("izin_prinsip", "Izin Prinsip / Izin Operasional", 97),
    ("lainnya", "Lainnya", 99),
    # Permendagri 25/2020 Pasal 25, 29, 33
    ("pemetaan_potensi", "Pemetaan Potensi dan Kebutuhan", 21),
    ("pernyataan_kesediaan", "Pernyataan Kesediaan", 22),
    ("notulen_antar_kl", "Notulen Rapat Antar-Kementerian/Lembaga", 71),
    ("permohonan_perpanjangan", "Surat Permohonan Perpanjangan kepada Menteri", 76),
    ("jawaban_perpanjangan", "Surat Jawaban Menteri atas Perpanjangan", 77),
    ("pengantar_naskah_asli", "Surat Pengantar Naskah Asli kepada Menteri", 91),
]


def load(Urusan, DocumentType, AttachmentType):
    created = 0
    for code, name, group in URUSAN:
        _, new = Urusan.objects.get_or_create(code=code, defaults={"name": name, "group": group})
        created += new
    for code, name, flow, order in DOCUMENT_TYPES:
        _, new = DocumentType.objects.get_or_create(code=code, defaults={"name": name, "flow": flow, "order": order})
        created += new
    for code, name, order in ATTACHMENT_TYPES:
        _, new = AttachmentType.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        created += new
    return created
