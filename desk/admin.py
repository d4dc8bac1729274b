"""The Bagian Kerja Sama's desk: the agreement register and its review workflow.

The changelist is the register (numbers, parties, stage badges, days left, "waiting for me");
the change page carries the workflow panel: buttons for exactly the steps
``services.available_actions`` offers this user, each opening a small form
(``desk/forms.py``) that calls the service.  A signed (or closed) agreement is read-only:
it changes only through an addendum.  Nothing submitted is ever deleted.
"""

import datetime
import functools

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts import roles
from agreements import money, services, workflow
from agreements.choices import Kind, Stage, stage_badge
from agreements.models import (
    AdjacentRegion,
    Agreement,
    AgreementParty,
    Attachment,
    AttachmentType,
    ContactPerson,
    DocumentType,
    Holiday,
    MonitoringEntry,
    NumberSequence,
    StageEvent,
    Urusan,
)
from agreements.text import with_clean_text
from documents.admin_actions import print_drafts_action
from notifications.services import queue_manual_reminders
from partners.choices import PartnerType
from partners.models import Partner, Region
from registry.filters import AgreementFilterSet
from transfer.admin_views import AgreementImportExportMixin
from transfer.exporting import export_selected_xlsx
from transfer.resources import PartnerResource

from . import forms as admin_forms
from . import queue as work_queue
from .changelist import (
    ENDING_WITHIN_PARAM,
    YEAR_SIGNED_PARAM,
    EstimatedCountPaginator,
    RegisterChangeList,
    signed_years,
)

# --- every admin form strips control characters (agreements.text) -------------------------------


class CleanTextAdminMixin:
    """The admin's forms and inline forms leave ``clean()`` without control characters."""

    def get_form(self, request, obj=None, **kwargs):
        return with_clean_text(super().get_form(request, obj, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_clean_text(formset.form)
        return formset


# --- history pages in Indonesian ------------------------------------------------------------------


def user_label(user):
    """A person as the desk names them: the full name, else the user name."""
    return (user.get_full_name() or user.get_username()) if user is not None else gettext("System")


class IndonesianHistoryHelper(HistoricalRecordContextHelper):
    """The audit history's changes as people read them: labels for coded values (stage, kind…),
    real names for users, dates in Indonesian, "—" for nothing instead of "None"."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):
            return "—" if value.pk is None else gettext("(deleted, no. %(pk)s)") % {"pk": value.pk}
        if value is None or value == "":
            return "—"
        if getattr(field, "flatchoices", None):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        if hasattr(value, "get_full_name"):
            return user_label(value)
        return super().prepare_delta_change_value(change, value)


class IndonesianHistoryMixin:
    object_history_list_template = "admin/ks_object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return IndonesianHistoryHelper(self.model, historical_record)


# --- reference tables ------------------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(CleanTextAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "province", "is_active"]
    list_filter = ["level", "is_active", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    ordering = ["code"]


@admin.register(Partner)
class PartnerAdmin(CleanTextAdminMixin, IndonesianHistoryMixin, ImportExportMixin, SimpleHistoryAdmin):
    list_display = ["name", "partner_type", "region", "country", "leader_name", "is_home", "is_active"]
    list_filter = ["partner_type", "is_home", "is_active", "region__province"]
    search_fields = ["name", "nib", "npwp", "leader_name", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]

    def has_import_permission(self, request):
        # an import adds and changes partners: the import-export default lets any admin user in
        return request.user.has_perm("partners.add_partner") and request.user.has_perm("partners.change_partner")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_classes(self, request):
        return [PartnerResource]

    def get_export_resource_classes(self, request):
        return self.get_import_resource_classes(request)

    def get_import_formats(self):
        return [XLSX, CSV]

    def get_export_formats(self):
        return self.get_import_formats()


@admin.register(Urusan)
class UrusanAdmin(CleanTextAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name"]


@admin.register(DocumentType)
class DocumentTypeAdmin(CleanTextAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "flow", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name"]


@admin.register(AttachmentType)
class AttachmentTypeAdmin(CleanTextAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # the stage engine refers to the codes
        return ["code"] if obj else []


@admin.register(NumberSequence)
class NumberSequenceAdmin(CleanTextAdminMixin, IndonesianHistoryMixin, SimpleHistoryAdmin):
    list_display = ["document_type", "year", "last_number"]
    list_filter = ["year", "document_type"]
    list_select_related = ["document_type"]

    def has_delete_permission(self, request, obj=None):
        return False


# --- helpers ---------------------------------------------------------------------------------------

KIND_SHORT = {
    Kind.KSDD_WAJIB: "KSDD wajib",
    Kind.KSDD_SUKARELA: "KSDD sukarela",
    Kind.KSDPK: "KSDPK",
    Kind.KSDPL: "KSDPL",
    Kind.KSDLL: "KSDLL",
    Kind.SINERGI: "Sinergi",
    Kind.LAINNYA: "Sektoral",
}

CLOSED_BEFORE_SIGNING = (Stage.DITOLAK, Stage.DITARIK)


def is_frozen(agreement):
    """Signed (or rejected/withdrawn) agreements are read-only: they change only through an addendum."""
    return agreement is not None and agreement.pk is not None and (agreement.is_signed or agreement.stage in CLOSED_BEFORE_SIGNING)


def path_fixed(agreement):
    """Once verified, the fields that choose the path stay as they are (return it for revision to change them)."""
    return agreement is not None and agreement.pk is not None and agreement.stage not in (
        Stage.PERSIAPAN,
        Stage.DIKEMBALIKAN,
        Stage.DIAJUKAN,
    )


def rupiah(amount):
    """"Rp1.250.000" (and ",50" only when there are sen)."""
    return money.rupiah(amount)


def badge(stage, label=None):
    return format_html('<span class="ks-badge ks-{}">{}</span>', stage_badge(stage), label or Stage(stage).label)


@functools.cache
def column_labels(language):
    """The register's per-value HTML in ``language``, built once: a page of 100 rows would otherwise
    translate the same stage, kind and month names a hundred times each."""
    with translation.override(language):
        return {
            "badge": {stage.value: badge(stage.value) for stage in Stage},
            "kind": {
                kind.value: format_html('<abbr title="{}">{}</abbr>', str(kind.label), KIND_SHORT.get(kind, kind.value))
                for kind in Kind
            },
            "months": [""] + [date_format(datetime.date(2000, month, 1), "F") for month in range(1, 13)],
        }


@functools.cache
def changelist_url(script_prefix):
    """The register's URL under ``script_prefix`` (the change page of row ``pk`` is ``{url}{pk}/change/``)."""
    return reverse("admin:agreements_agreement_changelist")


# Steps where the stage engine waits for a decision of the role (not the OPD's own submit/withdraw).
DECISION_ACTIONS = {"verify", "advance", "sign", "start", "tkksd"}


def awaiting_stages(user):
    """The stages where ``user``'s role has a decision to make (``services.available_actions`` offers
    verify, advance, sign, start or tkksd there), as a set for a ``stage__in`` filter."""
    path_stages = {spec.stage for flow in workflow.FLOWS.values() for spec in flow.stages}
    stages = set()
    if roles.is_kerjasama(user):
        stages |= {Stage.DIAJUKAN, Stage.DITANDATANGANI} | path_stages
    if roles.is_tkksd(user):
        stages |= {
            spec.stage for flow in workflow.FLOWS.values() for spec in flow.stages if spec.decision == workflow.TKKSD
        }
    return stages


# --- changelist filters ----------------------------------------------------------------------------


DROPDOWN = "admin/agreements/dropdown_filter.html"


class DropdownRelatedFilter(admin.RelatedFieldListFilter):
    template = DROPDOWN


class UrusanFilter(admin.SimpleListFilter):
    """By urusan, as ``pk IN (links of that urusan)``: no join, so no duplicate rows to remove."""

    title = _("government affairs")
    parameter_name = "urusan"
    template = DROPDOWN

    def lookups(self, request, model_admin):
        return [(str(pk), f"{code} {name}") for pk, code, name in Urusan.objects.order_by("code").values_list("pk", "code", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            links = Agreement.urusan.through.objects.filter(urusan_id=int(value)).values("agreement_id")
            return queryset.filter(pk__in=links)
        return queryset


class StageFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "tahap"
    template = DROPDOWN
    GROUPS = {
        "proses": (_("All in process"), Stage.in_process),
        "berlaku": (_("All in force"), Stage.in_force),
        "ditandatangani": (_("All signed"), Stage.signed),
        "selesai": (_("All closed"), Stage.closed),
    }

    def lookups(self, request, model_admin):
        groups = [(key, label) for key, (label, _fn) in self.GROUPS.items()]
        return groups + [(s.value, s.label) for s in Stage]

    def queryset(self, request, queryset):
        value = self.value()
        if value in self.GROUPS:
            return queryset.filter(stage__in=self.GROUPS[value][1]())
        if value in Stage.values:
            return queryset.filter(stage=value)
        return queryset


class ExpiringFilter(admin.SimpleListFilter):
    title = _("ending within")
    parameter_name = ENDING_WITHIN_PARAM
    DAYS = (30, 60, 90, 180, 365)

    def lookups(self, request, model_admin):
        return [(str(d), ngettext("%(days)s day", "%(days)s days", d) % {"days": d}) for d in self.DAYS] + [
            ("lewat", _("End date passed"))
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "lewat":
            return queryset.filter(stage__in=Stage.signed(), end_date__lt=timezone.localdate())
        if value and value.isdigit():
            return queryset.expiring_within(int(value))
        return queryset


class AwaitingMyActionFilter(admin.SimpleListFilter):
    title = _("action status")
    parameter_name = "menunggu"

    def lookups(self, request, model_admin):
        if awaiting_stages(request.user):
            return [("saya", _("Waiting for my action"))]
        return []

    def queryset(self, request, queryset):
        if self.value() == "saya":
            return queryset.filter(stage__in=awaiting_stages(request.user))
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """The work queue's items (``desk.queue``), so each count on the index links to its rows."""

    title = _("work queue")
    parameter_name = work_queue.QUEUE_PARAM
    template = DROPDOWN

    def lookups(self, request, model_admin):
        return [(item.key, item.label) for item in work_queue.items_for(request.user)]

    def queryset(self, request, queryset):
        item = work_queue.ITEMS_BY_KEY.get(self.value())
        if item is None:
            return queryset
        return queryset.filter(item.condition(timezone.localdate()))


class YearSignedFilter(admin.SimpleListFilter):
    title = _("year signed")
    parameter_name = YEAR_SIGNED_PARAM

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in signed_years(request, Agreement)] + [("belum", _("Not signed yet"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "belum":
            return queryset.filter(signing_date__isnull=True)
        if value and value.isdigit():
            year = int(value)
            if not 1900 <= year <= 2200:
                return queryset.none()
            # a range, not "__year": the signing_date index serves it
            return queryset.filter(
                signing_date__gte=datetime.date(year, 1, 1), signing_date__lt=datetime.date(year + 1, 1, 1)
            )
        return queryset


class PartnerTypeFilter(admin.SimpleListFilter):
    title = _("partner type")
    parameter_name = "jenis_mitra"
    template = DROPDOWN

    def lookups(self, request, model_admin):
        return PartnerType.choices

    def queryset(self, request, queryset):
        if self.value() in PartnerType.values:
            parties = AgreementParty.objects.filter(partner__partner_type=self.value(), partner__is_home=False)
            return queryset.filter(pk__in=parties.values("agreement_id"))
        return queryset


# --- inlines ---------------------------------------------------------------------------------------


class FrozenInlineMixin:
    """Inline rows of a signed or closed agreement are read-only."""

    def has_add_permission(self, request, obj=None):
        return not is_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_frozen(obj) and super().has_delete_permission(request, obj)


class PartyInline(CleanTextAdminMixin, FrozenInlineMixin, admin.StackedInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["partner"]
    fields = [
        ("order", "role_label", "partner"),
        ("signatory_name", "signatory_title", "signatory_nip"),
        ("signing_capacity", "power_of_attorney", "needs_stamp_duty"),
        "document_number",
    ]
    # numbers are given through "Nomor dokumen" (register, or by hand with a reason)
    readonly_fields = ["document_number"]


class ContactInline(CleanTextAdminMixin, FrozenInlineMixin, admin.TabularInline):
    model = ContactPerson
    extra = 0


class AttachmentInline(CleanTextAdminMixin, admin.TabularInline):
    """The documents of the agreement; uploads go through "Unggah lampiran" (content-checked)."""

    model = Attachment
    extra = 0
    can_delete = False
    fields = ["attachment_type", "download", "size_label", "note", "revision_round", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    ordering = ["attachment_type__order", "-uploaded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_removed=False).select_related("attachment_type", "uploaded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:agreements_agreement_attachment", args=[obj.agreement_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description=_("size"))
    def size_label(self, obj):
        return f"{obj.size / 1024:.0f} KB".replace(".", ",") if obj.size < 1024 * 1024 else f"{obj.size / 1048576:.1f} MB".replace(".", ",")


class MonitoringInline(CleanTextAdminMixin, admin.TabularInline):
    model = MonitoringEntry
    extra = 0
    can_delete = False
    fields = ["date", "entry_type", "period", "summary", "rating", "recommendation", "created_by"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        # reports exist only once the agreement is signed
        return obj is not None and obj.is_signed and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StageEventInline(admin.TabularInline):
    """The immutable stage history, shown as a timeline beside the audit history."""

    model = StageEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_stage", "to_stage", "actor", "note"]
    readonly_fields = fields
    template = "admin/agreements/agreement/stage_history_inline.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- the workflow steps the change page offers -----------------------------------------------------

# action -> (form, button label, button style)
TRANSITION_FORMS = {
    "submit": (admin_forms.SubmitForm, _("Submit"), "primary"),
    "verify": (admin_forms.VerifyForm, _("Verify"), "primary"),
    "tkksd": (admin_forms.TkksdForm, _("TKKSD recommendation"), "primary"),
    "advance": (admin_forms.AdvanceForm, _("Complete the stage"), "primary"),
    "sign": (admin_forms.SigningForm, _("Record the signing"), "primary"),
    "start": (admin_forms.StartForm, _("Start implementation"), "primary"),
    "return": (admin_forms.ReturnForm, _("Return for revision"), "warning"),
    "reject": (admin_forms.RejectForm, _("Reject"), "danger"),
    "withdraw": (admin_forms.WithdrawForm, _("Withdraw"), "danger"),
    "terminate": (admin_forms.TerminateForm, _("Terminate"), "danger"),
}
# Tools that are not stage transitions: key -> (form, label)
TOOL_FORMS = {
    "nomor": (admin_forms.NumbersForm, _("Document numbers")),
    "lampiran": (admin_forms.AttachmentForm, _("Upload an attachment")),
    "monitoring": (admin_forms.MonitoringForm, _("Report / monev")),
    "turunan": (admin_forms.ChildForm, _("Addendum / extension")),
    "publikasi": (admin_forms.PublishForm, _("Transparency page")),
}
SIGNED_OPEN = (Stage.DITANDATANGANI, Stage.PELAKSANAAN, Stage.AKAN_BERAKHIR)


# --- the agreement ---------------------------------------------------------------------------------


@admin.register(Agreement)
class AgreementAdmin(CleanTextAdminMixin, IndonesianHistoryMixin, AgreementImportExportMixin, SimpleHistoryAdmin):
    list_display = [
        "numbers",
        "title_link",
        "partners",
        "opd_initiator",
        "kind_short",
        "stage_label",
        "end_date_left",
    ]
    list_display_links = None
    list_filter = [
        AwaitingMyActionFilter,
        QueueFilter,
        StageFilter,
        "kind",
        ExpiringFilter,
        # every OPD (a small table), not "related only", which reads DISTINCT opd_initiator_id of every row
        ("opd_initiator", DropdownRelatedFilter),
        UrusanFilter,
        YearSignedFilter,
        PartnerTypeFilter,
    ]
    search_fields = ["title", "parties__document_number", "parties__partner__name"]
    list_select_related = ["document_type", "opd_initiator"]
    date_hierarchy = "signing_date"
    # 50 rows: a screen and a half at 1366 px; each row is ~0.2 ms of rendering (bench/registry.py)
    list_per_page = 50
    show_full_result_count = False
    # capped count, then PostgreSQL's estimate; see admin_changelist.py
    paginator = EstimatedCountPaginator
    # facet counts would COUNT the whole table once per filter choice
    show_facets = admin.ShowFacets.NEVER
    autocomplete_fields = ["parent"]
    filter_horizontal = ["urusan", "executing_opds"]
    inlines = [PartyInline, ContactInline, AttachmentInline, MonitoringInline, StageEventInline]
    actions = ["send_reminder", export_selected_xlsx, print_drafts_action]
    change_form_template = "admin/agreements/agreement/change_form.html"
    # the base under the import-export list (transfer): rows rendered by kerjasama_admin.register_rows
    change_list_template = "admin/agreements/agreement/register_change_list.html"
    STATUS_FIELDS = [
        "stage_label",
        "extension_due",
        "stage_changed_at",
        "resume_stage",
        "created_by",
        "submitted_by",
        "submitted_at",
        "signing_date",
        "signing_place",
        "termination_cause",
        "termination_note",
        "is_published",
        "tracking_token",
    ]
    PATH_FIELDS = [
        "kind",
        "subkind",
        "document_type",
        "parent",
        "parent_relation",
        "burdens_community",
        "not_budgeted",
        "dprd_required_override",
        "dprd_override_reason",
    ]
    fieldsets = [
        (
            _("Identity"),
            {
                "fields": [
                    ("kind", "subkind"),
                    "document_type",
                    "title",
                    ("opd_initiator", "initiative"),
                    "executing_opds",
                    "urusan",
                    ("parent", "parent_relation"),
                ]
            },
        ),
        (_("Content"), {"fields": ["background", "purpose", "scope", "location", "benefits"]}),
        (
            _("Planning basis and regime"),
            {
                "fields": [
                    ("planning_basis", "planning_reference"), "regime_reference", "no_ksb_reason",
                    ("commercial_or_asset_based", "foreign_nonprofit"), ("izin_prinsip_number", "izin_operasional_number"),
                ],
                "classes": ["collapse"],
            },
        ),
        (
            _("Term and funding"),
            {
                "fields": [
                    ("start_date", "end_date"),
                    ("duration_text", "duration_months"),
                    ("term_override_reason", "extension_due"),
                    ("funding_source", "value"),
                ]
            },
        ),
        (
            _("DPRD approval"),
            {"fields": [("burdens_community", "not_budgeted"), "dprd_required_override", "dprd_override_reason"]},
        ),
        (
            _("Status"),
            {
                "fields": [
                    ("stage_label", "stage_changed_at", "resume_stage"),
                    ("created_by", "submitted_by", "submitted_at"),
                    ("signing_date", "signing_place"),
                    ("termination_cause", "termination_note"),
                    ("is_published", "tracking_token"),
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["admin/css/kerjasama-admin.css"]}

    # --- queryset and permissions ------------------------------------------------------------

    def get_queryset(self, request):
        parties = AgreementParty.objects.select_related("partner").order_by("order", "id")
        return (
            super()
            .get_queryset(request)
            .for_user(request.user)
            .prefetch_related(Prefetch("parties", queryset=parties))
        )

    def get_changelist(self, request, **kwargs):
        return RegisterChangeList

    def changelist_view(self, request, extra_context=None):
        # "Register kerja sama", not Django's "Pilih kerja sama daerah untuk diubah"; no navigation
        # sidebar: the register's columns take the whole width at 1366 px (rendering the sidebar's
        # 23 models only to hide it cost a tenth of the page)
        context = {"title": gettext("Cooperation register"), "is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, context)

    # What the register's columns read of a row (``str(obj)`` of the checkbox label: type and title).
    ROW_FIELDS = [
        "id", "title", "kind", "stage", "end_date",
        "document_type__name", "opd_initiator__name", "opd_initiator__short_name",
    ]

    def changelist_rows(self, queryset):
        """The page's rows load only the columns shown (not the proposal's long texts), the parties'
        numbers, then their partners: two index lookups (the join of ``get_queryset`` makes
        PostgreSQL hash every partner)."""
        parties = AgreementParty.objects.only("id", "agreement_id", "partner_id", "order", "document_number")
        partners = Partner.objects.only("id", "name", "is_home")
        return queryset.only(*self.ROW_FIELDS).prefetch_related(None).prefetch_related(
            Prefetch("parties", queryset=parties.order_by("order", "id")), Prefetch("parties__partner", queryset=partners)
        )

    def get_search_results(self, request, queryset, search_term):
        """The registry's search (``filters.SearchMixin``): every word in the title, a party's number
        or a partner's name, as ``pk IN``/``EXISTS`` conditions: no join, so no DISTINCT."""
        if not search_term.strip():
            return queryset, False
        search = AgreementFilterSet()
        unfiltered = not queryset.query.where
        queryset = search.filter_q(queryset, "q", search_term)
        if unfiltered and search.dense_words == 1 and len(search_term.split()) == 1:
            # the probe already saw more matches than the paginator would count
            request._ks_known_above = search.DENSE_MATCHES
        return queryset, False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        paginator.known_above = getattr(request, "_ks_known_above", None)
        return paginator

    def has_change_permission(self, request, obj=None):
        if is_frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # nothing submitted is deleted: only a never-submitted draft, and only with the permission
        if obj is not None and (obj.stage != Stage.PERSIAPAN or obj.submitted_at):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "value":
            # "Rp 1.250.000" shown and typed the Indonesian way, not "1250000.00"
            return db_field.formfield(form_class=admin_forms.RupiahField, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.STATUS_FIELDS)
        if path_fixed(obj):
            fields += self.PATH_FIELDS
        return fields + ["value_rupiah"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not is_frozen(obj):
            return fieldsets
        # read-only: the value as a Bagian Kerja Sama writes it ("Rp1.250.000"), not "1250000,00"
        swap = lambda row: tuple("value_rupiah" if f == "value" else f for f in row) if isinstance(row, tuple) else row  # noqa: E731
        return [(name, {**options, "fields": [swap(row) for row in options["fields"]]}) for name, options in fieldsets]

    @admin.display(description=_("value (Rp)"))
    def value_rupiah(self, obj):
        return rupiah(obj.value) if obj and obj.value is not None else "—"

    def revert_disabled(self, request, obj=None):
        # the audit history is read-only: reverting would bypass the stage engine
        return True

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            services.record_creation(obj, request.user, gettext("Created in the admin."))

    # --- changelist columns ------------------------------------------------------------------
    # Each column is a format_html of values already loaded: no widget, template or query per row.

    def action_checkbox(self, obj):
        # Django renders a CheckboxInput through the form template engine for every row; same HTML here.
        label = format_html(gettext("Select this object for an action - {}"), obj)
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME, obj.pk, label,
        )

    @admin.display(description=_("numbers"))
    def numbers(self, obj):
        numbers = [(p.document_number,) for p in obj.parties.all() if p.document_number]
        if not numbers:
            return "—"
        return format_html_join(mark_safe("<br>"), '<span class="ks-number">{}</span>', numbers)

    @admin.display(description=_("title"), ordering="title")
    def title_link(self, obj):
        url = f"{changelist_url(get_script_prefix())}{obj.pk}/change/"  # what reverse() gives, without it per row
        return format_html(
            '<a href="{}" class="ks-title">{}</a><div class="ks-muted">{}</div>', url, obj.title, obj.document_type.name
        )

    @admin.display(description=_("partners"))
    def partners(self, obj):
        names = [(p.partner.name,) for p in obj.parties.all() if not p.partner.is_home]
        return format_html_join(mark_safe("<br>"), "{}", names) if names else "—"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_short(self, obj):
        return column_labels(get_language())["kind"].get(obj.kind) or obj.kind

    @admin.display(description=_("stage"), ordering="stage")
    def stage_label(self, obj):
        return column_labels(get_language())["badge"].get(obj.stage) or badge(obj.stage)

    @admin.display(description=_("extension request due (Permendagri 25/2020 Pasal 33)"))
    def extension_due(self, obj):
        due = obj.extension_request_due if obj else None
        return date_format(due, "j F Y") if due else "—"

    @admin.display(description=_("end date"), ordering="end_date")
    def end_date_left(self, obj):
        if not obj.end_date:
            return "—"
        end = obj.end_date
        text = f"{end.day} {column_labels(get_language())['months'][end.month]} {end.year}"  # date_format "j F Y"
        days = obj.days_left()
        if obj.stage not in Stage.in_force() and obj.stage != Stage.DITANDATANGANI:
            return text
        if days < 0:
            note, css = gettext("ended %(days)s days ago") % {"days": -days}, "ks-late"
        else:
            note = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
            css = "ks-soon" if days <= settings.KERJASAMA["EXPIRING_SOON_DAYS"] else "ks-muted"
        return format_html('{}<div class="{}">{}</div>', text, css, note)

    # --- actions on many ---------------------------------------------------------------------

    @admin.action(description=_("Send a reminder to the OPD contacts"), permissions=["change"])
    def send_reminder(self, request, queryset):
        # Queued as tasks (notifications.services): the request never waits for the mail server.
        sent, skipped = queue_manual_reminders(queryset, actor=request.user)
        if sent:
            self.message_user(
                request,
                ngettext("A reminder was queued for %(n)s agreement.", "Reminders were queued for %(n)s agreements.", sent)
                % {"n": sent},
            )
        if skipped:
            self.message_user(
                request,
                ngettext("%(n)s agreement has no contact e-mail.", "%(n)s agreements have no contact e-mail.", skipped) % {"n": skipped},
                messages.WARNING,
            )

    # --- the change page's workflow panel ----------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/tahap/<str:action>/", view(self.workflow_view), name="{}_{}_workflow".format(*info)),
            path("<path:object_id>/alat/<str:tool>/", view(self.tool_view), name="{}_{}_tool".format(*info)),
            path(
                "<path:object_id>/lampiran/<int:attachment_id>/",
                view(self.attachment_view),
                name="{}_{}_attachment".format(*info),
            ),
        ] + super().get_urls()

    def _visible_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return obj

    def tools_for(self, request, obj):
        """The non-transition tools this user may use on ``obj`` now."""
        user = request.user
        tools = []
        if self.has_change_permission(request, obj):
            tools.append("nomor")
        if user.has_perm("agreements.add_attachment") and obj.stage not in CLOSED_BEFORE_SIGNING:
            tools.append("lampiran")
        if obj.is_signed and obj.stage != Stage.DIAKHIRI and user.has_perm("agreements.add_monitoringentry"):
            tools.append("monitoring")
        if obj.is_signed and user.has_perm("agreements.add_agreement") and services.may(user, "create", obj):
            tools.append("turunan")
        if obj.is_signed and user.has_perm("agreements.change_agreement"):
            tools.append("publikasi")
        if obj.is_foreign and obj.is_signed and obj.stage != Stage.DIAKHIRI and services.may(user, "advance", obj):
            tools.append("lanjutan_ln")
        return tools

    def workflow_context(self, request, obj):
        actions = services.available_actions(obj, request.user)
        spec = workflow.stage_spec(obj, obj.stage)
        flow = workflow.flow_for(obj)
        buttons = []
        for action in actions:
            form_class, label, style = TRANSITION_FORMS[action]
            if action == "advance" and spec is not None:
                label = admin_forms.DECISION_TITLES.get(spec.decision, label)
            buttons.append(
                {"label": label, "style": style, "url": reverse("admin:agreements_agreement_workflow", args=[obj.pk, action])}
            )
        tools = [
            {"label": TOOL_FORMS[t][1], "url": reverse("admin:agreements_agreement_tool", args=[obj.pk, t])}
            for t in self.tools_for(request, obj)
        ]
        # the path: proposal, the flow's stages, signed, in force
        specs = workflow.applicable_stages(obj)
        steps = [Stage.PERSIAPAN, Stage.DIAJUKAN] + [s.stage for s in specs] + [Stage.DITANDATANGANI, Stage.PELAKSANAAN]
        current = obj.stage
        if current == Stage.DIKEMBALIKAN:
            current = Stage.PERSIAPAN
        if current in (Stage.AKAN_BERAKHIR, Stage.BERAKHIR, Stage.DIAKHIRI):
            current = Stage.PELAKSANAAN
        reached = steps.index(current) if current in steps else -1
        if obj.stage in CLOSED_BEFORE_SIGNING:
            last = obj.events.exclude(from_stage="").order_by("-created_at", "-id").first()
            reached = steps.index(last.from_stage) if last and last.from_stage in steps else 0
        path_steps = [
            {
                "label": Stage(step).label,
                "state": "done" if i < reached else ("current" if i == reached else "todo"),
            }
            for i, step in enumerate(steps)
        ]
        requirements = []
        if spec is not None:
            present = set(obj.attachments.filter(is_removed=False).values_list("attachment_type__code", flat=True))
            names = dict(AttachmentType.objects.filter(code__in=spec.exit_attachments).values_list("code", "name"))
            requirements = [{"label": names.get(c, c), "ok": c in present} for c in spec.exit_attachments]
            if spec.decision == workflow.TKKSD:
                ok = services._positive_tkksd_since_entry(obj)
                requirements.append({"label": gettext("A positive TKKSD recommendation"), "ok": ok})
            elif spec.decision:
                requirements.append({"label": admin_forms.DECISION_TITLES.get(spec.decision), "ok": None})
        return {
            "ks_flow": flow,
            "ks_buttons": buttons,
            "ks_tools": tools,
            "ks_path": path_steps,
            "ks_requirements": requirements,
            "ks_frozen": is_frozen(obj),
            "ks_stage_badge": badge(obj.stage),
            "ks_audit": self.audit_trail(obj),
            "ks_history_url": reverse("admin:agreements_agreement_history", args=[obj.pk]),
            "ks_children": list(obj.children.select_related("document_type").order_by("created_at")),
            "ks_days_left": obj.days_left() if obj.stage in Stage.in_force() else None,
        }

    def audit_trail(self, obj, limit=12):
        """The latest changes to the agreement, its parties, attachments and reports (simple-history)."""
        records = []
        sources = [
            (Agreement.history.filter(id=obj.pk), gettext("Agreement")),
            (AgreementParty.history.filter(agreement_id=obj.pk), gettext("Party")),
            (Attachment.history.filter(agreement_id=obj.pk), gettext("Attachment")),
            (MonitoringEntry.history.filter(agreement_id=obj.pk), gettext("Report")),
        ]
        for qs, kind in sources:
            for record in qs.select_related("history_user").order_by("-history_date", "-history_id")[:limit]:
                records.append((record, kind))
        records.sort(key=lambda pair: pair[0].history_date, reverse=True)
        type_labels = {"+": gettext("created"), "~": gettext("changed"), "-": gettext("deleted")}
        trail = []
        for record, kind in records[:limit]:
            changes = []
            if record.history_type == "~":
                previous = record.prev_record
                if previous is not None:
                    delta = record.diff_against(previous)
                    for change in delta.changes:
                        field = record.instance_type._meta.get_field(change.field)
                        changes.append(str(field.verbose_name))
            subject = kind
            if kind == gettext("Party"):
                subject = f"{kind}: {record.role_label}"
            elif kind == gettext("Attachment"):
                subject = f"{kind}: {record.original_name}"
            trail.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "what": type_labels.get(record.history_type, record.history_type),
                    "subject": subject,
                    "changes": changes,
                    "reason": record.history_change_reason or "",
                }
            )
        return trail

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj):
            extra_context.update(self.workflow_context(request, obj))
            if is_frozen(obj) and obj.is_signed:
                extra_context["ks_frozen_message"] = gettext(
                    "This agreement is signed: its data are frozen. Changes are made through an addendum."
                )
            elif is_frozen(obj):
                extra_context["ks_frozen_message"] = gettext("This proposal is closed; it stays in the registry as it is.")
        return super().change_view(request, object_id, form_url, extra_context)

    # --- the step forms ----------------------------------------------------------------------

    def workflow_view(self, request, object_id, action):
        obj = self._visible_object(request, object_id)
        if action not in TRANSITION_FORMS:
            raise Http404
        form_class, label, style = TRANSITION_FORMS[action]
        if action not in services.available_actions(obj, request.user):
            if not services.may(request.user, action, obj):
                raise PermissionDenied
            messages.error(
                request,
                gettext("“%(action)s” is not possible at the stage “%(stage)s”.")
                % {"action": label, "stage": obj.get_stage_display()},
            )
            return HttpResponseRedirect(reverse("admin:agreements_agreement_change", args=[obj.pk]))
        return self._form_page(request, obj, form_class, label, style)

    def tool_view(self, request, object_id, tool):
        obj = self._visible_object(request, object_id)
        if tool not in TOOL_FORMS:
            raise Http404
        if tool not in self.tools_for(request, obj):
            raise PermissionDenied
        form_class, label = TOOL_FORMS[tool]
        return self._form_page(request, obj, form_class, label, "primary")

    def _form_page(self, request, obj, form_class, label, style):
        change_url = reverse("admin:agreements_agreement_change", args=[obj.pk])
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, agreement=obj, user=request.user)
            if form.is_valid():
                try:
                    with transaction.atomic():
                        message = form.perform()
                except ValidationError as exc:
                    form.cleanup_files()
                    obj.refresh_from_db()
                    for text in exc.messages:
                        messages.error(request, text)
                else:
                    messages.success(request, message)
                    if isinstance(form.result_url, Agreement):
                        return HttpResponseRedirect(reverse("admin:agreements_agreement_change", args=[form.result_url.pk]))
                    return HttpResponseRedirect(change_url)
        else:
            form = form_class(agreement=obj, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": form.title or label,
            "subtitle": obj.title,
            "form": form,
            "media": self.media + form.media,
            "submit_style": getattr(form, "submit_style", style),
            "change_url": change_url,
            "stage_badge": badge(obj.stage),
            "has_file_field": form.is_multipart(),
        }
        return TemplateResponse(request, "admin/agreements/agreement/workflow_form.html", context)

    def attachment_view(self, request, object_id, attachment_id):
        """Files are never served by URL: only here, by GET, to a user who may see the agreement, and
        never a removed attachment."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        obj = self._visible_object(request, object_id)
        attachment = obj.attachments.filter(pk=attachment_id, is_removed=False).first()
        if attachment is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(MonitoringEntry)
class MonitoringEntryAdmin(CleanTextAdminMixin, IndonesianHistoryMixin, SimpleHistoryAdmin):
    list_display = ["agreement", "entry_type", "date", "rating", "recommendation"]
    list_filter = ["entry_type", "recommendation"]
    search_fields = ["agreement__title", "summary"]
    list_select_related = ["agreement"]
    autocomplete_fields = ["agreement"]
    date_hierarchy = "date"

    def get_queryset(self, request):
        visible = Agreement.objects.for_user(request.user).values("pk")
        return super().get_queryset(request).filter(Q(agreement_id__in=visible))

    def has_delete_permission(self, request, obj=None):
        return False


# --- regulation calendar (issue 13): holidays, adjacent regions, foreign follow-ups --------------

TOOL_FORMS["lanjutan_ln"] = (admin_forms.ForeignFollowupForm, _("Foreign follow-up"))


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """National holidays (seeded from the ``holidays`` package) and cuti bersama (set each year by
    SKB): the working-day counts skip them."""

    list_display = ["date", "name", "kind", "note"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name", "note"]
    date_hierarchy = "date"


@admin.register(AdjacentRegion)
class AdjacentRegionAdmin(admin.ModelAdmin):
    """Regions that share a border, for KSDD wajib (PP 28/2018 Pasal 3(2))."""

    list_display = ["region", "neighbour", "note"]
    search_fields = ["region__name", "neighbour__name", "region__code", "neighbour__code"]
    autocomplete_fields = ["region", "neighbour"]
    list_select_related = ["region", "neighbour"]
