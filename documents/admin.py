from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import clauses, context, render
from .models import Clause, ClauseTemplate, ClauseTemplateVersion, DraftRecord, EnglishText, LetterTemplate

PREVIEW_FLOWS = {"ksb", "pks", "nota", "adendum", "naskah", "loi"}


class ClauseInline(admin.StackedInline):
    model = Clause
    extra = 0
    fields = [("order", "heading"), "body", "heading_en", "body_en"]
    ordering = ["order", "id"]


class VersionInline(admin.TabularInline):
    model = ClauseTemplateVersion
    extra = 0
    can_delete = False
    fields = ["number", "created_at", "created_by", "clause_count"]
    readonly_fields = fields
    ordering = ["-number"]

    @admin.display(description=_("clauses"))
    def clause_count(self, obj):
        return len(obj.content.get("clauses", []))

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ClauseTemplate)
class ClauseTemplateAdmin(admin.ModelAdmin):
    """The Bagian Kerja Sama's texts for each document type: edited with a live preview on demo data."""

    list_display = ["name", "document_flow", "kind", "version", "is_active", "updated_at"]
    list_filter = ["document_flow", "kind", "is_active"]
    search_fields = ["name", "title", "clauses__heading"]
    fields = [
        "name",
        ("document_flow", "kind"),
        ("title", "connector"),
        "recitals",
        "formula",
        "title_en",
        "recitals_en",
        "formula_en",
        "is_active",
        "version",
    ]
    readonly_fields = ["version"]
    inlines = [ClauseInline, VersionInline]
    change_form_template = "admin/documents/clausetemplate/change_form.html"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.record_version(request.user)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("preview/", self.admin_site.admin_view(self.preview_view), name=f"{info[0]}_{info[1]}_preview"),
            path("<int:pk>/preview.pdf", self.admin_site.admin_view(self.preview_pdf), name=f"{info[0]}_{info[1]}_preview_pdf"),
        ] + super().get_urls()

    def render_change_form(self, request, context_, *args, **kwargs):
        context_["placeholders"] = clauses.placeholder_help()
        context_["placeholder_syntax"] = _(
            "Write {{ placeholder }}; conditions with {% if … %}…{% endif %}; repeat per party with "
            "{% for pihak in para_pihak %}…{% endfor %}. Filters: upper, lower, capfirst, title, default, terbilang."
        )
        return super().render_change_form(request, context_, *args, **kwargs)

    @staticmethod
    def _content_from_post(data):
        total = int(data.get("clauses-TOTAL_FORMS") or 0)
        rows = []
        for index in range(min(total, 200)):
            prefix = f"clauses-{index}-"
            if data.get(prefix + "DELETE"):
                continue
            heading, body = data.get(prefix + "heading", ""), data.get(prefix + "body", "")
            if not heading and not body:
                continue
            english = {"heading_en": data.get(prefix + "heading_en", ""), "body_en": data.get(prefix + "body_en", "")}
            try:
                order = int(data.get(prefix + "order") or 0)
            except ValueError:
                order = 0
            rows.append((order, index, {"heading": heading, "body": body, **english}))
        return {
            "title": data.get("title") or "KESEPAKATAN BERSAMA",
            "connector": data.get("connector") or "DENGAN",
            "recitals": data.get("recitals", ""),
            "formula": data.get("formula", ""),
            "title_en": data.get("title_en", ""),
            "recitals_en": data.get("recitals_en", ""),
            "formula_en": data.get("formula_en", ""),
            "clauses": [row[2] for row in sorted(rows, key=lambda r: (r[0], r[1]))],
        }

    def preview_view(self, request):
        """HTML preview of the unsaved form (posted into the iframe beside the editor)."""
        if request.method != "POST":
            return HttpResponse(status=405)
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        content = self._content_from_post(request.POST)
        problems = []
        texts = [(_("recitals"), content["recitals"]), (_("agreement formula"), content["formula"])]
        texts += [(_("recitals in English"), content["recitals_en"]), (_("agreement formula in English"), content["formula_en"])]
        for label, text in texts + [
            (c["heading"] or "?", c["heading"] + "\n" + c["body"] + "\n" + c["heading_en"] + "\n" + c["body_en"])
            for c in content["clauses"]
        ]:
            problems += [(label, line, message) for line, message in clauses.check_text(text)]
        if problems:
            return TemplateResponse(request, "documents/preview_errors.html", {"problems": problems})
        flow = request.POST.get("document_flow") if request.POST.get("document_flow") in PREVIEW_FLOWS else "ksb"
        facts = context.demo_facts(flow, request.POST.get("kind") or "ksdd_sukarela")
        draft = context.compose(facts, content, version_label="preview")
        draft["logos"] = [static("img/logo-pemda.png") if logo else "" for logo in draft["logos"]]
        return HttpResponse(render.draft_html(draft, inline_css=True))

    def preview_pdf(self, request, pk):
        """PDF of the saved template with demo data."""
        template = self.get_object(request, str(pk))
        if template is None:
            raise Http404
        if not self.has_view_permission(request, template):
            raise PermissionDenied
        version = template.current_version()
        flow = template.document_flow if template.document_flow in PREVIEW_FLOWS else "ksb"
        facts = context.demo_facts(flow, template.kind or "ksdd_sukarela")
        draft = context.compose(facts, version.content, version_label=f"preview v{version.number}")
        response = HttpResponse(render.pdf_bytes(draft), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="pratinjau-{template.pk}-v{version.number}.pdf"'
        return response




@admin.register(DraftRecord)
class DraftRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "agreement", "format", "letter", "number", "version_link", "is_signed", "created_by", "size"]
    list_filter = ["format", "is_signed"]
    search_fields = ["agreement__title"]
    list_select_related = ["agreement__document_type", "template_version__template", "created_by"]
    readonly_fields = [f.name for f in DraftRecord._meta.fields]

    @admin.display(description=_("clause template version"))
    def version_link(self, obj):
        if not obj.template_version_id:
            return "—"
        return format_html("{} v{}", obj.template_version.template.name, obj.template_version.number)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        from agreements.models import Agreement

        return super().get_queryset(request).filter(agreement__in=Agreement.objects.for_user(request.user))


@admin.register(EnglishText)
class EnglishTextAdmin(admin.ModelAdmin):
    """The English wording of an agreement's subject, purpose and scope for its bilingual naskah."""

    list_display = ["agreement", "title"]
    search_fields = ["agreement__title", "title"]
    raw_id_fields = ["agreement"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """The Bagian Kerja Sama's letter texts (sandboxed placeholders, validated on save)."""

    list_display = ["name", "kind", "stages", "version", "is_active", "updated_at"]
    list_filter = ["is_active"]
    readonly_fields = ["version", "placeholders"]

    @admin.display(description=_("Placeholders you can use"))
    def placeholders(self, obj=None):
        from .letters import LETTER_SCHEMA

        rows = clauses.placeholder_help(LETTER_SCHEMA)
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><td><code>{}</code></td><td>{}</td></tr>", rows),
        )
