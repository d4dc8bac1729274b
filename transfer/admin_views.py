"""Import and export of agreements in the admin (django-import-export), scoped by OPD.

``AgreementAdmin`` inherits ``AgreementImportExportMixin``: the library's two-step import (upload →
dry-run preview of every row → confirm) with our resource, formats and Indonesian templates; the
downloadable XLSX template; export of the filtered changelist and of the selected rows."""

import io
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import RowResult

from accounts import roles
from accounts.models import Opd
from agreements.models import Agreement

from . import exporting, importing, tasks
from .models import ImportJob
from .resources import CSV, XLSX, AgreementResource


def _value_map_field():
    return forms.CharField(widget=forms.HiddenInput(), required=False)


def _default_opd_field():
    return forms.ModelChoiceField(
        queryset=Opd.objects.order_by("code"), required=False, label=gettext_lazy("Default OPD"),
        help_text=gettext_lazy("For a register without an OPD column, or rows whose OPD cell is empty."),
    )


class AgreementImportForm(ImportForm):
    """The library's upload form with the default OPD and the value map (JSON, filled by the
    preview's "apply" button)."""

    default_opd = _default_opd_field()
    value_map = _value_map_field()
    field_order = ["resource", "import_file", "format", "default_opd"]


class AgreementConfirmForm(ConfirmImportForm):
    default_opd = forms.ModelChoiceField(queryset=Opd.objects.all(), required=False, widget=forms.HiddenInput())
    value_map = _value_map_field()


def decode_value_map(raw):
    """The value map carried by the forms: JSON [[column key, value as written, value to use], …]."""
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return {}
    return {(c, v): t for c, v, t in (i for i in items if isinstance(i, list) and len(i) == 3)
            if c in importing.CLOSED_COLUMNS and isinstance(v, str) and isinstance(t, str) and t}


def posted_meanings(request, mapping):
    """``mapping`` with the meanings the clerk chose in the value-map form (map-N-column/value/target)."""
    mapping = dict(mapping)
    count = request.POST.get("map-count", "")
    for index in range(min(int(count), 500) if count.isdigit() else 0):
        column = request.POST.get(f"map-{index}-column", "")
        value = request.POST.get(f"map-{index}-value", "")
        target = request.POST.get(f"map-{index}-target", "")
        if column in importing.CLOSED_COLUMNS and target:
            mapping[(column, value)] = target
    return mapping


def encode_value_map(mapping):
    return json.dumps([[c, v, t] for (c, v), t in sorted(mapping.items())], ensure_ascii=False)


class AgreementImportExportMixin(ImportMixin):
    """Mixed into ``AgreementAdmin`` before ``SimpleHistoryAdmin``."""

    resource_classes = [AgreementResource]
    import_form_class = AgreementImportForm
    confirm_form_class = AgreementConfirmForm
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
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        return {"user": request.user, "default_opd": data.get("default_opd"),
                "value_map": decode_value_map(data.get("value_map"))}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            opd = import_form.cleaned_data.get("default_opd")
            initial.update(default_opd=opd.pk if opd else "", value_map=import_form.cleaned_data.get("value_map", ""))
        return initial

    def add_data_read_fail_error_to_form(self, form, e):
        """One Indonesian message, never the library's ("BadZipFile encountered …")."""
        message = str(e) if isinstance(e, importing.UnreadableFile) else _(
            "The file cannot be read. Save it again from Excel as .xlsx or as CSV and upload it again.")
        form.add_error("import_file", message)

    # --- the value map: each unknown value once, mapped, and the preview computed again ---------------

    def import_action(self, request, **kwargs):
        if request.method == "POST" and "remap" in request.POST:
            return self.remap_view(request)
        if request.method == "POST" and request.FILES.get("import_file") and self.has_import_permission(request):
            job = self._large_upload_as_job(request)
            if job is not None:
                return HttpResponseRedirect(reverse("admin:agreements_agreement_import_job", args=[job.pk]))
        response = super().import_action(request, **kwargs)
        if hasattr(response, "context_data"):
            response.context_data["import_job_threshold"] = settings.IMPORT_JOB_THRESHOLD_ROWS
            response.context_data["import_jobs"] = ImportJob.objects.filter(owner=request.user)[:5]
        form = response.context_data.get("form") if hasattr(response, "context_data") else None
        if form is not None and form.is_bound and not form.errors and "result" in response.context_data:
            upload = form.cleaned_data["import_file"]
            opd = form.cleaned_data.get("default_opd")
            response.context_data["remap"] = {
                "import_file_name": getattr(upload, "tmp_storage_name", ""), "original_file_name": upload.name,
                "format": form.cleaned_data["format"], "default_opd": opd.pk if opd else "",
                "value_map": form.cleaned_data.get("value_map", ""),
            }
            self._add_value_map_context(response.context_data)
        return response

    # --- a large file: a background job (transfer.tasks) instead of the request -----------------------

    def _large_upload_as_job(self, request):
        """An upload of more than IMPORT_JOB_THRESHOLD_ROWS rows (told without reading the file,
        ``importing.estimate_rows``) is stored and checked by a task; ``None`` for a small file,
        which keeps the synchronous preview."""
        form = self.create_import_form(request)
        if not form.is_valid():
            return None
        upload = form.cleaned_data["import_file"]
        extension = self.get_import_formats()[int(form.cleaned_data["format"])]().get_extension()
        name = upload.name if upload.name.lower().endswith(f".{extension}") else f"{upload.name}.{extension}"
        data = b"".join(upload.chunks())
        rows = importing.estimate_rows(data, name)
        if rows is not None and rows <= settings.IMPORT_JOB_THRESHOLD_ROWS:
            return None
        job = ImportJob(owner=request.user, opd_scope_id=roles.user_opd_id(request.user),
                        default_opd=form.cleaned_data.get("default_opd"), original_name=name[:255], total=rows or 0,
                        value_map=[[c, v, t] for (c, v), t in sorted(
                            decode_value_map(form.cleaned_data.get("value_map")).items())])
        job.file.save(f"impor-{timezone.localtime():%Y%m%d-%H%M%S}.{extension}", ContentFile(data), save=False)
        job.save()
        tasks.enqueue(tasks.check_import_job, job.pk)
        return job

    def _own_job(self, request, pk):
        if not self.has_import_permission(request):
            raise PermissionDenied
        jobs = ImportJob.objects.all() if request.user.is_superuser else ImportJob.objects.filter(owner=request.user)
        return get_object_or_404(jobs.select_related("default_opd"), pk=pk)

    def import_job_view(self, request, pk):
        """The job's page: progress while it runs (refreshing itself), then the preview and "Konfirmasi"."""
        job = self._own_job(request, pk)
        lookups = importing.Lookups() if job.unknown_values and job.status == ImportJob.Status.CHECKED else None
        unknown = [{**u, "choices": lookups.known_values(u["column"])} for u in job.unknown_values] if lookups else []
        context = {**self.admin_site.each_context(request), "title": _("Import of a large file"), "job": job,
                   "opts": self.model._meta, "unknown_rows": unknown,
                   "value_map_current": [(c, v, t) for c, v, t in job.value_map],
                   "errors_shown": job.errors[:300], "warnings_shown": job.warnings[:300]}
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/import_export/agreements/import_job.html", context)

    def import_job_confirm_view(self, request, pk):
        """"Konfirmasi": the checked rows are written by a task, once (a conditional update: a
        second click, or a second tab, queues nothing more)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._own_job(request, pk)
        confirmed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED, errors=[], message="").update(
            status=ImportJob.Status.CONFIRMED, done=0, updated_at=timezone.now())
        if confirmed:
            tasks.enqueue(tasks.run_import_job, job.pk)
            messages.success(request, _("The import is queued; this page shows its progress."))
        else:
            messages.warning(request, _("This import cannot be confirmed (already confirmed, or it has errors)."))
        return HttpResponseRedirect(reverse("admin:agreements_agreement_import_job", args=[job.pk]))

    def import_job_remap_view(self, request, pk):
        """New meanings for unknown values: the stored rows are checked again (the file is not read again)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._own_job(request, pk)
        mapping = posted_meanings(request, {(c, v): t for c, v, t in job.value_map})
        requeued = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
            status=ImportJob.Status.QUEUED, value_map=[[c, v, t] for (c, v), t in sorted(mapping.items())], done=0,
            errors=[], warnings=[], unknown_values=[], summary={}, updated_at=timezone.now())
        if requeued:
            tasks.enqueue(tasks.check_import_job, job.pk)
        return HttpResponseRedirect(reverse("admin:agreements_agreement_import_job", args=[job.pk]))

    def _add_value_map_context(self, context):
        result = context["result"]
        lookups = importing.Lookups()
        rows = []
        for column, value, sheet_rows, suggestion in getattr(result, "unknown_values", []):
            rows.append({"column": column, "header": importing.COLUMN_BY_KEY[column].header, "value": value,
                         "rows": sheet_rows[:10], "more": len(sheet_rows) > 10, "suggestion": suggestion,
                         "choices": lookups.known_values(column)})
        context["value_map_rows"] = rows
        context["value_map_current"] = sorted(decode_value_map(context["remap"]["value_map"]).items())

    def remap_view(self, request):
        """The preview again, for the same uploaded file, with the clerk's choices added to the map."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm = AgreementConfirmForm(request.POST)
        if not confirm.is_valid():
            return HttpResponseRedirect(reverse("admin:agreements_agreement_import"))
        mapping = posted_meanings(request, decode_value_map(confirm.cleaned_data.get("value_map")))
        input_format = self.get_import_formats()[int(confirm.cleaned_data["format"])]()
        storage = self.get_tmp_storage_class()(name=confirm.cleaned_data["import_file_name"], encoding=None,
                                               read_mode=input_format.get_read_mode(),
                                               **self.get_tmp_storage_class_kwargs())
        try:
            dataset = input_format.create_dataset(storage.read())
        except (OSError, importing.UnreadableFile):
            messages.error(request, _("The uploaded file is no longer available; upload it again."))
            return HttpResponseRedirect(reverse("admin:agreements_agreement_import"))
        opd = confirm.cleaned_data.get("default_opd")
        resource = AgreementResource(user=request.user, default_opd=opd, value_map=mapping)
        result = resource.import_data(dataset, dry_run=True, raise_errors=False,
                                      file_name=confirm.cleaned_data["original_file_name"], user=request.user)
        encoded = encode_value_map(mapping)
        initial = {"import_file_name": confirm.cleaned_data["import_file_name"],
                   "original_file_name": confirm.cleaned_data["original_file_name"],
                   "format": confirm.cleaned_data["format"], "resource": confirm.cleaned_data.get("resource", ""),
                   "default_opd": opd.pk if opd else "", "value_map": encoded}
        context = self.admin_site.each_context(request)
        import_form = AgreementImportForm(self.get_import_formats(), self.get_import_resource_classes(request),
                                          initial={"default_opd": opd, "value_map": encoded})
        context.update(self.get_import_context_data())
        context.update({
            "title": _("Import"), "form": import_form, "opts": self.model._meta, "result": result,
            "media": self.media + import_form.media, "import_error_display": self.import_error_display,
            "remap": {**initial, "default_opd": opd.pk if opd else ""},
        })
        if not result.has_errors() and not result.has_validation_errors():
            context["confirm_form"] = AgreementConfirmForm(initial=initial)
        self._add_value_map_context(context)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

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
            return HttpResponseRedirect(reverse("admin:agreements_agreement_import"))
        return super().process_result(result, request)

    # --- extra URLs: the template and the export of the filtered list --------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/template/", view(self.import_template_view), name="agreements_agreement_import_template"),
            path("export/<str:fmt>/", view(self.export_view), name="agreements_agreement_export"),
            path("import/job/<int:pk>/", view(self.import_job_view), name="agreements_agreement_import_job"),
            path("import/job/<int:pk>/confirm/", view(self.import_job_confirm_view),
                 name="agreements_agreement_import_job_confirm"),
            path("import/job/<int:pk>/remap/", view(self.import_job_remap_view),
                 name="agreements_agreement_import_job_remap"),
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
