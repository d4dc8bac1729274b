"""Generated drafts read back: title block, numbers, opening, komparisi, every Pasal, signatories,
the DRAFT watermark before signing and not after — for each document type and configuration."""

import datetime

import pytest

from agreements import services as agreement_services
from agreements.choices import Kind, ParentRelation, Stage, SubKind
from documents import services
from documents.models import ClauseTemplate, DraftRecord
from partners.choices import PartnerType
from tests.factories import AgreementFactory, PartnerFactory, document_type, pemda_partner

from .helpers import docx_text, flat, keep, pdf_text

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2026, 11, 23)  # a Monday


def headings_of(agreement):
    draft, _version = services.compose(agreement)
    return [p["heading"] for p in draft["pasal"]]


def assert_common(agreement, text, doc_title):
    text = flat(text)
    assert doc_title in text
    assert "ANTARA" in text and "TENTANG" in text
    assert agreement.title.upper() in text
    parties = list(agreement.parties.select_related("partner").order_by("order"))
    for party in parties:
        assert party.partner.name.upper() in text  # title block
        assert party.signatory_name in text  # komparisi and signature block
        assert f"selanjutnya disebut {party.role_label}" in text
    assert text.count("NOMOR :") + text.count("NOMOR / NUMBER :") == len(parties)
    assert "PARA PIHAK" in text
    for number, heading in enumerate(headings_of(agreement), start=1):
        assert f"Pasal {number} {heading}" in text
    assert "Halaman 1 dari" in text and "Paraf PIHAK KESATU" in text


def test_two_party_ksdd_ksb_before_and_after_signing(proposal, drive):
    pdf = keep("ksb-draf.pdf", services.render_pdf(proposal))
    text, marks, pages = pdf_text(pdf)
    assert_common(proposal, text, "KESEPAKATAN BERSAMA")
    flat_text = flat(text)
    assert "PEMERINTAH KABUPATEN KLATEN DENGAN PEMERINTAH KABUPATEN BOYOLALI" in flat_text
    assert "Pada hari ini ………………… tanggal …" in flat_text
    assert "Rp1.250.000.000,00 (satu miliar dua ratus lima puluh juta rupiah)" in flat_text
    assert all(mark == "DRAF" for mark in marks) and pages >= 4
    assert "METERAI" in flat_text

    drive(proposal, Stage.PELAKSANAAN, signing_date=SIGNED_ON)
    proposal.refresh_from_db()
    assert proposal.is_signed
    text, marks, _pages = pdf_text(keep("ksb-ditandatangani.pdf", services.render_pdf(proposal)))
    flat_text = flat(text)
    assert not any(marks)
    assert (
        "Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam (23-11-2026), "
        "bertempat di Klaten" in flat_text
    )
    for party in proposal.parties.all():
        assert f"NOMOR : {party.document_number}" in flat_text


def test_three_party_ksdd(opd_a):
    agreement = AgreementFactory(
        opd_initiator=opd_a, complete__partners=[pemda_partner("33.09"), pemda_partner("33.11")]
    )
    text, marks, _ = pdf_text(keep("ksdd-3-pihak.pdf", services.render_pdf(agreement)))
    assert_common(agreement, text, "KESEPAKATAN BERSAMA")
    flat_text = flat(text)
    assert "PEMERINTAH KABUPATEN KLATEN, PEMERINTAH KABUPATEN BOYOLALI DAN PEMERINTAH KABUPATEN SUKOHARJO" in flat_text
    assert "PIHAK KESATU, PIHAK KEDUA, dan PIHAK KETIGA yang selanjutnya" in flat_text
    assert "III." in flat_text and "Paraf PIHAK KETIGA" in flat_text
    assert "rangkap 3 (tiga)" in flat_text


def test_ksdpk_pks_under_its_ksb_has_sanksi_and_refers_to_the_ksb(opd_a, opd_a_staff, drive):
    company = PartnerFactory(name="PT Sarana Air Klaten", deed_reference="Akta Notaris Nomor 12 Tahun 2020")
    ksb = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a, created_by=opd_a_staff, complete__partners=[company])
    drive(ksb, Stage.PELAKSANAAN, signing_date=SIGNED_ON)
    ksb.refresh_from_db()
    pks = agreement_services.create_child(ksb, opd_a_staff, ParentRelation.PELAKSANAAN, document_type("PKS"))
    text, marks, _ = pdf_text(keep("ksdpk-pks.pdf", services.render_pdf(pks)))
    assert_common(pks, text, "PERJANJIAN KERJA SAMA")
    flat_text = flat(text)
    assert "SANKSI" in headings_of(pks) and "HAK DAN KEWAJIBAN" in headings_of(pks)
    numbers = [p.document_number for p in ksb.parties.order_by("order")]
    assert f"telah menandatangani Kesepakatan Bersama tentang {ksb.title} Nomor {numbers[0]} dan {numbers[1]} tanggal 23 November 2026" in flat_text
    assert "badan usaha yang didirikan dan menjalankan usahanya berdasarkan Akta Notaris Nomor 12 Tahun 2020" in flat_text
    assert "pihak ketiga dinyatakan pailit" in flat_text
    assert all(mark == "DRAF" for mark in marks)


def test_ksdd_pks_has_no_sanksi_clause(proposal, drive, opd_a_staff):
    drive(proposal, Stage.PELAKSANAAN, signing_date=SIGNED_ON)
    proposal.refresh_from_db()
    pks = agreement_services.create_child(proposal, opd_a_staff, ParentRelation.PELAKSANAAN, document_type("PKS"))
    assert "SANKSI" not in headings_of(pks)
    text, _, _ = pdf_text(services.render_pdf(pks))
    assert "Gubernur sebagai wakil Pemerintah Pusat" in flat(text)


def test_ksdpl_with_a_foreign_city(opd_a, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "BILINGUAL_LAYOUT": "sequential"}  # text reads in order
    agreement = AgreementFactory(
        kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a
    )
    text, marks, _ = pdf_text(keep("ksdpl-mou.pdf", services.render_pdf(agreement)))
    assert_common(agreement, text, "NOTA KESEPAHAMAN")
    flat_text = flat(text)
    assert "PEMERINTAH KABUPATEN KLATEN DAN" in flat_text and "MEMORANDUM OF UNDERSTANDING" in flat_text
    assert "pemerintah daerah di Jepang" in flat_text
    assert "KELOMPOK KERJA BERSAMA" in headings_of(agreement)
    # the same KSDPL printed as a KSB uses the general KSB template
    ksb = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, opd_initiator=opd_a)
    text, _, _ = pdf_text(services.render_pdf(ksb))
    assert_common(ksb, text, "KESEPAKATAN BERSAMA")


def test_nota_kesepakatan_with_a_vertical_agency(opd_a):
    agreement = AgreementFactory(kind=Kind.SINERGI, document_type=document_type("NK"), opd_initiator=opd_a)
    text, _, _ = pdf_text(keep("sinergi-nota.pdf", services.render_pdf(agreement)))
    assert_common(agreement, text, "NOTA KESEPAKATAN")
    assert "KEJAKSAAN NEGERI KLATEN" in flat(text)
    assert "rencana aksi" in flat(text)


def test_adendum_of_a_signed_ksb(proposal, drive, opd_a_staff):
    drive(proposal, Stage.PELAKSANAAN, signing_date=SIGNED_ON)
    proposal.refresh_from_db()
    adendum = agreement_services.create_child(proposal, opd_a_staff, ParentRelation.ADENDUM, document_type("ADD"))
    adendum.scope = "Pasal 2 ayat (1) diubah sehingga mencakup pengolahan sampah plastik."
    adendum.save()
    text, marks, _ = pdf_text(keep("adendum.pdf", services.render_pdf(adendum)))
    flat_text = flat(text)
    assert "ADENDUM PERTAMA ATAS KESEPAKATAN BERSAMA" in flat_text
    assert "pengolahan sampah plastik" in flat_text
    numbers = [p.document_number for p in proposal.parties.order_by("order")]
    assert numbers[0] in flat_text
    assert all(mark == "DRAF" for mark in marks)


def test_f4_paper_from_configuration(proposal, settings):
    import io

    from pypdf import PdfReader

    settings.KERJASAMA = {**settings.KERJASAMA, "PAPER_SIZE": "F4"}
    page = PdfReader(io.BytesIO(services.render_pdf(proposal))).pages[0]
    width_mm, height_mm = float(page.mediabox.width) * 25.4 / 72, float(page.mediabox.height) * 25.4 / 72
    assert round(width_mm) == 215 and round(height_mm) == 330
    settings.KERJASAMA = {**settings.KERJASAMA, "PAPER_SIZE": "A4"}
    page = PdfReader(io.BytesIO(services.render_pdf(proposal))).pages[0]
    assert round(float(page.mediabox.height) * 25.4 / 72) == 297


def test_draft_records_the_template_version_in_a_row_and_in_the_pdf(proposal):
    import io

    from pypdf import PdfReader

    data = services.render_pdf(proposal)
    record = DraftRecord.objects.get(agreement=proposal, format="pdf")
    template = ClauseTemplate.objects.get(document_flow="ksb", kind="")
    assert record.template_version == template.current_version()
    assert record.size == len(data) and not record.is_signed
    keywords = PdfReader(io.BytesIO(data)).metadata.get("/Keywords")
    assert f"template:{template.pk}:v{record.template_version.number}" in keywords


def test_a_kind_specific_template_wins_over_the_general_one(proposal):
    general = ClauseTemplate.objects.get(document_flow="ksb", kind="")
    special = ClauseTemplate.objects.create(
        name="KSB KSDD sukarela", document_flow="ksb", kind=Kind.KSDD_SUKARELA, title="KESEPAKATAN BERSAMA",
        recitals="bahwa uji;", formula="Sepakat:",
    )
    special.clauses.create(order=1, heading="KHUSUS", body="Isi khusus untuk {{ judul }}.")
    assert headings_of(proposal) == ["KHUSUS"]
    special.is_active = False
    special.save()
    assert headings_of(proposal) == [c.heading for c in general.clauses.all()]


def test_docx_has_the_same_content_in_the_same_order(proposal, drive):
    data = keep("ksb-draf.docx", services.render_docx(proposal))
    text, watermark = docx_text(data)
    assert watermark
    flat_text = flat(text)
    draft, _ = services.compose(proposal)
    positions = [flat_text.index(f"Pasal {p['number']} {p['heading']}") for p in draft["pasal"]]
    assert positions == sorted(positions)
    assert flat_text.index("KESEPAKATAN BERSAMA") < flat_text.index("Pada hari ini") < positions[0]
    assert "Rp1.250.000.000,00 (satu miliar dua ratus lima puluh juta rupiah)" in flat_text
    for party in proposal.parties.all():
        assert party.signatory_name in flat_text
    assert DraftRecord.objects.filter(agreement=proposal, format="docx").exists()
    drive(proposal, Stage.PELAKSANAAN, signing_date=SIGNED_ON)
    proposal.refresh_from_db()
    text, watermark = docx_text(services.render_docx(proposal))
    assert not watermark and "Senin tanggal dua puluh tiga" in text


def test_unknown_party_type_and_blank_signatory_still_print(opd_a):
    person = PartnerFactory(name="Budi Hartono", partner_type=PartnerType.PERSEORANGAN, nib="", leader_name="", leader_title="")
    agreement = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a, complete__partners=[person])
    text, _, _ = pdf_text(services.render_pdf(agreement))
    assert "perseorangan yang cakap bertindak menurut hukum" in flat(text)
