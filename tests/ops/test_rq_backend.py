"""The scale-out option: ``TASKS_BACKEND=rq`` puts the tasks on Redis and ``rqworker`` runs them."""

import socket
import uuid

import pytest

from .test_backup_restore import POPULATE


def _redis_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up() and not __import__("os").environ.get("CI"), reason="no Redis on 127.0.0.1:6379")
def test_a_stage_change_goes_through_redis_and_an_rq_worker_delivers_once(site):
    db = uuid.uuid4().int % 14 + 1  # a Redis database of its own
    rq = {"TASKS_BACKEND": "rq", "REDIS_URL": f"redis://127.0.0.1:6379/{db}"}
    import redis

    client = redis.Redis.from_url(rq["REDIS_URL"])
    client.flushdb()
    try:
        site.shell(POPULATE, **rq)
        assert site.mails() == []
        assert site.query("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult") == [(0,)]  # not in the database
        assert client.llen("rq:queue:default") == 5  # one notify task per submission, waiting in Redis
        site.manage("rqworker", "default", "--burst", **rq)
        first = len(site.mails())
        assert first >= 10 and site.query("SELECT DISTINCT status FROM notifications_outboundmail") == [("sent",)]
        site.manage("rqworker", "default", "--burst", **rq)
        assert len(site.mails()) == first
    finally:
        client.flushdb()
