"""Uploads are judged by their content: bad files get a clear message and nothing is saved."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.choices import Stage
from agreements.demo_files import minimal_pdf
from agreements.models import Agreement, Attachment, AttachmentType

from .helpers import management, proposal_data, with_files

pytestmark = pytest.mark.django_db


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


BAD_FILES = {
    "renamed executable": ("laporan.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "Jenis berkas ini tidak diterima"),
    "html file": ("kak.html", b"<!doctype html><html><script>alert(1)</script></html>", "Jenis berkas ini tidak diterima"),
    "html renamed to pdf": ("kak.pdf", b"<html><body>hi</body></html>", "Jenis berkas ini tidak diterima"),
    "pdf with a wrong extension": ("kak.docx", None, "PDF"),
    "docx renamed to pdf": ("kak.pdf", "docx", "DOCX"),
}


@pytest.fixture
def kak():
    return AttachmentType.objects.get(code="kak")


def _upload(name, content):
    if content is None:
        content = minimal_pdf("x")
    elif content == "docx":
        content = docx_bytes()
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_in_proposal_form_saves_nothing(client_a, kak, case):
    name, content, expected = BAD_FILES[case]
    data = with_files(proposal_data(), [(kak.pk, _upload(name, content))])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page, page[page.find("invalid-feedback"):][:400]
    assert not Agreement.objects.exists() and not Attachment.objects.exists()


def test_message_for_unknown_type_is_indonesian(client_a, kak):
    data = with_files(proposal_data(), [(kak.pk, _upload("setup.exe", b"MZ" + b"\x00" * 64))])
    page = client_a.post(reverse("proposal_create"), data).content.decode()
    assert "Jenis berkas ini tidak diterima" in page or "tidak diterima" in page


def test_oversize_file_is_refused(client_a, kak, settings):
    settings.UPLOAD_MAX_MB = 1
    big = minimal_pdf("x") + b"0" * (1024 * 1024 + 10)
    data = with_files(proposal_data(), [(kak.pk, SimpleUploadedFile("besar.pdf", big))])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()
    assert not Attachment.objects.exists()


def test_empty_file_is_refused(client_a, kak):
    data = with_files(proposal_data(), [(kak.pk, SimpleUploadedFile("kosong.pdf", b""))])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400
    assert "kosong" in response.content.decode()
    assert not Agreement.objects.exists() and not Attachment.objects.exists()


def test_file_without_type_is_refused(client_a):
    data = with_files(proposal_data(), [("", _upload("kak.pdf", None))])
    response = client_a.post(reverse("proposal_create"), data)
    assert response.status_code == 400 and not Attachment.objects.exists()


def test_one_bad_file_among_good_ones_saves_none(client, opd_a_staff, proposal, kak):
    client.force_login(opd_a_staff)
    data = management("file", 2)
    data.update({
        "file-0-attachment_type": kak.pk, "file-0-file": _upload("kak.pdf", None),
        "file-1-attachment_type": kak.pk, "file-1-file": _upload("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
    })
    response = client.post(reverse("attachment_upload", args=[proposal.pk]), data, follow=True)
    assert not proposal.attachments.exists()
    assert "Tidak ada berkas yang diunggah" in response.content.decode()


def test_upload_on_page_adds_files_and_never_overwrites(client, opd_a_staff, reviewer, proposal, kak, drive):
    client.force_login(opd_a_staff)
    url = reverse("attachment_upload", args=[proposal.pk])
    data = management("file", 1)
    data.update({"file-0-attachment_type": kak.pk, "file-0-file": _upload("kak.pdf", None)})
    client.post(url, data)
    first = proposal.attachments.get()
    assert first.revision_round == 0 and first.original_name == "kak.pdf"
    # The Bagian Kerja Sama returns it; the OPD uploads a revised KAK: both are kept.
    from agreements import services

    drive(proposal, Stage.DIAJUKAN)
    services.return_for_revision(proposal, reviewer, "Perbaiki KAK.")
    data["file-0-file"] = _upload("kak-revisi.pdf", None)
    client.post(url, data)
    assert sorted(proposal.attachments.values_list("original_name", "revision_round")) == [("kak-revisi.pdf", 1), ("kak.pdf", 0)]
    first.refresh_from_db()
    assert first.file.storage.exists(first.file.name)
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert "Usulan awal" in page and "Perbaikan ke-1" in page


def test_valid_docx_and_png_are_accepted(client_a, kak):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50
    other = AttachmentType.objects.get(code="profil_mitra")
    data = with_files(proposal_data(), [(kak.pk, SimpleUploadedFile("kak.docx", docx_bytes())), (other.pk, SimpleUploadedFile("logo.png", png))])
    assert client_a.post(reverse("proposal_create"), data).status_code == 302
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
    ]
    stored = Attachment.objects.first().file.name
    assert "kak" not in stored and "logo" not in stored  # non-guessable names
