"""Isolation: every portal URL and every attachment download, tried by each persona."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.choices import Stage
from agreements.demo_files import minimal_pdf
from agreements.models import AttachmentType
from agreements.uploads import store_attachment
from notifications.models import Notification
from tests.factories import home_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(proposal, opd_a_staff):
    upload = SimpleUploadedFile("KAK Sampah.pdf", minimal_pdf("KAK"), content_type="application/pdf")
    return store_attachment(proposal, AttachmentType.objects.get(code="kak"), upload, opd_a_staff)


def object_urls(proposal, attachment):
    return [
        reverse("proposal_detail", args=[proposal.pk]),
        reverse("proposal_edit", args=[proposal.pk]),
        reverse("attachment_download", args=[proposal.pk, attachment.pk]),
    ]


def post_urls(proposal):
    return [reverse("proposal_action", args=[proposal.pk, a]) for a in ("submit", "withdraw", "verify", "return", "reject")] + [
        reverse("proposal_create_pks", args=[proposal.pk]),
        reverse("attachment_upload", args=[proposal.pk]),
    ]


def test_anonymous_is_sent_to_login_everywhere(client, proposal, attachment):
    urls = [reverse("home"), reverse("proposal_create"), reverse("region_search") + "?q=boy", reverse("notification_list")]
    for url in urls + object_urls(proposal, attachment):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in post_urls(proposal):
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PERSIAPAN


def test_other_opd_gets_404_on_every_url_and_download(client, opd_b_staff, proposal, attachment):
    client.force_login(opd_b_staff)
    for url in object_urls(proposal, attachment):
        assert client.get(url).status_code == 404, url
    for url in post_urls(proposal):
        assert client.post(url, {"note": "x"}).status_code == 404, url
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PERSIAPAN and proposal.events.count() == 0
    page = client.get(reverse("home")).content.decode()
    assert proposal.title not in page


def test_download_needs_the_right_agreement_in_the_url(client, opd_b_staff, opd_a_staff, proposal, attachment):
    from tests.factories import AgreementFactory

    own = AgreementFactory(opd_initiator=opd_b_staff.opd_membership.opd)
    client.force_login(opd_b_staff)
    # B's own agreement id with A's attachment id: still 404.
    assert client.get(reverse("attachment_download", args=[own.pk, attachment.pk])).status_code == 404


def test_owner_opd_sees_everything_and_downloads_with_original_name(client, opd_a_staff, proposal, attachment):
    client.force_login(opd_a_staff)
    for url in object_urls(proposal, attachment)[:2]:
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("attachment_download", args=[proposal.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "KAK Sampah.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert proposal.title in client.get(reverse("home")).content.decode()


def test_executing_opd_sees_but_cannot_edit_or_submit(client, opd_b, opd_b_staff, proposal, attachment):
    proposal.executing_opds.add(opd_b)
    client.force_login(opd_b_staff)
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("attachment_download", args=[proposal.pk, attachment.pk])).status_code == 200
    assert client.get(reverse("proposal_edit", args=[proposal.pk])).status_code == 302  # back to the page
    assert client.post(reverse("proposal_action", args=[proposal.pk, "submit"])).status_code == 403
    assert client.post(reverse("attachment_upload", args=[proposal.pk])).status_code == 403
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PERSIAPAN


def test_bagian_kerja_sama_sees_every_opd(client, reviewer, proposal, attachment):
    client.force_login(reviewer)
    assert proposal.title in client.get(reverse("home")).content.decode()
    for url in object_urls(proposal, attachment):
        assert client.get(url).status_code == 200, url


def test_pimpinan_reads_but_cannot_create_or_act(client, pimpinan, proposal, attachment):
    client.force_login(pimpinan)
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("proposal_create")).status_code == 403
    assert client.post(reverse("proposal_action", args=[proposal.pk, "submit"])).status_code == 403
    assert client.post(reverse("proposal_action", args=[proposal.pk, "verify"])).status_code == 403


def test_opd_staff_cannot_review(client, opd_a_staff, proposal, drive):
    drive(proposal, Stage.DIAJUKAN)
    client.force_login(opd_a_staff)
    for action in ("verify", "return", "reject"):
        assert client.post(reverse("proposal_action", args=[proposal.pk, action]), {"note": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DIAJUKAN


def test_unknown_action_is_404(client, opd_a_staff, proposal):
    client.force_login(opd_a_staff)
    assert client.post(reverse("proposal_action", args=[proposal.pk, "sign"])).status_code == 404


def test_get_on_actions_is_refused(client, opd_a_staff, proposal):
    client.force_login(opd_a_staff)
    assert client.get(reverse("proposal_action", args=[proposal.pk, "submit"])).status_code == 405
    proposal.refresh_from_db()
    assert proposal.stage == Stage.PERSIAPAN


def test_notifications_are_private(client, opd_a_staff, opd_b_staff, proposal):
    note = Notification.objects.create(user=opd_a_staff, agreement=proposal, message="Untuk OPD A")
    client.force_login(opd_b_staff)
    assert client.get(reverse("notification_open", args=[note.pk])).status_code == 404
    assert "Untuk OPD A" not in client.get(reverse("notification_list")).content.decode()


def test_region_search_returns_matching_regions_without_home(client, opd_a_staff):
    home_partner()
    client.force_login(opd_a_staff)
    results = client.get(reverse("region_search"), {"q": "boyol"}).json()["results"]
    assert [r["code"] for r in results] == ["33.09"] and results[0]["label"] == "Kabupaten Boyolali (33.09)"
    assert client.get(reverse("region_search"), {"q": "33.1"}).json()["results"]
    assert "33.10" not in [r["code"] for r in client.get(reverse("region_search"), {"q": "Klaten"}).json()["results"]]
    assert client.get(reverse("region_search"), {"q": "b"}).json()["results"] == []


def test_withdrawn_proposal_cannot_be_edited(client, opd_a_staff, proposal):
    services.withdraw(proposal, opd_a_staff)
    client.force_login(opd_a_staff)
    assert client.get(reverse("proposal_edit", args=[proposal.pk])).status_code == 302
