"""The Pasal 38 warning when a foreign agreement enters penyusunan rencana, and the reminders of
the January due date; both as in-app notifications, each once."""

import datetime

import pytest

from agreements.choices import Kind, Stage, SubKind
from notifications.models import Notification
from reporting import services
from reporting.models import ForeignAnnualReport, ReviewStatus
from tests.factories import AgreementFactory, document_type

from .conftest import set_state

pytestmark = pytest.mark.django_db


def test_entering_rencana_while_last_years_report_is_missing_notifies(world, opd_a_staff, reviewer, monkeypatch):
    monkeypatch.setattr(services.timezone, "localdate", lambda: datetime.date(2026, 2, 1))
    loi = AgreementFactory(kind=Kind.KSDPL, subkind=SubKind.KAB_KOTA_KEMBAR, document_type=document_type("MOU"),
                           opd_initiator=world.wisata.opd_initiator, title="Kota Kembar Baru")
    set_state(loi, stage=Stage.PERNYATAAN_KEHENDAK)
    # the signal handler, called as the stage engine sends it after commit
    assert services.on_stage_changed(None, agreement_id=loi.pk, event_id=None) == 0  # not yet at the rencana stage
    set_state(loi, stage=Stage.PENYUSUNAN_RENCANA)
    sent = services.on_stage_changed(None, agreement_id=loi.pk, event_id=None)
    users = set(Notification.objects.filter(agreement=loi).values_list("user__username", flat=True))
    assert {opd_a_staff.username, reviewer.username} <= users and sent == len(users)
    assert all("Pasal 38" in n.message and "2025" in n.message for n in Notification.objects.filter(agreement=loi))
    assert services.on_stage_changed(None, agreement_id=loi.pk, event_id=None) == 0  # once


def test_no_warning_when_every_report_went_upward(world, reviewer, monkeypatch):
    monkeypatch.setattr(services.timezone, "localdate", lambda: datetime.date(2026, 2, 1))
    for agreement in (world.wisata, world.bencana):
        ForeignAnnualReport.objects.create(agreement=agreement, year=2025, judul="x", status=ReviewStatus.APPROVED)
    set_state(world.planned, stage=Stage.PENYUSUNAN_RENCANA)
    assert services.on_stage_changed(None, agreement_id=world.planned.pk, event_id=None) == 0
    assert not Notification.objects.exists()


def test_the_stage_engine_signal_reaches_reporting(world):
    from agreements.signals import stage_changed

    receivers = [r[0][0] for r in stage_changed.receivers]
    assert "reporting.stage_changed" in receivers


def test_due_date_reminders_30_and_7_days_before_on_the_day_and_after(world, opd_a_staff, opd_b_staff, reviewer):
    assert services.notify_reports_due(datetime.date(2025, 12, 20)) == 0  # not a reminder day
    assert services.notify_reports_due(datetime.date(2025, 12, 8)) > 0  # 30 days before 7 January 2026
    first = Notification.objects.count()
    assert services.notify_reports_due(datetime.date(2025, 12, 8)) == 0  # idempotent
    message = Notification.objects.filter(user=opd_a_staff).first().message
    assert "Gubernur Jawa Tengah" in message and "07-01-2026" in message and world.wisata.title in message
    # OPD A is reminded of its own agreement only
    assert not Notification.objects.filter(user=opd_a_staff, agreement=world.bencana).exists()
    assert Notification.objects.filter(user=opd_b_staff, agreement=world.bencana).exists()
    services.notify_reports_due(datetime.date(2026, 1, 8))  # the day after: missing
    late = Notification.objects.filter(user=reviewer).order_by("-id").first().message
    assert "Pasal 38" in late and Notification.objects.count() > first


def test_the_daily_command_sends_report_reminders_once(world, capsys):
    from django.core.management import call_command

    call_command("send_report_reminders", "--today", "2025-12-08")
    first = capsys.readouterr().out
    call_command("send_report_reminders", "--today", "2025-12-08")
    second = capsys.readouterr().out
    assert not first.startswith("0 ") and second.startswith("0 ")  # sent once, then nothing more
