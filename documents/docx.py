"""Laying out a composed draft (documents/context.py) as DOCX with python-docx, in the same order
and with the same words as the PDF, so that legal staff can edit it in Word or LibreOffice."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .templatetags.draft_tags import split_terms

FONT = "Times New Roman"  # Liberation Serif (shipped for the PDF) is metric-compatible with it
PAPER = {"A4": (Mm(210), Mm(297)), "F4": (Mm(215), Mm(330))}
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _runs(paragraph, text, bold=False):
    for chunk, term in split_terms(text):
        run = paragraph.add_run(chunk)
        run.bold = bold or term


def _para(container, text="", align=JUSTIFY, bold=False, space_after=4, indent=None, hanging=None):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    if indent is not None:
        fmt.left_indent = Mm(indent)
    if hanging is not None:
        fmt.first_line_indent = -Mm(hanging)
    if text:
        _runs(paragraph, text, bold)
    return paragraph


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) so the page numbers are right after editing."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


WATERMARK_XML = (
    '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/></v:shapetype>'
    '<v:shape id="DraftWatermark" o:spid="_x0000_s1025" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:120pt;rotation:315;'
    "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#d0d0d0" stroked="f">'
    '<v:fill opacity=".5"/><v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt" '
    'string="DRAF"/></v:shape></w:pict>'
)


def _watermark(section):
    """A diagonal grey "DRAF" behind the text of every page (VML text path in the header), the
    way Word's own "Watermark" menu makes it."""
    header = section.header
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    run = paragraph.add_run()
    run._r.append(parse_xml(WATERMARK_XML))


def _footer(section, draft):
    """Paraf boxes in rows (documents/context.paraf_layout), then "Halaman x dari y"."""
    from .context import paraf_layout

    footer = section.footer
    rows, width, _height, _margin = paraf_layout(draft["paraf"])
    for labels in rows:
        table = footer.add_table(rows=1, cols=len(labels), width=Mm(width * len(labels)))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, label in enumerate(labels):
            cell = table.cell(0, index)
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = CENTER
            run = paragraph.add_run(f"Paraf {label}")
            run.font.size = Pt(6 if len(rows) == 1 else 5.5)
            cell.add_paragraph().add_run().add_break()
            tc_pr = cell._tc.get_or_add_tcPr()
            borders = OxmlElement("w:tcBorders")
            for edge in ("top", "left", "bottom", "right"):
                element = OxmlElement(f"w:{edge}")
                element.set(qn("w:val"), "single")
                element.set(qn("w:sz"), "4")
                borders.append(element)
            tc_pr.append(borders)
    paragraph = footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Halaman ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" dari ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def docx_bytes(draft):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.line_spacing = 1.15

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAPER.get(draft.get("paper", "A4"), PAPER["A4"])
    section.top_margin, section.bottom_margin = Mm(22), Mm(30)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.footer_distance = Mm(8)
    if draft["watermark"]:
        _watermark(section)
    _footer(section, draft)

    core = document.core_properties
    core.title = f"{draft['doc_title']} — {draft['subject']}"
    core.subject = draft["subject"]
    core.keywords = draft["version_label"]
    core.author = "kerjasama"

    logos = [logo for logo in draft["logos"] if logo]
    if any(logos):
        table = document.add_table(rows=1, cols=len(logos))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        for index, logo in enumerate(logos):
            paragraph = table.cell(0, index).paragraphs[0]
            paragraph.alignment = CENTER
            if logo:
                paragraph.add_run().add_picture(logo, height=Mm(22))

    if not draft.get("bilingual"):
        title_sets = [draft["title_lines"]]
    elif draft.get("layout") == "sequential":
        title_sets = [draft["title_lines"], draft["en"]["title_lines"]]
    else:  # side by side
        from .context import bilingual_blocks

        title_sets = []
        _two_columns(document, bilingual_blocks(draft)[:1])
    for lines in title_sets:
        for line in lines:
            _para(document, line, align=CENTER, bold=True, space_after=0)
        _para(document, space_after=4)
    nomor = "NOMOR / NUMBER" if draft.get("bilingual") else "NOMOR"
    for n in draft["numbers"]:
        paragraph = _para(document, f"{nomor} : {n['number'] or '…………………………………'}", align=CENTER, bold=True, space_after=0)
        paragraph.add_run(f" ({n['party']})")
    _para(document, space_after=4)
    if draft.get("bilingual"):
        _bilingual_body(document, draft)
    else:
        _body(document, draft)
    _signatures(document, draft)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _block(container, block, side):
    """One block of a bilingual draft (documents/context.bilingual_blocks) into a cell or the document."""
    x = block[side]
    kind = block["kind"]
    paragraphs = []
    if kind == "title":
        paragraphs = [_para(container, line, align=CENTER, bold=True, space_after=0) for line in x]
    elif kind == "p":
        paragraphs = [_para(container, x)]
    elif kind == "komparisi":
        paragraph = _para(container, indent=9, hanging=9)
        paragraph.add_run(f"{x['roman']}\t")
        paragraph.add_run(x["name"]).bold = True
        paragraph.add_run(": ")
        _runs(paragraph, x["text"])
        paragraphs = [paragraph]
    elif kind == "recital" and x:
        paragraph = _para(container, indent=8, hanging=8)
        paragraph.add_run(f"{block['n']}.\t")
        _runs(paragraph, x)
        paragraphs = [paragraph]
    elif kind == "heading":
        paragraphs = [_para(container, line, align=CENTER, bold=True, space_after=0) for line in x]
        for paragraph in paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    elif kind == "ayat" and x:
        paragraphs = _ayat(container, x)
    return paragraphs


def _ayat(container, ayat):
    base = 9 if ayat["label"] else 0
    paragraph = _para(container, indent=base, hanging=9 if ayat["label"] else None)
    if ayat["label"]:
        paragraph.add_run(f"{ayat['label']}\t")
    _runs(paragraph, ayat["text"])
    result = [paragraph]
    for letter, item in ayat["items"]:
        item_paragraph = _para(container, indent=base + 7, hanging=7, space_after=2)
        item_paragraph.add_run(f"{letter}\t")
        _runs(item_paragraph, item)
        result.append(item_paragraph)
    return result


def _bilingual_body(document, draft):
    from .context import bilingual_blocks

    blocks = bilingual_blocks(draft)
    if draft.get("layout") == "sequential":
        for side in ("id", "en"):
            if side == "en":
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            for block in blocks[1:]:  # the titles are printed above the numbers
                _block(document, block, side)
        return
    _two_columns(document, blocks[1:])


def _two_columns(document, blocks):
    table = document.add_table(rows=0, cols=2)
    _no_borders(table)
    for block in blocks:
        cells = table.add_row().cells
        for cell, side in zip(cells, ("id", "en"), strict=True):
            cell.width = Mm(82)
            cell._tc.remove(cell.paragraphs[0]._p)
            _block(cell, block, side)
            if not cell.paragraphs:
                cell.add_paragraph()


def _body(document, draft):
    _para(document, draft["opening"])
    komparisi = document.add_table(rows=0, cols=4)
    _no_borders(komparisi)
    for row in draft["komparisi"]:
        cells = komparisi.add_row().cells
        widths = (Mm(9), Mm(55), Mm(4), Mm(97))
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
        cells[0].paragraphs[0].add_run(row["roman"])
        cells[1].paragraphs[0].add_run(row["name"]).bold = True
        cells[2].paragraphs[0].add_run(":")
        cells[3].paragraphs[0].alignment = JUSTIFY
        _runs(cells[3].paragraphs[0], row["text"])
    _para(document, space_after=0)
    _para(document, draft["para_pihak"])
    if draft["recitals"]:
        _para(document, draft["recitals_intro"])
        for number, recital in enumerate(draft["recitals"], start=1):
            paragraph = _para(document, indent=8, hanging=8)
            paragraph.add_run(f"{number}.\t")
            _runs(paragraph, recital)
    _para(document, draft["formula"])

    for pasal in draft["pasal"]:
        heading = _para(document, f"Pasal {pasal['number']}", align=CENTER, bold=True, space_after=0)
        heading.paragraph_format.space_before = Pt(8)
        heading.paragraph_format.keep_with_next = True
        title = _para(document, pasal["heading"], align=CENTER, bold=True, space_after=4)
        title.paragraph_format.keep_with_next = True
        for ayat in pasal["ayat"]:
            _ayat(document, ayat)


def _signatures(document, draft):
    """Two blocks per row; a row is kept on one page (cantSplit) and the blocks name the party."""
    _para(document, space_after=12)
    signatures = draft["signatures"]
    rows = [signatures[i : i + 2] for i in range(0, len(signatures), 2)]
    table = document.add_table(rows=0, cols=2)
    _no_borders(table)
    for row in rows:
        table_row = table.add_row()
        tr_pr = table_row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        cells = table_row.cells
        if len(row) == 1:
            cells = [cells[0].merge(cells[1])]
        for cell, sig in zip(cells, row, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = CENTER
            _runs(paragraph, sig["label"], bold=True)
            for line in sig["lines"]:
                p = cell.add_paragraph()
                p.alignment = CENTER
                p.add_run(line).bold = True
            stamp = cell.add_paragraph()
            stamp.alignment = CENTER
            if sig["stamp"]:
                run = stamp.add_run("\n[ METERAI Rp10.000 ]\n")
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
            else:
                stamp.add_run().add_break(WD_BREAK.LINE)
            stamp.add_run().add_break(WD_BREAK.LINE)
            name = cell.add_paragraph()
            name.alignment = CENTER
            run = name.add_run(sig["name"])
            run.bold = True
            run.underline = True
            if sig["nip"]:
                nip = cell.add_paragraph()
                nip.alignment = CENTER
                nip.add_run(f"NIP. {sig['nip']}")
