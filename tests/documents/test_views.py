"""Who gets a draft: login, OPD scoping (404 outside it), formats, the signed scan, the ZIP action."""

import datetime
import io
import zipfile

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from agreements.choices import Stage
from agreements.models import Agreement, Attachment
from documents.admin_actions import print_drafts_action
from documents.models import DraftRecord
from tests.factories import AgreementFactory

from .helpers import flat, pdf_text

pytestmark = pytest.mark.django_db


def url(agreement, fmt="pdf"):
    return reverse("documents:draft", args=[agreement.pk, fmt])


def test_anonymous_visitor_is_sent_to_login(client, proposal):
    response = client.get(url(proposal))
    assert response.status_code == 302 and "/akun/" in response["Location"]


def test_opd_staff_prints_own_proposal_as_pdf_and_docx(client, proposal, opd_a_staff):
    client.force_login(opd_a_staff)
    response = client.get(url(proposal))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;") and "Draf-KSB-" in response["Content-Disposition"]
    text, marks, _ = pdf_text(response.content)
    assert proposal.title.upper() in flat(text) and marks[0] == "DRAF"
    response = client.get(url(proposal, "docx"))
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert DraftRecord.objects.filter(agreement=proposal, created_by=opd_a_staff).count() == 2


def test_staff_of_another_opd_gets_404(client, proposal, opd_b_staff):
    client.force_login(opd_b_staff)
    assert client.get(url(proposal)).status_code == 404
    assert client.get(url(proposal, "docx")).status_code == 404
    assert not DraftRecord.objects.exists()


@pytest.mark.parametrize("persona", ["reviewer", "tkksd_member", "pimpinan"])
def test_registry_roles_print_any_draft(client, proposal, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(proposal)).status_code == 200


def test_unknown_format_is_404(client, proposal, opd_a_staff):
    client.force_login(opd_a_staff)
    assert client.get(f"/dokumen/{proposal.pk}/draf.exe").status_code == 404


def test_signed_scan_is_served_in_place_of_the_draft(client, proposal, opd_a_staff, drive):
    drive(proposal, Stage.PELAKSANAAN, signing_date=datetime.date(2026, 11, 23))
    scan = Attachment.objects.get(agreement=proposal, attachment_type__code="naskah_ditandatangani")
    client.force_login(opd_a_staff)
    response = client.get(url(proposal))
    body = b"".join(response.streaming_content)
    with scan.file.open("rb") as handle:
        assert body == handle.read()
    assert DraftRecord.objects.filter(agreement=proposal, format="scan").exists()
    # the DOCX is still generated (without the watermark) for editing an adendum
    assert client.get(url(proposal, "docx")).status_code == 200


def test_removed_scan_falls_back_to_the_generated_document(client, proposal, opd_a_staff, drive):
    drive(proposal, Stage.PELAKSANAAN, signing_date=datetime.date(2026, 11, 23))
    Attachment.objects.filter(agreement=proposal, attachment_type__code="naskah_ditandatangani").update(is_removed=True)
    client.force_login(opd_a_staff)
    text, marks, _ = pdf_text(client.get(url(proposal)).content)
    assert not any(marks) and "Senin tanggal dua puluh tiga" in flat(text)


def _action_request(user):
    request = RequestFactory().post("/admin/agreements/agreement/")
    request.user = user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    return request


def test_print_drafts_action_returns_a_zip_of_the_selection(proposal, reviewer, opd_a, run_worker):
    other = AgreementFactory(opd_initiator=opd_a)
    response = print_drafts_action(site._registry[Agreement], _action_request(reviewer), Agreement.objects.filter(pk__in=[proposal.pk, other.pk]))
    assert response.status_code == 302  # queued: the ZIP is built by a task worker (tests/ops/test_drafts_zip.py)
    run_worker()
    from documents.models import DraftBundle

    bundle = DraftBundle.objects.get()
    with bundle.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = archive.namelist()
    assert len(names) == 2 and all(n.startswith("Draf-KSB-") and n.endswith(".pdf") for n in names)
    text, _, _ = pdf_text(archive.read(names[0]))
    assert "KESEPAKATAN BERSAMA" in text
    assert DraftRecord.objects.filter(created_by=reviewer).count() == 2


def test_print_drafts_action_is_scoped_to_the_user(proposal, opd_b_staff):
    response = print_drafts_action(site._registry[Agreement], _action_request(opd_b_staff), Agreement.objects.filter(pk=proposal.pk))
    assert response is None and not DraftRecord.objects.exists()
