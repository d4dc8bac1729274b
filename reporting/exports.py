"""Reports laid out as PDF (WeasyPrint, with the pemda's kop), XLSX (openpyxl) and DOCX
(python-docx).  Each takes the plain data of ``reporting.services`` so every format says the same.

WeasyPrint and the fonts come from ``documents.render.engine()`` (loaded once per process); the
reports have their own stylesheet, ``reporting/pdf/report.css``.
"""

import io
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from documents.render import FONTS_DIR, PAPER_SIZES, engine

CSS_PATH = Path(__file__).resolve().parent / "templates" / "reporting" / "pdf" / "report.css"
_css = {}

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def tanggal(day):
    """A date as Indonesian letters write it: 7 Januari 2027."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def kop():
    """The letterhead: the pemda's logo, name and city."""
    logo = finders.find(settings.PEMDA.get("logo") or "")
    return {
        "logo": Path(logo).as_uri() if logo else "",
        "name": settings.PEMDA["name"].upper(),
        "unit": "SEKRETARIAT DAERAH",
        "city": settings.PEMDA["city"],
        "head_title": settings.PEMDA["head_title"],
        "head_name": settings.PEMDA["head_name"],
    }


def _stylesheets(landscape=False):
    state = engine()
    key = "landscape" if landscape else "portrait"
    if key not in _css:
        size = PAPER_SIZES.get(settings.KERJASAMA.get("PAPER_SIZE", "A4"), PAPER_SIZES["A4"])
        if landscape:
            size = " ".join(reversed(size.split()))
        _css[key] = [
            state.weasyprint.CSS(string=CSS_PATH.read_text(encoding="utf-8"), base_url=f"{FONTS_DIR.as_uri()}/", font_config=state.font_config),
            state.weasyprint.CSS(string=f"@page {{ size: {size}; }}", font_config=state.font_config),
        ]
    return _css[key]


def pdf(template, context, landscape=False):
    """Render ``template`` (HTML) with the kop in its context to PDF bytes."""
    state = engine()
    html = render_to_string(template, {"kop": kop(), "printed": timezone.localdate(), **context})
    document = state.HTML(string=html, base_url=f"{FONTS_DIR.as_uri()}/")
    return document.write_pdf(stylesheets=_stylesheets(landscape), font_config=state.font_config)


# --- XLSX -----------------------------------------------------------------------------------------


def _workbook():
    import openpyxl

    return openpyxl.Workbook()


def _header(sheet, title, subtitle, columns):
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([subtitle])
    sheet.append([])
    sheet.append(columns)
    for cell in sheet[4]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"


def _widths(sheet, widths):
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mapping_xlsx(mappings, year, labels):
    book = _workbook()
    sheet = book.active
    sheet.title = "Pemetaan"
    _header(sheet, labels["title"], labels["subtitle"], labels["columns"])
    for number, m in enumerate(mappings, start=1):
        sheet.append([
            number, m.urusan.code, m.urusan.name, str(m.opd), m.potential, m.description,
            m.get_partner_type_display(), m.candidate_partners, m.expected_benefit, m.get_priority_display(),
            m.years, m.get_status_display(),
        ])
    _widths(sheet, [5, 8, 28, 18, 40, 40, 22, 30, 40, 10, 11, 12])
    return _bytes(book)


def recap_xlsx(data, labels):
    book = _workbook()
    sheet = book.active
    sheet.title = "Rekap"
    _header(sheet, labels["title"], labels["subtitle"], labels["columns"])
    for number, row in enumerate(data["rows"], start=1):
        sheet.append([
            number, row["number"], row["title"], row["kind"], row["document_type"], row["partners"], row["urusan"],
            row["opd"], row["start"], row["end"], row["status"],
            float(row["value"]) if row["value"] is not None else None,
            float(row["realised"]) if row["realised"] is not None else None,
            row["recommendation"],
        ])
    for row in sheet.iter_rows(min_row=5, min_col=9, max_col=10):
        for cell in row:
            cell.number_format = "DD-MM-YYYY"
    for row in sheet.iter_rows(min_row=5, min_col=12, max_col=13):
        for cell in row:
            cell.number_format = "#,##0"
    _widths(sheet, [5, 22, 45, 22, 18, 30, 28, 18, 12, 12, 20, 16, 16, 14])
    totals = book.create_sheet("Jumlah")
    from openpyxl.styles import Font

    for heading, items in ((labels["by_kind"], data["by_kind"]), (labels["by_urusan"], data["by_urusan"]), (labels["by_opd"], data["by_opd"])):
        totals.append([heading, labels["count"]])
        totals.cell(row=totals.max_row, column=1).font = Font(bold=True)
        for name, count in items:
            totals.append([name, count])
        totals.append([])
    totals.append([labels["total"], data["total"]])
    _widths(totals, [50, 10])
    return _bytes(book)


# --- DOCX -----------------------------------------------------------------------------------------


def foreign_report_docx(context):
    """The annual foreign report: cover letter, then per agreement the nine headings."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)

    k = context["kop"]
    for text, size in ((k["name"], 14), (k["unit"], 13)):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    doc.add_paragraph("_" * 78).alignment = WD_ALIGN_PARAGRAPH.CENTER

    letter = context["letter"]
    doc.add_paragraph(f"{k['city']}, {letter['date']}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for label, value in letter["lines"]:
        doc.add_paragraph(f"{label}\t: {value}")
    doc.add_paragraph(f"Yth. {letter['addressee']}")
    if letter["forwarded_to"]:
        doc.add_paragraph(f"untuk diteruskan kepada {letter['forwarded_to']}")
    doc.add_paragraph(f"di {letter['place']}")
    for paragraph in letter["body"]:
        doc.add_paragraph(paragraph).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run(f"{k['head_title'].upper()},\n\n\n\n")
    sign.add_run(k["head_name"]).bold = True
    if letter["copies"]:
        doc.add_paragraph("Tembusan:")
        for number, copy in enumerate(letter["copies"], start=1):
            doc.add_paragraph(f"{number}. {copy}")

    for index, item in enumerate(context["reports"], start=1):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(f"LAPORAN PELAKSANAAN KERJA SAMA LUAR NEGERI TAHUN {context['year']}\n").bold = True
        title.add_run(f"({index}) {item['agreement'].title}")
        for number, (heading, text) in enumerate(item["sections"], start=1):
            head = doc.add_paragraph()
            head.add_run(f"{number}. {heading}").bold = True
            for line in (text or "-").splitlines() or ["-"]:
                doc.add_paragraph(line).paragraph_format.left_indent = Mm(6)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def filename_date():
    return date_format(timezone.localdate(), "Ymd")
