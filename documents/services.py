"""What the rest of kerjasama calls to get a draft.

* ``render_pdf(agreement)`` / ``render_docx(agreement)`` → bytes of the draft, and a
  :class:`~documents.models.DraftRecord` row naming the clause template version used
  (``record=False`` to skip it, ``user=`` to say who asked).
* ``signed_scan(agreement)`` → the uploaded signed scan (attachment ``naskah_ditandatangani``) of a
  signed agreement, or None.
* ``drafts_zip(queryset, user=None)`` → a ZIP of the PDF drafts (run by the ``build_drafts_zip`` task).
"""

import hashlib
import io
import re
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import context, render
from .models import ClauseTemplate, DraftRecord

SIGNED_SCAN_CODE = "naskah_ditandatangani"


class NoTemplate(Exception):
    pass


def template_for(agreement):
    """The clause template for an agreement: its document type's (kind-specific first); for a
    document type without one of its own (LoI, Lainnya) the general KSB template."""
    template = ClauseTemplate.objects.for_agreement(agreement)
    if template is None:
        template = ClauseTemplate.objects.active().filter(document_flow="ksb", kind="").first()
    if template is None:
        raise NoTemplate(agreement.document_type.flow)
    return template


def compose(agreement, paper=None):
    """(composed draft, clause template version) for an agreement."""
    template = template_for(agreement)
    version = template.current_version()
    content = dict(version.content)
    if template.document_flow != agreement.document_type.flow:
        content["title"] = agreement.document_type.name.upper()
    label = f"template:{template.pk}:v{version.number}:{version.pk}"
    draft = context.compose(context.facts(agreement), content, version_label=label, paper=paper)
    return draft, version


def _record(agreement, version, fmt, data, user):
    return DraftRecord.objects.create(
        agreement=agreement,
        template_version=version,
        format=fmt,
        is_signed=agreement.is_signed,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def render_pdf(agreement, user=None, record=True, paper=None):
    draft, version = compose(agreement, paper)
    data = render.pdf_bytes(draft)
    if record:
        _record(agreement, version, DraftRecord.Format.PDF, data, user)
    return data


def render_docx(agreement, user=None, record=True, paper=None):
    from .docx import docx_bytes

    draft, version = compose(agreement, paper)
    data = docx_bytes(draft)
    if record:
        _record(agreement, version, DraftRecord.Format.DOCX, data, user)
    return data


class NoLetterTemplate(Exception):
    pass


def letters_offered(agreement):
    """The active letter templates offered at the agreement's current stage (workflow panel)."""
    from .models import LetterTemplate

    return [t for t in LetterTemplate.objects.filter(is_active=True) if agreement.stage in t.stage_list()]


def take_letter_number(template, date):
    """The next number from the Bagian Kerja Sama's letter register (agreements/numbering.py,
    document type SURAT), with the template's classification code."""
    from agreements import numbering
    from agreements.models import DocumentType

    from .letter_defaults import LETTER_REGISTER

    register = DocumentType.objects.get(code=LETTER_REGISTER["code"])
    sequence = numbering.next_sequence(register, date.year)
    return numbering.format_number(
        sequence, date=date, document_type=register, classification=template.classification or None
    )


@transaction.atomic
def render_letter(agreement, kind, fmt, user=None, options=None, take_number=False, record=True):
    """(bytes, number) of the letter ``kind`` about ``agreement`` as "pdf" or "docx".  With
    ``take_number`` the number comes from the register — in the same transaction, so a letter that
    fails to print gives its number back; the print log records who, which letter, which template
    version and which number."""
    from . import letters
    from .models import LetterTemplate

    template = LetterTemplate.objects.filter(kind=kind, is_active=True).first()
    if template is None:
        raise NoLetterTemplate(kind)
    options = dict(options or {})
    options.setdefault("date", timezone.localdate())
    if take_number:
        options["number"] = take_letter_number(template, options["date"])
    letter = letters.compose_letter(template, context.facts(agreement), options)
    data = letters.letter_pdf(letter) if fmt == "pdf" else letters.letter_docx(letter)
    if record:
        DraftRecord.objects.create(
            agreement=agreement,
            format=DraftRecord.Format.PDF if fmt == "pdf" else DraftRecord.Format.DOCX,
            letter=kind,
            letter_version=template.version,
            number=options.get("number") or "",
            is_signed=agreement.is_signed,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    return data, options.get("number") or ""


def signed_scan(agreement):
    """The signed scan, served instead of the draft once the agreement is signed."""
    if not agreement.is_signed:
        return None
    return (
        agreement.attachments.filter(attachment_type__code=SIGNED_SCAN_CODE, is_removed=False)
        .order_by("-uploaded_at", "-id")
        .first()
    )


def filename(agreement, fmt):
    """ "Draf-KSB-123-pengelolaan-sampah-regional.pdf" (ASCII, short)."""
    prefix = "Naskah" if agreement.is_signed else "Draf"
    slug = slugify(agreement.title)[:50].strip("-") or "naskah"
    code = re.sub(r"[^A-Za-z0-9]", "", agreement.document_type.code) or "DOK"
    return f"{prefix}-{code}-{agreement.pk}-{slug}.{fmt}"


# --- bulk: a ZIP of drafts, built by a task (documents.tasks.build_drafts_zip) ------------------------


def drafts_zip(queryset, user=None, target=None, progress=None):
    """A ZIP of the PDF drafts of ``queryset`` (signed scans for signed agreements that have one).

    Runs inside a task worker (never in a web request for a large batch): each PDF is written into
    the ZIP as soon as it is laid out, so memory stays flat whatever the batch size, and
    ``progress(done, total)`` is called after each one.  Returns bytes, or writes to ``target`` (a
    binary file object) and returns it.  More workers, not processes forked here, give more speed."""
    agreements = list(queryset.select_related("document_type").order_by("pk"))
    out = target if target is not None else io.BytesIO()
    total = len(agreements)
    records = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, agreement in enumerate(agreements, start=1):
            scan = signed_scan(agreement)
            if scan is not None:
                with scan.file.open("rb") as handle:
                    archive.writestr(filename(agreement, "pdf"), handle.read())
            else:
                draft, version = compose(agreement)
                data = render.pdf_bytes(draft)
                archive.writestr(filename(agreement, "pdf"), data)
                records.append((agreement, version, hashlib.sha256(data).hexdigest(), len(data)))
            if progress is not None:
                progress(done, total)
    with transaction.atomic():
        DraftRecord.objects.bulk_create(
            [
                DraftRecord(
                    agreement=agreement,
                    template_version=version,
                    format=DraftRecord.Format.PDF,
                    is_signed=agreement.is_signed,
                    sha256=sha256,
                    size=size,
                    created_by=user if getattr(user, "is_authenticated", False) else None,
                )
                for agreement, version, sha256, size in records
            ]
        )
    if target is not None:
        return target
    return out.getvalue()
