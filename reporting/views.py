"""Reporting pages: the OPD's pemetaan entries, monev filing and annual foreign reports, and the
reports everyone may print within what they may see (recap, Buku Register, leader's summary).

Every agreement is fetched through ``Agreement.objects.for_user`` (404 outside it) and every
mapping entry through ``PotentialMapping.objects.for_user``; writes go through
``reporting.services``.  A report file is never made in the request: its export button (a POST)
queues a ``ReportJob`` (``reporting.tasks.build_report``) and lands on the job's page, which
refreshes itself until the file can be downloaded by the user who asked.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from agreements.models import Agreement, DocumentType

from . import services, tasks
from .forms import BudgetLineFormSet, ForeignReportForm, MappingForm, MonitoringForm, PlanningLinkForm
from .models import (
    AgreementPlanning,
    BudgetLine,
    ForeignAnnualReport,
    PlanningReference,
    PotentialMapping,
    ReportJob,
    ReviewStatus,
)
from .reports import CONTENT_TYPES


def _year(request, default=None):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return default or today.year
    return year if 2000 <= year <= today.year + 10 else (default or today.year)


def _semester(request):
    return {"1": 1, "2": 2}.get(request.GET.get("semester", ""))


def _document_type_id(request):
    jenis = request.GET.get("jenis") or ""
    return int(jenis) if jenis.isdigit() and DocumentType.objects.filter(pk=int(jenis)).exists() else None


def _export(request, kind, **parameters):
    """The export buttons: the report is made by a task; the user waits on the job's page."""
    job, _new = services.request_report(request.user, kind, parameters)
    return redirect("reporting:job", pk=job.pk)


def _attempt(request, action, success):
    """Run a service call; its ValidationError becomes the page's error message, nothing is saved."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def _agreement(request, pk):
    return get_object_or_404(Agreement.objects.for_user(request.user).select_related("document_type", "opd_initiator"), pk=pk)


@login_required
def index(request):
    today = timezone.localdate()
    visible = Agreement.objects.for_user(request.user)
    context = {
        "year": today.year,
        "last_year": today.year - 1,
        "schedule": services.report_schedule(today.year - 1),
        "missing": services.missing_foreign_reports(today.year - 1, visible),
        "warning": services.rencana_warning(today) if roles.sees_everything(request.user) else None,
        "monev_overdue": services.monev_overdue(visible, today).select_related("opd_initiator")[:20],
        "mappings": PotentialMapping.objects.for_user(request.user).count(),
        "sees_everything": roles.sees_everything(request.user),
        "own": [] if roles.sees_everything(request.user) else visible.select_related("opd_initiator").order_by("-created_at")[:50],
        "may_file": services.files_reports(request.user),
        "jobs": ReportJob.objects.filter(owner=request.user).alive()[:10],
    }
    return render(request, "reporting/index.html", context)


# --- Pemetaan potensi ---------------------------------------------------------------------------


@login_required
def mapping_list(request):
    year = _year(request)
    mappings = PotentialMapping.objects.for_user(request.user).select_related("urusan", "opd")
    if request.GET.get("tahun"):
        mappings = mappings.for_year(year)
    context = {
        "mappings": mappings,
        "year": year,
        "may_enter": roles.user_opd_id(request.user) is not None and roles.has_role(request.user, roles.OPD_STAFF),
        "export_query": urlencode({"tahun": year}),
        "progress": services.mapping_progress_for(request.user),
    }
    return render(request, "reporting/mapping_list.html", context)


def _mapping_form(request, mapping):
    form = MappingForm(request.POST or None, instance=mapping)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            request, lambda: services.save_mapping(form.instance, request.user, submit="submit" in request.POST),
            _("The mapping entry has been saved."),
        )
        if saved:
            return redirect("reporting:mapping_list")
    return render(request, "reporting/mapping_form.html", {"form": form, "mapping": mapping})


@login_required
def mapping_create(request):
    if roles.user_opd_id(request.user) is None or not roles.has_role(request.user, roles.OPD_STAFF):
        raise PermissionDenied
    return _mapping_form(request, PotentialMapping(year_from=timezone.localdate().year + 1, year_to=timezone.localdate().year + 1))


@login_required
def mapping_edit(request, pk):
    mapping = get_object_or_404(PotentialMapping.objects.for_user(request.user), pk=pk)
    if mapping.status not in ReviewStatus.editable_by_opd() or roles.user_opd_id(request.user) != mapping.opd_id:
        raise PermissionDenied
    return _mapping_form(request, mapping)


@login_required
@require_POST
def mapping_export(request, fmt):
    return _export(request, ReportJob.Kind.MAPPING, year=_year(request), fmt=fmt)


# --- Monev ----------------------------------------------------------------------------------------


@login_required
def monev_file(request, pk):
    agreement = _agreement(request, pk)
    if not services.may_file(request.user, agreement):
        raise PermissionDenied
    form = MonitoringForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        filed = _attempt(
            request, lambda: services.file_monitoring_entry(agreement, request.user, **form.entry_data()),
            _("The monitoring entry has been filed."),
        )
        if filed:
            return redirect("reporting:monev_file", pk=agreement.pk)
    entries = agreement.monitoring.select_related("partner_assessment")
    return render(request, "reporting/monev_form.html", {"agreement": agreement, "form": form, "entries": entries})


# --- Planning and budget link of a proposal ---------------------------------------------------------


@login_required
def planning_link(request, pk):
    agreement = _agreement(request, pk)
    if not services.may_file(request.user, agreement):
        raise PermissionDenied
    link = AgreementPlanning.objects.filter(agreement=agreement).first()
    mappings = PotentialMapping.objects.validated().select_related("urusan", "opd")
    references = PlanningReference.objects.all()
    if not roles.is_kerjasama(request.user):
        opds = [agreement.opd_initiator_id, *agreement.executing_opds.values_list("pk", flat=True)]
        mappings = mappings.filter(opd_id__in=opds)
    initial = {"mapping": link.mapping_id, "reference": link.reference_id, "reference_text": link.reference_text} if link else {}
    form = PlanningLinkForm(request.POST or None, initial=initial, mappings=mappings, references=references)
    formset = BudgetLineFormSet(request.POST or None, queryset=BudgetLine.objects.filter(agreement=agreement), prefix="anggaran")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = formset.save(commit=False)
        saved = _attempt(
            request, lambda: services.save_planning_link(agreement, request.user, budget_lines=lines, **form.cleaned_data),
            _("The planning link has been saved."),
        )
        if saved:
            return redirect("reporting:planning_link", pk=agreement.pk)
    return render(request, "reporting/planning_form.html", {"agreement": agreement, "form": form, "formset": formset})


# --- The annual foreign report --------------------------------------------------------------------


@login_required
def foreign_list(request):
    year = _year(request, default=timezone.localdate().year - 1)
    visible = Agreement.objects.for_user(request.user)
    agreements = list(services.foreign_agreements(year, visible))
    reports = {r.agreement_id: r for r in ForeignAnnualReport.objects.filter(year=year, agreement__in=agreements)}
    rows = [{"agreement": a, "report": reports.get(a.pk), "may_file": services.may_file(request.user, a)} for a in agreements]
    context = {
        "year": year,
        "rows": rows,
        "schedule": services.report_schedule(year),
        "missing": services.missing_foreign_reports(year, visible).count(),
        "warning": services.rencana_warning() if roles.sees_everything(request.user) else None,
    }
    return render(request, "reporting/foreign_list.html", context)


@login_required
def foreign_edit(request, pk, year):
    agreement = _agreement(request, pk)
    if not services.foreign_agreements(year).filter(pk=agreement.pk).exists():
        raise Http404
    if not services.may_file(request.user, agreement):
        raise PermissionDenied
    report = services.report_for(agreement, year)
    editable = report.status in ReviewStatus.editable_by_opd()
    form = ForeignReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        saved = form.is_valid() and _attempt(
            request, lambda: services.save_report(form.instance, request.user, submit="submit" in request.POST),
            _("The annual report has been saved."),
        )
        if saved:
            return redirect(request.path)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    context = {"agreement": agreement, "year": year, "form": form, "report": report, "editable": editable,
               "schedule": services.report_schedule(year)}
    return render(request, "reporting/foreign_form.html", context)


@login_required
@require_POST
def foreign_export(request, year, fmt):
    return _export(request, ReportJob.Kind.FOREIGN, year=int(year), fmt=fmt)


# --- The recap, the Buku Register, the leader's summary --------------------------------------------


@login_required
def recap(request):
    year = _year(request)
    semester = _semester(request)
    data = services.recap(year, semester, Agreement.objects.for_user(request.user))
    query = urlencode({"tahun": year, **({"semester": semester} if semester else {})})
    return render(request, "reporting/recap.html", {"recap": data, "year": year, "semester": semester, "export_query": query})


@login_required
@require_POST
def recap_export(request, fmt):
    return _export(request, ReportJob.Kind.RECAP, year=_year(request), semester=_semester(request), fmt=fmt)


@login_required
def register(request):
    year = _year(request)
    document_type_id = _document_type_id(request)
    document_type = DocumentType.objects.filter(pk=document_type_id).first() if document_type_id else None
    data = services.register(year, document_type, Agreement.objects.for_user(request.user))
    query = urlencode({"tahun": year, **({"jenis": document_type.pk} if document_type else {})})
    context = {"register": data, "year": year, "document_types": DocumentType.objects.all(), "document_type": document_type,
               "export_query": query}
    return render(request, "reporting/register.html", context)


@login_required
@require_POST
def register_export(request, fmt):
    return _export(request, ReportJob.Kind.REGISTER, year=_year(request), document_type=_document_type_id(request), fmt=fmt)


@login_required
def summary(request):
    return render(request, "reporting/summary.html", {"s": services.leader_summary(request.user)})


@login_required
@require_POST
def summary_export(request, fmt):
    return _export(request, ReportJob.Kind.SUMMARY, date=timezone.localdate().isoformat(), fmt=fmt)


# --- Report files: the job's page, its download, a fresh one ---------------------------------------


def _own_job(request, pk):
    jobs = ReportJob.objects.all() if request.user.is_superuser else ReportJob.objects.filter(owner=request.user)
    return get_object_or_404(jobs, pk=pk)


@login_required
@require_GET
def job(request, pk):
    """``reporting:job`` — a report being made (the page refreshes itself) and, once ready, its
    download link; only for the user who asked (or a superuser)."""
    report = _own_job(request, pk)
    if report.status == ReportJob.Status.RUNNING and tasks.requeue_stalled(ReportJob.objects.filter(pk=report.pk)):
        report.refresh_from_db()
    return render(request, "reporting/job.html", {"job": report, "waiting": report.status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING)})


@login_required
@require_GET
def job_download(request, pk):
    """``reporting:job_download`` — the file, streamed from storage, to the user who asked."""
    report = _own_job(request, pk)
    if report.status != ReportJob.Status.READY or not report.file or report.expired:
        raise Http404
    response = FileResponse(report.file.open("rb"), as_attachment=report.fmt != "pdf", filename=report.filename,
                            content_type=CONTENT_TYPES[report.fmt])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_again(request, pk):
    """``reporting:job_again`` — the same report made afresh (with today's data) for its owner."""
    report = get_object_or_404(ReportJob.objects.filter(owner=request.user), pk=pk)
    fresh, _new = services.request_report(request.user, report.kind, report.parameters, fresh=True)
    return redirect("reporting:job", pk=fresh.pk)
