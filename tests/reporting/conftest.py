"""A small fixed world for the reports: two foreign agreements in force in 2025 (one per OPD),
domestic agreements of several kinds, OPDs, urusan and dates, one outside every period and one
still in process.  Stages are set directly (the stage engine is tested elsewhere)."""

import datetime
import io
from types import SimpleNamespace

import pdfplumber
import pytest
from docx import Document

from agreements.choices import Kind, MonevRecommendation, Stage, SubKind
from agreements.models import Agreement, MonitoringEntry, Urusan
from partners.choices import PartnerType
from reporting.models import AnnualActivity, BudgetLine
from tests.factories import AgreementFactory, PartnerFactory, document_type, pemda_partner

d = datetime.date


def set_state(agreement, **fields):
    Agreement.objects.filter(pk=agreement.pk).update(**fields)
    agreement.refresh_from_db()
    return agreement


def number(agreement, home):
    for party in agreement.parties.select_related("partner"):
        if party.partner.is_home:
            party.document_number = home
            party.save()


def signed(agreement, start, end, stage=Stage.PELAKSANAAN, urusan=(), home_number=""):
    set_state(agreement, stage=stage, signing_date=start, start_date=start, end_date=end)
    if urusan:
        agreement.urusan.set(Urusan.objects.filter(code__in=urusan))
    if home_number:
        number(agreement, home_number)
    return agreement


def pdf_text(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join(" ".join((page.extract_text() or "") for page in pdf.pages).split())


def docx_text(data):
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def world(opd_a, opd_b, opd_a_staff, opd_b_staff):
    gyeongju = PartnerFactory(name="Gyeongju City", partner_type=PartnerType.PEMDA_LUAR_NEGERI, country="KR", nib="")
    jica = PartnerFactory(name="Japan International Cooperation Agency", partner_type=PartnerType.LEMBAGA_LUAR_NEGERI, country="JP", nib="")

    wisata = AgreementFactory(
        kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a,
        title="Pertukaran Budaya dan Pariwisata", complete__partners=[gyeongju],
        background="Klaten dan Gyeongju sama-sama kota warisan budaya.", purpose="Meningkatkan kunjungan wisatawan.",
        scope="Promosi, pelatihan pemandu, pertukaran seniman.", funding_source="bersama",
    )
    signed(wisata, d(2024, 9, 14), d(2027, 9, 13), urusan=["3.26"], home_number="MOU/001/2024")
    AnnualActivity.objects.create(agreement=wisata, year=2025, activity="Misi budaya di Gyeongju",
                                  expected_result="Lima desa wisata dipromosikan", financing="APBD dan Gyeongju City",
                                  beneficiaries="Perajin lurik dan lima desa wisata")
    AnnualActivity.objects.create(agreement=wisata, year=2026, activity="Festival lurik bersama")
    MonitoringEntry.objects.create(agreement=wisata, entry_type="monev", period="Semester I 2025", date=d(2025, 6, 20),
                                   summary="Misi budaya terlaksana dengan 18 peserta.", obstacles="Visa delegasi terlambat.",
                                   recommendation=MonevRecommendation.DIPERLUAS)
    BudgetLine.objects.create(agreement=wisata, year=2025, account_code="5.1.02.02.01.0029", description="Belanja jasa",
                              amount=250_000_000, realised=231_500_000)

    bencana = AgreementFactory(
        kind=Kind.KSDLL, subkind=SubKind.PENERUSAN, document_type=document_type("MOU"), opd_initiator=opd_b,
        title="Peningkatan Kapasitas Penanggulangan Bencana", complete__partners=[jica],
    )
    signed(bencana, d(2025, 3, 1), d(2028, 2, 28), urusan=["1.05"], home_number="MOU/002/2025")

    # A foreign agreement that ended before 2025 and one still in process: in no 2025 report.
    ended = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"),
                             opd_initiator=opd_a, title="Kota Kembar Lama", complete__partners=[gyeongju])
    signed(ended, d(2019, 1, 1), d(2023, 12, 31), stage=Stage.BERAKHIR, urusan=["3.26"])
    planned = AgreementFactory(kind=Kind.KSDLL, subkind=SubKind.PERSETUJUAN_PUSAT, document_type=document_type("MOU"),
                               opd_initiator=opd_a, title="Pendidikan Vokasi", complete__partners=[jica], start_date=None, end_date=None)
    set_state(planned, stage=Stage.PENYUSUNAN_RENCANA)

    sampah = AgreementFactory(title="Pengelolaan Sampah Regional", opd_initiator=opd_a, complete__partners=[pemda_partner("33.09")])
    signed(sampah, d(2025, 2, 1), d(2030, 1, 31), urusan=["2.11", "1.05"], home_number="100/KSB/2025")
    air = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, document_type=document_type("PKS"),
                           title="Air Minum Perdesaan", opd_initiator=opd_b, complete__partners=[PartnerFactory()])
    signed(air, d(2025, 8, 1), d(2026, 7, 31), urusan=["1.03"], home_number="200/PKS/2025")
    lama = AgreementFactory(title="Perpustakaan Keliling", opd_initiator=opd_b, complete__partners=[pemda_partner("34.71")])
    signed(lama, d(2020, 1, 1), d(2025, 3, 31), stage=Stage.BERAKHIR, urusan=["2.23"], home_number="090/KSB/2020")
    draft = AgreementFactory(title="Usulan Belum Ditandatangani", opd_initiator=opd_a)
    return SimpleNamespace(wisata=wisata, bencana=bencana, ended=ended, planned=planned, sampah=sampah, air=air,
                           lama=lama, draft=draft)


@pytest.fixture
def download(client, run_worker):
    """download(url): press an export button (POST), let a worker make the report, and return the
    file's response and bytes, as the signed-in ``client`` gets them from the job's page."""
    from django.urls import resolve, reverse

    def _download(url):
        response = client.post(url)
        assert response.status_code == 302, (url, response.status_code)
        job_url = response["Location"]
        assert resolve(job_url).url_name == "job"
        run_worker()
        page = client.get(job_url).content.decode()
        file_url = reverse("reporting:job_download", args=[resolve(job_url).kwargs["pk"]])
        assert file_url in page
        answer = client.get(file_url)
        assert answer.status_code == 200
        return answer, b"".join(answer.streaming_content)

    return _download
