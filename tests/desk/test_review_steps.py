"""The review steps of the change page, tried by each persona: allowed, refused, missing data."""

import datetime

import pytest
from django.urls import reverse

from agreements import services
from agreements.choices import Stage
from agreements.models import Attachment, StageEvent
from agreements.pathing import ensure_attachments

from .conftest import change_url, errors, pdf, step_url

pytestmark = pytest.mark.django_db


def events(agreement, action):
    return StageEvent.objects.filter(agreement=agreement, action=action)


def test_reviewer_verifies_a_submitted_proposal(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.DIAJUKAN)
    response = client_for(reviewer).post(step_url(proposal, "verify"), {"note": "Berkas lengkap."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN
    event = events(proposal, "verify").get()
    assert event.actor == reviewer and event.note == "Berkas lengkap."


def test_reviewer_cannot_verify_what_they_submitted(proposal, reviewer, client_for):
    Attachment.objects.all()  # nothing yet
    from agreements import pathing

    pathing.ensure_attachments(proposal, ["kak"], reviewer)
    services.submit(proposal, reviewer)
    response = client_for(reviewer).post(step_url(proposal, "verify"), {"note": ""})
    assert response.status_code == 200
    assert errors(response)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN
    assert not events(proposal, "verify").exists()


@pytest.mark.parametrize("persona", ["tkksd_member", "pimpinan"])
def test_tkksd_member_and_pimpinan_cannot_verify(persona, request, proposal, drive, client_for):
    drive(proposal, Stage.DIAJUKAN)
    user = request.getfixturevalue(persona)
    client = client_for(user)
    page = client.get(change_url(proposal))
    assert page.status_code == 200
    assert step_url(proposal, "verify") not in page.content.decode()
    assert client.post(step_url(proposal, "verify"), {"note": ""}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN


def test_opd_staff_has_no_admin(proposal, opd_a_staff, client_for):
    client = client_for(opd_a_staff)
    assert client.get(change_url(proposal)).status_code == 302
    assert client.post(step_url(proposal, "submit"), {"note": ""}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PERSIAPAN


def test_change_page_offers_exactly_the_available_steps(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.DIAJUKAN)
    content = client_for(reviewer).get(change_url(proposal)).content.decode()
    offered = {a for a in ("submit", "verify", "return", "reject", "withdraw", "advance", "sign", "tkksd", "start", "terminate") if step_url(proposal, a) in content}
    assert offered == set(services.available_actions(proposal, reviewer)) == {"verify", "return", "reject", "withdraw"}


def test_return_needs_a_note(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENAWARAN)
    client = client_for(reviewer)
    response = client.post(step_url(proposal, "return"), {"note": "  "})
    assert response.status_code == 200 and response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN
    client.post(step_url(proposal, "return"), {"note": "Lengkapi surat penawaran."})
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIKEMBALIKAN and proposal.resume_stage == Stage.PENAWARAN
    assert events(proposal, "return").get().note == "Lengkapi surat penawaran."


def test_reject_needs_a_reason_and_the_record_stays(proposal, drive, reviewer, client_for, admin_user):
    drive(proposal, Stage.DIAJUKAN)
    client = client_for(reviewer)
    assert client.post(step_url(proposal, "reject"), {"reason": ""}).context["form"].errors
    client.post(step_url(proposal, "reject"), {"reason": "Objek tidak termasuk urusan daerah."})
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DITOLAK
    # not even a superuser can delete it; the page is read-only
    superuser = client_for(admin_user)
    assert superuser.get(reverse("admin:agreements_agreement_delete", args=[proposal.pk])).status_code == 403
    assert superuser.post(change_url(proposal), {"title": "Diubah"}).status_code == 403


def test_tkksd_member_records_a_recommendation_with_minutes(proposal, drive, tkksd_member, pimpinan, client_for):
    drive(proposal, Stage.PENYUSUNAN_KSB)
    url = step_url(proposal, "tkksd")
    data = {"date": datetime.date.today().isoformat(), "result": "setuju", "notes": "Layak."}
    assert client_for(pimpinan).post(url, data).status_code == 403
    client = client_for(tkksd_member)
    page = client.get(change_url(proposal)).content.decode()
    assert url in page and step_url(proposal, "advance") not in page
    missing = client.post(url, data)
    assert missing.status_code == 200 and "minutes" in missing.context["form"].errors
    assert not events(proposal, "tkksd").exists()
    # a recommendation "atas draf" needs the draft first
    response = client.post(url, {**data, "minutes": pdf("notulen.pdf")})
    assert any("draf" in m for m in errors(response)) and not events(proposal, "tkksd").exists()
    ensure_attachments(proposal, ["draft_naskah"], tkksd_member)
    response = client.post(url, {**data, "minutes": pdf("notulen.pdf")})
    assert response.status_code == 302
    event = events(proposal, "tkksd").get()
    assert event.actor == tkksd_member and event.data["result"] == "setuju"
    assert proposal.attachments.filter(attachment_type__code="notulen_tkksd", original_name="notulen.pdf").exists()


def test_advance_without_the_required_document_changes_nothing(proposal, drive, reviewer, client_for, settings):
    drive(proposal, Stage.PENAWARAN)
    client = client_for(reviewer)
    response = client.post(step_url(proposal, "advance"), {"note": ""})
    assert response.status_code == 200 and errors(response)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN
    response = client.post(step_url(proposal, "advance"), {"note": "", "file_surat_penawaran": pdf("penawaran.pdf")})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENYUSUNAN_KSB
    assert proposal.attachments.filter(attachment_type__code="surat_penawaran").count() == 1


def test_a_refused_step_leaves_no_file_behind(proposal, drive, reviewer, client_for, settings):
    drive(proposal, Stage.PENYUSUNAN_KSB)  # needs the draft AND a TKKSD recommendation
    before = Attachment.objects.count()
    response = client_for(reviewer).post(step_url(proposal, "advance"), {"file_draft_naskah": pdf("draf.pdf")})
    assert response.status_code == 200 and errors(response)
    assert Attachment.objects.count() == before
    stored = [p for p in (settings.MEDIA_ROOT / "attachments").rglob("*") if p.is_file()]
    assert len(stored) == before


def test_upload_is_checked_by_content(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENAWARAN)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("penawaran.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_for(reviewer).post(step_url(proposal, "advance"), {"file_surat_penawaran": fake})
    assert response.status_code == 200 and "file_surat_penawaran" in response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN


def test_step_not_available_at_this_stage_is_refused_with_a_message(proposal, drive, reviewer, client_for):
    drive(proposal, Stage.PENAWARAN)
    response = client_for(reviewer).post(step_url(proposal, "verify"), {"note": ""}, follow=True)
    assert errors(response)
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PENAWARAN
