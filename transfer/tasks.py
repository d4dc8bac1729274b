"""Background jobs of the admin import (Django's task framework: django-tasks).

``check_import_job(job_id)`` reads the stored file of an ``ImportJob`` — the only time the file is
parsed (``importing.read_table``) — keeps its rows as JSON in the storage beside it, and runs the
dry run with progress, storing the preview (counts, row errors by row and column, warnings, values
the registry does not know).  A new value map checks the same stored rows again, never the file.

``run_import_job(job_id)`` writes the stored rows once the clerk confirmed: one transaction (the
resource's own: a row that fails rolls every row back) that also marks the job done, so the rows and
"imported" are committed together or not at all.

Both are idempotent.  A run claims the job by a conditional update that sets a fresh ``run_token``;
a job already past the step is left alone; a job whose run went silent for TASKS_STALL_MINUTES (its
worker killed; ``reclaim_stalled_tasks`` queues the task again) is taken over, and the old run, if it
was in fact alive, finds its token gone at its final conditional update and rolls back.  Progress is
written through a second database connection on PostgreSQL (the import's own transaction is
invisible to the progress page until it commits); SQLite serialises writers, so there the page
shows the count of rows read and then the result.
"""

import datetime
import decimal
import json
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from import_export.results import RowResult

from kerjasama.logs import bind, reset

from . import importing

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 1.0


def enqueue(task_, job_id):
    """Queue ``task_`` for a job once the job row is committed: the database backend writes its task
    row in the caller's transaction (both commit or neither); an outside queue (RQ) gets it on commit."""
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend

    if isinstance(task_.get_backend(), (DatabaseBackend, ImmediateBackend)):
        task_.enqueue(job_id)
    else:
        transaction.on_commit(lambda: task_.enqueue(job_id), robust=True)


# --- the rows read from the file, as JSON -----------------------------------------------------------


def _encode_cell(value):
    if isinstance(value, datetime.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$d": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"$t": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$n": str(value)}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _decode_cell(value):
    if isinstance(value, dict) and len(value) == 1:
        (tag, text), = value.items()
        if tag == "$dt":
            return datetime.datetime.fromisoformat(text)
        if tag == "$d":
            return datetime.date.fromisoformat(text)
        if tag == "$t":
            return datetime.time.fromisoformat(text)
        if tag == "$n":
            return decimal.Decimal(text)
    return value


def dump_rows(rows):
    return json.dumps([[_encode_cell(v) for v in row] for row in rows], ensure_ascii=False).encode()


def load_rows(data):
    return [[_decode_cell(v) for v in row] for row in json.loads(data)]


def stored_rows(job):
    """The job's rows: read from the file the first time (and kept as JSON), from the JSON after."""
    if job.rows_file:
        with job.rows_file.open("rb") as handle:
            return load_rows(handle.read())
    with job.file.open("rb") as handle:
        data = handle.read()
    rows = importing.read_table(data, job.original_name)  # the one parse of the file
    job.rows_file.save(f"baris-{job.pk}.json", ContentFile(dump_rows(rows)), save=False)
    type(job).objects.filter(pk=job.pk).update(rows_file=job.rows_file.name)
    return rows


# --- claiming and progress ----------------------------------------------------------------------------


def _claim(job_id, waiting, working):
    """Move the job from ``waiting`` (or from ``working`` gone silent) to ``working`` with a new
    token.  Returns the job and the queryset of "this job, still in this run" for the run's
    conditional updates; ``(None, None)`` when another run has it or the step is over."""
    from .models import ImportJob

    token = uuid.uuid4().hex
    stale = timezone.now() - datetime.timedelta(minutes=settings.TASKS_STALL_MINUTES)
    claimed = ImportJob.objects.filter(
        Q(status=waiting) | Q(status=working, updated_at__lt=stale), pk=job_id
    ).update(status=working, run_token=token, done=0, updated_at=timezone.now())
    if not claimed:
        return None, None
    job = ImportJob.objects.select_related("owner", "default_opd").get(pk=job_id)
    return job, ImportJob.objects.filter(pk=job_id, run_token=token, status=working)


def _rows_or_fail(job, mine):
    """The job's rows, or None after marking the job failed with the reason."""
    from .models import ImportJob

    try:
        return stored_rows(job)
    except (importing.UnreadableFile, OSError) as exc:
        message = str(exc) if isinstance(exc, importing.UnreadableFile) else _(
            "The uploaded file is no longer available; upload it again.")
        mine.update(status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now())
        return None


class Progress:
    """done/total of a job, at most once a second, through a second connection (PostgreSQL)."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.last = 0.0
        self.enabled = connections[DEFAULT_DB_ALIAS].vendor == "postgresql"

    def __call__(self, done, total, force=False):
        now = timezone.now().timestamp()
        if not force and now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        publish_progress(self.job_id, done, total, self.enabled)


def publish_progress(job_id, done, total, enabled=True):
    if not enabled:
        return
    from .models import ImportJob

    side = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET done = %s, total = %s, updated_at = %s WHERE id = %s",
                [done, total, side.ops.adapt_datetimefield_value(timezone.now()), job_id],
            )
    except DatabaseError:  # progress is a courtesy; the job goes on
        logger.debug("progress of import job %s not saved", job_id, exc_info=True)
    finally:
        side.close()


def _resource(job, on_row=None, tick=None):
    from .resources import AgreementResource

    class TrackedResource(AgreementResource):
        def import_row(self, row, instance_loader, **kwargs):
            result = super().import_row(row, instance_loader, **kwargs)
            if tick is not None:
                tick(kwargs.get("row_number", 0), self.total)
            return result

    value_map = {(c, v): t for c, v, t in (i for i in job.value_map if isinstance(i, list) and len(i) == 3)}
    return TrackedResource(user=job.owner, default_opd=job.default_opd, value_map=value_map, keep_rows=False,
                           on_row=on_row)


def _problems(result):
    """Row errors named by row and column, and errors of the whole file."""
    errors = []
    for error in result.base_errors:
        errors.append({"row": None, "column": "", "message": str(error.error)})
    for invalid in result.invalid_rows:
        for column, reasons in invalid.field_specific_errors.items():
            for reason in reasons:
                errors.append({"row": invalid.number, "column": str(column), "message": str(reason)})
        for reason in invalid.non_field_specific_errors:
            errors.append({"row": invalid.number, "column": "", "message": str(reason)})
    if getattr(result, "refusal", None):
        errors.insert(0, {"row": None, "column": "", "message": str(result.refusal)})
    return errors


def _summary(result):
    totals = result.totals
    return {"new": totals[RowResult.IMPORT_TYPE_NEW], "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP], "invalid": len(result.invalid_rows),
            "warned": getattr(result, "warning_count", 0),
            "new_partners": list(getattr(result, "new_partners", []))[:200],
            "ignored_headers": [str(h) for h in getattr(result, "ignored_headers", [])]}


# --- the tasks ------------------------------------------------------------------------------------------


@task()
def check_import_job(job_id):
    """The dry run of a stored file: the preview the clerk confirms."""
    from .models import ImportJob

    token_ctx = bind(task="check_import_job", import_job_id=job_id)
    try:
        remove_expired()
        job, mine = _claim(job_id, ImportJob.Status.QUEUED, ImportJob.Status.CHECKING)
        if job is None:
            return "not-claimed"
        rows = _rows_or_fail(job, mine)  # the first time: the one parse of the file
        if rows is None:
            return "failed"
        mine.update(total=len(rows), updated_at=timezone.now())
        warnings = []

        def on_row(sheet_row, _understood, row_warnings, _note):
            if row_warnings and len(warnings) < 1000:
                warnings.append({"row": sheet_row, "messages": row_warnings})

        from .resources import _dataset

        progress = Progress(job_id)
        try:
            result = _resource(job, on_row=on_row, tick=progress).import_data(
                _dataset(rows), dry_run=True, raise_errors=False, file_name=job.original_name, user=job.owner)
        except Exception:
            _unexpected(mine, job_id)
            raise
        unknown = [{"column": c, "header": importing.COLUMN_BY_KEY[c].header, "value": v, "rows": list(r[:10]),
                    "more": len(r) > 10, "suggestion": s} for c, v, r, s in getattr(result, "unknown_values", [])]
        summary = _summary(result)
        mine.update(status=ImportJob.Status.CHECKED, summary=summary, errors=_problems(result)[:1000],
                    warnings=warnings, unknown_values=unknown, done=result.total_rows, total=result.total_rows,
                    checked_at=timezone.now(), updated_at=timezone.now())
        return "checked"
    finally:
        reset(token_ctx)


class _TakenOver(Exception):
    pass


def _unexpected(mine, job_id):
    from .models import ImportJob

    logger.exception("import job %s failed", job_id)
    mine.update(status=ImportJob.Status.FAILED, finished_at=timezone.now(), message=_(
        "The import stopped because of an internal error; nothing was saved. Upload the file again or "
        "ask the administrator."))


@task()
def run_import_job(job_id):
    """Write the confirmed job's stored rows: all of them or none; once."""
    from .models import ImportJob

    token_ctx = bind(task="run_import_job", import_job_id=job_id)
    try:
        job, mine = _claim(job_id, ImportJob.Status.CONFIRMED, ImportJob.Status.IMPORTING)
        if job is None:
            return "not-claimed"
        rows = _rows_or_fail(job, mine)  # the JSON the check kept: the file is not parsed again
        if rows is None:
            return "failed"
        from .resources import _dataset

        progress = Progress(job_id)
        try:
            with transaction.atomic():
                result = _resource(job, tick=progress).import_data(
                    _dataset(rows), dry_run=False, raise_errors=False, file_name=job.original_name, user=job.owner)
                problems = _problems(result)
                if problems:  # the resource rolled its rows back already
                    fields = {"status": ImportJob.Status.FAILED, "errors": problems[:1000], "message": _(
                        "The import was cancelled and nothing was saved: the registry changed since the check "
                        "(see the errors below).")}
                else:
                    fields = {"status": ImportJob.Status.DONE, "summary": {**job.summary, **_summary(result)},
                              "done": result.total_rows, "total": result.total_rows}
                # the rows and "imported" commit together; a run that lost its token rolls back
                if not mine.update(finished_at=timezone.now(), updated_at=timezone.now(), **fields):
                    raise _TakenOver
        except _TakenOver:
            logger.warning("import job %s was taken over by another run; this run rolled back", job_id)
            return "taken-over"
        except Exception:
            _unexpected(mine, job_id)
            raise
        logger.info("import job %s: %s", job_id, fields["status"])
        return str(fields["status"])
    finally:
        reset(token_ctx)


def remove_expired(now=None):
    """Delete jobs (and their files) older than GENERATED_FILES_KEEP_HOURS."""
    from .models import ImportJob

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.GENERATED_FILES_KEEP_HOURS)
    removed = 0
    for job in ImportJob.objects.filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)):
        for stored in (job.file, job.rows_file):
            if stored:
                stored.delete(save=False)
        job.delete()
        removed += 1
    return removed
