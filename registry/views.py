"""Registry list, agreement detail, dashboard, public transparency page and tracking link.

Lists never run an exact ``COUNT(*)`` over the whole table: the total is PostgreSQL's estimate
(``pg_class.reltuples``) when nothing narrows the list, otherwise a count capped at
``COUNT_CAP`` ("more than 1,000"); pages are fetched one row long to know whether a next page
exists.  Rows come with their parties and partners in one extra query, so the number of queries
does not grow with the page.
"""

import datetime
import hashlib
import json
import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts import roles
from agreements import money
from agreements.choices import Kind, Stage, stage_badge
from agreements.models import Agreement, AgreementParty, Attachment, StageEvent, Urusan
from transfer.exporting import XLSX_TYPE

from . import dashboard as dashboard_figures
from .filters import AgreementFilterSet, PublicStatus, public_status_of, signed_amendment_exists

PER_PAGE = 25
COUNT_CAP = 1000
NARROW_LIST = 250  # a filtered list this short is paged from its ids
MAX_PAGE = 100_000


# --- paging without an exact count ----------------------------------------------------------------


class Page:
    """One page of a list fetched with ``LIMIT per_page + 1``: knows its neighbours, not the end.

    Past ``DEEP_OFFSET`` rows the page's ids are read first (``OFFSET`` over the sort index alone,
    an index-only scan) and only those rows are then loaded: skipping 10,000 whole rows to show 25
    read 10,000 heap rows at a million agreements."""

    DEEP_OFFSET = 1000

    def __init__(self, queryset, number, per_page=None, values=None):
        per_page = per_page or PER_PAGE
        self.number = number
        self.per_page = per_page
        start = (number - 1) * per_page
        if start >= self.DEEP_OFFSET:
            ids = list(queryset.values_list("pk", flat=True)[start : start + per_page + 1])
            queryset = queryset.filter(pk__in=ids)  # still in the list's order
            rows = list(queryset.values(*values) if values else queryset)
        else:
            window = queryset[start : start + per_page + 1]
            rows = list(window.values(*values) if values else window)
        self.has_next = len(rows) > per_page
        self.object_list = rows[:per_page]
        self.has_previous = number > 1
        self.start_index = start + 1 if self.object_list else 0
        self.end_index = start + len(self.object_list)

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)


def page_number(request):
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def estimated_table_rows(model):
    """PostgreSQL's own estimate of a table's rows (kept by autovacuum/ANALYZE), or None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] and row[0] > COUNT_CAP else None


def total_for(queryset, unfiltered_table=False, known_above=None):
    """(number, is_estimate, is_capped) for the "N agreements" line."""
    if known_above is not None and known_above >= COUNT_CAP:
        return COUNT_CAP, False, True
    if unfiltered_table:
        estimate = estimated_table_rows(queryset.model)
        if estimate is not None:
            return estimate, True, False
    capped = queryset.order_by()[: COUNT_CAP + 1].count()
    if capped > COUNT_CAP:
        return COUNT_CAP, False, True
    return capped, False, False


def tally_total_for(user, filterset):
    """The exact total of a list unfiltered or filtered only by kind, stage and year signed, from
    the dashboard's tally (one indexed read, where counting up to ``COUNT_CAP`` rows cost 6 ms at a million, or
    90 ms when the table was not in memory); None for any other filter or without a tally."""
    if filterset.is_bound and not filterset.form.is_valid():
        return None
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    used = {k: v for k, v in cleaned.items() if k != "sort" and v not in (None, "", [], ())}
    if not set(used) <= dashboard_figures.TALLY_FILTERS:
        return None
    year = used.get("year")
    if year is not None and (int(year) != year or not 1900 <= year <= 2200):
        return None
    return dashboard_figures.tally_total(
        user, kinds=used.get("kind", ()), stages=used.get("stage", ()), year=int(year) if year is not None else None
    )


def filter_form_html(request, filterset):
    """The filter panel's HTML, cached per query string: rendering ~80 options through the form
    widgets' templates costs more than the page's SQL."""
    params = sorted((k, v) for k, values in request.GET.lists() for v in values if k != "page")
    digest = hashlib.sha1(urlencode(params).encode()).hexdigest()
    key = f"registry:filterform:{'public' if filterset.public else 'internal'}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("registry/_filters.html", {"filterset": filterset, "request": request})
        cache.set(key, html, 600)
    return html


# The columns the list shows: the long texts (background, purpose, scope…) stay in the database.
LIST_FIELDS = (
    "id", "title", "kind", "stage", "signing_date", "end_date", "value", "document_type__name",
    "opd_initiator__name", "opd_initiator__short_name",
)


def choice_labels():
    """{value: label} of kinds and stages in the active language, resolved once per request:
    ``get_FOO_display`` hashes the whole list of lazy choices on every call (~0.2 ms each)."""
    return {k: str(v) for k, v in Kind.choices}, {k: str(v) for k, v in Stage.choices}


class ListRow:
    """One row of the registry table: the listed columns as plain values (no model instance, no
    prefetch machinery: a page of 25 agreements built ~175 instances for eight cells each)."""

    def __init__(self, values, kinds, stages):
        self.pk = self.id = values["id"]
        self.title = values["title"]
        self.kind = values["kind"]
        self.stage = values["stage"]
        self.signing_date = values["signing_date"]
        self.end_date = values["end_date"]
        self.value = values["value"]
        self.document_type_name = values["document_type__name"] or ""
        self.opd_name = values["opd_initiator__short_name"] or values["opd_initiator__name"] or ""
        self.kind_label = kinds.get(self.kind, self.kind)
        self.stage_label = stages.get(self.stage, self.stage)
        self.stage_badge = stage_badge(self.stage)
        self.home_number = ""
        self.partner_names = ""


def with_parties(rows):
    """Each row's home-register number and its partners' names, in one query for the page."""
    by_id = {row.pk: row for row in rows}
    if not by_id:
        return rows
    names = {pk: [] for pk in by_id}
    parties = (
        AgreementParty.objects.filter(agreement_id__in=list(by_id))
        .order_by("order", "id")
        .values_list("agreement_id", "document_number", "partner__name", "partner__is_home")
    )
    for agreement_id, number, partner, is_home in parties:
        if is_home:
            if not by_id[agreement_id].home_number:
                by_id[agreement_id].home_number = number or ""
        else:
            names[agreement_id].append(partner)
    for pk, row in by_id.items():
        row.partner_names = "; ".join(names[pk])
    return rows


# --- internal registry ----------------------------------------------------------------------------


@login_required
@require_GET
def registry_list(request):
    scoped = Agreement.objects.for_user(request.user)
    filterset = AgreementFilterSet(request.GET or None, queryset=scoped)
    listed = filterset.qs
    exact = tally_total_for(request.user, filterset)
    if exact is not None:
        total, estimated, capped = exact, False, False
    elif roles.sees_everything(request.user) and not filterset.is_filtered:
        total, estimated, capped = total_for(listed, unfiltered_table=True)
    elif filterset.known_above is not None:
        total, estimated, capped = total_for(listed, known_above=filterset.known_above)
    else:
        # The capped count reads the matching ids anyway: a list narrowed to a few hundred is then
        # paged from those ids by primary key instead of running its filters a second time
        # (an OPD's urusan in one year at a million rows: 4.5 ms of SQL saved).
        ids = list(listed.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
        total, estimated, capped = min(len(ids), COUNT_CAP), False, len(ids) > COUNT_CAP
        if not capped and len(ids) <= NARROW_LIST:
            listed = Agreement.objects.filter(pk__in=ids).order_by(*listed.query.order_by)
    page = Page(listed, page_number(request), values=LIST_FIELDS)
    kinds, stages = choice_labels()
    page.object_list = with_parties([ListRow(values, kinds, stages) for values in page.object_list])
    return render(
        request,
        "registry/list.html",
        {
            "filterset": filterset,
            "filter_form": filter_form_html(request, filterset),
            "page": page,
            "rows": list_rows(page),
            "total": total,
            "total_estimated": estimated,
            "total_capped": capped,
            "sort": filterset.sort_key,
            "columns": _columns(),
            "export_formats": ["xlsx", "csv"],
        },
    )


ROW = (
    '<tr><td class="small ks-number-col">{}</td>'
    '<td class="ks-title-col"><a href="{}">{}</a><div class="small text-muted">{} · {}</div></td>'
    '<td class="small">{}</td><td class="small">{}</td>'
    '<td><span class="badge text-bg-{}">{}</span></td>'
    '<td class="small text-nowrap">{}</td><td class="small text-nowrap">{}</td>'
    '<td class="small text-end text-nowrap">{}</td></tr>'
)


class CellFormats:
    """The table's dates ("17 Mei 2022", as ``date:"j M Y"`` writes them), Rupiah values without
    sen, grouped as ``intcomma`` groups them ("125.000.000"), and titles cut as ``truncatechars``
    cuts them, with the active language's names resolved once per page (the template filters cost
    20 µs a cell, a fifth of the page's time)."""

    def __init__(self):
        self.months = {month: str(name).title() for month, name in MONTHS_3.items()}

    def date(self, value):
        return f"{value.day} {self.months[value.month]} {value.year}" if value else "—"

    @staticmethod
    def rupiah(value):
        return "—" if value is None else money.group(value, sen=money.NEVER)

    @staticmethod
    def truncate(text, length):
        return text if len(text) <= length else text[: length - 1] + "…"


def list_rows(page):
    """The registry table's rows as HTML, built here with ``format_html`` (every value escaped): a
    template loop over 25 rows of 8 cells was the larger half of the page's time at a million rows."""
    detail = reverse("registry_detail", args=[0]).rsplit("0/", 1)[0]  # "/registri/": one reverse, not 25
    cells = CellFormats()
    rows = []
    for a in page:
        # "000.3.3/PKS/12/Kerjasama/2026" may wrap after each "/"
        number = mark_safe("/<wbr>".join(conditional_escape(part) for part in a.home_number.split("/"))) if a.home_number else ""
        rows.append(format_html(
            ROW, number, f"{detail}{a.pk}/", cells.truncate(a.title, 110), a.document_type_name, a.kind_label,
            a.partner_names, a.opd_name, a.stage_badge, a.stage_label, cells.date(a.signing_date), cells.date(a.end_date),
            cells.rupiah(a.value),
        ))
    return rows


def _columns():
    """Sortable columns: (label, ascending sort key, descending sort key)."""
    return [
        (_("Title"), "judul", "-judul"),
        (_("Signed"), "ttd", "-ttd"),
        (_("Ends"), "berakhir", "-berakhir"),
        (_("Value (Rp)"), "nilai", "-nilai"),
    ]


@login_required
@require_GET
def registry_export(request, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    from transfer.exporting import export_response

    scoped = Agreement.objects.for_user(request.user)
    filterset = AgreementFilterSet(request.GET or None, queryset=scoped)
    filename = f"registri-kerja-sama-{timezone.localdate():%Y%m%d}"
    return export_response(filterset.qs, fmt, filename)


def _attachment_url(attachment):
    for args in ([attachment.agreement_id, attachment.pk], [attachment.pk]):
        try:
            return reverse("attachment_download", args=args)
        except NoReverseMatch:
            continue
    return None


@login_required
@require_GET
def agreement_detail(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.for_user(request.user).select_related("document_type", "opd_initiator", "parent"), pk=pk
    )
    parties = agreement.parties.select_related("partner", "partner__region").order_by("order", "id")
    events = StageEvent.objects.filter(agreement=agreement).select_related("actor").order_by("created_at", "id")
    attachments = (
        Attachment.objects.filter(agreement=agreement, is_removed=False)
        .select_related("attachment_type")
        .order_by("attachment_type__order", "-uploaded_at")
    )
    documents = [(attachment, _attachment_url(attachment)) for attachment in attachments]
    visible = Agreement.objects.for_user(request.user)
    # The family: up to the root (KSB), then every descendant (PKS, adendum, perpanjangan).
    root = agreement
    ancestors = []
    while root.parent_id:
        parent = visible.select_related("document_type").filter(pk=root.parent_id).first()
        if parent is None:
            break
        ancestors.insert(0, parent)
        root = parent
    family = _descendants(visible, root)
    return render(
        request,
        "registry/detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "events": events,
            "documents": documents,
            "urusan": agreement.urusan.all(),
            "executing_opds": agreement.executing_opds.all(),
            "contacts": agreement.contacts.all(),
            "root": root,
            "ancestors": ancestors,
            "family": family,
            "today": timezone.localdate(),
        },
    )


def _descendants(visible, root, depth=0, limit=200):
    """[(agreement, depth)] under ``root``, breadth by level (few rows: one query per level)."""
    result = []
    level = [root.pk]
    depth = 1
    seen = {root.pk}
    while level and depth < 6 and len(result) < limit:
        children = list(
            visible.filter(parent_id__in=level).select_related("document_type").order_by("parent_id", "created_at", "id")
        )
        children = [c for c in children if c.pk not in seen]
        seen.update(c.pk for c in children)
        result.append((depth, children))
        level = [c.pk for c in children]
        depth += 1
    tree = []
    by_parent = {}
    for d, children in result:
        for child in children:
            by_parent.setdefault(child.parent_id, []).append((child, d))

    def walk(pk):
        for child, d in by_parent.get(pk, []):
            tree.append((child, d))
            walk(child.pk)

    walk(root.pk)
    return tree


# --- dashboard --------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    figures = dashboard_figures.figures_for(request.user)
    registry = reverse("registry_list")
    charts = [
        _chart("kind", _("Agreements by kind"), figures["by_kind"], registry, "kind", "bar"),
        _chart("stage", _("Agreements by stage"), figures["by_stage"], registry, "stage", "bar", horizontal=True),
        _chart("signed", _("Signed per year"), figures["signed_per_year"], registry, "year", "bar"),
        _chart("proposed", _("Proposals per year"), figures["proposed_per_year"], registry, "proposed_year", "bar"),
        _chart("opd", _("Agreements by OPD"), figures["by_opd"], registry, "opd", "bar", horizontal=True, top=15),
        _chart("urusan", _("Agreements by government affair"), figures["by_urusan"], registry, "urusan", "bar", horizontal=True, top=15),
    ]
    return render(
        request,
        "registry/dashboard.html",
        {
            "figures": figures,
            "charts": charts,
            "panels": dashboard_figures.panels(request),
            "chart_data": [
                {"id": c["id"], "type": c["type"], "horizontal": c["horizontal"], "labels": [r["label"] for r in c["rows"]],
                 "values": [r["n"] for r in c["rows"]], "links": [r["url"] for r in c["rows"]], "title": c["title"]}
                for c in charts
            ],
            "scope_all": roles.sees_everything(request.user),
            "in_process_query": "&".join(f"stage={stage}" for stage in Stage.in_process()),
            "stale_days": settings.KERJASAMA["STALE_STAGE_DAYS"],
        },
    )


def _chart(chart_id, title, rows, registry, param, chart_type, horizontal=False, top=None):
    shown = rows[:top] if top else rows
    return {
        "id": chart_id,
        "title": title,
        "type": chart_type,
        "horizontal": horizontal,
        "rows": [dict(row, url=f"{registry}?{param}={row['key']}") for row in shown],
        "more": len(rows) - len(shown),
    }


# --- public transparency page -----------------------------------------------------------------------

PUBLIC_FIELDS = ("title", "document_type", "kind", "urusan", "parties", "signing_date", "start_date", "end_date", "status")


def public_queryset(params):
    """The published agreements matching the public filters, each with ``amended``."""
    filterset = AgreementFilterSet(params or None, queryset=Agreement.objects.published(), public=True)
    queryset = filterset.qs.annotate(amended=signed_amendment_exists())
    return filterset, queryset


def _public_prefetch(queryset):
    return queryset.select_related("document_type").prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.filter(partner__is_home=False)
            .select_related("partner")
            .order_by("order", "id")
            .only("id", "agreement_id", "order", "partner__id", "partner__name"),
            to_attr="public_parties",
        ),
        Prefetch("urusan", queryset=Urusan.objects.order_by("code"), to_attr="public_urusan"),
    ).only(
        "id", "title", "kind", "stage", "document_type__name", "signing_date", "start_date", "end_date", "is_published"
    )


@require_GET
@cache_control(public=True, max_age=60)
def public_list(request):
    filterset, queryset = public_queryset(request.GET)
    page = Page(_public_prefetch(queryset), page_number(request))
    kinds, _stages = choice_labels()
    for agreement in page:
        agreement.kind_label = kinds.get(agreement.kind, agreement.kind)
        agreement.public_status = public_status_of(agreement.stage, agreement.amended)
        agreement.status_label = PublicStatus.LABELS[agreement.public_status]
        agreement.status_badge = PublicStatus.BADGES[agreement.public_status]
        agreement.partner_names = "; ".join(p.partner.name for p in agreement.public_parties)
        agreement.urusan_names = "; ".join(u.name for u in agreement.public_urusan)
    total, _estimated, capped = total_for(filterset.qs, known_above=filterset.known_above)
    return render(
        request,
        "registry/public.html",
        {
            "filterset": filterset,
            "filter_form": filter_form_html(request, filterset),
            "page": page,
            "total": total,
            "total_capped": capped,
            "sort": filterset.sort_key,
        },
    )


def _public_records(queryset):
    kinds = dict(Kind.choices)
    for agreement in _public_prefetch(queryset).iterator(chunk_size=2000):
        status = public_status_of(agreement.stage, agreement.amended)
        yield {
            "id": agreement.pk,
            "judul": agreement.title,
            "jenis_dokumen": agreement.document_type.name,
            "jenis_kerja_sama": str(kinds.get(agreement.kind, agreement.kind)),
            "urusan": [u.name for u in agreement.public_urusan],
            "mitra": [p.partner.name for p in agreement.public_parties],
            "tanggal_penandatanganan": agreement.signing_date.isoformat() if agreement.signing_date else None,
            "tanggal_mulai": agreement.start_date.isoformat() if agreement.start_date else None,
            "tanggal_berakhir": agreement.end_date.isoformat() if agreement.end_date else None,
            "status": str(PublicStatus.LABELS[status]),
        }


class _Echo:
    def write(self, value):
        return value


PUBLIC_HEADER = ["id", "judul", "jenis_dokumen", "jenis_kerja_sama", "urusan", "mitra",
                 "tanggal_penandatanganan", "tanggal_mulai", "tanggal_berakhir", "status"]


def _public_xlsx(queryset):
    """The same public columns as the CSV, as a worksheet with a header row, autofilter and frozen
    panes.  Not ``transfer.exporting.write_xlsx``: that writes the whole register (value, funding,
    OPD, scope), more than the public may download."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from transfer.exporting import safe_cell  # formulas neutralised, control characters dropped

    book = Workbook(write_only=True)
    sheet = book.create_sheet("kerja_sama")
    for index, width in enumerate([8, 60, 24, 28, 40, 40, 14, 14, 14, 16], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    count = 0
    header = []
    for title in PUBLIC_HEADER:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for record in _public_records(queryset):
        row = []
        for key, value in record.items():
            if isinstance(value, list):
                value = "; ".join(value)
            elif key.startswith("tanggal_") and value:
                value = datetime.date.fromisoformat(value)
            row.append(safe_cell(value))
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(PUBLIC_HEADER))}{count + 1}"
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    book.save(handle)
    handle.seek(0)
    return handle


@require_GET
def public_download(request, fmt):
    """Open data: the published agreements of the current filter as CSV or JSON (streamed) or XLSX."""
    if fmt not in ("csv", "json", "xlsx"):
        raise Http404
    _filterset, queryset = public_queryset(request.GET)
    filename = f"kerja-sama-daerah-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(_public_xlsx(queryset), as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    if fmt == "csv":
        from transfer.exporting import csv_writer, safe_row  # formulas neutralised, ";" for Indonesian Excel

        writer = csv_writer(_Echo())
        header = PUBLIC_HEADER

        def rows():
            yield "\ufeff" + writer.writerow(header)
            for record in _public_records(queryset):
                yield writer.writerow(safe_row(
                    ["; ".join(v) if isinstance(v, list) else ("" if v is None else v) for v in record.values()]
                ))

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    else:

        def chunks():
            yield '{"sumber": ' + json.dumps(request.build_absolute_uri(reverse("public_list"))) + ', "data": ['
            first = True
            for record in _public_records(queryset):
                yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
                first = False
            yield "]}\n"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@cache_control(public=True, max_age=60)
def public_detail(request, pk):
    """One published agreement for the public: title, parties and their numbers, kind, urusan,
    dates and status; nothing else (no value, no files, no contacts, no signatories).  Unpublished: 404."""
    agreement = get_object_or_404(
        Agreement.objects.published().select_related("document_type").annotate(amended=signed_amendment_exists()), pk=pk
    )
    parties = AgreementParty.objects.filter(agreement=agreement).select_related("partner").order_by("order", "id")
    status = public_status_of(agreement.stage, agreement.amended)
    return render(
        request,
        "registry/public_detail.html",
        {
            "agreement": agreement,
            "parties": [
                {"label": p.role_label, "name": p.partner.name, "number": p.document_number} for p in parties
            ],
            "urusan": agreement.urusan.order_by("code"),
            "status_label": PublicStatus.LABELS[status],
            "status_badge": PublicStatus.BADGES[status],
        },
    )


# --- tracking link ------------------------------------------------------------------------------------


@require_GET
def tracking(request, token):
    """A proposal's stage history by its non-guessable token: stage labels and dates only."""
    agreement = get_object_or_404(Agreement.objects.only("id", "title", "stage", "stage_changed_at"), tracking_token=token)
    events = list(
        StageEvent.objects.filter(agreement_id=agreement.pk).order_by("created_at", "id").values("to_stage", "created_at")
    )
    labels = dict(Stage.choices)
    timeline = []
    for event in events:
        if timeline and timeline[-1]["stage"] == event["to_stage"]:
            continue
        timeline.append({"stage": event["to_stage"], "label": labels.get(event["to_stage"], ""), "date": event["created_at"]})
    response = render(
        request,
        "registry/tracking.html",
        {
            "title": agreement.title,
            "stage_label": labels.get(agreement.stage, ""),
            "badge": stage_badge(agreement.stage),
            "timeline": timeline,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response

