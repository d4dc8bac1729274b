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
    return "\n".join(parts), 'string="DRAFT"' in header_xml


def keep(name, data):
    """With KS_SAVE_DRAFTS=1, keep the generated file in artifacts/documents/ to look at it."""
    if os.environ.get("KS_SAVE_DRAFTS"):
        folder = Path(__file__).resolve().parents[2] / "artifacts" / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return data
