"""Reading generated drafts back: PDF text (without the watermark) and DOCX paragraphs."""

import io
import os
from pathlib import Path

import pdfplumber
from docx import Document

WATERMARK_MIN_SIZE = 60  # the diagonal DRAFT is set at 140pt; body text at 12pt


def pdf_text(data):
    """(body text, watermark letters, page count) of a PDF."""
    body, marks = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            big = [c["text"] for c in page.chars if c["size"] >= WATERMARK_MIN_SIZE]
            marks.append("".join(big))
            text_page = page.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] < WATERMARK_MIN_SIZE)
            body.append(text_page.extract_text())
        count = len(pdf.pages)
    return "\n".join(body), marks, count


def flat(text):
    return " ".join(text.split())


def docx_text(data):
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    header_xml = document.sections[0].header._element.xml
    return "\n".join(parts), 'string="DRAF"' in header_xml


def keep(name, data):
    """With KS_SAVE_DRAFTS=1, keep the generated file in artifacts/documents/ to look at it."""
    if os.environ.get("KS_SAVE_DRAFTS"):
        folder = Path(__file__).resolve().parents[2] / "artifacts" / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return data


REGION_CODES = [
    "33.09", "33.11", "33.12", "33.13", "33.14", "33.08", "33.06", "33.05", "33.04", "33.03", "33.02", "33.01",
    "33.15", "33.16", "33.17", "33.18", "33.19", "33.20", "33.21", "33.22", "33.23", "33.24", "33.25", "33.26",
    "33.27", "33.28", "33.29", "33.71", "33.72", "33.73",
]


def many_party_agreement(count, labels="stale", unsigned=(), **fields):
    """A KSDD of the home pemda with ``count - 1`` partner pemda (Jawa Tengah), signatories from each
    partner's record.  ``labels="stale"`` stores the labels the old portal wrote (PIHAK KEENAM from
    the sixth party on) so the draft must compute them; the positions in ``unsigned`` have no
    signatory yet."""
    from agreements.choices import SigningCapacity
    from agreements.models import AgreementParty, ContactPerson, Urusan
    from tests.factories import AgreementFactory, home_partner, pemda_partner

    agreement = AgreementFactory(complete=False, **fields)
    agreement.urusan.add(Urusan.objects.get(code="2.11"))
    partners = [home_partner()] + [pemda_partner(code) for code in REGION_CODES[: count - 1]]
    for position, partner in enumerate(partners, start=1):
        stale = ["PIHAK KESATU", "PIHAK KEDUA", "PIHAK KETIGA", "PIHAK KEEMPAT", "PIHAK KELIMA", "PIHAK KEENAM"]
        label = stale[min(position, 6) - 1] if labels == "stale" else labels.get(position, "")
        missing = position in unsigned
        AgreementParty.objects.create(
            agreement=agreement,
            partner=partner,
            order=position,
            role_label=label,
            signatory_name="" if missing else partner.leader_name,
            signatory_title="" if missing else partner.leader_title,
            signing_capacity=SigningCapacity.KEPALA_DAERAH,
            document_number=f"000.3.3/{position}/{2026}",
        )
    for name in ("Rina Kurniasih", "Dwi Prasetyo"):
        ContactPerson.objects.create(agreement=agreement, name=name, position="Kasubbag Kerja Sama", phone="0812-2700-1111")
    return agreement


def pdf_halves_pages(data):
    """Per page, the text of its left half then its right half (each character by its centre): two
    columns, or two signature blocks side by side, read one after the other."""
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            middle = page.width / 2 + 2.5 * 72 / 25.4  # the centre of the text column (margins 25 and 20 mm)
            text = []
            for left in (True, False):
                def keep_char(obj, left=left, middle=middle):
                    if obj.get("object_type") != "char":
                        return True
                    return obj["size"] < WATERMARK_MIN_SIZE and ((obj["x0"] + obj["x1"]) / 2 < middle) == left

                text.append(page.filter(keep_char).extract_text() or "")
            pages.append(flat("\n".join(text)))
    return pages


def pdf_halves_text(data):
    return " ".join(pdf_halves_pages(data))
