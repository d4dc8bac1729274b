"""The registry's one FilterSet, reused by the internal list (``/registri/``), the public
transparency page (``/publik/``, with the private filters removed) and the exports.

Built from small mixins, one per concern, so each filter reads alone.  Relations are filterable by
id and by a human key (OPD code, urusan code, kode wilayah).  Filters on related rows (parties,
urusan, pelaksana OPD) are ``pk IN (subquery)`` so a multi-value filter never duplicates rows.

The free-text ``q`` matches the title, every party's document number and the partners' names.
On PostgreSQL ``icontains`` becomes ``UPPER(col::text) LIKE UPPER(%s)``, which the trigram GIN
indexes of migration ``0003_registry_indexes`` serve; on SQLite the same query runs unindexed.
"""

import datetime
import hashlib

import django_filters as filters
from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Opd
from agreements.choices import Kind, ParentRelation, Stage
from agreements.models import Agreement, AgreementParty, Urusan
from partners.choices import PartnerType
from partners.models import Partner, Region


class PublicStatus:
    """The status the public reads (berlaku / berakhir / diubah / diakhiri), derived from the stage
    and from a signed adendum under the agreement."""

    BERLAKU = "berlaku"
    DIUBAH = "diubah"
    BERAKHIR = "berakhir"
    DIAKHIRI = "diakhiri"
    CHOICES = [
        (BERLAKU, _("In force")),
        (DIUBAH, _("Amended")),
        (BERAKHIR, _("Expired")),
        (DIAKHIRI, _("Terminated")),
    ]
    LABELS = dict(CHOICES)
    BADGES = {BERLAKU: "success", DIUBAH: "info", BERAKHIR: "secondary", DIAKHIRI: "danger"}


def signed_amendment_exists():
    return Exists(
        Agreement.objects.filter(
            parent_id=OuterRef("pk"), parent_relation=ParentRelation.ADENDUM, stage__in=Stage.signed()
        )
    )


def public_status_q(status):
    """Q for one public status (the same precedence as ``public_status_of``)."""
    ended = [Stage.BERAKHIR, Stage.DIAKHIRI]
    if status == PublicStatus.DIAKHIRI:
        return Q(stage=Stage.DIAKHIRI)
    if status == PublicStatus.BERAKHIR:
        return Q(stage=Stage.BERAKHIR)
    if status == PublicStatus.DIUBAH:
        return Q(stage__in=Stage.signed()) & ~Q(stage__in=ended) & Q(signed_amendment_exists())
    if status == PublicStatus.BERLAKU:
        return Q(stage__in=Stage.signed()) & ~Q(stage__in=ended) & ~Q(signed_amendment_exists())
    return Q()


def public_status_of(stage, amended):
    if stage == Stage.DIAKHIRI:
        return PublicStatus.DIAKHIRI
    if stage == Stage.BERAKHIR:
        return PublicStatus.BERAKHIR
    return PublicStatus.DIUBAH if amended else PublicStatus.BERLAKU


def _ids(value):
    """Split "3,DLH" style values; keeps order, drops blanks."""
    items = []
    for raw in value if isinstance(value, list | tuple) else [value]:
        items += [part.strip() for part in str(raw).split(",") if part.strip()]
    return items


# --- mixins ---------------------------------------------------------------------------------------


class SearchMixin(filters.FilterSet):
    """``q``: every word must appear in the title, a party's document number, a partner's name or
    the initiating OPD's name or short name.

    Two plans, chosen per word by a cheap probe (``UNION ALL … LIMIT``, streamed from the trigram
    indexes): a rare word becomes ``pk IN (the ids the probe found)``, a small set read once; a
    common word (more than ``DENSE_MATCHES`` hits) becomes ``title LIKE … OR EXISTS(…)``, which
    PostgreSQL checks row by row along the list's sort index and stops at the page's LIMIT instead
    of collecting a hundred thousand ids first."""

    q = filters.CharFilter(method="filter_q", label=_("Search"))
    search_numbers = True
    DENSE_MATCHES = 2000
    DENSE_CACHE_SECONDS = 3600

    def _branches(self, word):
        partners = Partner.objects.filter(is_home=False, name__icontains=word).order_by().values("pk")
        branches = [
            Agreement.objects.filter(title__icontains=word).order_by().values("pk"),
            AgreementParty.objects.filter(partner_id__in=partners).order_by().values("agreement_id"),
        ]
        if self.search_numbers:
            branches.append(AgreementParty.objects.filter(document_number__icontains=word).order_by().values("agreement_id"))
        self.opd_ids = self._opds(word)
        if self.opd_ids:
            branches.append(Agreement.objects.filter(opd_initiator_id__in=self.opd_ids).order_by().values("pk"))
        return partners, branches

    @staticmethod
    def _opds(word):
        """The OPDs (a small table) whose short name is ``word`` or whose name contains it."""
        if len(word) < 3:
            return []
        return list(Opd.objects.filter(Q(short_name__iexact=word) | Q(name__icontains=word)).values_list("pk", flat=True)[:50])

    dense_words = 0

    @property
    def known_above(self):
        """More matches than this are known without counting: one common word and nothing else."""
        if self.dense_words == 1 and len(self.form.cleaned_data.get("q", "").split()) == 1:
            others = [k for k, v in self.form.cleaned_data.items() if k not in ("q", "sort") and v not in (None, "", [], ())]
            if not others:
                return self.DENSE_MATCHES
        return None

    def filter_q(self, queryset, name, value):
        self.dense_words = 0
        for word in value.split()[:5]:
            word = word[:100]
            partners, branches = self._branches(word)
            # A common word stays common: once a probe saw more than DENSE_MATCHES, the next searches
            # for it (an hour, this process's cache) skip the probe (28 ms for "sampah" at 1M rows).
            digest = hashlib.sha256(word.casefold().encode()).hexdigest()
            dense_key = f"registry:dense:{self.DENSE_MATCHES}:{int(self.search_numbers)}:{digest}"
            dense = bool(cache.get(dense_key))
            if not dense:
                probe = list(branches[0].union(*branches[1:], all=True)[: self.DENSE_MATCHES + 1])
                dense = len(probe) > self.DENSE_MATCHES
                if dense:
                    cache.set(dense_key, True, self.DENSE_CACHE_SECONDS)
            self.dense_words += dense
            if not dense:
                # The probe read every match: the list, its count and its page look them up by id
                # instead of running the three trigram searches again (twice).
                queryset = queryset.filter(pk__in=sorted({pk for row in probe for pk in row.values()}))
                continue
            # The range (not "=") keeps this EXISTS a per-row index probe: with "=" PostgreSQL
            # hashes every party of every matching partner first, ignoring that the LIMIT stops early.
            condition = Q(title__icontains=word) | Exists(
                AgreementParty.objects.filter(
                    agreement_id__gte=OuterRef("pk"), agreement_id__lte=OuterRef("pk"), partner_id__in=partners
                )
            )
            if self.search_numbers:
                condition |= Exists(
                    AgreementParty.objects.filter(agreement_id=OuterRef("pk"), document_number__icontains=word)
                )
            if self.opd_ids:
                condition |= Q(opd_initiator_id__in=self.opd_ids)
            queryset = queryset.filter(condition)
        return queryset


class KindStageMixin(filters.FilterSet):
    # distinct=False: these filter the agreement's own columns, a DISTINCT would only cost a sort.
    kind = filters.MultipleChoiceFilter(
        choices=Kind.choices, distinct=False, label=_("Kind of cooperation"), widget=forms.CheckboxSelectMultiple
    )
    stage = filters.MultipleChoiceFilter(choices=Stage.choices, distinct=False, label=_("Stage"))
    status = filters.MultipleChoiceFilter(
        choices=PublicStatus.CHOICES, method="filter_status", distinct=False, label=_("Status"),
        widget=forms.CheckboxSelectMultiple,
    )

    def filter_status(self, queryset, name, value):
        condition = Q()
        for status in value:
            condition |= public_status_q(status)
        return queryset.filter(condition) if value else queryset


class YearMixin(filters.FilterSet):
    year = filters.NumberFilter(method="filter_year", label=_("Year signed"))
    proposed_year = filters.NumberFilter(method="filter_proposed_year", label=_("Year proposed"))

    def filter_year(self, queryset, name, value):
        year = int(value)
        if not 1900 <= year <= 2200:
            return queryset.none()
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        queryset = queryset.filter(signing_date__gte=first, signing_date__lte=last)
        if connection.vendor != "postgresql" or self.form.cleaned_data.get("opd") or self.sort_key != "baru":
            return queryset  # with an OPD the (opd_initiator_id, signing_date) index serves; sorted otherwise, the range
        # Newest first, PostgreSQL would walk the created_at index past every agreement created after
        # that year (300,000 rows for 2022 in a million): the same year as EXTRACT reads the
        # (signing year, created_at, id) index of migration 0010 in the list's order, 26 entries.
        # The range above stays for the capped count, read index-only from (signing_date, created_at).
        # Value() keeps Django from turning the equality back into a date range.
        return queryset.alias(signed_year=ExtractYear("signing_date")).filter(signed_year=Value(year))

    def filter_proposed_year(self, queryset, name, value):
        year = int(value)
        if not 1900 <= year <= 2200:
            return queryset.none()
        tz = timezone.get_current_timezone()
        start = datetime.datetime(year, 1, 1, tzinfo=tz)
        return queryset.filter(created_at__gte=start, created_at__lt=start.replace(year=year + 1))


INLINE_IDS = 1000


class ExistsPerRow(Exists):
    """``EXISTS`` that PostgreSQL checks row by row through an index: ``OFFSET 0`` keeps its
    planner from turning the subquery into a semi-join or a hashed subplan, which read every row
    the subquery could match before the first outer row is checked."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def executed_by(opd_ids):
    """The agreements the OPDs execute (pelaksana), as literal ids when they are few.

    Literal ids (like the OPD ids themselves) let PostgreSQL estimate the OR with the initiating
    OPD and combine both sides with the other filters' indexes (a BitmapOr inside a BitmapAnd):
    "urusan + year + OPD" over a million rows then reads about a thousand index entries instead of
    walking the newest-first index past every agreement created after that year.  Past
    ``INLINE_IDS`` it stays a subquery, which PostgreSQL hashes once."""
    links = Agreement.executing_opds.through.objects.filter(opd_id__in=opd_ids).order_by()
    ids = list(links.values_list("agreement_id", flat=True)[: INLINE_IDS + 1])
    return ids if len(ids) <= INLINE_IDS else links.values("agreement_id")


class OpdMixin(filters.FilterSet):
    """``opd`` by id or code: the initiating OPD or one of the executing OPDs."""

    opd = filters.CharFilter(method="filter_opd", label=_("OPD"))

    def filter_opd(self, queryset, name, value):
        keys = _ids(value)
        opds = list(
            Opd.objects.filter(Q(pk__in=[k for k in keys if k.isdigit()]) | Q(code__in=keys)).values_list("pk", flat=True)
        )
        if not opds:
            return queryset.none()
        return queryset.filter(Q(opd_initiator_id__in=opds) | Q(pk__in=executed_by(opds)))


def urusan_choices():
    return [("", "—")] + [(u.code, f"{u.code} {u.name}") for u in Urusan.objects.order_by("code")]


def province_choices():
    return [("", "—")] + list(Region.objects.filter(level="provinsi").order_by("name").values_list("code", "name"))


class UrusanMixin(filters.FilterSet):
    """``urusan`` by id or code (e.g. ``2.11``), several allowed (comma-separated)."""

    urusan = filters.CharFilter(
        method="filter_urusan", label=_("Government affair (urusan)"), widget=forms.Select(choices=urusan_choices)
    )

    def filter_urusan(self, queryset, name, value):
        keys = _ids(value)
        # Literal ids, not a subquery: PostgreSQL then knows how common each urusan is.
        urusan = list(
            Urusan.objects.filter(Q(pk__in=[k for k in keys if k.isdigit()]) | Q(code__in=keys)).values_list("pk", flat=True)
        )
        if not urusan:
            return queryset.none()
        links = Agreement.urusan.through.objects.filter(urusan_id__in=urusan)
        data = self.form.cleaned_data
        if connection.vendor == "postgresql" and data.get("opd") and data.get("year"):
            # An OPD's agreements of one year are about a thousand rows (at a million): checking each
            # one's urusan by the (agreement_id, urusan_id) index costs 2 ms, where PostgreSQL's own
            # choice hashes every link of the urusan (39,000: 4-5 ms, for the page and again for
            # the count).
            return queryset.filter(ExistsPerRow(links.filter(agreement_id=OuterRef("pk"))))
        return queryset.filter(pk__in=links.values("agreement_id"))


class PartnerMixin(filters.FilterSet):
    """The other parties: a partner (id), a partner type, a province or a kabupaten/kota."""

    partner = filters.CharFilter(method="filter_partner", label=_("Partner"), widget=forms.HiddenInput)
    partner_type = filters.MultipleChoiceFilter(
        choices=PartnerType.choices, method="filter_partner_type", distinct=False, label=_("Partner type"),
        widget=forms.CheckboxSelectMultiple,
    )
    province = filters.CharFilter(
        method="filter_province", label=_("Province"), widget=forms.Select(choices=province_choices)
    )
    region = filters.CharFilter(method="filter_region", label=_("Regency/city (code)"))

    def _with_parties(self, queryset, partners):
        parties = AgreementParty.objects.filter(partner_id__in=partners.filter(is_home=False).values("pk"))
        return queryset.filter(pk__in=parties.values("agreement_id"))

    def filter_partner(self, queryset, name, value):
        ids = [k for k in _ids(value) if k.isdigit()]
        return self._with_parties(queryset, Partner.objects.filter(pk__in=ids))

    def filter_partner_type(self, queryset, name, value):
        return self._with_parties(queryset, Partner.objects.filter(partner_type__in=value)) if value else queryset

    def filter_province(self, queryset, name, value):
        codes = _ids(value)
        regions = Region.objects.filter(Q(pk__in=codes) | Q(province_id__in=codes)).values("pk")
        return self._with_parties(queryset, Partner.objects.filter(region_id__in=regions))

    def filter_region(self, queryset, name, value):
        return self._with_parties(queryset, Partner.objects.filter(region_id__in=_ids(value)))


class ValueMixin(filters.FilterSet):
    value_min = filters.NumberFilter(field_name="value", lookup_expr="gte", label=_("Value from (Rp)"))
    value_max = filters.NumberFilter(field_name="value", lookup_expr="lte", label=_("Value up to (Rp)"))


class DateRangeMixin(filters.FilterSet):
    end_from = filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("Ends from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_to = filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label=_("Ends until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expiring_within = filters.NumberFilter(method="filter_expiring", label=_("Ends within (days)"))

    def filter_expiring(self, queryset, name, value):
        days = int(value)
        if days < 0:
            return queryset.none()
        today = timezone.localdate()
        return queryset.filter(
            stage__in=Stage.in_force(), end_date__gte=today, end_date__lte=today + datetime.timedelta(days=min(days, 36500))
        )


SORTS = {
    # URL value: (ordering, label)
    "baru": (("-created_at", "-id"), _("Newest")),
    "lama": (("created_at", "id"), _("Oldest")),
    "judul": (("title", "id"), _("Title A–Z")),
    "-judul": (("-title", "-id"), _("Title Z–A")),
    "ttd": (("signing_date", "id"), _("Signed (earliest)")),
    "-ttd": (("-signing_date", "-id"), _("Signed (latest)")),
    "berakhir": (("end_date", "id"), _("Ends (earliest)")),
    "-berakhir": (("-end_date", "-id"), _("Ends (latest)")),
    "nilai": (("value", "id"), _("Value (lowest)")),
    "-nilai": (("-value", "-id"), _("Value (highest)")),
    "menunggu": (("stage_changed_at", "id"), _("Waiting longest at its stage")),
}


class AgreementFilterSet(
    SearchMixin, KindStageMixin, YearMixin, OpdMixin, UrusanMixin, PartnerMixin, ValueMixin, DateRangeMixin
):
    """All registry filters.  ``public=True`` keeps only what the transparency page may filter on."""

    sort = filters.ChoiceFilter(
        choices=[(k, v[1]) for k, v in SORTS.items()], method="filter_sort", label=_("Sort by"), empty_label=None
    )

    PUBLIC_FILTERS = (
        "q", "kind", "status", "year", "urusan", "partner", "partner_type", "province", "region",
        "end_from", "end_to", "sort",
    )
    PUBLIC_SORTS = ("-ttd", "ttd", "judul", "-judul", "berakhir", "-berakhir")
    default_sort = "baru"

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, data=None, *args, public=False, **kwargs):
        if data is not None and not data.get("sort") and any(data.get(name) for name in self.END_DATE_FILTERS):
            data = data.copy()
            data["sort"] = "berakhir"  # shown as chosen in the form too
        super().__init__(data, *args, **kwargs)
        self.public = public
        if public:
            self.search_numbers = False
            self.default_sort = "-ttd"
            for name in list(self.filters):
                if name not in self.PUBLIC_FILTERS:
                    del self.filters[name]
            self.filters["sort"].extra["choices"] = [(k, SORTS[k][1]) for k in self.PUBLIC_SORTS]

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, forms.CheckboxSelectMultiple):
                    widget.attrs.update({"class": "form-check-input"})
                elif isinstance(widget, forms.SelectMultiple):
                    widget.attrs.update({"class": "form-select form-select-sm", "size": min(6, len(field.choices))})
                elif isinstance(widget, forms.Select):
                    widget.attrs.update({"class": "form-select form-select-sm"})
                else:
                    widget.attrs.update({"class": "form-control form-control-sm"})
            form._styled = True
        return form

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in ``qs`` so the default applies when absent

    # Filters on the end date list what ends first on top unless a sort is chosen: "newest created
    # first" would walk the created_at index past every agreement that does not end soon (61,000
    # rows, 22 ms, at a million for "ends within 90 days"); by end date the index range is the list.
    END_DATE_FILTERS = ("expiring_within", "end_from", "end_to")

    @property
    def sort_key(self):
        value = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        allowed = self.PUBLIC_SORTS if self.public else SORTS
        return value if value in allowed else self.default_sort

    @property
    def qs(self):
        queryset = super().qs
        return queryset.order_by(*SORTS[self.sort_key][0])

    @property
    def is_filtered(self):
        """Whether any filter other than the sort is in use."""
        if not self.form.is_valid():
            return False
        return any(v not in (None, "", [], ()) for k, v in self.form.cleaned_data.items() if k != "sort")

    def active_filters(self):
        """(label, value) pairs of the filters in use, for the "filtered by" line."""
        if not self.form.is_valid():
            return []
        shown = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", [], ()):
                continue
            field = self.form.fields[name]
            if hasattr(field, "choices") and isinstance(value, list | tuple):
                labels = dict(field.choices)
                value = ", ".join(str(labels.get(v, v)) for v in value)
            shown.append((field.label, value))
        return shown
