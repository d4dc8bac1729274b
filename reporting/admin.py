"""The Bagian Kerja Sama's side of reporting in the admin: validating the OPDs' mapping entries,
approving annual foreign reports, the planning references (with an XLSX import), each proposal's
planning link and budget lines, and the rencana kegiatan tahunan."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .forms import PlanningImportForm
from .models import (
    AgreementPlanning,
    AnnualActivity,
    BudgetLine,
    ForeignAnnualReport,
    PartnerAssessment,
    PlanningReference,
    PotentialMapping,
)


class ReviewActionsMixin:
    """Approve or return submitted entries; a return needs the note written on the entry first."""

    review = None  # services.review_mapping or services.review_report

    def _review_selected(self, request, queryset, approve):
        done = 0
        for obj in queryset:
            try:
                type(self).review(obj, request.user, approve, obj.review_note)
            except PermissionDenied:
                self.message_user(request, _("You are not allowed to review."), messages.ERROR)
                return
            except ValidationError as exc:
                self.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)s entries reviewed.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Approve / validate the selected submitted entries"))
    def approve_selected(self, request, queryset):
        self._review_selected(request, queryset, True)

    @admin.action(description=gettext_lazy("Return the selected entries for revision (with the note written on each)"))
    def return_selected(self, request, queryset):
        self._review_selected(request, queryset, False)


@admin.register(PotentialMapping)
class PotentialMappingAdmin(ReviewActionsMixin, admin.ModelAdmin):
    review = services.review_mapping
    list_display = ["potential", "urusan", "opd", "partner_type", "priority", "year_from", "year_to", "status"]
    list_filter = ["status", "priority", "year_from", "urusan", "opd"]
    search_fields = ["potential", "description", "candidate_partners", "opd__name"]
    list_select_related = ["urusan", "opd"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "created_by", "created_at"]
    actions = ["approve_selected", "return_selected"]


@admin.register(ForeignAnnualReport)
class ForeignAnnualReportAdmin(ReviewActionsMixin, admin.ModelAdmin):
    review = services.review_report
    list_display = ["judul", "year", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "year"]
    search_fields = ["judul", "agreement__title"]
    raw_id_fields = ["agreement"]
    readonly_fields = ["status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    actions = ["approve_selected", "return_selected"]


@admin.register(PlanningReference)
class PlanningReferenceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "document", "year", "opd"]
    list_filter = ["document", "year", "level", "opd"]
    search_fields = ["code", "name"]
    list_select_related = ["opd"]
    change_list_template = "reporting/admin/planning_changelist.html"

    def get_urls(self):
        return [
            path("impor/", self.admin_site.admin_view(self.import_view), name="reporting_planningreference_import"),
        ] + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PlanningImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                created, updated = services.import_planning_references(services.read_planning_xlsx(form.cleaned_data["file"]))
            except ValidationError as exc:
                errors = exc.messages
            else:
                self.message_user(
                    request, _("Planning references imported: %(created)s new, %(updated)s updated.") % {"created": created, "updated": updated},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:reporting_planningreference_changelist"))
        context = {**self.admin_site.each_context(request), "form": form, "errors": errors, "opts": self.model._meta,
                   "title": _("Import planning references")}
        return render(request, "reporting/admin/planning_import.html", context)


@admin.register(AgreementPlanning)
class AgreementPlanningAdmin(admin.ModelAdmin):
    list_display = ["agreement", "mapping", "reference", "reference_text"]
    raw_id_fields = ["agreement", "mapping", "reference"]
    search_fields = ["agreement__title", "reference__code", "reference_text"]
    list_select_related = ["agreement", "mapping__urusan", "reference"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["agreement", "year", "account_code", "amount", "realised"]
    list_filter = ["year"]
    raw_id_fields = ["agreement"]
    search_fields = ["agreement__title", "account_code"]
    list_select_related = ["agreement"]


@admin.register(AnnualActivity)
class AnnualActivityAdmin(admin.ModelAdmin):
    list_display = ["activity", "agreement", "year"]
    list_filter = ["year"]
    raw_id_fields = ["agreement"]
    search_fields = ["activity", "agreement__title"]
    list_select_related = ["agreement"]


@admin.register(PartnerAssessment)
class PartnerAssessmentAdmin(admin.ModelAdmin):
    list_display = ["entry", "assessor", "rating", "recommendation"]
    raw_id_fields = ["entry"]
    search_fields = ["assessor", "note", "entry__agreement__title"]
    list_select_related = ["entry"]
