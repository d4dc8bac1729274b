"""A worker killed in the middle of a task (a server restart) leaves its row RUNNING in the database
queue; ``reclaim_stalled_tasks`` gives such rows back to the workers, or fails them after too many
tries, and the health check counts them."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from documents import tasks as document_tasks
from documents.models import DraftBundle

pytestmark = pytest.mark.django_db


def _killed_while_running(result_id, minutes_ago, attempts=1):
    """What a worker killed with SIGKILL leaves behind: claimed, never finished."""
    DBTaskResult.objects.filter(pk=result_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        worker_ids=[f"worker-{n}" for n in range(attempts)],
    )


def test_a_task_left_running_by_a_killed_worker_is_queued_again_and_finished(reviewer, proposal, run_worker, capsys):
    bundle = DraftBundle.objects.create(user=reviewer, agreement_ids=[proposal.pk], total=1)
    result = document_tasks.build_drafts_zip.enqueue(bundle.pk)
    _killed_while_running(result.id, minutes_ago=45)
    run_worker()  # a live worker does not touch a RUNNING row
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    call_command("reclaim_stalled_tasks")
    out = capsys.readouterr().out
    assert "1 diantrekan lagi, 0 ditandai gagal" in out and "build_drafts_zip" in out
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY and row.started_at is None

    run_worker()
    row.refresh_from_db()
    bundle.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and len(row.worker_ids) == 2
    assert bundle.status == "ready" and bundle.file


def test_a_task_running_for_less_than_the_limit_is_left_alone(reviewer, proposal, settings):
    settings.TASKS_STALL_MINUTES = 30
    bundle = DraftBundle.objects.create(user=reviewer, agreement_ids=[proposal.pk], total=1)
    result = document_tasks.build_drafts_zip.enqueue(bundle.pk)
    _killed_while_running(result.id, minutes_ago=10)
    call_command("reclaim_stalled_tasks")
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    call_command("reclaim_stalled_tasks", "--older-than", "5")
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY


def test_a_task_that_lost_its_worker_too_often_is_marked_failed_not_looped(reviewer, proposal, settings, run_worker):
    settings.TASKS_MAX_ATTEMPTS = 3
    bundle = DraftBundle.objects.create(user=reviewer, agreement_ids=[proposal.pk], total=1)
    result = document_tasks.build_drafts_zip.enqueue(bundle.pk)
    _killed_while_running(result.id, minutes_ago=60, attempts=3)
    call_command("reclaim_stalled_tasks")
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED and row.finished_at is not None
    assert "went away 3 time(s)" in row.traceback
    run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED  # not run again


def test_a_finished_or_waiting_task_is_never_touched(reviewer, proposal, run_worker):
    bundle = DraftBundle.objects.create(user=reviewer, agreement_ids=[proposal.pk], total=1)
    done = document_tasks.build_drafts_zip.enqueue(bundle.pk)
    run_worker()
    waiting = document_tasks.build_drafts_zip.enqueue(bundle.pk)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=3))
    call_command("reclaim_stalled_tasks", "--older-than", "0")
    assert DBTaskResult.objects.get(pk=done.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=waiting.id).status == TaskResultStatus.READY


def test_the_health_check_warns_of_stalled_tasks_without_failing(client, reviewer, proposal, settings):
    settings.HEALTH_MAX_QUEUE_AGE_SECONDS = 10**6
    bundle = DraftBundle.objects.create(user=reviewer, agreement_ids=[proposal.pk], total=1)
    result = document_tasks.build_drafts_zip.enqueue(bundle.pk)
    assert client.get("/kesehatan/").json()["checks"]["tasks"]["stalled_running"] == 0
    _killed_while_running(result.id, minutes_ago=45)
    response = client.get("/kesehatan/")
    tasks_check = response.json()["checks"]["tasks"]
    assert response.status_code == 200 and tasks_check["ok"]
    assert tasks_check["stalled_running"] == 1 and "reclaim_stalled_tasks" in tasks_check["warning"]
