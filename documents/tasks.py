"""Background jobs of the documents app (Django's task framework: django-tasks).

``build_drafts_zip(bundle_id)`` lays out the drafts of a ``DraftBundle`` one by one, saving its
progress as it goes, and stores the ZIP through the default storage (local private folder or S3).
It is idempotent: a bundle already ready is left alone, and a run that was cut short (its worker
killed) is started again from the beginning by ``requeue_stalled`` — the progress page calls it when
a bundle has not moved for ``STALLED_SECONDS``, and the daily upkeep does too.
"""

import datetime
import logging
import tempfile

from django.core.files import File
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from kerjasama.logs import bind, reset

logger = logging.getLogger(__name__)

STALLED_SECONDS = 120
PROGRESS_EVERY_SECONDS = 1.0


@task()
def build_drafts_zip(bundle_id):
    from agreements.models import Agreement

    from . import services
    from .models import DraftBundle

    token = bind(task="build_drafts_zip", bundle_id=bundle_id)
    try:
        remove_expired()  # the housekeeping rides along: ZIPs older than a day go
        claimed = DraftBundle.objects.filter(pk=bundle_id).exclude(status=DraftBundle.Status.READY).update(
            status=DraftBundle.Status.RUNNING, done=0, updated_at=timezone.now()
        )
        if not claimed:
            return "ready"
        bundle = DraftBundle.objects.select_related("user").get(pk=bundle_id)
        queryset = Agreement.objects.for_user(bundle.user).filter(pk__in=bundle.agreement_ids)
        last = [0.0]

        def progress(done, total):
            now = timezone.now().timestamp()
            if done == total or now - last[0] >= PROGRESS_EVERY_SECONDS:
                last[0] = now
                DraftBundle.objects.filter(pk=bundle_id).update(done=done, total=total, updated_at=timezone.now())

        try:
            with tempfile.TemporaryFile() as spool:
                services.drafts_zip(queryset, user=bundle.user, target=spool, progress=progress)
                spool.seek(0)
                bundle.refresh_from_db()
                name = f"draf-kerja-sama-{timezone.localtime():%Y%m%d-%H%M}-{bundle.pk}.zip"
                bundle.file.save(name, File(spool), save=False)
        except services.NoTemplate:
            DraftBundle.objects.filter(pk=bundle_id).update(
                status=DraftBundle.Status.FAILED, error="no-template", finished_at=timezone.now()
            )
            return "failed"
        DraftBundle.objects.filter(pk=bundle_id).update(
            status=DraftBundle.Status.READY, file=bundle.file.name, finished_at=timezone.now(), updated_at=timezone.now()
        )
        return "ready"
    finally:
        reset(token)


def requeue_stalled(queryset=None):
    """Start again every bundle whose worker went away (no progress for STALLED_SECONDS)."""
    from .models import DraftBundle

    cutoff = timezone.now() - datetime.timedelta(seconds=STALLED_SECONDS)
    bundles = (queryset if queryset is not None else DraftBundle.objects.all()).filter(
        status=DraftBundle.Status.RUNNING, updated_at__lt=cutoff
    )
    count = 0
    for bundle in bundles:
        if DraftBundle.objects.filter(pk=bundle.pk, updated_at=bundle.updated_at).update(
            status=DraftBundle.Status.QUEUED, updated_at=timezone.now()
        ):
            logger.warning("ZIP %s stalled at %s/%s; queued again", bundle.pk, bundle.done, bundle.total)
            build_drafts_zip.enqueue(bundle.pk)
            count += 1
    return count


def remove_expired(now=None, queryset=None):
    """Delete bundles (and their files) older than GENERATED_FILES_KEEP_HOURS; or the rows of
    ``queryset``, of any model with ``file``, ``created_at`` and ``finished_at`` (reporting's
    report files)."""
    from django.conf import settings

    from .models import DraftBundle

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.GENERATED_FILES_KEEP_HOURS)
    removed = 0
    queryset = queryset if queryset is not None else DraftBundle.objects.all()
    for bundle in queryset.filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)):
        if bundle.file:
            bundle.file.delete(save=False)
        bundle.delete()
        removed += 1
    return removed
