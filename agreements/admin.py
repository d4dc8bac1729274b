from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    AgreementParty,
    Attachment,
    AttachmentType,
    ContactPerson,
    DocumentType,
    MonitoringEntry,
    StageEvent,
    Urusan,
)


@admin.register(Urusan)
class UrusanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "flow", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name"]


@admin.register(AttachmentType)
class AttachmentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name"]


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["partner"]


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["attachment_type", "original_name", "size", "uploaded_by", "uploaded_at", "is_removed"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action_label", "from_stage", "to_stage", "actor", "note"]
    readonly_fields = fields

    @admin.display(description=_("action"))
    def action_label(self, obj):
        return obj.get_action_display()

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "document_type", "kind", "opd_initiator", "stage_badge", "end_date"]
    list_filter = ["kind", "stage", "document_type", "opd_initiator", "urusan"]
    search_fields = ["title", "parties__document_number", "parties__partner__name"]
    list_select_related = ["document_type", "opd_initiator"]
    date_hierarchy = "signing_date"
    autocomplete_fields = ["parent"]
    filter_horizontal = ["urusan", "executing_opds"]
    readonly_fields = ["stage", "stage_changed_at", "submitted_by", "submitted_at", "tracking_token"]
    inlines = [PartyInline, ContactInline, AttachmentInline, StageEventInline]
    show_full_result_count = False

    @admin.display(description=_("stage"), ordering="stage")
    def stage_badge(self, obj):
        return format_html('<span class="ks-badge ks-{}">{}</span>', obj.stage_badge, obj.get_stage_display())


@admin.register(MonitoringEntry)
class MonitoringEntryAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "entry_type", "date", "rating", "recommendation"]
    list_filter = ["entry_type", "recommendation"]
    search_fields = ["agreement__title", "summary"]
    list_select_related = ["agreement"]
    autocomplete_fields = ["agreement"]
