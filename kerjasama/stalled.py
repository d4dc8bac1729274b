"""Task rows left RUNNING by a worker that was killed (a server restart, an OOM kill).

django-tasks' database backend (``django_tasks_db`` 0.13) marks a row RUNNING when a worker claims
it and has no mechanism to notice that the worker went away: the row would stay RUNNING forever
(upstream: RealOrangeOne/django-tasks#46, still open; the "worker pings" PR #133 was closed
unmerged).  ``reclaim_stalled`` puts such rows back to READY — every task of this project is
idempotent — or marks them FAILED when they were already claimed ``TASKS_MAX_ATTEMPTS`` times (a
task that kills its worker each time must not loop).  Run by ``manage.py reclaim_stalled_tasks``
(the periodic timer) and counted by the health check.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

STALLED_MESSAGE = "kerjasama.stalled.WorkerLost"


def _db_result_model():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def stalled_queryset(older_than_minutes=None, now=None):
    """RUNNING rows started more than ``older_than_minutes`` ago (default TASKS_STALL_MINUTES)."""
    from django_tasks.base import TaskResultStatus

    minutes = settings.TASKS_STALL_MINUTES if older_than_minutes is None else older_than_minutes
    cutoff = (now or timezone.now()) - datetime.timedelta(minutes=minutes)
    return _db_result_model().objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)


def reclaim_stalled(older_than_minutes=None, max_attempts=None, now=None):
    """Requeue or fail every stalled row; returns ``(requeued, failed)`` as lists of
    ``(id, task_path, attempts)``.  Each row changes by a conditional update (still RUNNING, same
    start): a worker that finishes the task meanwhile, or a second reclaim running at the same
    time, wins and the row is left alone."""
    from django_tasks.base import TaskResultStatus

    model = _db_result_model()
    max_attempts = settings.TASKS_MAX_ATTEMPTS if max_attempts is None else max_attempts
    now = now or timezone.now()
    requeued, failed = [], []
    rows = stalled_queryset(older_than_minutes, now).values_list("pk", "task_path", "worker_ids", "started_at")
    for pk, path, worker_ids, started in rows:
        attempts = len(worker_ids or [])
        still = model.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started)
        if attempts >= max_attempts:
            changed = still.update(
                status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=STALLED_MESSAGE,
                traceback=f"The worker running this task went away {attempts} time(s) (worker ids {worker_ids}); "
                          f"not tried again (TASKS_MAX_ATTEMPTS={max_attempts}).",
            )
            if changed:
                failed.append((pk, path, attempts))
                logger.error("task %s (%s) stalled after %s attempt(s); marked failed", pk, path, attempts)
        else:
            changed = still.update(status=TaskResultStatus.READY, started_at=None)
            if changed:
                requeued.append((pk, path, attempts))
                logger.warning("task %s (%s) stalled in RUNNING since %s; queued again (attempt %s of %s)",
                               pk, path, started.isoformat(), attempts + 1, max_attempts)
    return requeued, failed
