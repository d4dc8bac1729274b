"""Defect 1: a step form or portal action carries the stage it was made for; a double click, a
resubmitted page or a second reviewer cannot move the agreement a second stage."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from agreements import services
from agreements.choices import Kind, Stage
from agreements.models import StageEvent
from agreements.pathing import ensure_attachments
from tests.desk.conftest import pdf, step_url
from tests.factories import AgreementFactory, document_type

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
MOVED = "sudah berpindah dari tahap"


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def pks_at_dprd(opd_a, drive, reviewer):
    """A sectoral agreement at the DPRD's approval whose next stage (drafting the PKS) has no decision and
    already has its draft: a second "complete the stage" would pass straight through it."""
    agreement = AgreementFactory(
        kind=Kind.LAINNYA, subkind="", document_type=document_type("KONTRAK"), opd_initiator=opd_a,
        regime_reference="PP 27/2014 jo. PP 28/2020", dprd_required_override=True,
        dprd_override_reason="Membebani masyarakat.",
    )
    drive(agreement, Stage.PERSETUJUAN_DPRD)
    ensure_attachments(agreement, ["draft_naskah"], reviewer)
    return agreement


def dprd_form(stage):
    return {
        "expected_stage": stage,
        "result": "disetujui",
        "letter_number": "170/45/DPRD/2026",
        "letter_date": TODAY.isoformat(),
        "file_persetujuan_dprd": pdf("dprd.pdf"),
        "note": "",
    }


def test_the_step_form_carries_the_stage_it_was_made_for(pks_at_dprd, reviewer, client_for):
    page = client_for(reviewer).get(step_url(pks_at_dprd, "advance")).content.decode()
    assert 'type="hidden" name="expected_stage" value="persetujuan_dprd"' in page


def test_a_resubmitted_dprd_form_does_not_skip_drafting_the_pks(pks_at_dprd, reviewer, client_for):
    client = client_for(reviewer)
    url = step_url(pks_at_dprd, "advance")
    assert client.post(url, dprd_form(Stage.PERSETUJUAN_DPRD)).status_code == 302
    pks_at_dprd.refresh_from_db()
    assert pks_at_dprd.stage == Stage.PENYUSUNAN_PKS
    attachments = pks_at_dprd.attachments.count()
    # the browser sends the same form again (double click, back + resubmit)
    response = client.post(url, dprd_form(Stage.PERSETUJUAN_DPRD))
    assert response.status_code == 200
    assert any(MOVED in text for text in texts(response))
    pks_at_dprd.refresh_from_db()
    assert pks_at_dprd.stage == Stage.PENYUSUNAN_PKS
    assert StageEvent.objects.filter(agreement=pks_at_dprd, action="advance", data__decision="dprd").count() == 1
    assert StageEvent.objects.filter(agreement=pks_at_dprd, from_stage=Stage.PENYUSUNAN_PKS).count() == 0
    assert pks_at_dprd.attachments.count() == attachments  # the second file was not kept either


def test_without_the_stage_the_same_post_would_skip_a_stage(pks_at_dprd, reviewer, client_for):
    """The control: the defect the guard closes is real on this path (a client that omits the stage is
    not protected, as before; every form of the site sends it)."""
    client = client_for(reviewer)
    url = step_url(pks_at_dprd, "advance")
    form = {k: v for k, v in dprd_form(Stage.PERSETUJUAN_DPRD).items() if k != "expected_stage"}
    client.post(url, form)
    client.post(url, {**form, "file_persetujuan_dprd": pdf("dprd.pdf")})
    pks_at_dprd.refresh_from_db()
    assert pks_at_dprd.stage == Stage.PENANDATANGANAN_PKS


def test_every_verb_refuses_a_stale_stage_and_changes_nothing(proposal, drive, reviewer, opd_a_staff):
    drive(proposal, Stage.DIAJUKAN)
    before = StageEvent.objects.filter(agreement=proposal).count()
    calls = [
        lambda: services.verify(proposal, reviewer, expected_stage=Stage.PERSIAPAN),
        lambda: services.reject(proposal, reviewer, "x", expected_stage=Stage.PENAWARAN),
        lambda: services.return_for_revision(proposal, reviewer, "x", expected_stage=Stage.PERSIAPAN),
        lambda: services.withdraw(proposal, opd_a_staff, expected_stage=Stage.PERSIAPAN),
    ]
    for call in calls:
        with pytest.raises(services.TransitionError) as error:
            call()
        assert MOVED in error.value.messages[0] and "Diajukan" in error.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN
    assert StageEvent.objects.filter(agreement=proposal).count() == before
    # the right stage passes
    services.verify(proposal, reviewer, expected_stage=Stage.DIAJUKAN)
    assert proposal.stage == Stage.PENAWARAN


def test_a_double_posted_portal_verify_is_refused_with_a_message(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.DIAJUKAN)
    client = client_for(reviewer)
    detail = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert 'name="expected_stage" value="diajukan"' in detail
    url = reverse("proposal_action", args=[proposal.pk, "verify"])
    assert client.post(url, {"expected_stage": Stage.DIAJUKAN}).status_code == 302
    response = client.post(url, {"expected_stage": Stage.DIAJUKAN})
    assert response.status_code == 302  # a message, not a 403, for a double click
    assert any(MOVED in text for text in texts(response))
    assert StageEvent.objects.filter(agreement=proposal, action="verify").count() == 1
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN


def test_a_portal_return_made_for_an_older_stage_is_refused(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENAWARAN)
    response = client_for(reviewer).post(
        reverse("proposal_action", args=[proposal.pk, "return"]), {"expected_stage": Stage.DIAJUKAN, "note": "revisi"}
    )
    assert any(MOVED in text for text in texts(response))
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN
