"""Background jobs of reporting (Django's task framework: django-tasks), after the house pattern of
``documents.tasks.build_drafts_zip``.

``build_report(job_id)`` builds the file of a ``ReportJob`` with the builders of
``reporting.reports`` (within what the job's owner may see when it runs) and stores it through the
default storage.  It is idempotent: only a queued job is claimed, so a job already running, ready
or gone is left alone; a run cut short (its worker killed) is queued again by ``requeue_stalled``
(the job's page calls it).  Jobs older than ``GENERATED_FILES_KEEP_HOURS`` are removed with their
files by ``remove_expired``: each run does it, and so does the daily ``send_report_reminders``.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from kerjasama.logs import bind, reset

logger = logging.getLogger(__name__)

# A report is built in one step (no progress to save): a job running this long lost its worker.
STALLED_SECONDS = 600


@task()
def build_report(job_id):
    from . import reports
    from .models import ReportJob

    token = bind(task="build_report", report_job_id=job_id)
    try:
        remove_expired()
        claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
            status=ReportJob.Status.RUNNING, updated_at=timezone.now()
        )
        if not claimed:
            return "skipped"
        job = ReportJob.objects.select_related("owner").get(pk=job_id)
        try:
            content, filename, _content_type = reports.build(job.kind, job.parameters, job.owner)
            stem, ext = filename.rsplit(".", 1)
            job.file.save(f"{stem}-{job.pk}.{ext}", ContentFile(content), save=False)
        except Exception as exc:
            ReportJob.objects.filter(pk=job_id).update(
                status=ReportJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
            )
            logger.exception("report %s (%s) failed", job_id, job.kind)
            raise
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportJob.Status.READY, file=job.file.name, filename=filename, finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return "ready"
    finally:
        reset(token)


def requeue_stalled(queryset=None):
    """Queue again every job whose worker went away (running for more than STALLED_SECONDS)."""
    from notifications.services import enqueue

    from .models import ReportJob

    cutoff = timezone.now() - datetime.timedelta(seconds=STALLED_SECONDS)
    jobs = (queryset if queryset is not None else ReportJob.objects.all()).filter(status=ReportJob.Status.RUNNING, updated_at__lt=cutoff)
    count = 0
    for job in jobs:
        if ReportJob.objects.filter(pk=job.pk, updated_at=job.updated_at).update(status=ReportJob.Status.QUEUED, updated_at=timezone.now()):
            logger.warning("report %s stalled; queued again", job.pk)
            enqueue(build_report, job.pk)
            count += 1
    return count


def remove_expired(now=None):
    """Delete report jobs (and their files) older than GENERATED_FILES_KEEP_HOURS."""
    from documents.tasks import remove_expired as remove_expired_files

    from .models import ReportJob

    return remove_expired_files(now, ReportJob.objects.all())
