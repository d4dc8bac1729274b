"""The proposal page: submit, return for revision with the note shown beside the form, resubmit,
verify, reject, withdraw, PKS under a signed KSB — all through the services."""

import pytest
from django.core import mail
from django.urls import reverse

from agreements import services
from agreements.choices import Stage
from agreements.models import Agreement
from agreements.pathing import ensure_attachments
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _post(client, agreement, action, note=""):
    return client.post(reverse("proposal_action", args=[agreement.pk, action]), {"note": note}, follow=True)


@pytest.mark.immediate_tasks  # the mails are sent by tasks; run them in place
def test_full_round_of_revision(client, opd_a_staff, reviewer, proposal, django_capture_on_commit_callbacks):
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    client.force_login(opd_a_staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = _post(client, proposal, "submit").content.decode()
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN and "Usulan telah diajukan" in page
    assert any(reviewer.email in m.to for m in mail.outbox)
    assert Notification.objects.filter(user=reviewer, agreement=proposal).exists()

    client.force_login(reviewer)
    assert "Diajukan, menunggu verifikasi Anda" in client.get(reverse("home")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, proposal, "return", "")  # a note is required
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, proposal, "return", "Lengkapi ruang lingkup dan lampirkan peta lokasi.")
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIKEMBALIKAN
    assert {"rina@example.go.id", "dwi@example.go.id", opd_a_staff.email} <= {a for m in mail.outbox for a in m.to}
    assert any("Lengkapi ruang lingkup" in m.body for m in mail.outbox)

    client.force_login(opd_a_staff)
    home = client.get(reverse("home")).content.decode()
    assert "Dikembalikan untuk perbaikan" in home and "Lengkapi ruang lingkup" in home
    assert 'data-testid="unread-count"' in home
    form = client.get(reverse("proposal_edit", args=[proposal.pk])).content.decode()
    assert 'data-testid="reviewer-note"' in form and "lampirkan peta lokasi" in form
    page = _post(client, proposal, "submit").content.decode()
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN
    timeline = page[page.find('data-testid="timeline"'):]
    assert timeline.count("Lengkapi ruang lingkup") == 1
    assert list(proposal.events.values_list("action", flat=True)) == ["submit", "return", "submit"]

    client.force_login(reviewer)
    _post(client, proposal, "verify", "Lengkap.")
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN


def test_reject_needs_a_reason(client, reviewer, proposal, drive):
    drive(proposal, Stage.DIAJUKAN)
    client.force_login(reviewer)
    _post(client, proposal, "reject", "")
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN
    _post(client, proposal, "reject", "Objek bukan kewenangan daerah.")
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DITOLAK
    assert proposal.events.last().note == "Objek bukan kewenangan daerah."


def test_opd_withdraws_its_proposal(client, opd_a_staff, proposal):
    client.force_login(opd_a_staff)
    page = _post(client, proposal, "withdraw", "Tidak jadi.").content.decode()
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DITARIK and "Usulan telah ditarik" in page


def test_submit_from_page_lists_missing_items(client, opd_a_staff, proposal):
    client.force_login(opd_a_staff)  # no KAK attached yet
    page = _post(client, proposal, "submit").content.decode()
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PERSIAPAN
    assert 'data-testid="submit-errors"' in page and "Lampiran belum ada: Kerangka Acuan Kerja (KAK)" in page


def test_propose_pks_under_signed_ksb(client, opd_a_staff, proposal, drive):
    drive(proposal, Stage.PELAKSANAAN)
    client.force_login(opd_a_staff)
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert "Ajukan PKS" in page
    response = client.post(reverse("proposal_create_pks", args=[proposal.pk]))
    child = Agreement.objects.get(parent=proposal)
    assert response.url == reverse("proposal_edit", args=[child.pk])
    assert child.document_type.code == "PKS" and child.stage == Stage.PERSIAPAN
    assert child.parties.count() == proposal.parties.count()
    form = client.get(response.url).content.decode()
    assert 'name="kind"' in form and "disabled" in form  # kind and type stay those of the family


def test_no_pks_button_on_unsigned_ksb(client, opd_a_staff, proposal):
    client.force_login(opd_a_staff)
    assert "Ajukan PKS" not in client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    client.post(reverse("proposal_create_pks", args=[proposal.pk]))
    assert not Agreement.objects.filter(parent=proposal).exists()


def test_home_shows_expiring_agreements(client, opd_a_staff, proposal, drive):
    import datetime

    today = datetime.date.today()
    proposal.start_date = today - datetime.timedelta(days=300)
    proposal.end_date = today + datetime.timedelta(days=40)
    proposal.save()
    drive(proposal, Stage.AKAN_BERAKHIR)
    client.force_login(opd_a_staff)
    page = client.get(reverse("home")).content.decode()
    assert "Berakhir dalam" in page and proposal.title in page


def test_home_query_count_does_not_grow(client, opd_a_staff, opd_a, django_assert_max_num_queries):
    from tests.factories import AgreementFactory

    for _ in range(3):
        AgreementFactory(opd_initiator=opd_a)
    client.force_login(opd_a_staff)
    client.get(reverse("home"))
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("home"))
    for _ in range(10):
        AgreementFactory(opd_initiator=opd_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_notification_list_and_mark_read(client, opd_a_staff, proposal):
    Notification.objects.create(user=opd_a_staff, agreement=proposal, message="Usulan dikembalikan")
    client.force_login(opd_a_staff)
    page = client.get(reverse("notification_list")).content.decode()
    assert "Usulan dikembalikan" in page
    client.post(reverse("notification_list"))
    assert not Notification.objects.filter(user=opd_a_staff, read_at__isnull=True).exists()


def test_stage_change_is_recorded_by_services_only(proposal, opd_a_staff):
    ensure_attachments(proposal, ["kak"], opd_a_staff)
    services.submit(proposal, opd_a_staff)
    assert proposal.events.get().actor == opd_a_staff
