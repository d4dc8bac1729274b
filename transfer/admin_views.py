"""Import and export of agreements in the admin (django-import-export), scoped by OPD.

``AgreementAdmin`` inherits ``AgreementImportExportMixin``: the library's two-step import (upload →
dry-run preview of every row → confirm) with our resource, formats and Indonesian templates; the
downloadable XLSX template; export of the filtered changelist and of the selected rows."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportMixin
from import_export.results import RowResult

from accounts import roles
from agreements.models import Agreement

from . import exporting, importing
from .resources import CSV, XLSX, AgreementResource


class AgreementImportExportMixin(ImportMixin):
    """Mixed into ``AgreementAdmin`` before ``SimpleHistoryAdmin``."""

    resource_classes = [AgreementResource]
    formats = [XLSX, CSV]
    import_template_name = "admin/import_export/agreements/import.html"
    import_export_change_list_template = "admin/import_export/agreements/change_list.html"
    import_error_display = ("message",)
    skip_admin_log = False

    # --- who may import ---------------------------------------------------------------------

    def has_import_permission(self, request):
        """The Bagian Kerja Sama imports anything; OPD staff never use the admin (their rows are
        refused outside their OPD by the resource itself)."""
        user = request.user
        return roles.is_kerjasama(user) and user.has_perm("agreements.add_agreement")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def get_import_context_data(self, **kwargs):
        return {"template_columns": importing.COLUMNS}

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Import finished: %(new)s new, %(update)s updated, %(skip)s unchanged or duplicate.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "update": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skip": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Something changed between the preview and the confirmation: nothing was written.
            messages.error(request, _("The import was cancelled and nothing was saved: %(reason)s")
                           % {"reason": _first_error(result)})
            from django.http import HttpResponseRedirect
            from django.urls import reverse

            return HttpResponseRedirect(reverse("admin:agreements_agreement_import"))
        return super().process_result(result, request)

    # --- extra URLs: the template and the export of the filtered list --------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/template/", view(self.import_template_view), name="agreements_agreement_import_template"),
            path("export/<str:fmt>/", view(self.export_view), name="agreements_agreement_export"),
        ] + super().get_urls()

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(template_workbook(), content_type=exporting.XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="templat-impor-kerja-sama.xlsx"'
        return response

    def export_view(self, request, fmt):
        """The changelist as filtered (same query string), as CSV or XLSX."""
        if fmt not in ("csv", "xlsx") or not self.has_export_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
        queryset = queryset.filter(pk__in=Agreement.objects.for_user(request.user).values("pk"))
        return exporting.export_response(queryset, fmt, "kerja-sama")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_export_permission(request):
            actions["export_selected_xlsx"] = (
                exporting.export_selected_xlsx,
                "export_selected_xlsx",
                exporting.export_selected_xlsx.short_description,
            )
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["has_export_permission"] = self.has_export_permission(request)
        extra_context["export_query"] = request.GET.urlencode()
        return super().changelist_view(request, extra_context)


def _first_error(result):
    for error in result.base_errors:
        return str(error.error)
    for invalid in result.invalid_rows:
        return _("row %(row)s: %(errors)s") % {"row": invalid.number, "errors": "; ".join(
            f"{k}: {', '.join(v)}" for k, v in invalid.field_specific_errors.items())}
    return getattr(result, "refusal", "") or ""


def template_workbook():
    """The import template: the headers, one example row, and a sheet of allowed values."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    lookups = importing.Lookups()
    book = Workbook()
    sheet = book.active
    sheet.title = "Daftar Kerja Sama"
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    for index, column in enumerate(importing.COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, fill
        if column.help:
            cell.comment = Comment(column.help, "Bagian Kerja Sama")
        sheet.cell(row=2, column=index, value=column.example)
        sheet.column_dimensions[get_column_letter(index)].width = 60 if column.key == "title" else 22
    sheet.freeze_panes = "A2"

    allowed = book.create_sheet("Nilai yang Diizinkan")
    from django.utils import translation

    from agreements.choices import FundingSource, Kind, Stage
    from partners.choices import PartnerType

    with translation.override("id"):
        lists = [
            ("OPD (kode)", [o.code for o in sorted(set(lookups.opd_by_id.values()), key=lambda o: o.code)]),
            ("OPD (nama)", [o.name for o in sorted(set(lookups.opd_by_id.values()), key=lambda o: o.code)]),
            ("Jenis Dokumen", [d.name for d in lookups.doc_type_by_id.values()]),
            ("Jenis Kerja Sama", [str(label) for _v, label in Kind.choices]),
            ("Tahapan", [str(Stage(s).label) for s in importing.IMPORTABLE_STAGES]),
            ("Urusan", [u.name for u in sorted(lookups.urusan_by_id.values(), key=lambda u: u.code)]),
            ("Jenis Mitra", [str(label) for _v, label in PartnerType.choices]),
            ("Sumber Pembiayaan", [str(label) for _v, label in FundingSource.choices]),
            ("Jangka Waktu (contoh)", ["5 (lima) tahun", "36 bulan", "1 tahun 6 bulan", "Sampai dengan Tahun 2027"]),
            ("Tanggal (contoh)", ["23 November 2026", "23-11-2026", "23/11/2026"]),
        ]
    for index, (title, values) in enumerate(lists, start=1):
        head = allowed.cell(row=1, column=index, value=title)
        head.font, head.fill = bold, fill
        allowed.column_dimensions[get_column_letter(index)].width = 34
        for offset, value in enumerate(values, start=2):
            allowed.cell(row=offset, column=index, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Strings of django-import-export shown on our screens, for makemessages-free catalogues.
_LIBRARY_STRINGS = (gettext_lazy("Import"), gettext_lazy("Format"), gettext_lazy("File to import"),
                    gettext_lazy("Resource"), gettext_lazy("Confirm import"))
