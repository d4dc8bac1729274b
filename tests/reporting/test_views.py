"""The reporting pages by persona: an OPD sees and files only its own (another OPD's agreement or
mapping entry is a 404), the Bagian Kerja Sama sees everything and reviews, Pimpinan reads,
anonymous visitors are sent to log in."""

import io

import openpyxl
import pytest

from agreements.models import MonitoringEntry, Urusan
from reporting.models import ForeignAnnualReport, PotentialMapping, ReviewStatus

from .conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db

PAGES = ["/laporan/", "/laporan/pemetaan/", "/laporan/luar-negeri/?tahun=2025", "/laporan/rekap/?tahun=2025",
         "/laporan/buku-register/?tahun=2025", "/laporan/ringkasan/"]


def mapping(opd, status=ReviewStatus.APPROVED, potential="Bank sampah desa", year=2026):
    return PotentialMapping.objects.create(
        opd=opd, urusan=Urusan.objects.get(code="2.11"), potential=potential, partner_type="badan_usaha",
        expected_benefit="Sampah berkurang", year_from=year, year_to=year, status=status,
    )


@pytest.mark.parametrize("url", PAGES + ["/laporan/rekap.pdf?tahun=2025", "/laporan/luar-negeri/2025.pdf"])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.post(url) if url.endswith("pdf") or ".pdf?" in url else client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_opens_for_opd_and_desk(world, client, opd_a_staff, reviewer, pimpinan, url):
    for user in (opd_a_staff, reviewer, pimpinan):
        client.force_login(user)
        assert client.get(url).status_code == 200, (url, user)


def test_foreign_list_shows_only_own_opds_agreements(world, client, opd_a_staff, reviewer):
    client.force_login(opd_a_staff)
    page = client.get("/laporan/luar-negeri/?tahun=2025").content.decode()
    assert world.wisata.title in page and world.bencana.title not in page
    client.force_login(reviewer)
    page = client.get("/laporan/luar-negeri/?tahun=2025").content.decode()
    assert world.wisata.title in page and world.bencana.title in page
    assert 'data-testid="pasal38"' in page  # the desk sees the Pasal 38 warning


def test_opd_completes_and_submits_its_report_prefilled(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    url = f"/laporan/luar-negeri/{world.wisata.pk}/2025/"
    page = client.get(url).content.decode()
    assert "Perajin lurik dan lima desa wisata" in page and "Visa delegasi terlambat." in page
    form = {name: f"Isi {name}" for name in ["judul", "latar_belakang", "maksud_tujuan_sasaran", "ruang_lingkup",
            "perkembangan_hasil", "penerima_manfaat", "pendanaan", "hambatan_tantangan", "analisis_tindak_lanjut"]}
    response = client.post(url, {**form, "submit": "1"})
    assert response.status_code == 302
    report = ForeignAnnualReport.objects.get(agreement=world.wisata, year=2025)
    assert report.status == ReviewStatus.SUBMITTED and report.submitted_by == opd_a_staff
    assert report.pendanaan == "Isi pendanaan"
    # Once submitted, a further post is refused and changes nothing.
    assert client.post(url, {**form, "judul": "Lain"}).status_code == 403
    report.refresh_from_db()
    assert report.judul == "Isi judul"


def test_submitting_an_incomplete_report_saves_nothing(world, client, opd_b_staff):
    client.force_login(opd_b_staff)
    url = f"/laporan/luar-negeri/{world.bencana.pk}/2025/"
    response = client.post(url, {"judul": "Laporan", "submit": "1"})
    assert response.status_code == 200
    assert "Lengkapi setiap bagian sebelum mengajukan" in response.content.decode()
    assert not ForeignAnnualReport.objects.exists()


def test_other_opds_report_and_monev_are_404(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert client.get(f"/laporan/luar-negeri/{world.bencana.pk}/2025/").status_code == 404
    assert client.post(f"/laporan/luar-negeri/{world.bencana.pk}/2025/", {"judul": "x"}).status_code == 404
    assert client.get(f"/laporan/monev/{world.bencana.pk}/").status_code == 404
    response = client.post(f"/laporan/monev/{world.bencana.pk}/", {"entry_type": "monev", "date": "2025-12-01", "summary": "x"})
    assert response.status_code == 404
    assert not ForeignAnnualReport.objects.exists()
    assert not MonitoringEntry.objects.filter(agreement=world.bencana).exists()


def test_report_page_for_an_agreement_not_in_force_that_year_is_404(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert client.get(f"/laporan/luar-negeri/{world.wisata.pk}/2023/").status_code == 404
    assert client.get(f"/laporan/luar-negeri/{world.planned.pk}/2025/").status_code == 404


def test_opd_files_monev_on_its_own_agreement(world, client, opd_b_staff):
    client.force_login(opd_b_staff)
    url = f"/laporan/monev/{world.bencana.pk}/"
    response = client.post(url, {"entry_type": "monev", "period": "Semester II 2025", "date": "2025-12-01",
                                 "summary": "Enam sensor beroperasi.", "rating": "4", "recommendation": "dilanjutkan"})
    assert response.status_code == 302
    entry = MonitoringEntry.objects.get(agreement=world.bencana)
    assert entry.created_by == opd_b_staff and entry.recommendation == "dilanjutkan"
    world.bencana.refresh_from_db()
    assert world.bencana.stage == "pelaksanaan"  # filing monev never moves the stage


def test_monev_on_an_unsigned_agreement_is_refused(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    response = client.post(f"/laporan/monev/{world.draft.pk}/", {"entry_type": "monev", "date": "2025-12-01", "summary": "x"})
    assert response.status_code == 200 and not MonitoringEntry.objects.filter(agreement=world.draft).exists()


def test_pimpinan_reads_but_does_not_file(world, client, pimpinan):
    client.force_login(pimpinan)
    assert client.get(f"/laporan/monev/{world.bencana.pk}/").status_code == 403
    assert client.get(f"/laporan/luar-negeri/{world.bencana.pk}/2025/").status_code == 403


def test_foreign_exports_are_scoped(world, client, opd_a_staff, reviewer, download):
    client.force_login(opd_a_staff)
    text = pdf_text(download("/laporan/luar-negeri/2025.pdf")[1])
    assert "Pertukaran Budaya dan Pariwisata" in text and "Penanggulangan Bencana" not in text
    text = docx_text(download("/laporan/luar-negeri/2025.docx")[1])
    assert "Pertukaran Budaya dan Pariwisata" in text and "Penanggulangan Bencana" not in text
    client.force_login(reviewer)
    assert "Penanggulangan Bencana" in pdf_text(download("/laporan/luar-negeri/2025.pdf")[1])


def test_recap_register_and_summary_are_scoped(world, client, opd_a_staff, download):
    client.force_login(opd_a_staff)
    page = client.get("/laporan/rekap/?tahun=2025").content.decode()
    assert world.sampah.title in page and world.air.title not in page
    book = openpyxl.load_workbook(io.BytesIO(download("/laporan/rekap.xlsx?tahun=2025")[1]))
    titles = {row[2] for row in book["Rekap"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert titles == {world.sampah.title, world.wisata.title}
    assert "200/PKS/2025" not in client.get("/laporan/buku-register/?tahun=2025").content.decode()
    assert "100/KSB/2025" in client.get("/laporan/buku-register/?tahun=2025").content.decode()
    assert world.air.title not in client.get("/laporan/ringkasan/").content.decode()
    assert world.bencana.title not in pdf_text(download("/laporan/ringkasan.pdf")[1])


def test_opd_enters_a_mapping_for_its_own_opd_and_submits(world, client, opd_a_staff, opd_a, opd_b):
    client.force_login(opd_a_staff)
    data = {"urusan": Urusan.objects.get(code="2.11").pk, "potential": "Daur ulang plastik", "partner_type": "badan_usaha",
            "expected_benefit": "Sampah plastik turun 30%", "priority": "1", "year_from": "2027", "year_to": "2028",
            "opd": opd_b.pk, "submit": "1"}
    assert client.post("/laporan/pemetaan/baru/", data).status_code == 302
    entry = PotentialMapping.objects.get(potential="Daur ulang plastik")
    assert entry.opd == opd_a and entry.status == ReviewStatus.SUBMITTED and entry.created_by == opd_a_staff


def test_mapping_years_out_of_order_are_refused(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    data = {"urusan": Urusan.objects.get(code="2.11").pk, "potential": "Terbalik", "partner_type": "badan_usaha",
            "expected_benefit": "-", "priority": "2", "year_from": "2028", "year_to": "2026"}
    response = client.post("/laporan/pemetaan/baru/", data)
    assert response.status_code == 200 and not PotentialMapping.objects.filter(potential="Terbalik").exists()


def test_other_opds_mapping_is_404_and_list_is_own(world, client, opd_a_staff, opd_b):
    other = mapping(opd_b, status=ReviewStatus.DRAFT, potential="Puskesmas keliling")
    client.force_login(opd_a_staff)
    assert client.get(f"/laporan/pemetaan/{other.pk}/ubah/").status_code == 404
    assert client.post(f"/laporan/pemetaan/{other.pk}/ubah/", {"potential": "Diubah"}).status_code == 404
    assert "Puskesmas keliling" not in client.get("/laporan/pemetaan/").content.decode()
    other.refresh_from_db()
    assert other.potential == "Puskesmas keliling"


def test_validated_mapping_cannot_be_edited_by_the_opd(world, client, opd_a_staff, opd_a):
    entry = mapping(opd_a)
    client.force_login(opd_a_staff)
    assert client.get(f"/laporan/pemetaan/{entry.pk}/ubah/").status_code == 403


def test_mapping_export_holds_validated_entries_only(world, client, reviewer, opd_a, opd_b, download):
    mapping(opd_a, potential="Tervalidasi A")
    mapping(opd_b, potential="Tervalidasi B")
    mapping(opd_a, status=ReviewStatus.SUBMITTED, potential="Belum divalidasi")
    client.force_login(reviewer)
    book = openpyxl.load_workbook(io.BytesIO(download("/laporan/pemetaan/unduh.xlsx?tahun=2026")[1]))
    potentials = {row[4] for row in book.active.iter_rows(min_row=5, values_only=True) if row[0]}
    assert potentials == {"Tervalidasi A", "Tervalidasi B"}
    text = pdf_text(download("/laporan/pemetaan/unduh.pdf?tahun=2026")[1])
    assert "PEMETAAN POTENSI KERJA SAMA DAERAH TAHUN 2026" in text and "Tervalidasi B" in text and "Belum divalidasi" not in text


def test_opd_mapping_export_is_its_own(world, client, opd_a_staff, opd_a, opd_b, download):
    mapping(opd_a, potential="Tervalidasi A")
    mapping(opd_b, potential="Tervalidasi B")
    client.force_login(opd_a_staff)
    text = pdf_text(download("/laporan/pemetaan/unduh.pdf?tahun=2026")[1])
    assert "Tervalidasi A" in text and "Tervalidasi B" not in text


def test_monev_with_the_partners_assessment(world, client, opd_b_staff):
    client.force_login(opd_b_staff)
    url = f"/laporan/monev/{world.bencana.pk}/"
    base = {"entry_type": "monev", "date": "2025-12-01", "summary": "Enam sensor beroperasi."}
    response = client.post(url, {**base, "partner_rating": "5"})  # an assessment without who and what
    assert response.status_code == 200 and not MonitoringEntry.objects.filter(agreement=world.bencana).exists()
    response = client.post(url, {**base, "partner_assessor": "Kenji Sato, JICA Expert", "partner_rating": "4",
                                 "partner_recommendation": "diperluas", "partner_note": "Perlu diperluas ke Kali Gendol."})
    assert response.status_code == 302
    entry = MonitoringEntry.objects.get(agreement=world.bencana)
    assert entry.partner_assessment.assessor == "Kenji Sato, JICA Expert"
    assert entry.partner_assessment.recommendation == "diperluas"
    assert "Perlu diperluas ke Kali Gendol." in client.get(url).content.decode()


def test_opd_links_its_proposal_to_mapping_reference_and_budget(world, client, opd_a_staff, opd_a, opd_b):
    from reporting.models import AgreementPlanning, BudgetLine, PlanningReference

    own = mapping(opd_a, potential="Bank sampah desa")
    other = mapping(opd_b, potential="Puskesmas keliling")
    reference = PlanningReference.objects.create(document="rkpd", year=2026, level="sub_kegiatan",
                                                 code="2.11.03.2.01.0004", name="Sarana Persampahan")
    client.force_login(opd_a_staff)
    url = f"/laporan/perencanaan/{world.draft.pk}/"
    page = client.get(url).content.decode()
    assert "Bank sampah desa" in page and "Puskesmas keliling" not in page
    management = {"anggaran-TOTAL_FORMS": "1", "anggaran-INITIAL_FORMS": "0", "anggaran-MIN_NUM_FORMS": "0", "anggaran-MAX_NUM_FORMS": "1000"}
    # Another OPD's mapping entry is not a valid choice.
    client.post(url, {"mapping": other.pk, **management})
    assert not AgreementPlanning.objects.exists()
    response = client.post(url, {"mapping": own.pk, "reference": reference.pk, **management, "anggaran-0-year": "2026",
                                 "anggaran-0-account_code": "5.1.02.01.01.0024", "anggaran-0-amount": "150000000"})
    assert response.status_code == 302
    link = AgreementPlanning.objects.get(agreement=world.draft)
    assert link.mapping == own and link.reference == reference
    assert BudgetLine.objects.get(agreement=world.draft).amount == 150_000_000
    # The mapping page now counts it: mapped → proposed.
    progress = dict(client.get("/laporan/pemetaan/").context["progress"])
    assert progress["Lingkungan Hidup"]["proposed"] == 1 and progress["Lingkungan Hidup"]["signed"] == 0


def test_other_opds_planning_page_is_404(world, client, opd_a_staff):
    client.force_login(opd_a_staff)
    assert client.get(f"/laporan/perencanaan/{world.air.pk}/").status_code == 404
    assert client.post(f"/laporan/perencanaan/{world.air.pk}/", {}).status_code == 404
