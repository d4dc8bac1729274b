"""``/kesehatan/``: is this installation able to do its work?  For load balancers and monitoring.

Checks the database, the file storage (write, read, delete), the cache and the task queue (how
long the oldest task that is due has been waiting: a queue with no worker grows old; task rows left
RUNNING by a killed worker are counted as a warning, ``stalled_running``, without failing the check).  Answers 200
with ``{"status": "ok", ...}`` or 503 naming what failed; no secret and no data is shown.
"""

import datetime
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_storage():
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise OSError("storage returned other content")
    finally:
        default_storage.delete(name)
    return {"backend": type(default_storage._wrapped).__name__ if hasattr(default_storage, "_wrapped") else ""}


def check_cache():
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise OSError("cache did not keep a value")
    cache.delete(key)
    return {}


def oldest_queued_age():
    """Seconds the oldest due task has waited (0 when none), whatever the backend."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    now = timezone.now()
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if backend.__class__.__name__ == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        oldest = (
            DBTaskResult.objects.ready().filter(backend_name=backend.alias).order_by("enqueued_at")
            .values_list("enqueued_at", "run_after").first()
        )
        if oldest is None:
            return 0.0
        since = max(oldest[0], oldest[1]) if oldest[1] and oldest[1].year < 9999 else oldest[0]
        return max(0.0, (now - since).total_seconds())
    if backend.__class__.__name__ == "RQBackend":
        import django_rq

        ages = []
        for name in backend.queues:
            queue = django_rq.get_queue(name)
            job_ids = queue.get_job_ids(0, 0)
            if job_ids:
                job = queue.fetch_job(job_ids[0])
                if job is not None and job.enqueued_at:
                    enqueued = job.enqueued_at if job.enqueued_at.tzinfo else job.enqueued_at.replace(tzinfo=datetime.UTC)
                    ages.append((now - enqueued).total_seconds())
        return max(ages, default=0.0)
    return 0.0


def stalled_running_count():
    """Task rows RUNNING longer than TASKS_STALL_MINUTES (their worker was probably killed); the
    database backend only (RQ notices lost workers itself)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    if task_backends[DEFAULT_TASK_BACKEND_ALIAS].__class__.__name__ != "DatabaseBackend":
        return 0
    from . import stalled

    return stalled.stalled_queryset().count()


def check_tasks():
    age = oldest_queued_age()
    info = {"oldest_queued_seconds": round(age, 1)}
    stalled = stalled_running_count()
    info["stalled_running"] = stalled
    if stalled:  # a warning, not a failure: the periodic reclaim_stalled_tasks puts them back
        info["warning"] = (f"{stalled} task(s) RUNNING for more than {settings.TASKS_STALL_MINUTES} min: "
                           "a worker was killed? run manage.py reclaim_stalled_tasks")
    if age > settings.HEALTH_MAX_QUEUE_AGE_SECONDS:
        raise OSError(f"oldest queued task waits {age:.0f} s (limit {settings.HEALTH_MAX_QUEUE_AGE_SECONDS} s): is a worker running?")
    return info


CHECKS = {"database": check_database, "storage": check_storage, "cache": check_cache, "tasks": check_tasks}


@never_cache
@require_GET
def health(request):
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            info = check()
            results[name] = {"ok": True, **info}
        except Exception as error:  # any failure is a finding, reported, never a 500
            healthy = False
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
