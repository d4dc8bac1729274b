"""What the rest of kerjasama calls to get a draft.

* ``render_pdf(agreement)`` / ``render_docx(agreement)`` → bytes of the draft, and a
  :class:`~documents.models.DraftRecord` row naming the clause template version used
  (``record=False`` to skip it, ``user=`` to say who asked).
* ``signed_scan(agreement)`` → the uploaded signed scan (attachment ``naskah_ditandatangani``) of a
  signed agreement, or None.
* ``drafts_zip(queryset, user=None)`` → a ZIP of the PDF drafts, rendered on every core.
"""

import hashlib
import io
import os
import re
import zipfile
from concurrent.futures import ProcessPoolExecutor

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


# --- bulk: a ZIP of drafts on every core ---------------------------------------------------------


def _render_one(item):
    """Worker: lay out one composed draft (plain data in, bytes out; no database)."""
    name, draft = item
    return name, render.pdf_bytes(draft)


def _workers(count):
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, count))


def _pool(workers):
    import multiprocessing

    # fork: workers inherit the loaded WeasyPrint, fonts and parsed CSS, so they start at once.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def drafts_zip(queryset, user=None, workers=None, target=None):
    """A ZIP of the PDF drafts of ``queryset`` (signed scans for signed agreements that have one).

    The database is read in this process; the layouts run in a process pool (one worker per core)
    and each PDF is written into the ZIP as soon as it is ready, so memory stays flat whatever the
    batch size.  Returns bytes, or writes to ``target`` (a binary file object) and returns it."""
    agreements = list(queryset.select_related("document_type").order_by("pk"))
    out = target if target is not None else io.BytesIO()
    render.engine()  # load WeasyPrint before forking so workers inherit it
    jobs, versions = [], {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for agreement in agreements:
            scan = signed_scan(agreement)
            if scan is not None:
                with scan.file.open("rb") as handle:
                    archive.writestr(filename(agreement, "pdf"), handle.read())
                continue
            draft, version = compose(agreement)
            versions[agreement.pk] = (agreement, version)
            jobs.append((filename(agreement, "pdf"), draft))
        results = {}
        count = workers or _workers(len(jobs))
        if count <= 1 or len(jobs) <= 1:
            rendered = map(_render_one, jobs)
            pool = None
        else:
            pool = _pool(count)
            rendered = pool.map(_render_one, jobs, chunksize=1)
        try:
            for name, data in rendered:
                archive.writestr(name, data)
                results[name] = (hashlib.sha256(data).hexdigest(), len(data))
        finally:
            if pool is not None:
                pool.shutdown()
    with transaction.atomic():
        DraftRecord.objects.bulk_create(
            [
                DraftRecord(
                    agreement=agreement,
                    template_version=version,
                    format=DraftRecord.Format.PDF,
                    is_signed=agreement.is_signed,
                    sha256=results[filename(agreement, "pdf")][0],
                    size=results[filename(agreement, "pdf")][1],
                    created_by=user if getattr(user, "is_authenticated", False) else None,
                )
                for agreement, version in versions.values()
            ]
        )
    if target is not None:
        return target
    return out.getvalue()
