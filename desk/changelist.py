"""The register's changelist at a million agreements: nothing on the page scans the table.

Django's changelist, left alone, costs a few hundred milliseconds per page on a large table: it
counts the filtered result for the paginator (even with ``show_full_result_count = False``), its
date hierarchy runs ``MIN/MAX`` and ``SELECT DISTINCT date_trunc(…)`` over the filtered rows, a
related-only filter lists ``DISTINCT opd_initiator_id`` of every row, and a search over related
fields adds ``DISTINCT`` over every column.  Here instead:

- ``EstimatedCountPaginator`` counts at most ``CAP + 1`` rows; above that the unfiltered list
  takes ``pg_class.reltuples`` ("about 1.000.000") and a filtered one says "more than 500" and
  sizes its page links from the planner's estimate (``EXPLAIN``).
  Deep pages fetch their ids through the sort index first (an index-only scan), then the rows.
- ``RegisterChangeList`` gives the date hierarchy choices that do not depend on the filtered rows
  (years from ``signed_years``, the twelve months, the days of the month) and breaks ties of a
  sorted column in the same direction, so a ``(column, id)`` index serves both directions.
- ``signed_years`` finds the years with a signed agreement with one ``EXISTS`` probe per year on
  the ``signing_date`` index, once per request.
"""

import calendar
import datetime
import json

from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Max, Min
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .queue import ITEMS_BY_KEY, QUEUE_PARAM

# The "year signed" and "ending within" filters of the register (``desk.admin``).
YEAR_SIGNED_PARAM = "tahun_ttd"
ENDING_WITHIN_PARAM = "berakhir_dalam"
# Unless a column is sorted, these filters set the order: within a signing year (the filter or the
# date hierarchy) newest signed first along the signing_date index; what ends soonest first.  The
# default "newest created" order would walk the created_at index past every other year's rows.
FILTER_ORDERINGS = {
    YEAR_SIGNED_PARAM: ("-signing_date", "-pk"),
    "signing_date": ("-signing_date", "-pk"),
    ENDING_WITHIN_PARAM: ("end_date", "pk"),
}


class EstimatedCountPaginator(Paginator):
    """Exact count up to ``CAP`` rows; beyond, the planner's estimate (``estimated`` is then True)."""

    CAP = 500
    # From this offset on, a page first takes its ids from the sort index (index-only), then the rows.
    DEEP_OFFSET = 2000
    estimated = False
    # Set by the admin when more than this many matches are already known (a common search word).
    known_above = None

    @cached_property
    def unfiltered(self):
        return not self.object_list.query.where

    @cached_property
    def count(self):
        queryset = self.object_list
        if not (self.known_above and self.known_above >= self.CAP):
            capped = queryset.order_by().values("pk")[: self.CAP + 1].count()
            if capped <= self.CAP:
                return capped
        if connections[queryset.db].vendor != "postgresql":
            return queryset.count()
        self.estimated = True
        self.lower_bound = max(self.CAP, self.known_above or 0)
        estimate = table_rows(queryset) if self.unfiltered else None
        return max(self.lower_bound + 1, estimate or planner_rows(queryset))

    @property
    def count_label(self):
        """"about 1.000.000 agreements" (the table's estimate) or "more than 500 agreements" (a
        filtered list, where the planner's guess is too rough to print); None when exact."""
        if not self.estimated:
            return None
        if self.unfiltered:
            return _("about %(n)s agreements") % {"n": number_format(self.count, force_grouping=True)}
        return _("more than %(n)s agreements") % {"n": number_format(self.lower_bound, force_grouping=True)}

    def validate_number(self, number):
        if not self.estimated:
            return super().validate_number(number)
        # An estimate may fall short of the real count: any page from 1 on may be asked for.
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.estimated and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.window(bottom, top), number, self)

    def window(self, bottom, top):
        queryset = self.object_list
        if bottom < self.DEEP_OFFSET:
            return queryset[bottom:top]
        ids = queryset.values("pk")[bottom:top]
        return queryset.filter(pk__in=ids)


def table_rows(queryset):
    """``pg_class.reltuples``: the table's row count as of its last ANALYZE (None if never)."""
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] > 0 else None


def planner_rows(queryset):
    """PostgreSQL's estimate of the rows ``queryset`` returns (``EXPLAIN``, nothing is read)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def signed_years(request, model):
    """The years (newest first) in which some agreement was signed; cached on the request.

    ``MIN``/``MAX`` read the two ends of the ``signing_date`` index; then one row carries an
    ``EXISTS`` per year between them, each a single index probe."""
    cached = getattr(request, "_ks_signed_years", None)
    if cached is not None:
        return cached
    bounds = model.objects.aggregate(first=Min("signing_date"), last=Max("signing_date"))
    years = []
    if bounds["first"]:
        span = range(bounds["first"].year, bounds["last"].year + 1)
        connection = connections[model.objects.db]
        quote = connection.ops.quote_name
        probe = (
            f"EXISTS(SELECT 1 FROM {quote(model._meta.db_table)} "
            f"WHERE {quote('signing_date')} >= %s AND {quote('signing_date')} < %s)"
        )
        adapt = connection.ops.adapt_datefield_value
        params = [adapt(datetime.date(y, 1, 1)) if i == 0 else adapt(datetime.date(y + 1, 1, 1)) for y in span for i in (0, 1)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join([probe] * len(span)), params)
            row = cursor.fetchone()
        years = [year for year, found in zip(span, row, strict=True) if found]
    years.sort(reverse=True)
    request._ks_signed_years = years
    return years


def queue_item(value):
    if isinstance(value, list):
        value = value[-1] if value else None
    return ITEMS_BY_KEY.get(value)


class RegisterChangeList(ChangeList):
    """Django's changelist with a date hierarchy that does not read the rows and an index-friendly
    tie-break; the paginator is ``EstimatedCountPaginator`` (``AgreementAdmin.paginator``)."""

    def get_results(self, request):
        self.request = request
        # The rows of the page may load less than the queryset (``changelist_rows``): the actions and
        # exports keep using ``get_queryset``.
        rows = getattr(self.model_admin, "changelist_rows", None)
        full = self.queryset
        if rows:
            self.queryset = rows(full)
        try:
            super().get_results(request)
        finally:
            self.queryset = full

    def get_ordering(self, request, queryset):
        if ORDER_VAR not in self.params:
            item = queue_item(self.params.get(QUEUE_PARAM))
            if item is not None:
                # the work queue's rows: who waited longest, or what ends first, on top
                return ["stage_changed_at", "pk"] if item.clock == "since" else ["end_date", "pk"]
            for param, ordering in FILTER_ORDERINGS.items():
                value = next((v for k, v in self.params.items() if k == param or k.startswith(param + "__")), "")
                if value.isdigit():
                    return list(ordering)
        ordering = super().get_ordering(request, queryset)
        # Django breaks ties with "-pk" whatever the direction; follow the first column's direction
        # so "(column, id)" indexes serve both "column" and "-column".
        if len(ordering) >= 2 and ordering[-1] == "-pk" and isinstance(ordering[0], str):
            if not ordering[0].startswith("-"):
                ordering = [*ordering[:-1], "pk"]
        return ordering

    @cached_property
    def light_date_hierarchy(self):
        """The context of ``admin/date_hierarchy.html``, built without querying the filtered rows."""
        field = self.date_hierarchy
        year_field, month_field, day_field = f"{field}__year", f"{field}__month", f"{field}__day"
        year, month, day = (self.params.get(f) for f in (year_field, month_field, day_field))
        year, month, day = (value[-1] if isinstance(value, list) else value for value in (year, month, day))

        def link(filters):
            return self.get_query_string(filters, [f"{field}__"])

        try:
            year, month, day = (int(v) if v else None for v in (year, month, day))
            if year and month and day:
                chosen = datetime.date(year, month, day)
            elif year and month:
                chosen = datetime.date(year, month, 1)
        except ValueError:
            return {"show": False}
        if year and month and day:
            return {
                "show": True,
                "back": {"link": link({year_field: year, month_field: month}), "title": capfirst(date_format(chosen, "YEAR_MONTH_FORMAT"))},
                "choices": [{"title": capfirst(date_format(chosen, "MONTH_DAY_FORMAT"))}],
            }
        if year and month:
            days = calendar.monthrange(year, month)[1]
            return {
                "show": True,
                "back": {"link": link({year_field: year}), "title": str(year)},
                "choices": [
                    {
                        "link": link({year_field: year, month_field: month, day_field: d}),
                        "title": capfirst(date_format(datetime.date(year, month, d), "MONTH_DAY_FORMAT")),
                    }
                    for d in range(1, days + 1)
                ],
            }
        if year:
            return {
                "show": True,
                "back": {"link": link({}), "title": _("All dates")},
                "choices": [
                    {
                        "link": link({year_field: year, month_field: m}),
                        "title": capfirst(date_format(datetime.date(year, m, 1), "YEAR_MONTH_FORMAT")),
                    }
                    for m in range(1, 13)
                ],
            }
        years = sorted(signed_years(self.request, self.model))
        return {
            "show": bool(years),
            "back": None,
            "choices": [{"link": link({year_field: str(y)}), "title": str(y)} for y in years],
        }
