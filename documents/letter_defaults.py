"""Default letter templates (naskah dinas) around an agreement, written from domain.md: PP 28/2018
Pasal 6(2) (DPRD), Permendagri 25/2020 (consultation before a LoI, pertimbangan through the Gubernur,
extension six months before the end — Pasal 33 — and the report of signing — Pasal 24).  Loaded by
migration documents/0003; the Bagian Kerja Sama edits them in the admin."""

FOREIGN = '{% if kode_jenis == "ksdpl" or kode_jenis == "ksdll" %}'
CLOSING = "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih."
MENDAGRI = (
    "Menteri Dalam Negeri Republik Indonesia\nc.q. Direktur Jenderal Bina Administrasi Kewilayahan\n"
    "{% if not pemda_provinsi %}melalui Gubernur selaku Wakil Pemerintah Pusat\n{% endif %}di Jakarta"
)
FACTS = (
    "- judul kerja sama: {{ judul }};\n"
    "- mitra kerja sama: {% for pihak in mitra %}{{ pihak.nama }}{% if not forloop.last %}, {% endif %}{% endfor %};\n"
    "- objek dan ruang lingkup: {{ ruang_lingkup|default:judul }};\n"
    "- jangka waktu: {{ jangka_waktu }};\n"
    "- nilai dan sumber pembiayaan: {{ nilai|default:'tanpa nilai' }}{% if sumber_dana %}, {{ sumber_dana }}{% endif %}."
)

LETTERS = [
    {
        "kind": "penawaran",
        "name": "Surat penawaran kerja sama",
        "stages": "penawaran",
        "classification": "000.3.3",
        "lampiran": "1 (satu) berkas",
        "hal": "Penawaran Kerja Sama tentang {{ judul }}",
        "addressee": "{% for pihak in mitra %}{{ pihak.jabatan }}\n{% endfor %}di Tempat",
        "body": (
            "Dalam rangka meningkatkan kesejahteraan masyarakat dan mempercepat pemenuhan pelayanan publik, dan "
            "sesuai dengan Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah, {{ nama_pemda }} "
            "bermaksud menawarkan kerja sama tentang {{ judul }} kepada {{ mitra_utama }}.\n\n"
            "Bersama ini kami sampaikan Kerangka Acuan Kerja sebagai bahan pertimbangan, dengan pokok-pokok:\n"
            "- objek dan ruang lingkup: {{ ruang_lingkup|default:judul }};\n- jangka waktu: {{ jangka_waktu }}.\n\n"
            "Kami mengharapkan jawaban atas penawaran ini sebagai dasar penyusunan Kesepakatan Bersama.\n\n" + CLOSING
        ),
        "tembusan": "Sekretaris Daerah {{ nama_pemda }}\nKepala Perangkat Daerah pemrakarsa",
    },
    {
        "kind": "dprd",
        "name": "Surat permohonan persetujuan DPRD",
        "stages": "persetujuan_dprd",
        "classification": "000.3.3",
        "lampiran": FOREIGN + "2 (dua) berkas{% else %}1 (satu) berkas{% endif %}",
        "hal": "Permohonan Persetujuan DPRD atas Rencana Kerja Sama tentang {{ judul }}",
        "addressee": "Ketua Dewan Perwakilan Rakyat Daerah\n{{ nama_pemda }}\ndi Tempat",
        "body": (
            FOREIGN + "Sesuai dengan Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020, kerja sama daerah dengan "
            "pemerintah daerah atau lembaga di luar negeri memerlukan persetujuan Dewan Perwakilan Rakyat Daerah. "
            "Bersama ini kami sampaikan Rencana Kerja Sama dan Pernyataan Kehendak Kerja Sama (Letter of Intent) "
            "dengan pokok-pokok sebagai berikut:{% else %}Sesuai dengan Pasal 6 ayat (2) Peraturan Pemerintah Nomor "
            "28 Tahun 2018 tentang Kerja Sama Daerah, kerja sama yang membebani masyarakat dan daerah dan/atau yang "
            "belum teranggarkan dalam Anggaran Pendapatan dan Belanja Daerah tahun berjalan memerlukan persetujuan "
            "Dewan Perwakilan Rakyat Daerah. Bersama ini kami sampaikan rencana kerja sama dengan pokok-pokok "
            "sebagai berikut:{% endif %}\n" + FACTS + "\n\n"
            "Sehubungan dengan hal tersebut, kami mohon persetujuan Dewan Perwakilan Rakyat Daerah atas rencana "
            "kerja sama dimaksud.\n\n" + CLOSING
        ),
        "tembusan": "Gubernur {% if not pemda_provinsi %}selaku Wakil Pemerintah Pusat{% endif %}\nSekretaris Daerah",
    },
    {
        "kind": "konsultasi",
        "name": "Surat konsultasi kepada Menteri sebelum LoI",
        "stages": "penjajakan",
        "classification": "000.3.3",
        "lampiran": "1 (satu) berkas",
        "hal": "Konsultasi Rencana Pernyataan Kehendak Kerja Sama tentang {{ judul }}",
        "addressee": MENDAGRI,
        "body": (
            "Sesuai dengan Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020, sebelum menandatangani Pernyataan "
            "Kehendak Kerja Sama (Letter of Intent), pemerintah daerah berkonsultasi kepada Menteri Dalam Negeri dan "
            "Menteri Luar Negeri.\n\n"
            "{{ nama_pemda }} merencanakan kerja sama tentang {{ judul }} dengan {{ mitra_utama }}. Bersama ini kami "
            "sampaikan hasil penjajakan dan kajian kerja sama sebagai bahan konsultasi.\n\n" + CLOSING
        ),
        "tembusan": "Menteri Luar Negeri Republik Indonesia\nDewan Perwakilan Rakyat Daerah {{ nama_pemda }}",
    },
    {
        "kind": "pertimbangan",
        "name": "Surat permohonan pertimbangan Menteri",
        "stages": "pernyataan_kehendak,penyusunan_rencana",
        "classification": "000.3.3",
        "lampiran": "1 (satu) berkas",
        "hal": "Permohonan Pertimbangan atas Rencana Kerja Sama tentang {{ judul }}",
        "addressee": MENDAGRI,
        "body": (
            "Menindaklanjuti Pernyataan Kehendak Kerja Sama antara {{ nama_pemda }} dan {{ mitra_utama }} tentang "
            "{{ judul }}, bersama ini kami mohon pertimbangan Menteri Dalam Negeri atas rencana kerja sama "
            "dimaksud, dengan pokok-pokok sebagai berikut:\n" + FACTS + "\n\n" + CLOSING
        ),
        "tembusan": "Menteri Luar Negeri Republik Indonesia\nDewan Perwakilan Rakyat Daerah {{ nama_pemda }}",
    },
    {
        "kind": "perpanjangan",
        "name": "Surat permohonan perpanjangan kerja sama luar negeri",
        "stages": "pelaksanaan,akan_berakhir",
        "classification": "000.3.3",
        "lampiran": "1 (satu) berkas",
        "hal": "Permohonan Perpanjangan Kerja Sama tentang {{ judul }}",
        "addressee": MENDAGRI,
        "body": (
            "{{ jenis_dokumen }} antara {{ nama_pemda }} dan {{ mitra_utama }} tentang {{ judul }} berakhir pada "
            "tanggal {{ tanggal_berakhir }}. Sesuai dengan Pasal 33 Peraturan Menteri Dalam Negeri Nomor 25 Tahun "
            "2020, permohonan perpanjangan disampaikan paling lambat 6 (enam) bulan sebelum kerja sama berakhir.\n\n"
            "Berdasarkan hasil evaluasi pelaksanaan, kerja sama tersebut memberikan manfaat bagi daerah sehingga "
            "kami mohon persetujuan perpanjangan. Bersama ini kami sampaikan laporan evaluasi pelaksanaan kerja "
            "sama.\n\n" + CLOSING
        ),
        "tembusan": (
            "Ketua Dewan Perwakilan Rakyat Daerah {{ nama_pemda }}\n"
            "{% if not pemda_provinsi %}Gubernur selaku Wakil Pemerintah Pusat\n{% endif %}Menteri Luar Negeri Republik Indonesia"
        ),
    },
    {
        "kind": "laporan",
        "name": "Laporan tempat dan tanggal penandatanganan",
        "stages": "ditandatangani,pelaksanaan",
        "classification": "000.3.3",
        "lampiran": "1 (satu) berkas",
        "hal": "Laporan Penandatanganan {{ jenis_dokumen }} tentang {{ judul }}",
        "addressee": MENDAGRI,
        "body": (
            "Dengan hormat kami laporkan bahwa {{ jenis_dokumen }} antara {{ nama_pemda }} dan {{ mitra_utama }} "
            "tentang {{ judul }} telah ditandatangani di {{ tempat }} pada tanggal {{ tanggal_penandatanganan }}.\n\n"
            "Bersama ini kami sampaikan salinan naskah yang telah ditandatangani sebagai laporan sebagaimana "
            "dimaksud dalam Pasal 24 Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020.\n\n" + CLOSING
        ),
        "tembusan": "Menteri Luar Negeri Republik Indonesia\nKetua Dewan Perwakilan Rakyat Daerah {{ nama_pemda }}",
    },
    {
        "kind": "kuasa",
        "name": "Surat kuasa penandatanganan PKS",
        "stages": "penandatanganan_pks",
        "classification": "000.3.3",
        "lampiran": "",
        "hal": "SURAT KUASA",
        "addressee": "",
        "body": (
            "Yang bertanda tangan di bawah ini:\n- nama: {{ nama_kepala_daerah }};\n- jabatan: {{ kepala_daerah }},\n"
            "dalam hal ini bertindak untuk dan atas nama {{ nama_pemda }}, memberikan kuasa kepada:\n"
            "- nama: {{ pemda.penandatangan }};\n- jabatan: {{ pemda.jabatan }},\n\n"
            "untuk menandatangani {{ jenis_dokumen }} antara {{ nama_pemda }} dan {{ mitra_utama }} tentang "
            "{{ judul }}{% if induk.judul %}, sebagai tindak lanjut {{ induk.jenis }} tentang {{ induk.judul }} Nomor "
            "{{ induk.nomor }}{% endif %}.\n\n"
            "Surat kuasa ini berlaku sejak tanggal ditetapkan sampai dengan penandatanganan selesai dan tidak dapat "
            "dilimpahkan kepada pihak lain."
        ),
        "tembusan": "",
    },
    {
        "kind": "undangan",
        "name": "Undangan rapat TKKSD",
        "stages": "penyusunan_ksb,penyusunan_pks,penyusunan_rencana,penyusunan_naskah,penyusunan_adendum",
        "classification": "000.3.3",
        "sifat": "Penting",
        "lampiran": "",
        "hal": "Undangan Rapat Tim Koordinasi Kerja Sama Daerah",
        "addressee": "Anggota Tim Koordinasi Kerja Sama Daerah\n{{ nama_pemda }}\ndi Tempat",
        "body": (
            "Dalam rangka pembahasan rencana kerja sama tentang {{ judul }} dengan {{ mitra_utama }}, kami mengundang "
            "Saudara untuk hadir pada:\n- hari, tanggal: {{ waktu_rapat }};\n- tempat: {{ tempat_rapat }};\n"
            "- acara: {{ acara|default:'pembahasan rencana kerja sama dan rekomendasi TKKSD' }}.\n\n"
            "Mengingat pentingnya acara tersebut, kami mohon kehadiran tepat pada waktunya.\n\n" + CLOSING
        ),
        "signer_title": "SEKRETARIS DAERAH\nSELAKU KETUA TKKSD,",
        "signer_name": "…………………………",
        "tembusan": "{{ kepala_daerah }} (sebagai laporan)",
    },
]
LETTER_REGISTER = {"code": "SURAT", "name": "Surat Bagian Kerja Sama", "flow": "lainnya", "order": 900}


def load_default_letters(LetterTemplate=None, DocumentType=None):
    """Create the letter templates that do not exist yet, and the (inactive) document type whose
    number register numbers the letters; returns the number of templates created."""
    if LetterTemplate is None:
        from agreements.models import DocumentType

        from .models import LetterTemplate
    DocumentType.objects.get_or_create(
        code=LETTER_REGISTER["code"],
        defaults={"name": LETTER_REGISTER["name"], "flow": LETTER_REGISTER["flow"], "order": LETTER_REGISTER["order"], "is_active": False},
    )
    created = 0
    for data in LETTERS:
        _obj, new = LetterTemplate.objects.get_or_create(kind=data["kind"], defaults={k: v for k, v in data.items() if k != "kind"})
        created += new
    return created
