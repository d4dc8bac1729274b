"""The letters (naskah dinas) the Bagian Kerja Sama writes around an agreement: surat penawaran,
permohonan persetujuan DPRD, konsultasi and pertimbangan to the Minister, permohonan perpanjangan,
laporan penandatanganan, surat kuasa and undangan rapat TKKSD.

Their texts are :class:`~documents.models.LetterTemplate` rows written with the same sandboxed
engine as the clause templates (documents/clauses.py) and a few more placeholders (``LETTER_SCHEMA``).
``compose_letter`` turns a template, an agreement's facts and the options the user chose (date,
number, meeting) into plain data; the PDF (``templates/documents/letter.html``) and the DOCX
(``letter_docx``) are laid out from it in the pemda's format: kop surat with the logo, nomor,
sifat, lampiran, hal, place and date, "Yth." addressee, body, signature block and tembusan.
"""

import datetime
import io

from django.conf import settings
from django.utils.translation import gettext_lazy as _l

from . import clauses, words
from .clauses import SCALAR, paragraphs, render_text
from .context import clause_context

LETTER_SCHEMA = dict(
    clauses.SCHEMA,
    nama_pemda=(SCALAR, _l("name of the home regional government")),
    nama_kepala_daerah=(SCALAR, _l("name of the head of region")),
    pemda_provinsi=(SCALAR, _l("true when the home regional government is a province")),
    mitra_utama=(SCALAR, _l("names of the partners")),
    tanggal_surat=(SCALAR, _l("date of the letter")),
    tanggal_penandatanganan=(SCALAR, _l("date the agreement was signed")),
    acara=(SCALAR, _l("meeting agenda")),
    waktu_rapat=(SCALAR, _l("day, date and time of the meeting")),
    tempat_rapat=(SCALAR, _l("place of the meeting")),
)


def validate_letter_text(text):
    clauses.validate_text(text, schema=LETTER_SCHEMA)


def letter_context(f, options):
    """The clause context plus the letter's own placeholders (plain data only)."""
    context = clause_context(f)
    partners = [p["name"] for p in f["parties"] if not p["is_home"]]
    region_code = settings.PEMDA.get("region_code", "")
    context.update(
        {
            "nama_pemda": settings.PEMDA.get("name", ""),
            "nama_kepala_daerah": settings.PEMDA.get("head_name", "") or words.BLANK,
            "pemda_provinsi": "." not in region_code,
            "mitra_utama": words.join_words(partners) or words.BLANK,
            "tanggal_surat": words.long_date(options.get("date")),
            "tanggal_penandatanganan": words.long_date(f.get("signing_date")) if f.get("signing_date") else words.BLANK,
            "acara": options.get("agenda") or "",
            "waktu_rapat": options.get("meeting_time") or words.BLANK,
            "tempat_rapat": options.get("meeting_place") or words.BLANK,
        }
    )
    return context


def _lines(text, context):
    return [line.strip() for line in render_text(text, context).splitlines() if line.strip()]


def compose_letter(template, f, options):
    """A letter as plain data.  ``template`` is a LetterTemplate (or any object with its fields),
    ``options``: ``date`` (datetime.date), ``number`` (text; dotted blanks when empty), ``agenda``,
    ``meeting_time``, ``meeting_place``."""
    context = letter_context(f, options)
    date = options.get("date") or datetime.date.today()
    addressee = _lines(template.addressee, context)
    return {
        "kind": template.kind,
        "kop": {
            "name": settings.PEMDA.get("name", "").upper(),
            "unit": "SEKRETARIAT DAERAH",
            "address": settings.PEMDA.get("address", "") or settings.PEMDA.get("city", ""),
            "logo": _logo(),
        },
        "number": options.get("number") or "",
        "sifat": template.sifat,
        "lampiran": " ".join(render_text(template.lampiran, context).split()) or "-",
        "hal": " ".join(render_text(template.hal, context).split()),
        "place_date": f"{settings.PEMDA.get('city', '')}, {words.long_date(date)}",
        "addressee": addressee,
        "titled": not addressee,  # a surat kuasa: title and number centred, no addressee
        "body": paragraphs(render_text(template.body, context)),
        "signer_title": _lines(template.signer_title, context),
        "signer_name": " ".join(render_text(template.signer_name, context).split()) or words.BLANK,
        "tembusan": _lines(template.tembusan, context),
        "paper": (settings.KERJASAMA.get("PAPER_SIZE") or "A4").upper(),
        "subject": f["title"],
    }


def _logo():
    from .context import _home_logo

    return _home_logo()


def letter_html(letter):
    from django.template.loader import render_to_string

    return render_to_string("documents/letter.html", {"l": letter})


def letter_pdf(letter):
    from pathlib import Path

    from . import render

    state = render.engine()
    data = dict(letter, kop=dict(letter["kop"], logo=Path(letter["kop"]["logo"]).as_uri() if letter["kop"]["logo"] else ""))
    html = state.HTML(string=letter_html(data), base_url=f"{render.FONTS_DIR.as_uri()}/")
    page = state.pages.get(letter.get("paper", "A4"), state.pages["A4"])
    return html.write_pdf(stylesheets=[state.letter_css, page], font_config=state.font_config, cache=state.cache)


def letter_docx(letter):
    """The same letter as DOCX (python-docx): kop table, header table, body, signature, tembusan."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from .docx import FONT, PAPER, _no_borders, _para

    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    section = document.sections[0]
    section.page_width, section.page_height = PAPER.get(letter.get("paper", "A4"), PAPER["A4"])
    section.top_margin, section.bottom_margin = Mm(15), Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(20)

    kop = document.add_table(rows=1, cols=2)
    _no_borders(kop)
    if letter["kop"]["logo"]:
        kop.cell(0, 0).paragraphs[0].add_run().add_picture(letter["kop"]["logo"], height=Mm(22))
    cell = kop.cell(0, 1)
    for index, (text, size) in enumerate(
        [(letter["kop"]["name"], 15), (letter["kop"]["unit"], 13), (letter["kop"]["address"], 10)]
    ):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = index < 2
        run.font.size = Pt(size)
    rule = _para(document, "", space_after=6)
    rule.add_run("_" * 78).font.size = Pt(8)

    number = letter["number"] or "…………………………"
    if letter["titled"]:
        _para(document, letter["hal"].upper(), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
        _para(document, f"NOMOR : {number}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    else:
        _para(document, letter["place_date"], align=WD_ALIGN_PARAGRAPH.RIGHT)
        head = document.add_table(rows=0, cols=3)
        head.alignment = WD_TABLE_ALIGNMENT.LEFT
        _no_borders(head)
        for label, value in (("Nomor", number), ("Sifat", letter["sifat"]), ("Lampiran", letter["lampiran"]), ("Hal", letter["hal"])):
            cells = head.add_row().cells
            for cell_, text, width in zip(cells, (label, ":", value), (Mm(25), Mm(4), Mm(130)), strict=True):
                cell_.width = width
                cell_.paragraphs[0].add_run(text)
        _para(document, "", space_after=6)
        _para(document, "Yth.", space_after=0)
        for line in letter["addressee"]:
            _para(document, line, space_after=0)
        _para(document, "", space_after=6)
    for paragraph in letter["body"]:
        _para(document, paragraph["text"]).paragraph_format.first_line_indent = Mm(12)
        for index, item in enumerate(paragraph["items"]):
            item_paragraph = _para(document, indent=19, hanging=7, space_after=2)
            item_paragraph.add_run(f"{clauses.LETTERS[index % 26]}.\t{item}")
    sign = document.add_table(rows=1, cols=2)
    _no_borders(sign)
    cell = sign.cell(0, 1)
    first = cell.paragraphs[0]
    if letter["titled"]:
        first.add_run(letter["place_date"])
        first = cell.add_paragraph()
    for index, line in enumerate(letter["signer_title"]):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    for _ in range(3):
        cell.add_paragraph()
    name = cell.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run(letter["signer_name"])
    run.bold = True
    run.underline = True
    if letter["tembusan"]:
        _para(document, "Tembusan:", space_after=0)
        for index, line in enumerate(letter["tembusan"], start=1):
            _para(document, f"{index}. {line};" if index < len(letter["tembusan"]) else f"{index}. {line}.", space_after=0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
