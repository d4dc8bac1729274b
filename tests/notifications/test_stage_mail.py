"""Notifications are tasks: a stage change only enqueues; a worker sends each message once, retries a
failing mail server with backoff and leaves a message that never went out visible in the desk."""

import socket

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from agreements import services
from agreements.models import StageEvent
from agreements.pathing import ensure_attachments
from notifications import services as notifications
from notifications.models import Notification, OutboundMail

pytestmark = pytest.mark.django_db

SUBMIT = """
from accounts import roles
from agreements import services
from agreements.models import StageEvent
from agreements.pathing import ensure_attachments
from tests.factories import AgreementFactory, OpdFactory, UserFactory
opd = OpdFactory(code="DLH", name="Dinas Lingkungan Hidup")
staff = UserFactory(username="staf_dlh", role=roles.OPD_STAFF, opd=opd)
UserFactory(username="staf_kerjasama", role=roles.KERJASAMA_STAFF)
agreement = AgreementFactory(opd_initiator=opd, created_by=staff, title="Pengelolaan sampah\\nBcc: korban@example.com")
ensure_attachments(agreement, ["kak"], staff)
services.submit(agreement, staff)
print(agreement.pk)
"""


def test_a_stage_change_with_no_worker_queues_and_a_later_worker_delivers_once(site):
    agreement_id = int(site.shell(SUBMIT).split()[-1])
    # The web side has returned: one task waits, nothing has been sent, no message is even written yet.
    assert site.query("SELECT status, task_path FROM django_tasks_database_dbtaskresult") == [
        ("READY", "notifications.tasks.notify_stage_change")
    ]
    assert site.mails() == [] and site.query("SELECT COUNT(*) FROM notifications_outboundmail") == [(0,)]

    site.worker_batch()  # a separate worker process, started later
    sent = site.mails()
    rows = site.query("SELECT status, attempts FROM notifications_outboundmail")
    assert len(sent) == len(rows) >= 3 and set(rows) == {("sent", 1)}
    desk = [m for m in sent if "staf_kerjasama@" in m]
    opd = [m for m in sent if "rina@example.go.id" in m]
    assert desk and f"https://kerjasama.example.go.id/admin/agreements/agreement/{agreement_id}/change/" in desk[0]
    assert opd and f"https://kerjasama.example.go.id/usulan/{agreement_id}/" in opd[0]
    assert "/admin/" not in opd[0]
    # The newline in the title never reaches a header: one Subject line, no injected Bcc header.
    for message in sent:
        headers = message.split("\n\n", 1)[0]
        assert "Subject: [Kerja Sama] Pengelolaan sampah Bcc: korban@example.com" in headers
        assert "\nBcc:" not in headers

    site.worker_batch()  # a second run sends nothing more
    assert len(site.mails()) == len(sent)
    assert site.query("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status != 'SUCCESSFUL'") == [(0,)]


def test_running_the_tasks_twice_sends_once(proposal, opd_a_staff, reviewer, run_worker, django_capture_on_commit_callbacks):
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(proposal, opd_a_staff)
    assert mail.outbox == [] and DBTaskResult.objects.ready().count() == 1
    event = StageEvent.objects.filter(agreement=proposal).latest("pk")
    notifications.stage_changed(proposal.pk, event.pk)  # the same task run a second time, by hand
    run_worker()
    addresses = [a for m in mail.outbox for a in m.to]
    assert len(addresses) == len(set(addresses)) == OutboundMail.objects.count()
    assert Notification.objects.filter(user=reviewer).count() == 1
    for outbound in OutboundMail.objects.all():
        assert notifications.send_outbound(outbound.pk) == "sent"
    assert len(mail.outbox) == len(addresses)


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_failing_mail_server_is_retried_then_the_message_is_kept_as_failed(
    proposal, opd_a_staff, reviewer, run_worker, settings, client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    settings.MAIL_MAX_ATTEMPTS, settings.MAIL_RETRY_BACKOFF_SECONDS = 3, 0
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(proposal, opd_a_staff)
    proposal.refresh_from_db()
    assert proposal.stage == "diajukan"  # the transition never depends on the mail server
    run_worker()
    failed = OutboundMail.objects.get(key__endswith=f":{reviewer.email}")
    assert failed.status == "failed" and failed.attempts == 3
    assert "ConnectionRefusedError" in failed.error
    assert not OutboundMail.objects.exclude(status="failed").exists()
    # Three tries of the send task per message: the first and two retries.
    assert DBTaskResult.objects.filter(task_path="notifications.tasks.send_mail").count() == 3 * OutboundMail.objects.count()

    # The desk sees it with its error and sends it again once the server is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(reviewer)
    page = client.get(reverse("admin:notifications_outboundmail_changelist") + "?status=failed")
    assert page.status_code == 200 and "ConnectionRefusedError" in page.content.decode()
    response = client.post(
        reverse("admin:notifications_outboundmail_changelist"), {"action": "send_again", "_selected_action": [failed.pk]}
    )
    assert response.status_code == 302
    run_worker()
    failed.refresh_from_db()
    assert failed.status == "sent" and [m.to for m in mail.outbox] == [[reviewer.email]]


def test_opd_staff_cannot_see_the_outgoing_mail(client, opd_a_staff):
    client.force_login(opd_a_staff)
    response = client.get(reverse("admin:notifications_outboundmail_changelist"))
    assert response.status_code in (302, 403)


@pytest.mark.immediate_tasks
def test_the_reviewers_note_is_in_the_message(proposal, opd_a_staff, reviewer, drive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drive(proposal, "diajukan")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(proposal, reviewer, note="Lengkapi peta lokasi.")
    to_opd = [m for m in mail.outbox if "rina@example.go.id" in m.to]
    assert to_opd and "Lengkapi peta lokasi." in to_opd[0].body
    assert f"/usulan/{proposal.pk}/" in to_opd[0].body and to_opd[0].body.count("http") == 1


def test_headers_are_one_line_whatever_a_title_holds():
    assert notifications.clean_header("Judul\r\nBcc: x@example.com\x00\u2028akhir") == "Judul Bcc: x@example.com akhir"
    assert notifications.clean_address("a@b.go.id\nBcc: c@d") == ""
