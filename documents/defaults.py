"""Default clause templates, written from domain.md §5.2 (anatomy of a KSB / PKS) and the statutory
minimum contents: PP 28/2018 Pasal 19(2) for a KSDPK contract (hak dan kewajiban, jangka waktu,
penyelesaian perselisihan, sanksi), Permendagri 25/2020 Pasal 20(5) for a foreign naskah.

Loaded by migration documents/0002 and by ``load_default_templates()``; the Bagian Kerja Sama edits
them in the admin afterwards (each save is a new version)."""

KSDD_KINDS = '{% if kode_jenis == "ksdd_wajib" or kode_jenis == "ksdd_sukarela" %}'

RECITAL_PARTIES = (
    "{% for pihak in para_pihak %}bahwa {{ pihak.sebutan }} adalah {{ pihak.keterangan }};\n\n{% endfor %}"
)
LEGAL_BASIS_DOMESTIC = (
    "bahwa kerja sama ini dilaksanakan berdasarkan Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama "
    "Daerah dan Peraturan Menteri Dalam Negeri Nomor 22 Tahun 2020 tentang Tata Cara Kerja Sama Daerah dengan "
    "Daerah Lain dan Kerja Sama Daerah dengan Pihak Ketiga."
)
RECITAL_PARENT = (
    "{% if induk.judul %}bahwa PARA PIHAK telah menandatangani {{ induk.jenis }} tentang {{ induk.judul }} "
    "Nomor {{ induk.nomor }} tanggal {{ induk.tanggal }};\n\n{% endif %}"
)

FORCE_MAJEURE = {
    "heading": "KEADAAN KAHAR",
    "body": (
        "Keadaan kahar adalah keadaan yang terjadi di luar kehendak dan kemampuan PARA PIHAK yang mengakibatkan "
        "tidak dapat dilaksanakannya kewajiban, antara lain:\n"
        "- bencana alam;\n- kebakaran;\n- huru-hara, perang, atau pemogokan umum;\n"
        "- kebijakan Pemerintah yang secara langsung berpengaruh terhadap pelaksanaan kerja sama.\n\n"
        "PIHAK yang mengalami keadaan kahar memberitahukan secara tertulis kepada PIHAK lainnya paling lambat "
        "14 (empat belas) hari kalender sejak terjadinya keadaan kahar.\n\n"
        "Keadaan kahar sebagaimana dimaksud pada ayat (1) dibicarakan oleh PARA PIHAK untuk menentukan "
        "kelanjutan kerja sama."
    ),
}


def disputes(document):
    return {
        "heading": "PENYELESAIAN PERSELISIHAN",
        "body": (
            f"Apabila terjadi perselisihan dalam pelaksanaan {document} ini, PARA PIHAK sepakat untuk "
            "menyelesaikannya secara musyawarah untuk mufakat.\n\n"
            "Apabila musyawarah sebagaimana dimaksud pada ayat (1) tidak mencapai mufakat, penyelesaian "
            f"perselisihan dilakukan {KSDD_KINDS}oleh Gubernur sebagai wakil Pemerintah Pusat atau Menteri Dalam "
            "Negeri sesuai dengan ketentuan peraturan perundang-undangan{% else %}sesuai dengan ketentuan "
            "peraturan perundang-undangan{% endif %}."
        ),
    }


def amendment(document):
    return {
        "heading": "PERUBAHAN",
        "body": (
            f"Hal-hal yang belum diatur atau perubahan atas {document} ini diatur lebih lanjut oleh PARA PIHAK "
            "dalam adendum yang merupakan bagian yang tidak terpisahkan dari "
            f"{document} ini."
        ),
    }


def ending(document):
    return {
        "heading": "BERAKHIRNYA KERJA SAMA",
        "body": (
            f"{document} ini berakhir apabila:\n"
            "- jangka waktu kerja sama berakhir;\n"
            "- tujuan kerja sama telah tercapai;\n"
            "- terdapat kesepakatan PARA PIHAK untuk mengakhiri kerja sama;\n"
            "- terjadi perubahan kebijakan yang mengakibatkan kerja sama tidak dapat dilaksanakan;\n"
            '- objek kerja sama hilang atau musnah{% if kode_jenis == "ksdpk" %};\n'
            "- terdapat putusan pengadilan yang telah berkekuatan hukum tetap; atau\n"
            "- pihak ketiga dinyatakan pailit{% endif %}.\n\n"
            "Berakhirnya kerja sama tidak mengurangi kewajiban masing-masing PIHAK yang belum diselesaikan.\n\n"
            f"{KSDD_KINDS}Perubahan kepemimpinan PARA PIHAK tidak mengakibatkan berakhirnya {document} ini."
            "{% endif %}"
        ),
    }


CORRESPONDENCE = {
    "heading": "KETENTUAN LAIN-LAIN",
    "body": (
        "Segala bentuk korespondensi dalam rangka pelaksanaan kerja sama ini disampaikan secara tertulis "
        "kepada alamat PARA PIHAK sebagai berikut:\n"
        "{% for pihak in para_pihak %}- {{ pihak.sebutan }}: {{ pihak.nama }}, {{ pihak.alamat }};\n{% endfor %}\n\n"
        "Perubahan alamat sebagaimana dimaksud pada ayat (1) diberitahukan secara tertulis kepada PIHAK lainnya."
    ),
}


def closing(document):
    return {
        "heading": "PENUTUP",
        "body": (
            f"{document} ini dibuat dalam rangkap {{{{ rangkap }}}} asli, masing-masing bermeterai cukup dan "
            "mempunyai kekuatan hukum yang sama, serta masing-masing PIHAK memegang 1 (satu) rangkap."
        ),
    }


def term(document):
    return {
        "heading": "JANGKA WAKTU",
        "body": (
            f"{document} ini berlaku untuk jangka waktu {{{{ jangka_waktu }}}} terhitung sejak tanggal ditandatangani "
            "oleh PARA PIHAK.\n\n"
            f"{document} ini dapat diperpanjang atas kesepakatan PARA PIHAK dengan pemberitahuan secara tertulis "
            "paling lambat 6 (enam) bulan sebelum jangka waktu berakhir."
        ),
    }


def funding(document):
    return {
        "heading": "PEMBIAYAAN",
        "body": (
            f"Biaya yang timbul sebagai akibat dilaksanakannya {document} ini dibebankan pada "
            "{% if sumber_dana %}{{ sumber_dana }}{% else %}anggaran masing-masing PIHAK{% endif %} sesuai dengan "
            "ketentuan peraturan perundang-undangan."
            "{% if nilai %}\n\nNilai kerja sama sebagaimana dimaksud pada ayat (1) sebesar {{ nilai }}.{% endif %}"
        ),
    }


def monitoring(document):
    return {
        "heading": "MONITORING DAN EVALUASI",
        "body": (
            f"PARA PIHAK melakukan monitoring dan evaluasi atas pelaksanaan {document} ini paling sedikit "
            "1 (satu) kali dalam 1 (satu) tahun.\n\n"
            "Hasil monitoring dan evaluasi sebagaimana dimaksud pada ayat (1) digunakan sebagai bahan "
            "pertimbangan untuk penyempurnaan dan kelanjutan kerja sama."
        ),
    }


def purpose(document):
    return {
        "heading": "MAKSUD DAN TUJUAN",
        "body": (
            f"{document} ini dimaksudkan sebagai landasan bagi PARA PIHAK dalam melaksanakan kerja sama "
            "{{ judul }}.\n\n"
            f"{{% if maksud %}}{document} ini bertujuan: {{{{ maksud }}}}{{% else %}}{document} ini bertujuan "
            "untuk meningkatkan kesejahteraan masyarakat dan mempercepat pemenuhan pelayanan publik.{% endif %}"
        ),
    }


def scope(document):
    return {
        "heading": "RUANG LINGKUP",
        "body": (
            f"Ruang lingkup {document} ini meliputi:\n{{{{ ruang_lingkup|default:judul }}}}"
            "{% if lokasi %}\n\nLokasi pelaksanaan kerja sama berada di {{ lokasi }}.{% endif %}"
        ),
    }


KSB = {
    "name": "Kesepakatan Bersama (umum)",
    "document_flow": "ksb",
    "kind": "",
    "title": "KESEPAKATAN BERSAMA",
    "connector": "DENGAN",
    "recitals": RECITAL_PARTIES
    + "bahwa PARA PIHAK memandang perlu bekerja sama {% if urusan %}di bidang {{ urusan }} {% endif %}guna "
    "meningkatkan kesejahteraan masyarakat dan mempercepat pemenuhan pelayanan publik;\n\n"
    + LEGAL_BASIS_DOMESTIC,
    "formula": (
        "Berdasarkan hal-hal tersebut di atas, PARA PIHAK sepakat untuk mengadakan Kesepakatan Bersama tentang "
        "{{ judul }}, dengan ketentuan sebagai berikut:"
    ),
    "clauses": [
        purpose("Kesepakatan Bersama"),
        scope("Kesepakatan Bersama"),
        {
            "heading": "PELAKSANAAN",
            "body": (
                "Kesepakatan Bersama ini ditindaklanjuti dengan Perjanjian Kerja Sama yang disusun oleh perangkat "
                "daerah atau unit kerja PARA PIHAK sesuai dengan kewenangan masing-masing.\n\n"
                "Perjanjian Kerja Sama sebagaimana dimaksud pada ayat (1) paling sedikit memuat:\n"
                "- hak dan kewajiban PARA PIHAK;\n- jangka waktu kerja sama;\n- pembiayaan;\n"
                "- penyelesaian perselisihan."
            ),
        },
        term("Kesepakatan Bersama"),
        funding("Kesepakatan Bersama"),
        monitoring("Kesepakatan Bersama"),
        FORCE_MAJEURE,
        disputes("Kesepakatan Bersama"),
        amendment("Kesepakatan Bersama"),
        ending("Kesepakatan Bersama"),
        CORRESPONDENCE,
        closing("Kesepakatan Bersama"),
    ],
}

RIGHTS = {
    "heading": "HAK DAN KEWAJIBAN",
    "body": (
        "{% for pihak in para_pihak %}{{ pihak.sebutan }} berhak:\n"
        "{% if pihak.adalah_pemda %}- menerima laporan pelaksanaan kerja sama;\n"
        "- melakukan monitoring dan evaluasi atas pelaksanaan kerja sama;\n"
        "- memperoleh manfaat dari pelaksanaan kerja sama sesuai dengan kewenangannya.\n"
        "{% else %}- memperoleh data, informasi, dan dukungan yang diperlukan untuk pelaksanaan kerja sama;\n"
        "- memperoleh manfaat dari pelaksanaan kerja sama sesuai dengan Perjanjian ini.\n{% endif %}\n"
        "{{ pihak.sebutan }} berkewajiban:\n"
        "{% if pihak.adalah_pemda %}- menyediakan data dan informasi yang diperlukan;\n"
        "- memfasilitasi pelaksanaan kerja sama sesuai dengan kewenangannya;\n"
        "- menganggarkan biaya yang menjadi bagiannya sesuai dengan ketentuan peraturan perundang-undangan.\n"
        "{% else %}- melaksanakan kegiatan sesuai dengan ruang lingkup kerja sama;\n"
        "- menyampaikan laporan pelaksanaan kerja sama secara berkala;\n"
        "- mematuhi ketentuan peraturan perundang-undangan.\n{% endif %}\n{% endfor %}"
    ),
}

PKS = {
    "name": "Perjanjian Kerja Sama (umum)",
    "document_flow": "pks",
    "kind": "",
    "title": "PERJANJIAN KERJA SAMA",
    "connector": "DENGAN",
    "recitals": RECITAL_PARTIES
    + RECITAL_PARENT
    + "bahwa sebagai tindak lanjut{% if induk.judul %} {{ induk.jenis }} sebagaimana dimaksud di atas{% endif %}, "
    "PARA PIHAK perlu menetapkan hak dan kewajiban masing-masing dalam suatu Perjanjian Kerja Sama;\n\n"
    + LEGAL_BASIS_DOMESTIC,
    "formula": (
        "Berdasarkan hal-hal tersebut di atas, PARA PIHAK sepakat untuk mengadakan Perjanjian Kerja Sama tentang "
        "{{ judul }}, dengan ketentuan sebagai berikut:"
    ),
    "clauses": [
        purpose("Perjanjian Kerja Sama"),
        scope("Perjanjian Kerja Sama"),
        RIGHTS,
        term("Perjanjian Kerja Sama"),
        funding("Perjanjian Kerja Sama"),
        {
            "heading": "PELAPORAN",
            "body": (
                "PARA PIHAK menyusun laporan pelaksanaan kerja sama paling sedikit 1 (satu) kali dalam 6 (enam) bulan.\n\n"
                "PARA PIHAK melakukan monitoring dan evaluasi atas pelaksanaan Perjanjian Kerja Sama ini paling "
                "sedikit 1 (satu) kali dalam 1 (satu) tahun."
            ),
        },
        FORCE_MAJEURE,
        disputes("Perjanjian Kerja Sama"),
        {
            "heading": "SANKSI",
            "body": (
                '{% if kode_jenis == "ksdpk" %}Dalam hal salah satu PIHAK tidak melaksanakan kewajibannya, PIHAK '
                "lainnya memberikan teguran tertulis paling banyak 3 (tiga) kali dengan tenggang waktu masing-masing "
                "14 (empat belas) hari kalender.\n\n"
                "Apabila setelah teguran ketiga kewajiban tetap tidak dilaksanakan, PIHAK yang dirugikan dapat "
                "mengakhiri Perjanjian Kerja Sama ini dan menuntut ganti rugi sesuai dengan ketentuan peraturan "
                "perundang-undangan.{% endif %}"
            ),
        },
        amendment("Perjanjian Kerja Sama"),
        ending("Perjanjian Kerja Sama"),
        CORRESPONDENCE,
        closing("Perjanjian Kerja Sama"),
    ],
}

NOTA = {
    "name": "Nota Kesepakatan (Sinergi)",
    "document_flow": "nota",
    "kind": "",
    "title": "NOTA KESEPAKATAN",
    "connector": "DENGAN",
    "recitals": RECITAL_PARTIES
    + "bahwa sinergi perencanaan dan pelaksanaan pembangunan antara Pemerintah Pusat dan Pemerintah Daerah "
    "dilaksanakan berdasarkan Pasal 46 Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah.",
    "formula": (
        "Berdasarkan hal-hal tersebut di atas, PARA PIHAK sepakat untuk mengadakan Nota Kesepakatan tentang "
        "{{ judul }}, dengan ketentuan sebagai berikut:"
    ),
    "clauses": [
        purpose("Nota Kesepakatan"),
        scope("Nota Kesepakatan"),
        {
            "heading": "PELAKSANAAN",
            "body": (
                "Pelaksanaan Nota Kesepakatan ini dijabarkan dalam rencana aksi yang disepakati PARA PIHAK dan "
                "merupakan lampiran yang tidak terpisahkan dari Nota Kesepakatan ini.\n\n"
                "PARA PIHAK melaksanakan rencana aksi sesuai dengan tugas, fungsi, dan kewenangan masing-masing."
            ),
        },
        {
            "heading": "PEMBIAYAAN",
            "body": (
                "Biaya pelaksanaan Nota Kesepakatan ini dibebankan pada anggaran masing-masing PIHAK sesuai dengan "
                "ketentuan peraturan perundang-undangan.{% if nilai %}\n\nNilai kegiatan yang direncanakan sebesar "
                "{{ nilai }}.{% endif %}"
            ),
        },
        term("Nota Kesepakatan"),
        monitoring("Nota Kesepakatan"),
        disputes("Nota Kesepakatan"),
        amendment("Nota Kesepakatan"),
        closing("Nota Kesepakatan"),
    ],
}

ADENDUM = {
    "name": "Adendum (umum)",
    "document_flow": "adendum",
    "kind": "",
    "title": "ADENDUM",
    "connector": "DENGAN",
    "recitals": RECITAL_PARENT
    + "bahwa berdasarkan hasil evaluasi pelaksanaan kerja sama, PARA PIHAK memandang perlu mengubah beberapa "
    "ketentuan dalam {{ induk.jenis|default:'naskah kerja sama' }} tersebut.",
    "formula": (
        "Berdasarkan hal-hal tersebut di atas, PARA PIHAK sepakat untuk mengadakan Adendum {{ adendum_ke|lower|capfirst }} "
        "atas {{ induk.jenis }} tentang {{ induk.judul }}, dengan ketentuan sebagai berikut:"
    ),
    "clauses": [
        {
            "heading": "PERUBAHAN",
            "body": (
                "Ketentuan dalam {{ induk.jenis }} Nomor {{ induk.nomor }} diubah sebagai berikut:\n"
                "{{ ruang_lingkup|default:judul }}"
            ),
        },
        {
            "heading": "KETENTUAN LAIN",
            "body": (
                "Ketentuan dalam {{ induk.jenis }} yang tidak diubah dalam Adendum ini dinyatakan tetap berlaku dan "
                "mengikat PARA PIHAK.\n\n"
                "Adendum ini merupakan bagian yang tidak terpisahkan dari {{ induk.jenis }} tentang {{ induk.judul }}."
            ),
        },
        {
            "heading": "PENUTUP",
            "body": (
                "Adendum ini mulai berlaku sejak tanggal ditandatangani oleh PARA PIHAK, dibuat dalam rangkap "
                "{{ rangkap }} asli, masing-masing bermeterai cukup dan mempunyai kekuatan hukum yang sama."
            ),
        },
    ],
}

NASKAH = {
    "name": "Naskah Kerja Sama luar negeri (MoU)",
    "document_flow": "naskah",
    "kind": "",
    "title": "NOTA KESEPAHAMAN",
    "connector": "DAN",
    "recitals": RECITAL_PARTIES
    + "bahwa PARA PIHAK berkeinginan mempererat hubungan persahabatan dan kerja sama yang saling menguntungkan "
    "atas dasar kesetaraan;\n\n"
    "bahwa kerja sama ini dilaksanakan berdasarkan Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama "
    "Daerah dan Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020 tentang Tata Cara Kerja Sama Daerah dengan "
    "Pemerintah Daerah di Luar Negeri dan Kerja Sama Daerah dengan Lembaga di Luar Negeri.",
    "formula": (
        "Berdasarkan hal-hal tersebut di atas, PARA PIHAK sepakat untuk mengadakan Nota Kesepahaman tentang "
        "{{ judul }}, dengan ketentuan sebagai berikut:"
    ),
    "clauses": [
        purpose("Nota Kesepahaman"),
        scope("Nota Kesepahaman"),
        {
            "heading": "PELAKSANAAN",
            "body": (
                "Nota Kesepahaman ini dilaksanakan sesuai dengan Rencana Kerja Sama yang disepakati PARA PIHAK.\n\n"
                "Pelaksanaan Nota Kesepahaman ini tunduk pada hukum dan peraturan perundang-undangan yang berlaku "
                "di negara masing-masing PIHAK."
            ),
        },
        funding("Nota Kesepahaman"),
        {
            "heading": "KELOMPOK KERJA BERSAMA",
            "body": (
                "PARA PIHAK membentuk kelompok kerja bersama untuk merencanakan, mengoordinasikan, dan memantau "
                "pelaksanaan Nota Kesepahaman ini.\n\n"
                "Kelompok kerja bersama melaporkan hasil kerjanya kepada PARA PIHAK paling sedikit 1 (satu) kali "
                "dalam 1 (satu) tahun."
            ),
        },
        {
            "heading": "PENYELESAIAN PERSELISIHAN",
            "body": (
                "Setiap perbedaan penafsiran atau perselisihan yang timbul dari pelaksanaan Nota Kesepahaman ini "
                "diselesaikan secara damai melalui konsultasi dan negosiasi antara PARA PIHAK."
            ),
        },
        {
            "heading": "AMANDEMEN",
            "body": (
                "Nota Kesepahaman ini dapat diubah sewaktu-waktu atas persetujuan tertulis PARA PIHAK. Perubahan "
                "tersebut merupakan bagian yang tidak terpisahkan dari Nota Kesepahaman ini."
            ),
        },
        {
            "heading": "MASA BERLAKU, PERPANJANGAN, DAN PENGAKHIRAN",
            "body": (
                "Nota Kesepahaman ini berlaku sejak tanggal ditandatangani untuk jangka waktu {{ jangka_waktu }}.\n\n"
                "Nota Kesepahaman ini dapat diperpanjang atas kesepakatan PARA PIHAK; permohonan perpanjangan "
                "disampaikan paling lambat 6 (enam) bulan sebelum masa berlaku berakhir.\n\n"
                "Masing-masing PIHAK dapat mengakhiri Nota Kesepahaman ini dengan pemberitahuan tertulis kepada "
                "PIHAK lainnya paling lambat 6 (enam) bulan sebelumnya."
            ),
        },
        {
            "heading": "PENUTUP",
            "body": (
                "Nota Kesepahaman ini ditandatangani di {{ tempat }} dalam rangkap {{ rangkap }} asli dalam bahasa "
                "Indonesia dan bahasa Inggris; semua naskah mempunyai kekuatan hukum yang sama."
            ),
        },
    ],
}

DEFAULT_TEMPLATES = [KSB, PKS, NOTA, ADENDUM, NASKAH]


def load_default_templates(ClauseTemplate=None, Clause=None, ClauseTemplateVersion=None):
    """Create the default templates that do not exist yet (by document type and kind); returns the
    number created.  Takes the model classes so a data migration can pass its historical models."""
    if ClauseTemplate is None:
        from .models import Clause, ClauseTemplate, ClauseTemplateVersion
    created = 0
    for data in DEFAULT_TEMPLATES:
        if ClauseTemplate.objects.filter(document_flow=data["document_flow"], kind=data["kind"]).exists():
            continue
        template = ClauseTemplate.objects.create(
            name=data["name"],
            document_flow=data["document_flow"],
            kind=data["kind"],
            title=data["title"],
            connector=data["connector"],
            recitals=data["recitals"],
            formula=data["formula"],
            version=1,
        )
        for order, clause in enumerate(data["clauses"], start=1):
            Clause.objects.create(template=template, order=order * 10, heading=clause["heading"], body=clause["body"])
        content = {
            "title": data["title"],
            "connector": data["connector"],
            "recitals": data["recitals"],
            "formula": data["formula"],
            "clauses": [{"heading": c["heading"], "body": c["body"]} for c in data["clauses"]],
        }
        ClauseTemplateVersion.objects.create(template=template, number=1, content=content)
        created += 1
    return created
