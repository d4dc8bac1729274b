"""``/kesehatan/`` tells a monitor whether the database, storage, cache and task queue work."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications import tasks

pytestmark = pytest.mark.django_db


def test_a_healthy_installation_answers_200(client):
    response = client.get("/kesehatan/")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "storage", "cache", "tasks"}
    assert body["checks"]["tasks"]["oldest_queued_seconds"] == 0


def test_a_queue_nobody_works_on_is_reported(client, settings):
    settings.HEALTH_MAX_QUEUE_AGE_SECONDS = 600
    tasks.send_mail.enqueue(123)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=30))
    response = client.get("/kesehatan/")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "error"
    assert not body["checks"]["tasks"]["ok"] and "worker" in body["checks"]["tasks"]["error"]
    assert body["checks"]["database"]["ok"] and body["checks"]["storage"]["ok"]


def test_a_storage_that_refuses_writes_is_reported(client, settings, tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"  # the files disk is gone or unwritable
    response = client.get("/kesehatan/")
    assert response.status_code == 503 and not response.json()["checks"]["storage"]["ok"]
