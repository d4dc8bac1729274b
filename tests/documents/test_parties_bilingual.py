"""Issue 12: drafts for any number of parties and the bilingual foreign naskah, read back from the
PDF (pdfplumber) and the DOCX (python-docx)."""

import datetime
import io

import pytest
from docx import Document

from agreements import services as agreement_services
from agreements.choices import Kind, ParentRelation, Stage, SubKind
from documents import context, services, words
from documents.models import EnglishText
from tests.factories import AgreementFactory, PartnerFactory, document_type

from .helpers import docx_text, flat, keep, many_party_agreement, pdf_halves_pages, pdf_halves_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [2, 3, 7, 11, 25])
def test_every_party_has_its_label_number_signature_and_paraf(opd_a, count):
    agreement = many_party_agreement(count, opd_initiator=opd_a, unsigned=(3,) if count >= 3 else ())
    data = keep(f"ksb-{count}-pihak.pdf", services.render_pdf(agreement))
    text, marks, _pages = pdf_text(data)
    text, _halves = flat(text), pdf_halves_text(data)
    docx = flat(docx_text(services.render_docx(agreement, record=False))[0])
    parties = list(agreement.parties.select_related("partner").order_by("order"))
    for position, party in enumerate(parties, start=1):
        label = words.party_label(position)
        assert f"selanjutnya disebut {label}." in text  # komparisi, from the order (the stored label was stale)
        assert f"NOMOR : {party.document_number} ({party.partner.name})" in text
        signature = f"{label}, {party.partner.name.upper()},"
        if position != 3:
            assert f"{party.signatory_title.upper()}," in text
            assert f"{signature} {party.signatory_title.upper()}," in docx  # one cell per block
    assert text.count("Paraf PIHAK") == count * len(marks)  # every page carries every party's paraf box
    assert text.count("selanjutnya disebut PIHAK KEENAM.") == (1 if count >= 6 else 0)
    if count >= 3:  # no signatory yet: dotted blanks, never a placeholder name
        assert f"III. {words.BLANK} : {words.BLANK}, dalam hal ini" in text
    assert f"rangkap {words.number_with_words(count)}" in text
    assert all(mark == "DRAF" for mark in marks)
    if count == 25:
        assert "PIHAK KEDUA PULUH LIMA" in text and "PIHAK KESEBELAS" in text


def test_signature_blocks_never_split_and_docx_rows_cannot_split(opd_a):
    agreement = many_party_agreement(11, opd_initiator=opd_a)
    data = services.render_pdf(agreement, record=False)
    # the PDF keeps each row of two blocks together (table.signature-row, break-inside: avoid):
    # every block's label and its signatory's name come out on the same page
    for number, page in enumerate(pdf_halves_pages(data), start=1):
        assert page.count("PIHAK KE") - page.count("Paraf PIHAK KE") >= 0, number
    document = Document(io.BytesIO(services.render_docx(agreement, record=False)))
    rows = document.tables[-1].rows
    assert len(rows) == 6  # 11 blocks, two per row
    assert all(row._tr.trPr is not None and row._tr.trPr.xpath("./w:cantSplit") for row in rows)
    assert len(document.sections[0].footer.tables) == 2  # 11 paraf boxes do not fit one row


def test_paraf_rows_scale_with_the_number_of_parties():
    for count, expected_rows in [(2, 1), (7, 1), (11, 2), (25, 3), (30, 3)]:
        rows, width, _height, margin = context.paraf_layout([words.party_label(n) for n in range(1, count + 1)])
        assert len(rows) == expected_rows and sum(len(r) for r in rows) == count
        assert width * max(len(r) for r in rows) <= 165 and margin < 60


def test_a_label_set_on_purpose_is_kept(opd_a):
    agreement = many_party_agreement(3, labels={1: "", 2: "PIHAK PERTAMA", 3: "PENYEDIA"}, opd_initiator=opd_a)
    draft, _ = services.compose(agreement)
    assert draft["paraf"] == ["PIHAK KESATU", "PIHAK PERTAMA", "PENYEDIA"]


def test_term_from_parsed_months_lists_kept_and_tenth_addendum(opd_a, opd_a_staff, drive):
    agreement = AgreementFactory(
        opd_initiator=opd_a, created_by=opd_a_staff, duration_text="selama lima tahun sejak ttd", duration_months=60,
        scope="1. pengangkutan sampah;\n2. pengolahan sampah di TPA;\n3. pelatihan petugas",
    )
    text = flat(pdf_text(services.render_pdf(agreement))[0])
    assert "jangka waktu 5 (lima) tahun terhitung sejak tanggal ditandatangani" in text
    assert "selama lima tahun sejak ttd" not in text
    assert "a. pengangkutan sampah; b. pengolahan sampah di TPA; c. pelatihan petugas" in text
    drive(agreement, Stage.PELAKSANAAN, signing_date=datetime.date(2026, 11, 23))
    agreement.refresh_from_db()
    for _ in range(10):
        adendum = agreement_services.create_child(agreement, opd_a_staff, ParentRelation.ADENDUM, document_type("ADD"))
    text = flat(pdf_text(services.render_pdf(adendum))[0])
    assert "ADENDUM KESEPULUH ATAS KESEPAKATAN BERSAMA" in text


def test_sectoral_ksdpk_contract_cites_its_regime_and_no_follow_up_without_parent(opd_a):
    agreement = AgreementFactory(
        kind=Kind.KSDPK, subkind=SubKind.PENGELOLAAN_ASET, document_type=document_type("KONTRAK"), opd_initiator=opd_a,
        regime_reference="Peraturan Pemerintah Nomor 27 Tahun 2014 tentang Pengelolaan Barang Milik Negara/Daerah",
    )
    text = flat(pdf_text(services.render_pdf(agreement))[0])
    assert "dilaksanakan berdasarkan Peraturan Pemerintah Nomor 27 Tahun 2014" in text
    assert "Nomor 22 Tahun 2020" not in text
    assert "tindak lanjut" not in text


def test_ksb_for_a_ksdpk_lists_sanksi_among_what_a_pks_contains(opd_a):
    agreement = AgreementFactory(kind=Kind.KSDPK, subkind=SubKind.LAYANAN_PUBLIK, opd_initiator=opd_a)
    assert "d. penyelesaian perselisihan; e. sanksi." in flat(pdf_text(services.render_pdf(agreement))[0])
    ksdd = AgreementFactory(opd_initiator=opd_a)
    assert "sanksi." not in flat(pdf_text(services.render_pdf(ksdd))[0])


def _foreign_mou(opd_a, **fields):
    agreement = AgreementFactory(
        kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"), opd_initiator=opd_a,
        **fields,
    )
    EnglishText.objects.create(agreement=agreement, title="Sister City Cooperation", scope="student exchange;\ntourism")
    return agreement


@pytest.mark.parametrize("layout", ["columns", "sequential"])
def test_foreign_mou_is_bilingual_without_meterai_for_the_foreign_party(opd_a, drive, settings, layout):
    settings.KERJASAMA = {**settings.KERJASAMA, "BILINGUAL_LAYOUT": layout}
    agreement = _foreign_mou(opd_a)
    data = keep(f"mou-{layout}.pdf", services.render_pdf(agreement))
    text = pdf_halves_text(data) if layout == "columns" else flat(pdf_text(data)[0])
    assert "NOTA KESEPAHAMAN" in text and "MEMORANDUM OF UNDERSTANDING" in text
    assert "SISTER CITY COOPERATION" in text
    assert "hereinafter referred to as the FIRST PARTY" in text and "SECOND PARTY" in text
    assert "for a period of 5 (five) years" in text
    halves = pdf_halves_text(data)
    assert "PIHAK KEDUA / SECOND PARTY, KITAKYUSHU CITY," in halves and "BUPATI KLATEN, REGENT OF KLATEN," in halves
    assert text.count("METERAI") == 1  # the home pemda signs over a meterai, Kitakyushu does not
    if layout == "sequential":
        assert (
            "MEMORANDUM OF UNDERSTANDING BETWEEN GOVERNMENT OF KLATEN REGENCY AND KITAKYUSHU CITY ON SISTER CITY COOPERATION"
            in text
        )
        assert "Article 9 FINAL PROVISIONS" in text and "a. student exchange; b. tourism" in text
    docx, _watermark = docx_text(services.render_docx(agreement))
    docx = flat(docx)
    assert "MEMORANDUM OF UNDERSTANDING" in docx and "SETTLEMENT OF DISPUTES" in docx
    assert "for a period of 5 (five) years" in docx and docx.count("METERAI") == 1
    drive(agreement, Stage.PELAKSANAAN, signing_date=datetime.date(2026, 11, 23))
    agreement.refresh_from_db()
    text = flat(docx_text(services.render_docx(agreement))[0])
    assert "On this day, Monday, the twenty-third day of November two thousand twenty-six (23-11-2026)" in text


def test_letter_of_intent_is_bilingual(opd_a):
    agreement = AgreementFactory(kind=Kind.KSDLL, document_type=document_type("LOI"), opd_initiator=opd_a)
    text = flat(pdf_text(services.render_pdf(agreement))[0])
    assert "PERNYATAAN KEHENDAK KERJA SAMA" in text and "LETTER OF INTENT" in text
    assert "METERAI" in text and text.count("METERAI") == 1


def test_domestic_drafts_stay_indonesian_only(opd_a):
    draft, _ = services.compose(AgreementFactory(opd_initiator=opd_a))
    assert not draft["bilingual"]


def test_foreign_party_never_gets_a_meterai_even_if_flagged(opd_a):
    partner = PartnerFactory(name="Stadt Mannheim", partner_type="pemda_ln", country="DE", nib="")
    agreement = AgreementFactory(kind=Kind.KSDPL, document_type=document_type("MOU"), opd_initiator=opd_a, complete__partners=[partner])
    assert agreement.parties.get(partner=partner).needs_stamp_duty
    draft, _ = services.compose(agreement)
    assert [s["stamp"] for s in draft["signatures"]] == [True, False]
