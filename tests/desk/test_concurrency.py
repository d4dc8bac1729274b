"""Two reviewers acting on the same proposal at the same moment leave one consistent result."""

import threading

import pytest
from django.db import connection
from django.test import Client

from agreements import pathing
from agreements.choices import Stage
from agreements.models import StageEvent
from tests.factories import AgreementFactory, OpdFactory, UserFactory

from .conftest import step_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def personas():
    from accounts import roles

    opd = OpdFactory(code="DLH")
    submitter = UserFactory(username="staf_dlh", role=roles.OPD_STAFF, opd=opd)
    first = UserFactory(username="reviewer_1", role=roles.KERJASAMA_STAFF)
    second = UserFactory(username="reviewer_2", role=roles.KERJASAMA_STAFF)
    tkksd = UserFactory(username="tkksd", role=roles.TKKSD_MEMBER)
    clients = []
    for user in (first, second):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return opd, submitter, first, tkksd, clients


def test_two_reviewers_verify_at_once():
    opd, submitter, first, tkksd, clients = personas()
    agreement = AgreementFactory(opd_initiator=opd)
    pathing.drive_to(agreement, Stage.DIAJUKAN, submitter=submitter, reviewer=first, tkksd=tkksd)
    results = run_together([lambda c=c: c.post(step_url(agreement, "verify"), {"note": ""}).status_code for c in clients])
    assert sorted(results) == [200, 302]  # the second is told it is no longer possible
    assert StageEvent.objects.filter(agreement=agreement, action="verify").count() == 1
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENAWARAN


def test_verify_and_reject_at_once_leave_a_consistent_history():
    opd, submitter, first, tkksd, clients = personas()
    agreement = AgreementFactory(opd_initiator=opd)
    pathing.drive_to(agreement, Stage.DIAJUKAN, submitter=submitter, reviewer=first, tkksd=tkksd)
    run_together(
        [
            lambda: clients[0].post(step_url(agreement, "verify"), {"note": "Lengkap"}).status_code,
            lambda: clients[1].post(step_url(agreement, "reject"), {"reason": "Tidak layak"}).status_code,
        ]
    )
    history = list(StageEvent.objects.filter(agreement=agreement).order_by("created_at", "id"))
    # each event starts where the previous one ended; the stored stage is the last one's
    for previous, event in zip(history, history[1:], strict=False):
        assert event.from_stage == previous.to_stage
    agreement.refresh_from_db()
    assert agreement.stage == history[-1].to_stage
    assert [e.action for e in history].count("verify") <= 1 and [e.action for e in history].count("reject") <= 1


def test_two_reviewers_complete_the_same_stage_once():
    opd, submitter, first, tkksd, clients = personas()
    agreement = AgreementFactory(opd_initiator=opd)
    pathing.drive_to(agreement, Stage.PENAWARAN, submitter=submitter, reviewer=first, tkksd=tkksd)
    pathing.attach(agreement, "surat_penawaran", first)
    results = run_together([lambda c=c: c.post(step_url(agreement, "advance"), {"note": ""}).status_code for c in clients])
    assert sorted(results) == [200, 302]  # one done, the other told it is no longer possible
    assert StageEvent.objects.filter(agreement=agreement, action="advance").count() == 1
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENYUSUNAN_KSB
