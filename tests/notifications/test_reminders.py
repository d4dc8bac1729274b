"""send_reminders: date-driven stage flips, expiry reminders once per lead time, stale proposals."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from agreements.choices import Stage
from agreements.models import Agreement, StageEvent
from notifications.models import Notification, ReminderLog
from notifications.reminders import due_lead
from tests.factories import AgreementFactory

# The reminders are queued as mail tasks; these tests run the tasks in place unless they say otherwise.
pytestmark = [pytest.mark.django_db, pytest.mark.immediate_tasks]


def in_force(opd, end, start=None, stage=Stage.PELAKSANAAN, title="Pengelolaan Sampah Regional"):
    agreement = AgreementFactory(opd_initiator=opd, title=title)
    Agreement.objects.filter(pk=agreement.pk).update(
        stage=stage, start_date=start or end - datetime.timedelta(days=1000), end_date=end, signing_date=start or end - datetime.timedelta(days=1000)
    )
    agreement.refresh_from_db()
    return agreement


def run(today, *args):
    call_command("send_reminders", "--today", today.isoformat(), *args, verbosity=0)


@pytest.mark.parametrize("days_left, lead", [(200, None), (180, 180), (100, 180), (90, 90), (31, 90), (8, 30), (7, 7), (1, 7), (0, 0)])
def test_due_lead_is_the_smallest_lead_not_shorter_than_days_left(days_left, lead):
    assert due_lead(days_left, [0, 7, 30, 90, 180]) == lead


def test_reminders_sent_once_per_lead_time_across_two_runs(opd_a, opd_a_staff, reviewer, settings):
    settings.BAGIAN_KERJA_SAMA_EMAIL = ["kerjasama@klatenkab.go.id"]
    today = datetime.date(2026, 1, 1)
    agreement = in_force(opd_a, today + datetime.timedelta(days=30))
    run(today)
    run(today)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "30 hari" in message.subject or "30 days" in message.subject
    assert {"rina@example.go.id", "dwi@example.go.id", opd_a_staff.email, reviewer.email, "kerjasama@klatenkab.go.id"} <= set(message.to)
    assert ReminderLog.objects.filter(agreement=agreement, lead_days=30).count() == 1
    assert Notification.objects.filter(user=opd_a_staff, agreement=agreement).exists()
    # the next lead time is a new reminder, again only once
    run(today + datetime.timedelta(days=23))
    run(today + datetime.timedelta(days=24))
    assert len(mail.outbox) == 2
    assert list(ReminderLog.objects.filter(agreement=agreement).order_by("-lead_days").values_list("lead_days", flat=True)) == [30, 7]


def test_extended_end_date_gets_its_own_reminders(opd_a, opd_a_staff):
    today = datetime.date(2026, 1, 1)
    agreement = in_force(opd_a, today + datetime.timedelta(days=7))
    run(today)
    Agreement.objects.filter(pk=agreement.pk).update(end_date=today + datetime.timedelta(days=6))
    run(today)
    assert len(mail.outbox) == 2


def test_dry_run_sends_and_changes_nothing(opd_a, opd_a_staff, capsys):
    today = datetime.date(2026, 1, 1)
    agreement = in_force(opd_a, today + datetime.timedelta(days=5))
    expired = in_force(opd_a, today - datetime.timedelta(days=1), title="Sudah Lewat")
    call_command("send_reminders", "--today", today.isoformat(), "--dry-run", verbosity=2)
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    expired.refresh_from_db()
    assert expired.stage == Stage.PELAKSANAAN
    out = capsys.readouterr().out
    assert f"#{agreement.pk}" in out and "H-7" in out


def test_date_driven_states_flip_with_stage_events(opd_a, opd_a_staff):
    today = datetime.date(2026, 6, 1)
    starting = in_force(opd_a, today + datetime.timedelta(days=700), start=today, stage=Stage.DITANDATANGANI, title="Mulai Hari Ini")
    ending = in_force(opd_a, today + datetime.timedelta(days=60), title="Akan Berakhir")
    expired = in_force(opd_a, today - datetime.timedelta(days=1), stage=Stage.AKAN_BERAKHIR, title="Sudah Berakhir")
    untouched = in_force(opd_a, today + datetime.timedelta(days=500), title="Masih Lama")
    run(today)
    run(today)
    for agreement, stage in ((starting, Stage.PELAKSANAAN), (ending, Stage.AKAN_BERAKHIR), (expired, Stage.BERAKHIR),
                             (untouched, Stage.PELAKSANAAN)):
        agreement.refresh_from_db()
        assert agreement.stage == stage, agreement.title
    assert list(StageEvent.objects.filter(agreement=expired).values_list("to_stage", flat=True)) == [Stage.BERAKHIR]
    assert list(StageEvent.objects.filter(agreement=ending).values_list("to_stage", flat=True)) == [Stage.AKAN_BERAKHIR]
    assert not StageEvent.objects.filter(agreement=untouched).exists()


def test_expired_agreement_gets_no_reminder(opd_a, opd_a_staff):
    today = datetime.date(2026, 6, 1)
    in_force(opd_a, today - datetime.timedelta(days=3))
    run(today)
    assert mail.outbox == []


def test_stale_proposals_are_reported(opd_a, capsys, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "STALE_STAGE_DAYS": 30}
    today = timezone.localdate()
    stuck = AgreementFactory(opd_initiator=opd_a, title="Tertahan Lama")
    fresh = AgreementFactory(opd_initiator=opd_a, title="Baru Saja")
    Agreement.objects.filter(pk=stuck.pk).update(stage=Stage.PENYUSUNAN_KSB, stage_changed_at=timezone.now() - datetime.timedelta(days=40))
    Agreement.objects.filter(pk=fresh.pk).update(stage=Stage.PENYUSUNAN_KSB)
    call_command("send_reminders", "--today", today.isoformat(), verbosity=1)
    out = capsys.readouterr().out
    assert "Tertahan Lama" in out and "Baru Saja" not in out and "40 hari" in out


def test_bad_today_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "kemarin")


def test_send_reminders_only_enqueues_and_the_worker_sends_once(opd_a, opd_a_staff, settings, run_worker):
    from django_tasks_db.models import DBTaskResult

    from notifications.models import OutboundMail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    today = datetime.date(2026, 1, 1)
    agreement = in_force(opd_a, today + datetime.timedelta(days=7))
    run(today)
    assert mail.outbox == [] and DBTaskResult.objects.ready().count() == 1
    assert OutboundMail.objects.get().status == "queued"
    run(today)  # a second daily run queues nothing new
    assert DBTaskResult.objects.ready().count() == 1
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1 and f"/usulan/{agreement.pk}/" in mail.outbox[0].body
    assert OutboundMail.objects.get().status == "sent"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_reminder_once(opd_a, opd_a_staff):
    today = datetime.date(2026, 1, 1)
    for index in range(15):
        in_force(opd_a, today + datetime.timedelta(days=index % 8), title=f"Kerja Sama {index}")
    errors = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            run(today)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReminderLog.objects.count() == 15
    subjects = [m.subject for m in mail.outbox]
    reminders = [s for s in subjects if "berakhir hari ini" in s or "berakhir dalam" in s or "ends" in s]
    assert len(reminders) == 15, subjects
    assert StageEvent.objects.filter(to_stage=Stage.AKAN_BERAKHIR).count() == 15
