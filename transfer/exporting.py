"""Export of any filtered list of agreements, with the import's column set (an export re-imports
cleanly).  Rows are read in chunks of plain values (no model instances), CSV is streamed and XLSX
is written in openpyxl's write-only mode to a temporary file that is then streamed: memory stays
flat whatever the number of rows.

Every writer here goes through ``safe_cell``: a text beginning with = + - @ (or a tab or carriage
return) gets a leading apostrophe, so that a spreadsheet never runs it as a formula (OWASP "CSV
injection"); the importer takes the apostrophe off again (``importing.clean_cell``).  Control
characters a spreadsheet cannot hold (U+000B and friends) are dropped.  CSV files are written for
Indonesian Excel: UTF-8 with a BOM and ``;`` as the separator (Excel in the Indonesian locale uses
the comma as its decimal separator and splits columns on ``;``)."""

import csv
import datetime
import re
import tempfile
from collections import defaultdict

import django_countries
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Opd
from agreements.choices import FundingSource, Kind, Stage
from agreements.models import Agreement, AgreementParty, DocumentType, Urusan
from partners.choices import PartnerType

from .importing import COLUMNS, HEADERS

CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_DELIMITER = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value):
    """A value as a spreadsheet may hold it: control characters dropped, formulas neutralised."""
    if not isinstance(value, str):
        return value
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_row(row):
    return [safe_cell(v) for v in row]


def csv_writer(target):
    """The project's CSV dialect (Indonesian Excel): ``;`` between columns."""
    return csv.writer(target, delimiter=CSV_DELIMITER)


def _joined(values):
    """Several partners' values in one cell, in the partners' order: an empty one is "-" so that
    the positions still line up when read back."""
    if not any(values):
        return ""
    return "; ".join(v or "-" for v in values)


def _date(value, as_text):
    if value is None:
        return ""
    return value.strftime("%d-%m-%Y") if as_text else value


def iter_rows(queryset, dates_as_text=True):
    """Lists of cell values in the order of ``importing.COLUMNS``, for every agreement of
    ``queryset`` in its order; a few queries per 2,000 rows."""
    with translation.override("id"):
        kinds = {k: str(label) for k, label in Kind.choices}
        stages = {k: str(label) for k, label in Stage.choices}
        funding = {k: str(label) for k, label in FundingSource.choices}
        partner_types = {k: str(label) for k, label in PartnerType.choices}
        countries = {code: str(name) for code, name in django_countries.countries}
    opds = dict(Opd.objects.values_list("pk", "code"))
    doc_types = dict(DocumentType.objects.values_list("pk", "name"))
    urusan_names = dict(Urusan.objects.values_list("pk", "name"))
    ids = list(queryset.values_list("pk", flat=True))
    fields = ["pk", "title", "kind", "document_type_id", "opd_initiator_id", "signing_date", "signing_place",
              "start_date", "end_date", "duration_text", "stage", "scope", "location", "funding_source", "value",
              "parent_id", "parent_relation"]
    through = Agreement.urusan.through
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = {r["pk"]: r for r in Agreement.objects.filter(pk__in=chunk).order_by().values(*fields)}
        parties = defaultdict(list)
        for agreement_id, _order, name, is_home, ptype, region_id, number, country in (
            AgreementParty.objects.filter(agreement_id__in=chunk)
            .order_by("agreement_id", "order", "id")
            .values_list("agreement_id", "order", "partner__name", "partner__is_home", "partner__partner_type",
                         "partner__region_id", "document_number", "partner__country")
        ):
            parties[agreement_id].append((is_home, name, ptype, region_id, number, country))
        parent_ids = {r["parent_id"] for r in rows.values() if r["parent_id"]}
        parent_numbers = dict(
            AgreementParty.objects.filter(agreement_id__in=parent_ids, partner__is_home=True)
            .order_by("agreement_id", "order", "id").values_list("agreement_id", "document_number")
        ) if parent_ids else {}
        urusan = defaultdict(list)
        for agreement_id, urusan_id in through.objects.filter(agreement_id__in=chunk).values_list("agreement_id", "urusan_id"):
            urusan[agreement_id].append(urusan_names[urusan_id])
        for pk in chunk:
            row = rows.get(pk)
            if row is None:
                continue
            own = [p for p in parties[pk] if p[0]]
            others = [p for p in parties[pk] if not p[0]]
            yield safe_row([
                own[0][4] if own else "",
                _joined([p[4] for p in others]),
                doc_types.get(row["document_type_id"], ""),
                kinds.get(row["kind"], row["kind"]),
                row["title"],
                "; ".join(p[1] for p in others),
                _joined([p[3] or "" for p in others]),
                _joined([partner_types.get(p[2], "") for p in others]),
                opds.get(row["opd_initiator_id"], ""),
                "; ".join(sorted(urusan[pk])),
                _date(row["signing_date"], dates_as_text),
                row["signing_place"],
                _date(row["start_date"], dates_as_text),
                _date(row["end_date"], dates_as_text),
                row["duration_text"],
                stages.get(row["stage"], row["stage"]),
                row["scope"],
                row["location"],
                funding.get(row["funding_source"], ""),
                "" if row["value"] is None else (int(row["value"]) if row["value"] == int(row["value"]) else float(row["value"])),
                _joined([countries.get(p[5], p[5]) if p[5] else "" for p in others]),
                parent_numbers.get(row["parent_id"], "") if row["parent_id"] else "",
                row["parent_relation"].capitalize() if row["parent_id"] else "",
            ])


class _Echo:
    def write(self, value):
        return value


def stream_csv(queryset):
    writer = csv_writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a BOM
    yield writer.writerow(HEADERS)
    buffer = []
    for row in iter_rows(queryset):
        buffer.append(writer.writerow(row))
        if len(buffer) >= 500:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def write_xlsx(queryset, target):
    """Write the list into ``target`` (a path or a file object) with openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Agreements")[:31])
    widths = {"title": 60, "partners": 40, "scope": 40, "home_number": 24, "partner_number": 24}
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 18)
    sheet.freeze_panes = "A2"  # the header row stays in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}1"  # and filters on every column
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, fill
        header.append(cell)
    sheet.append(header)
    for row in iter_rows(queryset, dates_as_text=False):
        sheet.append(row)
    book.save(target)


def export_response(queryset, fmt, filename):
    """An HTTP response with ``queryset`` as CSV (streamed) or XLSX; ``filename`` without extension."""
    fmt = (fmt or "xlsx").lower()
    stamp = datetime.date.today().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(stream_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response
    if fmt != "xlsx":
        raise ValueError(f"unknown export format {fmt!r}")
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(queryset, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}-{stamp}.xlsx", content_type=XLSX_TYPE)


def export_selected_xlsx(modeladmin, request, queryset):
    """Admin action: the selected agreements (within what the user may see) as XLSX."""
    visible = Agreement.objects.for_user(request.user)
    return export_response(visible.filter(pk__in=queryset.values("pk")), "xlsx", "kerja-sama")


export_selected_xlsx.short_description = gettext_lazy("Export selected to Excel (XLSX)")
export_selected_xlsx.allowed_permissions = ("view",)
