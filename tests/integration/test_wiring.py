"""Where users get their drafts and exports: the portal page, the admin change page and the admin actions."""

import io
import zipfile

import pytest
from django.urls import reverse

from agreements.choices import Stage

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_portal_page_offers_the_draft_and_it_downloads_as_pdf(client, proposal, opd_a_staff, opd_b_staff):
    page = login(client, opd_a_staff).get(reverse("proposal_detail", args=[proposal.pk]))
    pdf_url = reverse("documents:draft", args=[proposal.pk, "pdf"])
    assert pdf_url in page.content.decode() and "Cetak draf (PDF)" in page.content.decode()
    response = client.get(pdf_url)
    assert response.status_code == 200 and b"".join(response).startswith(b"%PDF")
    client.logout()
    assert login(client, opd_b_staff).get(pdf_url).status_code == 404


def test_admin_change_page_offers_pdf_and_docx(client, proposal, reviewer):
    page = login(client, reviewer).get(reverse("admin:agreements_agreement_change", args=[proposal.pk]))
    html = page.content.decode()
    assert reverse("documents:draft", args=[proposal.pk, "pdf"]) in html
    assert reverse("documents:draft", args=[proposal.pk, "docx"]) in html


def test_admin_actions_export_and_print_the_selection(client, proposal, reviewer, drive, run_worker):
    drive(proposal, Stage.DIAJUKAN)
    login(client, reviewer)
    url = reverse("admin:agreements_agreement_changelist")
    html = client.get(url).content.decode()
    assert "print_drafts_action" in html and "export_selected_xlsx" in html
    response = client.post(url, {"action": "print_drafts_action", "_selected_action": [proposal.pk]})
    assert response.status_code == 302  # the ZIP is a background job; its page links the download
    run_worker()
    response = client.get(response["Location"] + "unduh/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 1 and archive.read(archive.namelist()[0]).startswith(b"%PDF")
    response = client.post(url, {"action": "export_selected_xlsx", "_selected_action": [proposal.pk]})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert zipfile.ZipFile(io.BytesIO(body)).namelist()  # an XLSX is a ZIP container
