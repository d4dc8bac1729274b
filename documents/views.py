"""The draft of an agreement as PDF or DOCX (or the signed scan once there is one)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreements.models import Agreement

from . import services
from .models import DraftRecord

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require_GET
@login_required
def draft(request, pk, fmt):
    """``documents:draft`` — the agreement's draft in ``fmt`` ("pdf" or "docx"); for a signed
    agreement with an uploaded signed scan, "pdf" serves the scan.  404 outside the user's scope."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    agreement = get_object_or_404(
        Agreement.objects.for_user(request.user).select_related("document_type", "parent__document_type"), pk=pk
    )
    if fmt == "pdf":
        scan = services.signed_scan(agreement)
        if scan is not None:
            DraftRecord.objects.create(
                agreement=agreement, format=DraftRecord.Format.SIGNED_SCAN, is_signed=True, sha256=scan.sha256,
                size=scan.size, created_by=request.user,
            )
            return FileResponse(
                scan.file.open("rb"), content_type=scan.content_type or "application/pdf",
                filename=services.filename(agreement, "pdf"), as_attachment=False,
            )
    try:
        render = services.render_pdf if fmt == "pdf" else services.render_docx
        data = render(agreement, user=request.user)
    except services.NoTemplate:
        return HttpResponse(
            _("There is no clause template for this document type yet. Ask the Bagian Kerja Sama to add one."),
            status=404, content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{services.filename(agreement, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response
