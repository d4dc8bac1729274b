"""Storing attached files: validated by their content (not their name), size-limited, stored under
non-guessable names with their SHA-256."""

import hashlib
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

# detected kind -> (content type, extensions accepted for it)
ALLOWED = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
}


def sniff(head, data_for_zip):
    """The file's real kind from its first bytes (and, for Office files, its ZIP directory)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(data_for_zip) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def validate_upload(uploaded, max_mb=None):
    """Check an uploaded file; returns (kind, content type).  Raises ValidationError in Indonesian."""
    max_mb = max_mb or settings.UPLOAD_MAX_MB
    size = uploaded.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the maximum is %(max)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "max": max_mb},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    kind = sniff(head, uploaded)
    uploaded.seek(0)
    if kind is None:
        raise ValidationError(
            _("This file type is not accepted. Upload a PDF, DOCX, XLSX, JPG or PNG file."), code="bad_type"
        )
    extension = os.path.splitext(uploaded.name or "")[1].lower()
    content_type, extensions = ALLOWED[kind]
    if extension not in extensions:
        raise ValidationError(
            _("The file name ends in “%(ext)s” but the file is a %(kind)s; rename it or choose the right file.")
            % {"ext": extension or "—", "kind": kind.upper()},
            code="extension_mismatch",
        )
    return kind, content_type


def store_attachment(agreement, attachment_type, uploaded, user, note="", validate=True):
    """Validate and save one file as an Attachment of ``agreement``; returns the Attachment."""
    from .models import Attachment

    if isinstance(uploaded, (bytes, bytearray)):
        raise TypeError("pass a File, e.g. ContentFile(data, name='x.pdf')")
    if validate:
        _kind, content_type = validate_upload(uploaded)
    else:
        content_type = "application/octet-stream"
    uploaded.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    rounds = agreement.events.filter(action="return").count()
    attachment = Attachment(
        agreement=agreement,
        attachment_type=attachment_type,
        original_name=_display_name(uploaded.name),
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        note=note,
        revision_round=rounds,
        uploaded_by=user,
    )
    attachment.file.save("upload", uploaded, save=False)
    attachment.save()
    return attachment


def _display_name(name):
    """The uploaded file's name as shown and offered on download: no folders (of either system's
    separator), no control characters or direction overrides."""
    from .text import clean_text

    name = clean_text(os.path.basename((name or "").replace("\\", "/")), multiline=False).strip()
    return name[:255] or "berkas"


def content_file(data, name):
    return ContentFile(bytes(data), name=name)
