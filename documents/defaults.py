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
# A sectoral KSDPK contract (aset, investasi, infrastruktur, pengadaan) runs under its own regime.
LEGAL_BASIS = (
    "{% if sektoral and rezim %}bahwa kerja sama ini dilaksanakan berdasarkan {{ rezim }} serta Peraturan "
    "Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah sepanjang tidak diatur lain dalam ketentuan "
    "tersebut.{% else %}" + LEGAL_BASIS_DOMESTIC + "{% endif %}"
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
                '- penyelesaian perselisihan{% if kode_jenis == "ksdpk" %};\n- sanksi{% endif %}.'
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
    + "{% if induk.judul %}bahwa sebagai tindak lanjut {{ induk.jenis }} sebagaimana dimaksud di atas, PARA PIHAK "
    "perlu menetapkan hak dan kewajiban masing-masing dalam suatu Perjanjian Kerja Sama;{% else %}bahwa PARA PIHAK "
    "perlu menetapkan hak dan kewajiban masing-masing dalam suatu Perjanjian Kerja Sama;{% endif %}\n\n"
    + LEGAL_BASIS,
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
    "title_en": "ADDENDUM",
    "recitals_en": (
        "{% if induk.judul %}that THE PARTIES have signed the {{ induk.jenis }} on {{ induk.judul }} Number "
        "{{ induk.nomor }} dated {{ induk.tanggal }};\n\n{% endif %}that, based on the evaluation of the "
        "cooperation, THE PARTIES consider it necessary to amend certain provisions of the {{ induk.jenis }}."
    ),
    "formula_en": (
        "Now, therefore, THE PARTIES agree to conclude the {{ adendum_ke|lower|capfirst }} Addendum to the "
        "{{ induk.jenis }} on {{ induk.judul }}, as follows:"
    ),
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
            "heading_en": "AMENDMENT",
            "body_en": (
                "The provisions of the {{ induk.jenis }} Number {{ induk.nomor }} are amended as follows:\n"
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
            "heading_en": "OTHER PROVISIONS",
            "body_en": (
                "The provisions of the {{ induk.jenis }} not amended by this Addendum remain in force and binding on "
                "THE PARTIES.\n\nThis Addendum forms an integral part of the {{ induk.jenis }} on {{ induk.judul }}."
            ),
        },
        {
            "heading": "PENUTUP",
            "body": (
                "Adendum ini mulai berlaku sejak tanggal ditandatangani oleh PARA PIHAK, dibuat dalam rangkap "
                "{{ rangkap }} asli, masing-masing bermeterai cukup dan mempunyai kekuatan hukum yang sama."
            ),
            "heading_en": "FINAL PROVISIONS",
            "body_en": (
                "This Addendum enters into force on the date of signing by THE PARTIES and is made in {{ rangkap }} "
                "originals, all having the same legal force."
            ),
        },
    ],
}

FOREIGN_LEGAL_BASIS = (
    "bahwa kerja sama ini dilaksanakan berdasarkan Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama "
    "Daerah dan Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020 tentang Tata Cara Kerja Sama Daerah dengan "
    "Pemerintah Daerah di Luar Negeri dan Kerja Sama Daerah dengan Lembaga di Luar Negeri."
)
FOREIGN_LEGAL_BASIS_EN = (
    "that this cooperation is carried out under Government Regulation Number 28 of 2018 on Regional Cooperation "
    "and Regulation of the Minister of Home Affairs Number 25 of 2020 on Procedures for Regional Cooperation with "
    "Foreign Local Governments and Foreign Institutions, and the laws and regulations of each PARTY."
)
RECITAL_PARTIES_EN = "{% for pihak in para_pihak %}that the {{ pihak.sebutan }} is {{ pihak.keterangan }};\n\n{% endfor %}"


def _en(clause, heading_en, body_en):
    return dict(clause, heading_en=heading_en, body_en=body_en)


NASKAH = {
    "name": "Naskah Kerja Sama luar negeri (MoU)",
    "document_flow": "naskah",
    "kind": "",
    "title": "NOTA KESEPAHAMAN",
    "title_en": "MEMORANDUM OF UNDERSTANDING",
    "connector": "DAN",
    "recitals": RECITAL_PARTIES
    + "bahwa PARA PIHAK berkeinginan mempererat hubungan persahabatan dan kerja sama yang saling menguntungkan "
    "atas dasar kesetaraan;\n\n" + FOREIGN_LEGAL_BASIS,
    "recitals_en": RECITAL_PARTIES_EN
    + "that THE PARTIES wish to strengthen their friendship and mutually beneficial cooperation on the basis of "
    "equality;\n\n" + FOREIGN_LEGAL_BASIS_EN,
    "formula": (
        "Berdasarkan hal-hal tersebut di atas, PARA PIHAK sepakat untuk mengadakan Nota Kesepahaman tentang "
        "{{ judul }}, dengan ketentuan sebagai berikut:"
    ),
    "formula_en": "Now, therefore, THE PARTIES have agreed to conclude this Memorandum of Understanding on {{ judul }}, "
    "as follows:",
    "clauses": [
        _en(
            purpose("Nota Kesepahaman"),
            "PURPOSE AND OBJECTIVES",
            "This Memorandum of Understanding is intended as the basis for THE PARTIES to carry out cooperation on "
            "{{ judul }}.\n\n{% if maksud %}This Memorandum of Understanding aims: {{ maksud }}{% else %}This "
            "Memorandum of Understanding aims to improve the welfare of the people of THE PARTIES.{% endif %}",
        ),
        _en(
            scope("Nota Kesepahaman"),
            "SCOPE",
            "The scope of this Memorandum of Understanding covers:\n{{ ruang_lingkup|default:judul }}"
            "{% if lokasi %}\n\nThe cooperation is carried out in {{ lokasi }}.{% endif %}",
        ),
        {
            "heading": "PELAKSANAAN",
            "body": (
                "Nota Kesepahaman ini dilaksanakan sesuai dengan Rencana Kerja Sama yang disepakati PARA PIHAK.\n\n"
                "Pelaksanaan Nota Kesepahaman ini tunduk pada hukum dan peraturan perundang-undangan yang berlaku "
                "di negara masing-masing PIHAK."
            ),
            "heading_en": "IMPLEMENTATION",
            "body_en": (
                "This Memorandum of Understanding is implemented in accordance with the Cooperation Plan agreed by "
                "THE PARTIES.\n\nThe implementation of this Memorandum of Understanding is subject to the laws and "
                "regulations in force in the country of each PARTY."
            ),
        },
        _en(
            funding("Nota Kesepahaman"),
            "FUNDING",
            "The costs arising from the implementation of this Memorandum of Understanding are borne by "
            "{% if sumber_dana %}{{ sumber_dana }}{% else %}each PARTY's own budget{% endif %} in accordance with the "
            "applicable laws and regulations.{% if nilai %}\n\nThe value of the cooperation referred to in "
            "paragraph (1) is {{ nilai }}.{% endif %}",
        ),
        {
            "heading": "KELOMPOK KERJA BERSAMA",
            "body": (
                "PARA PIHAK membentuk kelompok kerja bersama untuk merencanakan, mengoordinasikan, dan memantau "
                "pelaksanaan Nota Kesepahaman ini.\n\n"
                "Kelompok kerja bersama melaporkan hasil kerjanya kepada PARA PIHAK paling sedikit 1 (satu) kali "
                "dalam 1 (satu) tahun."
            ),
            "heading_en": "JOINT WORKING GROUP",
            "body_en": (
                "THE PARTIES establish a joint working group to plan, coordinate and monitor the implementation of "
                "this Memorandum of Understanding.\n\nThe joint working group reports to THE PARTIES at least "
                "1 (one) time in 1 (one) year."
            ),
        },
        {
            "heading": "PENYELESAIAN PERSELISIHAN",
            "body": (
                "Setiap perbedaan penafsiran atau perselisihan yang timbul dari pelaksanaan Nota Kesepahaman ini "
                "diselesaikan secara damai melalui konsultasi dan negosiasi antara PARA PIHAK."
            ),
            "heading_en": "SETTLEMENT OF DISPUTES",
            "body_en": (
                "Any difference in interpretation or dispute arising from the implementation of this Memorandum of "
                "Understanding shall be settled amicably through consultation and negotiation between THE PARTIES."
            ),
        },
        {
            "heading": "AMANDEMEN",
            "body": (
                "Nota Kesepahaman ini dapat diubah sewaktu-waktu atas persetujuan tertulis PARA PIHAK. Perubahan "
                "tersebut merupakan bagian yang tidak terpisahkan dari Nota Kesepahaman ini."
            ),
            "heading_en": "AMENDMENT",
            "body_en": (
                "This Memorandum of Understanding may be amended at any time by written consent of THE PARTIES. Such "
                "amendment forms an integral part of this Memorandum of Understanding."
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
            "heading_en": "ENTRY INTO FORCE, EXTENSION AND TERMINATION",
            "body_en": (
                "This Memorandum of Understanding enters into force on the date of signing for a period of "
                "{{ jangka_waktu }}.\n\nThis Memorandum of Understanding may be extended by agreement of THE PARTIES; "
                "a request for extension is submitted at least 6 (six) months before it expires.\n\n"
                "Either PARTY may terminate this Memorandum of Understanding by written notice to the other PARTY at "
                "least 6 (six) months in advance."
            ),
        },
        {
            "heading": "PENUTUP",
            "body": (
                "Nota Kesepahaman ini ditandatangani di {{ tempat }} dalam rangkap {{ rangkap }} asli dalam bahasa "
                "Indonesia dan bahasa Inggris; semua naskah mempunyai kekuatan hukum yang sama."
            ),
            "heading_en": "FINAL PROVISIONS",
            "body_en": (
                "This Memorandum of Understanding is signed in {{ tempat }} in {{ rangkap }} originals in the "
                "Indonesian and English languages, all texts being equally authentic."
            ),
        },
    ],
}

LOI = {
    "name": "Pernyataan Kehendak Kerja Sama (LoI)",
    "document_flow": "loi",
    "kind": "",
    "title": "PERNYATAAN KEHENDAK KERJA SAMA",
    "title_en": "LETTER OF INTENT",
    "connector": "DAN",
    "recitals": RECITAL_PARTIES + FOREIGN_LEGAL_BASIS,
    "recitals_en": RECITAL_PARTIES_EN + FOREIGN_LEGAL_BASIS_EN,
    "formula": "PARA PIHAK menyatakan kehendak untuk menjalin kerja sama tentang {{ judul }} sebagai berikut:",
    "formula_en": "THE PARTIES state their intent to cooperate on {{ judul }} as follows:",
    "clauses": [
        {
            "heading": "BIDANG KERJA SAMA",
            "body": "PARA PIHAK berkehendak bekerja sama dalam bidang:\n{{ ruang_lingkup|default:judul }}",
            "heading_en": "AREAS OF COOPERATION",
            "body_en": "THE PARTIES intend to cooperate in the following areas:\n{{ ruang_lingkup|default:judul }}",
        },
        {
            "heading": "TINDAK LANJUT",
            "body": (
                "PARA PIHAK akan menyusun Rencana Kerja Sama dan rancangan naskah kerja sama sesuai dengan "
                "ketentuan peraturan perundang-undangan masing-masing PIHAK.\n\n"
                "Pernyataan Kehendak ini tidak menimbulkan hak dan kewajiban yang mengikat secara hukum."
            ),
            "heading_en": "FOLLOW-UP",
            "body_en": (
                "THE PARTIES will prepare a Cooperation Plan and a draft cooperation agreement in accordance with the "
                "laws and regulations of each PARTY.\n\nThis Letter of Intent does not create legally binding "
                "rights and obligations."
            ),
        },
        {
            "heading": "PENUTUP",
            "body": (
                "Pernyataan Kehendak ini ditandatangani di {{ tempat }} dalam rangkap {{ rangkap }} dalam bahasa "
                "Indonesia dan bahasa Inggris; semua naskah sama otentiknya."
            ),
            "heading_en": "FINAL PROVISIONS",
            "body_en": (
                "This Letter of Intent is signed in {{ tempat }} in {{ rangkap }} originals in the Indonesian and "
                "English languages, all texts being equally authentic."
            ),
        },
    ],
}

DEFAULT_TEMPLATES = [KSB, PKS, NOTA, ADENDUM, NASKAH, LOI]


CONTENT_KEYS = ("title", "connector", "recitals", "formula", "title_en", "recitals_en", "formula_en")
CLAUSE_KEYS = ("heading", "body", "heading_en", "body_en")


def _content(data):
    content = {key: data.get(key, "") for key in CONTENT_KEYS}
    content["clauses"] = [{key: c.get(key, "") for key in CLAUSE_KEYS} for c in data["clauses"]]
    return content


def _fields(model, keys):
    """The keys the (possibly historical, pre-English) model has."""
    names = {field.name for field in model._meta.get_fields()}
    return [key for key in keys if key in names]


def _write(template, data, Clause):
    for key in _fields(type(template), CONTENT_KEYS):
        setattr(template, key, data.get(key, ""))
    template.save()
    template.clauses.all().delete()
    keys = _fields(Clause, CLAUSE_KEYS)
    for order, clause in enumerate(data["clauses"], start=1):
        Clause.objects.create(template=template, order=order * 10, **{key: clause.get(key, "") for key in keys})


def load_default_templates(ClauseTemplate=None, Clause=None, ClauseTemplateVersion=None):
    """Create the default templates that do not exist yet (by document type and kind), and bring a
    default template nobody has edited (still at its first version) up to the current default text;
    returns the number created or updated.  Takes the model classes so a data migration can pass
    its historical models."""
    if ClauseTemplate is None:
        from .models import Clause, ClauseTemplate, ClauseTemplateVersion
    changed = 0
    english = "title_en" in _fields(ClauseTemplate, CONTENT_KEYS)
    for data in DEFAULT_TEMPLATES:
        content = _content(data)
        if not english:  # migration 0002, before the English fields existed
            content = {k: v for k, v in content.items() if not k.endswith("_en")}
            content["clauses"] = [{"heading": c["heading"], "body": c["body"]} for c in content["clauses"]]
        template = ClauseTemplate.objects.filter(document_flow=data["document_flow"], kind=data["kind"]).first()
        if template is None:
            template = ClauseTemplate(name=data["name"], document_flow=data["document_flow"], kind=data["kind"], version=1)
            _write(template, data, Clause)
            ClauseTemplateVersion.objects.create(template=template, number=1, content=content)
            changed += 1
            continue
        versions = list(ClauseTemplateVersion.objects.filter(template=template).order_by("number"))
        if len(versions) != 1 or versions[0].content == content:
            continue  # edited by the Bagian Kerja Sama, or already current
        _write(template, data, Clause)
        ClauseTemplateVersion.objects.create(template=template, number=2, content=content)
        ClauseTemplate.objects.filter(pk=template.pk).update(version=2)
        changed += 1
    return changed
