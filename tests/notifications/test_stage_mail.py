"""Notifications are sent after commit, one message per recipient, without blocking the request."""

import threading

import pytest
from django.core import mail

from agreements import services
from agreements.pathing import ensure_attachments
from notifications import services as notifications
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_before_commit(proposal, opd_a_staff, reviewer, django_capture_on_commit_callbacks):
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit(proposal, opd_a_staff)
    assert mail.outbox == [] and not Notification.objects.exists()
    for callback in callbacks:
        callback()
    assert any(reviewer.email in m.to for m in mail.outbox)
    assert Notification.objects.filter(user=reviewer).exists()
    assert not Notification.objects.filter(user=opd_a_staff).exists()  # not told about their own action


def test_async_mode_hands_mail_to_a_background_thread(proposal, opd_a_staff, reviewer, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.KERJASAMA_MAIL_ASYNC = True
    gate = threading.Event()
    sent_from = []
    real_send = notifications._send

    def slow_send(messages, **kwargs):
        gate.wait(5)  # a slow mail server
        sent_from.append(threading.current_thread().name)
        return real_send(messages, **kwargs)

    monkeypatch.setattr(notifications, "_send", slow_send)
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(proposal, opd_a_staff)
    # The request has returned although the mail server has not answered yet.
    assert mail.outbox == []
    assert Notification.objects.filter(user=reviewer).exists()
    gate.set()
    notifications.wait()
    assert sent_from and sent_from[0] == "kerjasama-mail"
    assert any(reviewer.email in m.to for m in mail.outbox)


def test_mail_failure_never_breaks_the_transition(proposal, opd_a_staff, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(proposal, opd_a_staff)
    proposal.refresh_from_db()
    assert proposal.stage == "diajukan"


def test_mail_is_indonesian_and_links_to_the_proposal(proposal, opd_a_staff, django_capture_on_commit_callbacks):
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(proposal, opd_a_staff)
    message = mail.outbox[0]
    assert message.subject.startswith("[Kerja Sama]")
    assert "sekarang" in message.body and f"/usulan/{proposal.pk}/" in message.body
