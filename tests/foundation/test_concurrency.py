"""Two people acting on one agreement at the same moment leave exactly one transition (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from agreements import services
from agreements.choices import Stage

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_concurrent_verifications_write_one_event(proposal, drive, reviewer, kabag):
    drive(proposal, Stage.DIAJUKAN)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user):
        try:
            barrier.wait()
            services.verify(proposal.__class__.objects.get(pk=proposal.pk), user)
            outcomes.append("ok")
        except services.TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(u,)) for u in (reviewer, kabag)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert proposal.events.filter(action="verify").count() == 1
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN
