"""A believable demo registry: Kabupaten Klaten with its OPDs, users for every role, partners and
agreements of every kind at every stage.  Idempotent: running it again creates nothing new."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts import roles
from accounts.models import Opd, OpdMembership
from agreements import pathing, services
from agreements.choices import Kind, ParentRelation, SigningCapacity, Stage, SubKind
from agreements.models import Agreement, AgreementParty, ContactPerson, DocumentType, Urusan
from partners.choices import PartnerType
from partners.models import Partner, Region

DEMO_PASSWORD = "demo-kerjasama-2026"

# Kabupaten Klaten borders Boyolali (N), Sukoharjo (E), Gunungkidul (S, DIY) and Sleman (W, DIY).
KLATEN_NEIGHBOURS = ["33.09", "33.11", "34.03", "34.04"]

OPDS = [
    ("SETDA-KS", "Bagian Kerja Sama Sekretariat Daerah", "Bagian Kerja Sama"),
    ("DISDIK", "Dinas Pendidikan", "Disdik"),
    ("DINKES", "Dinas Kesehatan", "Dinkes"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("DISHUB", "Dinas Perhubungan", "Dishub"),
    ("DLH", "Dinas Lingkungan Hidup", "DLH"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("DISPARBUDPORA", "Dinas Pariwisata, Kebudayaan, Pemuda dan Olahraga", "Disparbudpora"),
    ("DPKPP", "Dinas Pertanian, Ketahanan Pangan dan Perikanan", "DPKPP"),
    ("DISDAGKOP", "Dinas Perdagangan, Koperasi dan Usaha Kecil Menengah", "Disdagkop UKM"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Bapperida"),
    ("RSUD", "Rumah Sakit Umum Daerah Bagas Waras", "RSUD Bagas Waras"),
]

# username, full name, role, OPD code
USERS = [
    ("kerjasama", "Siti Nurhaliza, S.H.", roles.KERJASAMA_STAFF, "SETDA-KS"),
    ("kabag", "Drs. Hendro Wibowo, M.M.", roles.KERJASAMA_HEAD, "SETDA-KS"),
    ("tkksd", "Ir. Bambang Suryadi", roles.TKKSD_MEMBER, "BAPPERIDA"),
    ("pimpinan", "Sekretaris Daerah (demo)", roles.PIMPINAN, None),
    ("opd_dlh", "Rina Kurniasih, S.T.", roles.OPD_STAFF, "DLH"),
    ("opd_dinkes", "dr. Yusuf Hakim", roles.OPD_STAFF, "DINKES"),
    ("opd_disdik", "Agus Priyanto, S.Pd.", roles.OPD_STAFF, "DISDIK"),
    ("opd_dishub", "Wahyu Setiawan, S.T.", roles.OPD_STAFF, "DISHUB"),
]

PEMDA_NEIGHBOURS = ["33.09", "33.11", "33.72", "34.04", "34.03", "33.12", "33.13", "33.14", "34.71", "34.02", "33.08", "33"]

THIRD_PARTIES = [
    ("PT Bank Pembangunan Daerah Jawa Tengah", PartnerType.BUMD, "Direktur Utama", "Irianto Harko Saputro"),
    ("PT PLN (Persero) Unit Pelaksana Pelayanan Pelanggan Klaten", PartnerType.BUMN, "Manajer", "Dimas Aryo Nugroho"),
    ("PT Telkom Indonesia (Persero) Tbk", PartnerType.BUMN, "General Manager Witel Solo", "Heru Prasetyo"),
    ("PT Pos Indonesia (Persero) KCU Klaten", PartnerType.BUMN, "Kepala Kantor", "Sri Mulyani"),
    ("Universitas Gadjah Mada", PartnerType.PERGURUAN_TINGGI, "Rektor", "Prof. Dr. Ir. Nugroho Hadi"),
    ("Universitas Sebelas Maret", PartnerType.PERGURUAN_TINGGI, "Rektor", "Prof. Dr. Siti Rahayu"),
    ("Universitas Widya Dharma Klaten", PartnerType.PERGURUAN_TINGGI, "Rektor", "Dr. Agung Santoso"),
    ("PT Tirta Investama", PartnerType.BADAN_USAHA, "Direktur", "Andreas Gunawan"),
    ("PT Solusi Parkir Nusantara", PartnerType.BADAN_USAHA, "Direktur Utama", "Rudi Hartono"),
    ("PT Energi Hijau Mandiri", PartnerType.BADAN_USAHA, "Direktur Utama", "Lukas Wiryawan"),
    ("Koperasi Produsen Tani Makmur", PartnerType.KOPERASI, "Ketua", "Sumarno"),
    ("Yayasan Kanker Indonesia Cabang Klaten", PartnerType.ORMAS, "Ketua", "dr. Anita Dewi"),
    ("Palang Merah Indonesia Kabupaten Klaten", PartnerType.ORMAS, "Ketua", "H. Sutrisno"),
    ("PT Bank Rakyat Indonesia (Persero) Tbk Cabang Klaten", PartnerType.BUMN, "Pimpinan Cabang", "Yoga Pratama"),
    ("PT Kereta Api Indonesia (Persero) Daop 6", PartnerType.BUMN, "Executive Vice President", "Bambang Irawan"),
]

VERTICAL = [
    ("Kejaksaan Negeri Klaten", "Kepala Kejaksaan Negeri", "Dr. Rudy Hartanto, S.H., M.H."),
    ("Kantor Pertanahan Kabupaten Klaten", "Kepala Kantor Pertanahan", "Joko Susilo, S.SiT."),
    ("Badan Pusat Statistik Kabupaten Klaten", "Kepala BPS", "Dra. Endang Lestari"),
    ("Kepolisian Resor Klaten", "Kepala Kepolisian Resor", "AKBP Warsono"),
    ("BPJS Kesehatan Kantor Cabang Klaten", "Kepala Cabang", "dr. Ratna Sari"),
]

FOREIGN = [
    ("Kitakyushu City", PartnerType.PEMDA_LUAR_NEGERI, "JP", "Mayor", "Kazuhisa Takeuchi"),
    ("Gyeongju City", PartnerType.PEMDA_LUAR_NEGERI, "KR", "Mayor", "Ju Nak-young"),
    ("Gemeente Deventer", PartnerType.PEMDA_LUAR_NEGERI, "NL", "Burgemeester", "Ron König"),
    ("Japan International Cooperation Agency (JICA)", PartnerType.LEMBAGA_LUAR_NEGERI, "JP", "Chief Representative", "Takeshi Sato"),
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", PartnerType.LEMBAGA_LUAR_NEGERI, "DE", "Country Director", "Anna Müller"),
    ("Korea International Cooperation Agency (KOICA)", PartnerType.LEMBAGA_LUAR_NEGERI, "KR", "Country Director", "Kim Min-jun"),
]

# title, kind, subkind, doc type, OPD, urusan codes, partner key, target stage, years ago signed (legacy)
AGREEMENTS = [
    ("Pengelolaan Sampah Regional di Wilayah Perbatasan", Kind.KSDD_WAJIB, "", "KSB", "DLH", ["2.11"], "33.09", Stage.PELAKSANAAN, None),
    ("Penanganan Banjir Daerah Aliran Sungai Bengawan Solo", Kind.KSDD_WAJIB, "", "KSB", "DPUPR", ["1.03"], "33.11", Stage.PENYUSUNAN_KSB, None),
    ("Penyediaan Air Bersih Lintas Kabupaten", Kind.KSDD_WAJIB, "", "KSB", "DPUPR", ["1.03", "1.04"], "33.72", Stage.PENAWARAN, None),
    ("Pelayanan Kesehatan Rujukan bagi Warga Perbatasan", Kind.KSDD_SUKARELA, "", "KSB", "DINKES", ["1.02"], "34.04", Stage.PELAKSANAAN, 2),
    ("Pengembangan Destinasi Wisata Candi Prambanan", Kind.KSDD_SUKARELA, "", "KSB", "DISPARBUDPORA", ["3.26", "2.22"], "34.04", Stage.PELAKSANAAN, 3),
    ("Pertukaran Data Kependudukan untuk Pelayanan Publik", Kind.KSDD_SUKARELA, "", "KSB", "DISDUKCAPIL", ["2.12"], "33.72", Stage.DIAJUKAN, None),
    ("Peningkatan Mutu Pendidikan Anak Usia Dini", Kind.KSDD_SUKARELA, "", "KSB", "DISDIK", ["1.01"], "34.71", Stage.PERSIAPAN, None),
    ("Pengembangan Transportasi Aglomerasi Solo Raya", Kind.KSDD_SUKARELA, "", "KSB", "DISHUB", ["2.15"], "33.72", Stage.PENANDATANGANAN_KSB, None),
    ("Pemasaran Bersama Produk Pertanian Organik", Kind.KSDD_SUKARELA, "", "KSB", "DPKPP", ["3.27", "2.09"], "33.12", Stage.BERAKHIR, 7),
    ("Pengendalian Kebakaran Hutan Lereng Merapi", Kind.KSDD_SUKARELA, "", "KSB", "DLH", ["3.28", "1.05"], "33.08", Stage.AKAN_BERAKHIR, 5),
    ("Penguatan Jaringan Perpustakaan Daerah", Kind.KSDD_SUKARELA, "", "KSB", "DISDIK", ["2.23"], "33.13", Stage.DITOLAK, None),
    ("Pembinaan Atlet Berprestasi Tingkat Regional", Kind.KSDD_SUKARELA, "", "KSB", "DISPARBUDPORA", ["2.19"], "33.14", Stage.DITARIK, None),
    ("Kerja Sama Pembangunan Kawasan Perbatasan Jawa Tengah–DIY", Kind.KSDD_WAJIB, "", "KSB", "BAPPERIDA", ["1.03"], "33", Stage.PELAKSANAAN, 1),
    ("Pengembangan Sistem Pembayaran Nontunai Pajak Daerah", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISKOMINFO", ["2.16"], "PT Bank Pembangunan Daerah Jawa Tengah", Stage.PELAKSANAAN, 2),
    ("Penyediaan Jaringan Internet Desa", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISKOMINFO", ["2.16", "2.13"], "PT Telkom Indonesia (Persero) Tbk", Stage.PENYUSUNAN_KSB, None),
    ("Penerangan Jalan Umum Hemat Energi", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISHUB", ["2.15", "3.29"], "PT PLN (Persero) Unit Pelaksana Pelayanan Pelanggan Klaten", Stage.DIKEMBALIKAN, None),
    ("Pengembangan Sumber Daya Manusia dan Penelitian Terapan", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "BAPPERIDA", ["1.01"], "Universitas Gadjah Mada", Stage.PELAKSANAAN, 3),
    ("Kuliah Kerja Nyata Tematik Penurunan Stunting", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DINKES", ["1.02", "2.14"], "Universitas Sebelas Maret", Stage.AKAN_BERAKHIR, 3),
    ("Pengelolaan Parkir Tepi Jalan Umum Berbasis Elektronik", Kind.KSDPK, SubKind.PENGELOLAAN_ASET, "KONTRAK", "DISHUB", ["2.15"], "PT Solusi Parkir Nusantara", Stage.PERSETUJUAN_DPRD, None),
    ("Pembangunan Pembangkit Listrik Tenaga Sampah", Kind.KSDPK, SubKind.INVESTASI, "KONTRAK", "DLH", ["2.11", "3.29"], "PT Energi Hijau Mandiri", Stage.DIAJUKAN, None),
    ("Konservasi Sumber Mata Air Cokro", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DLH", ["2.11"], "PT Tirta Investama", Stage.PELAKSANAAN, 4),
    ("Penguatan Kelembagaan Koperasi Petani", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISDAGKOP", ["2.17", "3.27"], "Koperasi Produsen Tani Makmur", Stage.PERSIAPAN, None),
    ("Deteksi Dini Kanker Serviks dan Payudara", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "RSUD", ["1.02"], "Yayasan Kanker Indonesia Cabang Klaten", Stage.BERAKHIR, 6),
    ("Pelayanan Donor Darah dan Kesiapsiagaan Bencana", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DINKES", ["1.02", "1.05"], "Palang Merah Indonesia Kabupaten Klaten", Stage.PENANDATANGANAN_KSB, None),
    ("Penyaluran Kredit Usaha Rakyat bagi UMKM", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISDAGKOP", ["2.17"], "PT Bank Rakyat Indonesia (Persero) Tbk Cabang Klaten", Stage.DIAKHIRI, 2),
    ("Penataan Kawasan Stasiun Klaten", Kind.KSDPK, SubKind.PENGELOLAAN_ASET, "KONTRAK", "DPUPR", ["1.03", "2.15"], "PT Kereta Api Indonesia (Persero) Daop 6", Stage.PELAKSANAAN, 1),
    ("Layanan Pos Keliling Dokumen Kependudukan", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISDUKCAPIL", ["2.12"], "PT Pos Indonesia (Persero) KCU Klaten", Stage.PENAWARAN, None),
    ("Kota Kembar Klaten–Kitakyushu di Bidang Lingkungan Hidup", Kind.KSDPL, SubKind.KAB_KOTA_KEMBAR, "MOU", "DLH", ["2.11"], "Kitakyushu City", Stage.VERIFIKASI_MENTERI, None),
    ("Pertukaran Budaya dan Pariwisata Klaten–Gyeongju", Kind.KSDPL, SubKind.KAB_KOTA_KEMBAR, "MOU", "DISPARBUDPORA", ["2.22", "3.26"], "Gyeongju City", Stage.PELAKSANAAN, 2),
    ("Pengelolaan Air Minum Berkelanjutan dengan Deventer", Kind.KSDPL, SubKind.KSDPL_LAINNYA, "MOU", "DPUPR", ["1.03"], "Gemeente Deventer", Stage.PERNYATAAN_KEHENDAK, None),
    ("Peningkatan Kapasitas Penanggulangan Bencana", Kind.KSDLL, SubKind.PENERUSAN, "MOU", "BAPPERIDA", ["1.05"], "Japan International Cooperation Agency (JICA)", Stage.PELAKSANAAN, 1),
    ("Pendidikan Vokasi Dual System", Kind.KSDLL, SubKind.PERSETUJUAN_PUSAT, "MOU", "DISDIK", ["1.01", "2.07"], "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", Stage.PEMBAHASAN_NASKAH, None),
    ("Pengembangan Kota Cerdas", Kind.KSDLL, SubKind.PERSETUJUAN_PUSAT, "MOU", "DISKOMINFO", ["2.16"], "Korea International Cooperation Agency (KOICA)", Stage.PENJAJAKAN, None),
    ("Pendampingan Hukum Bidang Perdata dan Tata Usaha Negara", Kind.SINERGI, "", "NK", "SETDA-KS", ["1.05"], "Kejaksaan Negeri Klaten", Stage.PELAKSANAAN, 2),
    ("Percepatan Pendaftaran Tanah Sistematis Lengkap", Kind.SINERGI, "", "NK", "DPUPR", ["2.10"], "Kantor Pertanahan Kabupaten Klaten", Stage.PENYUSUNAN_NOTA, None),
    ("Penyediaan Data Statistik Sektoral", Kind.SINERGI, "", "NK", "BAPPERIDA", ["2.20"], "Badan Pusat Statistik Kabupaten Klaten", Stage.PELAKSANAAN, 1),
    ("Pengamanan Kegiatan Pemerintahan dan Ketertiban Umum", Kind.SINERGI, "", "NK", "SETDA-KS", ["1.05"], "Kepolisian Resor Klaten", Stage.DIAJUKAN, None),
    ("Jaminan Kesehatan bagi Penduduk Tidak Mampu", Kind.SINERGI, "", "NK", "DINKES", ["1.02", "1.06"], "BPJS Kesehatan Kantor Cabang Klaten", Stage.BERAKHIR, 6),
    ("Pemanfaatan Barang Milik Daerah untuk Menara Telekomunikasi", Kind.LAINNYA, "", "KONTRAK", "DISKOMINFO", ["2.16"], "PT Telkom Indonesia (Persero) Tbk", Stage.PELAKSANAAN, 2),
    ("Pengembangan Pasar Rakyat Modern", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISDAGKOP", ["3.30"], "PT Bank Pembangunan Daerah Jawa Tengah", Stage.PENYUSUNAN_KSB, None),
    ("Program Sekolah Adiwiyata", Kind.KSDD_SUKARELA, "", "KSB", "DISDIK", ["1.01", "2.11"], "34.02", Stage.DIKEMBALIKAN, None),
    ("Pengembangan Sentra Industri Kecil Lurik", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISDAGKOP", ["3.31", "2.17"], "Universitas Widya Dharma Klaten", Stage.PELAKSANAAN, 1),
    ("Penanggulangan Penyakit Menular Lintas Batas", Kind.KSDD_WAJIB, "", "KSB", "DINKES", ["1.02"], "33.09", Stage.PELAKSANAAN, 2),
    ("Sistem Informasi Kepegawaian Terintegrasi", Kind.KSDD_SUKARELA, "", "KSB", "DISKOMINFO", ["2.16"], "34.71", Stage.BERAKHIR, 6),
    ("Pengembangan Desa Wisata Berbasis Masyarakat", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "DISPARBUDPORA", ["3.26", "2.13"], "Universitas Sebelas Maret", Stage.DIAJUKAN, None),
    ("Pemanfaatan Lahan Pasar Hewan untuk Rest Area", Kind.KSDPK, SubKind.PENGELOLAAN_ASET, "KONTRAK", "DISDAGKOP", ["3.30"], "PT Tirta Investama", Stage.PENYUSUNAN_PKS, None),
    ("Pengelolaan Bank Sampah Terpadu", Kind.KSDD_SUKARELA, "", "KSB", "DLH", ["2.11"], "33.13", Stage.PENAWARAN, None),
    ("Peningkatan Literasi Digital Aparatur", Kind.SINERGI, "", "NK", "DISKOMINFO", ["2.16"], "Badan Pusat Statistik Kabupaten Klaten", Stage.PENAWARAN, None),
    ("Pengembangan Agrowisata Lereng Merapi", Kind.KSDD_SUKARELA, "", "KSB", "DPKPP", ["3.27", "3.26"], "34.04", Stage.AKAN_BERAKHIR, 5),
    ("Pengembangan Rumah Sakit Pendidikan", Kind.KSDPK, SubKind.LAYANAN_PUBLIK, "KSB", "RSUD", ["1.02", "1.01"], "Universitas Gadjah Mada", Stage.PENANDATANGANAN_KSB, None),
]

# PKS under the KSB with the given title: title, OPD, target stage, DPRD needed
PKS = [
    ("Pengelolaan Sampah Regional di Wilayah Perbatasan", "Pengangkutan Sampah ke TPA Regional Putri Cempo", "DLH", Stage.PELAKSANAAN, True),
    ("Pengelolaan Sampah Regional di Wilayah Perbatasan", "Pengolahan Sampah Menjadi Kompos", "DLH", Stage.PENYUSUNAN_PKS, False),
    ("Pelayanan Kesehatan Rujukan bagi Warga Perbatasan", "Rujukan Pasien Gawat Darurat ke RSUD Sleman", "RSUD", Stage.PELAKSANAAN, False),
    ("Pengembangan Sistem Pembayaran Nontunai Pajak Daerah", "Penyediaan Kanal Pembayaran Pajak Bumi dan Bangunan", "DISKOMINFO", Stage.PERSETUJUAN_DPRD, True),
    ("Pengembangan Sistem Pembayaran Nontunai Pajak Daerah", "Penyediaan Layanan QRIS Retribusi Pasar", "DISDAGKOP", Stage.PENANDATANGANAN_PKS, False),
    ("Pengembangan Sumber Daya Manusia dan Penelitian Terapan", "Beasiswa Pendidikan Magister Aparatur", "BAPPERIDA", Stage.PELAKSANAAN, False),
    ("Pengembangan Destinasi Wisata Candi Prambanan", "Pengelolaan Paket Wisata Terpadu Candi Plaosan", "DISPARBUDPORA", Stage.DIAJUKAN, False),
    ("Konservasi Sumber Mata Air Cokro", "Penanaman Pohon di Daerah Tangkapan Air", "DLH", Stage.PELAKSANAAN, False),
    ("Kuliah Kerja Nyata Tematik Penurunan Stunting", "Pendampingan Keluarga Berisiko Stunting", "DINKES", Stage.PERSIAPAN, False),
    ("Kerja Sama Pembangunan Kawasan Perbatasan Jawa Tengah–DIY", "Peningkatan Jalan Penghubung Prambanan–Manisrenggo", "DPUPR", Stage.PENYUSUNAN_PKS, True),
]

# A foreign extension on its own path (Permendagri 25/2020 Pasal 33): parent title, target stage.
FOREIGN_EXTENSIONS = [("Pertukaran Budaya dan Pariwisata Klaten–Gyeongju", Stage.JAWABAN_PERPANJANGAN)]


class Command(BaseCommand):
    help = "Load the demo pemda (Kabupaten Klaten): OPDs, users of every role, partners and agreements. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        call_command("load_reference_data", verbosity=0)
        # Demo transitions would otherwise print one e-mail each on the console backend.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", KERJASAMA_MAIL_ASYNC=False),
            transaction.atomic(),
        ):
            opds = self._opds()
            users = self._users(opds)
            partners = self._partners()
            self._neighbours()
            created = self._agreements(opds, users, partners)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"demo data: {Opd.objects.count()} OPD, {Partner.objects.count()} partners, "
                f"{Agreement.objects.count()} agreements ({created} new)"
            )
            if not options["quiet_logins"]:
                self._print_logins()

    def _neighbours(self):
        """Klaten's adjacent regions (PP 28/2018 Pasal 3(2)): Boyolali, Sukoharjo, Gunungkidul, Sleman."""
        from agreements.models import AdjacentRegion

        home = settings.PEMDA["region_code"]
        if home != "33.10":  # the demo's map is Klaten's only
            return
        for code in KLATEN_NEIGHBOURS:
            if Region.objects.filter(code=code).exists() and not AdjacentRegion.adjacent(home, code):
                AdjacentRegion.objects.create(region_id=home, neighbour_id=code)

    def _print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write("  admin         superuser                       http://127.0.0.1:8000/admin/")
        for username, _name, role, opd in USERS:
            where = "http://127.0.0.1:8000/admin/" if role != roles.OPD_STAFF else "http://127.0.0.1:8000/"
            self.stdout.write(f"  {username:<13} {role + (' — ' + opd if opd else ''):<31} {where}")
        self.stdout.write("")

    def _opds(self):
        opds = {}
        for code, name, short in OPDS:
            opd, _ = Opd.objects.get_or_create(
                code=code, defaults={"name": name, "short_name": short, "head_title": f"Kepala {name}", "head_name": ""}
            )
            opds[code] = opd
        return opds

    def _users(self, opds):
        User = get_user_model()
        users = {}
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.go.id", DEMO_PASSWORD, first_name="Administrator")
        for username, full_name, role, opd_code in USERS:
            first, _, last = full_name.partition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.go.id",
                    "is_staff": role != roles.OPD_STAFF,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=role))
                if opd_code:
                    OpdMembership.objects.create(user=user, opd=opds[opd_code])
            users[username] = user
        return users

    def _partners(self):
        partners = {}
        for code in PEMDA_NEIGHBOURS:
            region = Region.objects.get(code=code)
            short = region.name.replace("Kabupaten ", "").replace("Kota ", "")
            partner, _ = Partner.objects.get_or_create(
                partner_type=PartnerType.PEMDA,
                region=region,
                defaults={
                    "name": region.government_name,
                    "leader_title": f"{region.head_title} {short}",
                    "leader_name": f"Kepala Daerah {short}",
                },
            )
            partners[code] = partner
        for name, ptype, title, leader in THIRD_PARTIES:
            partners[name], _ = Partner.objects.get_or_create(
                name=name, defaults={"partner_type": ptype, "leader_title": title, "leader_name": leader, "city": "Klaten"}
            )
        for name, title, leader in VERTICAL:
            partners[name], _ = Partner.objects.get_or_create(
                name=name,
                defaults={"partner_type": PartnerType.INSTANSI_VERTIKAL, "leader_title": title, "leader_name": leader},
            )
        for name, ptype, country, title, leader in FOREIGN:
            partners[name], _ = Partner.objects.get_or_create(
                name=name, defaults={"partner_type": ptype, "country": country, "leader_title": title, "leader_name": leader}
            )
        return partners

    def _new_agreement(self, title, kind, subkind, doc_code, opd, urusan, partner, creator, parent=None, dprd=False):
        home = Partner.objects.get(is_home=True)
        today = datetime.date.today()
        agreement = Agreement.objects.create(
            kind=kind,
            subkind=subkind,
            document_type=DocumentType.objects.get(code=doc_code),
            title=title,
            purpose=f"Meningkatkan efektivitas dan efisiensi penyelenggaraan urusan melalui kerja sama tentang {title.lower()}.",
            scope=f"Perencanaan, pelaksanaan, serta monitoring dan evaluasi kegiatan {title.lower()}.",
            benefits="Peningkatan kualitas pelayanan publik dan efisiensi anggaran daerah.",
            location=f"{settings.PEMDA['short_name']} dan wilayah mitra",
            opd_initiator=opd,
            parent=parent,
            parent_relation=ParentRelation.PELAKSANAAN if parent else "",
            regime_reference="PP 27/2014 jo. PP 28/2020; Permendagri 19/2016" if doc_code == "KONTRAK" else "",
            no_ksb_reason="Kerja sama pemanfaatan aset daerah mengikuti rezim sektoral (PP 28/2018 Pasal 15(3))."
            if doc_code == "KONTRAK" and kind == Kind.KSDPK
            else "",
            funding_source="bersama" if kind != Kind.SINERGI else "apbd",
            value=250_000_000 * (1 + len(title) % 7),
            not_budgeted=dprd,
            duration_text="5 (lima) tahun" if kind not in Kind.foreign() else "3 (tiga) tahun",
            start_date=None,
            end_date=None,
            created_by=creator,
        )
        agreement.urusan.set(Urusan.objects.filter(code__in=urusan))
        AgreementParty.objects.create(
            agreement=agreement,
            partner=home,
            order=1,
            role_label="PIHAK KESATU",
            signatory_name=settings.PEMDA["head_name"] if doc_code != "PKS" else f"Kepala {opd.name}",
            signatory_title=settings.PEMDA["head_title"] if doc_code != "PKS" else f"Kepala {opd.name}",
            signing_capacity=SigningCapacity.KEPALA_DAERAH if doc_code != "PKS" else SigningCapacity.KUASA,
            power_of_attorney="" if doc_code != "PKS" else f"180/{today.year}/SK-KUASA",
        )
        AgreementParty.objects.create(
            agreement=agreement,
            partner=partner,
            order=2,
            role_label="PIHAK KEDUA",
            signatory_name=partner.leader_name,
            signatory_title=partner.leader_title,
            signing_capacity=SigningCapacity.KEPALA_DAERAH if partner.partner_type == PartnerType.PEMDA else SigningCapacity.PIMPINAN,
            needs_stamp_duty=not partner.is_foreign,
        )
        ContactPerson.objects.create(agreement=agreement, name="Rina Kurniasih, S.T.", position="Analis Kerja Sama", phone="0812-2700-1111", email="rina.kurniasih@example.go.id")
        ContactPerson.objects.create(agreement=agreement, name="Dwi Prasetyo", position=f"Kepala Bidang pada {opd.short_name}", phone="0813-2900-2222", email="dwi.prasetyo@example.go.id")
        services.record_creation(agreement, creator)
        return agreement

    def _agreements(self, opds, users, partners):
        created = 0
        reviewer, tkksd, kabag = users["kerjasama"], users["tkksd"], users["kabag"]
        opd_user = {m.opd_id: m.user for m in OpdMembership.objects.select_related("user") if m.user.groups.filter(name=roles.OPD_STAFF).exists()}
        today = datetime.date.today()
        for title, kind, subkind, doc, opd_code, urusan, partner_key, target, years_ago in AGREEMENTS:
            if Agreement.objects.filter(title=title, parent__isnull=True).exists():
                continue
            opd = opds[opd_code]
            creator = opd_user.get(opd.pk, kabag)
            agreement = self._new_agreement(title, kind, subkind, doc, opd, urusan, partners[partner_key], creator)
            created += 1
            self._move(agreement, target, years_ago, creator, reviewer, kabag, tkksd, today)
        for parent_title, title, opd_code, target, dprd in PKS:
            if Agreement.objects.filter(title=title).exists():
                continue
            parent = Agreement.objects.filter(title=parent_title, parent__isnull=True).first()
            if parent is None or not parent.is_signed:
                continue
            opd = opds[opd_code]
            creator = opd_user.get(opd.pk, kabag)
            partner = parent.partner_parties[0].partner
            child = self._new_agreement(
                title, parent.kind, parent.subkind, "PKS", opd, list(parent.urusan.values_list("code", flat=True)), partner, creator, parent=parent, dprd=dprd
            )
            child.end_date = parent.end_date
            child.duration_text = "Sampai dengan berakhirnya Kesepakatan Bersama"
            child.start_date = max(parent.start_date, today - datetime.timedelta(days=200)) if parent.start_date else None
            child.save()
            created += 1
            self._move(child, target, None, creator, reviewer, kabag, tkksd, today)
        for parent_title, target in FOREIGN_EXTENSIONS:
            title = f"Perpanjangan {parent_title}"
            parent = Agreement.objects.filter(title=parent_title, parent__isnull=True).first()
            if Agreement.objects.filter(title=title).exists() or parent is None or not parent.is_signed:
                continue
            creator = opd_user.get(parent.opd_initiator_id, kabag)
            child = services.create_child(parent, creator, ParentRelation.PERPANJANGAN, parent.document_type, title=title)
            created += 1
            self._move(child, target, None, creator, reviewer, kabag, tkksd, today)
        Agreement.objects.filter(stage__in=Stage.signed()).update(is_published=True)
        return created

    def _move(self, agreement, target, years_ago, creator, reviewer, kabag, tkksd, today):
        if years_ago is not None:
            # An agreement signed years ago, entered from the legacy register.
            start = today.replace(year=today.year - years_ago) - datetime.timedelta(days=40 * years_ago)
            term = 5 if agreement.kind not in Kind.foreign() else 3
            end = start.replace(year=start.year + term) - datetime.timedelta(days=1)
            if target == Stage.AKAN_BERAKHIR:
                end = today + datetime.timedelta(days=45)
            agreement.signing_date = start
            agreement.signing_place = "Klaten"
            agreement.start_date, agreement.end_date = start, end
            agreement.duration_months = term * 12
            agreement.save()
            for party in agreement.parties.all():
                party.document_number = f"{100 + agreement.pk}/{party.order}/{start.year}"
                party.save()
            stage = Stage.DIAKHIRI if target == Stage.DIAKHIRI else Stage.PELAKSANAAN
            if target == Stage.DIAKHIRI:
                services.register_imported(agreement, reviewer, Stage.PELAKSANAAN, "register-kerja-sama-2019-2024.xlsx")
                services.terminate(agreement, kabag, "kesepakatan_para_pihak", "Disepakati para pihak karena program dialihkan ke APBN.")
            else:
                services.register_imported(agreement, reviewer, stage, "register-kerja-sama-2019-2024.xlsx")
            return
        if target == Stage.PERSIAPAN:
            return
        if target in (Stage.DITOLAK, Stage.DITARIK, Stage.DIKEMBALIKAN):
            pathing.drive_to(agreement, Stage.DIAJUKAN, submitter=creator, reviewer=reviewer, tkksd=tkksd)
            if target == Stage.DITOLAK:
                services.reject(agreement, reviewer, "Objek kerja sama belum tercantum dalam RKPD dan tidak termasuk pengecualian.")
            elif target == Stage.DITARIK:
                services.withdraw(agreement, creator, "Ditarik karena perubahan prioritas program.")
            else:
                services.return_for_revision(agreement, reviewer, "Lengkapi rincian pembiayaan dan perbaiki ruang lingkup pada KAK.")
            return
        if target == Stage.PERSETUJUAN_DPRD and not agreement.dprd_required:
            agreement.burdens_community = True
            agreement.save()
        if target == Stage.PELAKSANAAN and agreement.end_date is None:
            agreement.start_date = today - datetime.timedelta(days=120)
            agreement.end_date = agreement.start_date.replace(year=agreement.start_date.year + 3) - datetime.timedelta(days=1)
            agreement.duration_text = "3 (tiga) tahun"
            agreement.save()
        pathing.drive_to(
            agreement, target, submitter=creator, reviewer=reviewer, tkksd=tkksd,
            signing_date=today - datetime.timedelta(days=120) if target == Stage.PELAKSANAAN else None,
        )
