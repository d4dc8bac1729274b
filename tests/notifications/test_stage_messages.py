"""A stage change's notification says what happened and what to do, with the reviewer's note, and
names the stage once (it used to read "Dikembalikan untuk perbaikan — sekarang “Dikembalikan untuk
perbaikan”")."""

import pytest
from django.core import mail
from django.utils import translation

from agreements import services
from agreements.choices import Stage
from notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.immediate_tasks]
OPD_MAIL = "rina@example.go.id"


def stage_label(stage):
    with translation.override("id"):
        return str(Stage(stage).label)


def notification_for(user, agreement):
    return Notification.objects.filter(user=user, agreement=agreement).latest("pk").message


def mail_to(address):
    return [m for m in mail.outbox if address in m.to][-1]


def assert_stage_named_once(text, stage):
    label = stage_label(stage)
    assert text.lower().count(label.lower()) <= 1, text
    first_word = label.split()[0].strip(",").lower()
    assert text.lower().count(first_word) == 1, text


def test_a_return_says_what_happened_what_to_do_and_the_note_naming_the_stage_once(
    proposal, opd_a_staff, reviewer, drive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        drive(proposal, Stage.DIAJUKAN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(proposal, reviewer, note="Lengkapi peta lokasi.")

    in_app = notification_for(opd_a_staff, proposal)
    assert in_app == f"“{proposal.title}” dikembalikan untuk perbaikan."
    assert_stage_named_once(in_app, Stage.DIKEMBALIKAN)

    body = mail_to(OPD_MAIL).body
    message = body.split("\n\nBuka usulan:")[0]
    assert_stage_named_once(message, Stage.DIKEMBALIKAN)
    assert "Perbaiki usulan sesuai catatan, lalu ajukan kembali." in message
    assert "Catatan dari" in message and "Lengkapi peta lokasi." in message


def test_submission_tells_the_desk_to_verify_and_the_opd_to_wait(
    proposal, opd_a_staff, reviewer, drive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        drive(proposal, Stage.DIAJUKAN)
    for_desk = notification_for(reviewer, proposal)
    assert_stage_named_once(for_desk, Stage.DIAJUKAN)
    assert "menunggu verifikasi" in for_desk
    assert "Verifikasi usulan ini atau kembalikan kepada OPD dengan catatan." in mail_to(reviewer.email).body
    assert "Belum ada yang perlu dilakukan" in mail_to(OPD_MAIL).body


def test_verification_names_the_new_stage_once(proposal, opd_a_staff, reviewer, drive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drive(proposal, Stage.DIAJUKAN)
        services.verify(proposal, reviewer)
    proposal.refresh_from_db()
    in_app = notification_for(opd_a_staff, proposal)
    label = stage_label(proposal.stage)
    assert in_app.count(f"“{label}”") == 1 and "diverifikasi" in in_app
    assert in_app.lower().count(label.lower()) == 1


def test_every_action_names_the_stage_it_leads_to_at_most_once():
    """Each action's own words against the stage it leads to, in Indonesian."""
    from agreements.models import Agreement, StageEvent
    from notifications.services import HAPPENED, stage_message

    leads_to = {
        "submit": Stage.DIAJUKAN, "verify": Stage.PENAWARAN, "return": Stage.DIKEMBALIKAN, "reject": Stage.DITOLAK,
        "withdraw": Stage.DITARIK, "advance": Stage.PENYUSUNAN_KSB, "tkksd": Stage.PENYUSUNAN_KSB,
        "sign": Stage.DITANDATANGANI, "start": Stage.PELAKSANAAN, "expiring": Stage.AKAN_BERAKHIR,
        "expire": Stage.BERAKHIR, "terminate": Stage.DIAKHIRI, "import": Stage.PELAKSANAAN,
    }
    assert set(HAPPENED) < set(leads_to)
    with translation.override("id"):
        for action, stage in leads_to.items():
            agreement = Agreement(title="Pengelolaan Sampah", stage=stage)
            text = stage_message(agreement, StageEvent(action=action, to_stage=stage))
            assert text.lower().count(stage_label(stage).lower()) <= 1, text
            assert text.lower().count(stage_label(stage).split()[0].strip(",").lower()) <= 1, text
