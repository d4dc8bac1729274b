"""Hostile uploads: files that lie about their type, names that try to escape the folder or disguise
themselves, and what the download views give back."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.choices import Stage
from agreements.demo_files import minimal_pdf
from agreements.models import Attachment, AttachmentType
from tests.desk.conftest import tool_url

pytestmark = pytest.mark.django_db

HOSTILE = {
    "svg with a script, named png": ("peta.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "html polyglot named pdf": ("kak.pdf", b"<html><script>alert(document.cookie)</script>%PDF-1.4</html>"),
    "shell script named xlsx": ("anggaran.xlsx", b"#!/bin/sh\nrm -rf /\n"),
    "javascript named jpg": ("foto.jpg", b"alert(1)//\xff\xd8"),
}


@pytest.fixture
def kak():
    return AttachmentType.objects.get(code="kak")


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_lying_file_is_refused_in_the_portal_and_the_desk(case, proposal, drive, opd_a_staff, reviewer, client_for, kak):
    name, content = HOSTILE[case]
    before = Attachment.objects.count()
    portal = client_for(opd_a_staff).post(
        reverse("attachment_upload", args=[proposal.pk]),
        {"file-TOTAL_FORMS": "1", "file-INITIAL_FORMS": "0", "file-0-attachment_type": kak.pk,
         "file-0-file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert "Jenis berkas ini tidak diterima" in portal.content.decode() or "berkas" in portal.content.decode()
    desk = client_for(reviewer).post(
        tool_url(proposal, "lampiran"),
        {"attachment_type": kak.pk, "file": SimpleUploadedFile(name, content), "expected_stage": proposal.stage},
    )
    assert desk.status_code == 200 and "Jenis berkas ini tidak diterima" in desk.content.decode()
    assert Attachment.objects.count() == before


@pytest.mark.parametrize(
    "name, shown",
    [
        ("../../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("kontrak\u202efdp.exe.pdf", "kontrakfdp.exe.pdf"),
        ("laporan\x0b\x07akhir.pdf", "laporanakhir.pdf"),  # the multipart parser already drops U+000B
    ],
)
def test_a_hostile_file_name_stays_a_name(name, shown, proposal, opd_a_staff, reviewer, client_for, kak, settings):
    response = client_for(opd_a_staff).post(
        reverse("attachment_upload", args=[proposal.pk]),
        {"file-TOTAL_FORMS": "1", "file-INITIAL_FORMS": "0", "file-0-attachment_type": kak.pk,
         "file-0-file": SimpleUploadedFile(name, minimal_pdf("isi"), content_type="application/pdf")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.filter(agreement=proposal, attachment_type=kak).latest("pk")
    assert attachment.original_name == shown
    stored = os.path.realpath(attachment.file.path)
    assert stored.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    for client, url in (
        (client_for(opd_a_staff), reverse("attachment_download", args=[proposal.pk, attachment.pk])),
        (client_for(reviewer), reverse("admin:agreements_agreement_attachment", args=[proposal.pk, attachment.pk])),
    ):
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert "/" not in download["Content-Disposition"] and "\\" not in download["Content-Disposition"]
        assert download["X-Content-Type-Options"] == "nosniff"


def test_the_admin_attachment_view_refuses_post_and_removed_files(proposal, drive, reviewer, client_for, kak):
    from agreements.pathing import attach

    drive(proposal, Stage.DIAJUKAN)
    attachment = attach(proposal, "kak", reviewer)
    url = reverse("admin:agreements_agreement_attachment", args=[proposal.pk, attachment.pk])
    client = client_for(reviewer)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    Attachment.objects.filter(pk=attachment.pk).update(is_removed=True)
    assert client.get(url).status_code == 404
