"""Demo data for the reports: a pemetaan for several urusan, planning references, planning links
and budget lines, and for the demo's foreign agreements in force their rencana kegiatan tahunan,
monev entries and last year's annual report.  Idempotent: run after ``load_demo`` as often as you
like (rows are keyed by natural keys and updated in place)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Opd
from agreements.choices import Kind, MonevRecommendation, Stage
from agreements.models import Agreement, MonitoringEntry, Urusan
from partners.choices import PartnerType
from reporting.models import (
    AgreementPlanning,
    AnnualActivity,
    BudgetLine,
    ForeignAnnualReport,
    PlanningReference,
    PotentialMapping,
    Priority,
    ReviewStatus,
)
from reporting.services import prefill

# (OPD code, urusan code, potential, partner type, candidates, benefit, priority, status)
MAPPINGS = [
    ("DLH", "2.11", "Pengolahan sampah menjadi energi (RDF) di TPA Troketon", PartnerType.BADAN_USAHA,
     "PT Solusi Bangun Indonesia; PT Energi Hijau Mandiri", "Umur TPA bertambah 10 tahun, biaya angkut turun", Priority.HIGH, ReviewStatus.APPROVED),
    ("DLH", "2.11", "Pemantauan kualitas udara bersama kota kembar", PartnerType.PEMDA_LUAR_NEGERI,
     "Kitakyushu City", "Alih teknologi pemantauan dan peningkatan kapasitas laboratorium", Priority.MEDIUM, ReviewStatus.APPROVED),
    ("DINKES", "1.02", "Skrining stunting dan gizi balita lintas kabupaten", PartnerType.PEMDA,
     "Kabupaten Boyolali; Kabupaten Sukoharjo", "Prevalensi stunting turun 3 poin dalam 2 tahun", Priority.HIGH, ReviewStatus.APPROVED),
    ("DISDIK", "1.01", "Magang guru SMK di industri", PartnerType.BADAN_USAHA,
     "Kawasan industri Ceper", "Kompetensi guru produktif sesuai kebutuhan industri", Priority.MEDIUM, ReviewStatus.SUBMITTED),
    ("DISPARBUDPORA", "3.26", "Promosi desa wisata ke pasar Korea", PartnerType.PEMDA_LUAR_NEGERI,
     "Gyeongju City", "Kunjungan wisman naik 20%", Priority.MEDIUM, ReviewStatus.APPROVED),
    ("DISHUB", "2.15", "Angkutan perdesaan terintegrasi Solo Raya", PartnerType.PEMDA,
     "Kota Surakarta; Kabupaten Sukoharjo", "Waktu tempuh dan biaya perjalanan warga turun", Priority.LOW, ReviewStatus.DRAFT),
    ("BAPPERIDA", "1.05", "Sistem peringatan dini banjir lahar Merapi", PartnerType.LEMBAGA_LUAR_NEGERI,
     "JICA", "Waktu evakuasi lebih panjang, korban jiwa dapat dihindari", Priority.HIGH, ReviewStatus.APPROVED),
]

# (document, level, code, name, OPD code)
REFERENCES = [
    ("rkpd", "program", "2.11.03", "Program Pengelolaan Persampahan", "DLH"),
    ("rkpd", "kegiatan", "2.11.03.2.01", "Pengelolaan Sampah", "DLH"),
    ("rkpd", "sub_kegiatan", "2.11.03.2.01.0004", "Penyediaan Sarana dan Prasarana Pengelolaan Sampah", "DLH"),
    ("rkpd", "program", "3.26.02", "Program Peningkatan Daya Tarik Destinasi Pariwisata", "DISPARBUDPORA"),
    ("rkpd", "sub_kegiatan", "3.26.03.2.01.0002", "Pemasaran Pariwisata Mancanegara", "DISPARBUDPORA"),
    ("rkpd", "program", "1.05.03", "Program Penanggulangan Bencana", "BAPPERIDA"),
    ("rkpd", "sub_kegiatan", "1.05.03.2.01.0001", "Penyusunan Kajian Risiko Bencana", "BAPPERIDA"),
    ("rpjmd", "program", "1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Masyarakat", "DINKES"),
]

FOREIGN = {
    "Pertukaran Budaya dan Pariwisata Klaten–Gyeongju": {
        "mapping": "Promosi desa wisata ke pasar Korea",
        "reference": "3.26.03.2.01.0002",
        "account": "5.1.02.02.01.0029",
        "activities": [
            ("Misi budaya dan pameran kerajinan lurik di Gyeongju", "DISPARBUDPORA menyiapkan delegasi; Gyeongju menyediakan tempat pameran",
             "Kontrak pembelian kerajinan dan promosi 5 desa wisata", "APBD Kabupaten Klaten dan Gyeongju City", "Perajin lurik dan 5 desa wisata"),
            ("Pelatihan pemandu wisata berbahasa Korea", "Gyeongju mengirim 2 instruktur; DISPARBUDPORA menyiapkan peserta",
             "30 pemandu wisata tersertifikasi", "Gyeongju City", "30 pemandu wisata"),
        ],
        "monev": [
            ("Semester I", 6, "Misi budaya terlaksana dengan 18 peserta; 4 pembeli Korea memesan kain lurik.", "Jadwal penerbangan dan visa delegasi terlambat.", MonevRecommendation.DILANJUTKAN),
            ("Semester II", 11, "Pelatihan pemandu selesai, 28 dari 30 peserta lulus sertifikasi.", "Keterbatasan penerjemah bahasa Korea.", MonevRecommendation.DIPERLUAS),
        ],
    },
    "Peningkatan Kapasitas Penanggulangan Bencana": {
        "mapping": "Sistem peringatan dini banjir lahar Merapi",
        "reference": "1.05.03.2.01.0001",
        "account": "5.1.02.02.01.0031",
        "activities": [
            ("Pemasangan 6 sensor curah hujan dan sirene di hulu Kali Woro", "JICA menyediakan perangkat dan tenaga ahli; BPBD menyiapkan lokasi dan operator",
             "Sistem peringatan dini beroperasi 24 jam", "Hibah JICA; APBD untuk operasional", "12.000 warga di 9 desa lereng Merapi"),
            ("Gladi evakuasi bersama masyarakat", "BPBD memimpin; JICA mendampingi evaluasi", "Waktu evakuasi di bawah 30 menit", "APBD Kabupaten Klaten", "Warga 9 desa"),
        ],
        "monev": [
            ("Semester I", 5, "Empat dari enam sensor terpasang dan terhubung ke pusat kendali BPBD.", "Akses jalan ke dua titik rusak saat musim hujan.", MonevRecommendation.DILANJUTKAN),
            ("Semester II", 10, "Enam sensor beroperasi; gladi evakuasi diikuti 1.450 warga.", "Biaya pemeliharaan sensor belum masuk APBD tahun berikutnya.", MonevRecommendation.DILANJUTKAN),
        ],
    },
}


class Command(BaseCommand):
    help = "Load demo data for the reports (pemetaan, planning references, rencana kegiatan, monev). Idempotent."

    def handle(self, *args, **options):
        if not Opd.objects.filter(code="DLH").exists():
            raise CommandError("Run load_demo first: the reporting demo builds on the demo OPDs and agreements.")
        today = timezone.localdate()
        year = today.year
        with transaction.atomic():
            mappings = self._mappings(year)
            references = self._references(year)
            foreign = self._foreign(year, mappings, references)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"reporting demo: {len(mappings)} mapping entries, {len(references)} planning references, "
                f"{foreign} foreign agreements with rencana kegiatan and monev"
            )

    def _mappings(self, year):
        result = {}
        for opd_code, urusan_code, potential, partner_type, candidates, benefit, priority, status in MAPPINGS:
            mapping, _created = PotentialMapping.objects.update_or_create(
                opd=Opd.objects.get(code=opd_code),
                potential=potential,
                defaults={
                    "urusan": Urusan.objects.get(code=urusan_code),
                    "partner_type": partner_type,
                    "candidate_partners": candidates,
                    "expected_benefit": benefit,
                    "description": f"Kebutuhan {Opd.objects.get(code=opd_code).short_name or opd_code} yang tercantum dalam Renja.",
                    "priority": priority,
                    "year_from": year - 1,
                    "year_to": year + 1,
                    "status": status,
                },
            )
            result[potential] = mapping
        return result

    def _references(self, year):
        result = {}
        for document, level, code, name, opd_code in REFERENCES:
            for ref_year in (year - 1, year):
                reference, _created = PlanningReference.objects.update_or_create(
                    document=document, year=ref_year, code=code,
                    defaults={"level": level, "name": name, "opd": Opd.objects.filter(code=opd_code).first()},
                )
                if ref_year == year - 1:
                    result[code] = reference
        return result

    def _foreign(self, year, mappings, references):
        count = 0
        last_year = year - 1
        for title, spec in FOREIGN.items():
            agreement = Agreement.objects.filter(title=title, kind__in=Kind.foreign(), stage__in=Stage.signed()).first()
            if agreement is None:
                continue
            count += 1
            AgreementPlanning.objects.update_or_create(
                agreement=agreement, defaults={"mapping": mappings[spec["mapping"]], "reference": references[spec["reference"]]}
            )
            for budget_year, realised in ((last_year, True), (year, False)):
                BudgetLine.objects.update_or_create(
                    agreement=agreement, year=budget_year, account_code=spec["account"],
                    defaults={"description": "Belanja jasa kerja sama", "amount": 250_000_000,
                              "realised": 231_500_000 if realised else None},
                )
            for activity_year in (last_year, year):
                for activity, roles_text, result, financing, beneficiaries in spec["activities"]:
                    AnnualActivity.objects.update_or_create(
                        agreement=agreement, year=activity_year, activity=activity,
                        defaults={"roles": roles_text, "expected_result": result, "financing": financing, "beneficiaries": beneficiaries},
                    )
            # Monev entries fall inside last year and after the agreement started.
            first = max(agreement.start_date or datetime.date(last_year, 1, 1), datetime.date(last_year, 1, 1))
            for index, (period, month, summary, obstacles, recommendation) in enumerate(spec["monev"], start=1):
                day = max(datetime.date(last_year, month, 20), first + datetime.timedelta(days=25 * index))
                MonitoringEntry.objects.update_or_create(
                    agreement=agreement, entry_type=MonitoringEntry.EntryType.MONEV, period=f"{period} {last_year}",
                    defaults={"date": min(day, datetime.date(last_year, 12, 31)), "summary": summary,
                              "obstacles": obstacles, "rating": 4, "recommendation": recommendation},
                )
            # Last year's report of the first agreement is approved; the other one is still missing.
            if agreement.title == next(iter(FOREIGN)):
                ForeignAnnualReport.objects.get_or_create(
                    agreement=agreement, year=last_year,
                    defaults={**prefill(agreement, last_year), "status": ReviewStatus.APPROVED},
                )
        return count
