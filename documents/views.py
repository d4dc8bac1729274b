"""The draft of an agreement as PDF or DOCX (or the signed scan once there is one)."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import roles
from agreements.models import Agreement

from . import clauses, services
from .models import DraftRecord, LetterTemplate

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


class LetterForm(forms.Form):
    """What the user chooses before printing a letter."""

    date = forms.DateField(label=gettext_lazy("Date of the letter"), initial=datetime.date.today)
    number = forms.CharField(label=gettext_lazy("Number (typed)"), required=False, max_length=120)
    take_number = forms.BooleanField(label=gettext_lazy("Take the next number from the register"), required=False)
    agenda = forms.CharField(label=gettext_lazy("Meeting agenda"), required=False, max_length=500)
    meeting_time = forms.CharField(label=gettext_lazy("Day, date and time of the meeting"), required=False, max_length=200)
    meeting_place = forms.CharField(label=gettext_lazy("Place of the meeting"), required=False, max_length=200)
    fmt = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("pdf", "PDF"), ("docx", "DOCX")], initial="pdf")

    def clean(self):
        data = super().clean()
        if data.get("take_number") and data.get("number"):
            raise forms.ValidationError(gettext_lazy("Either type a number or take one from the register, not both."))
        return data


@login_required
def letter(request, pk, kind):
    """``documents:letter`` — a letter about an agreement, for the Bagian Kerja Sama only: GET shows
    the options, POST prints it (and takes a number from the register when asked)."""
    if not roles.is_kerjasama(request.user):
        raise Http404
    agreement = get_object_or_404(Agreement.objects.for_user(request.user).select_related("document_type"), pk=pk)
    template = LetterTemplate.objects.filter(kind=kind, is_active=True).first()
    if template is None:
        raise Http404
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {key: data[key] for key in ("date", "number", "agenda", "meeting_time", "meeting_place")}
        try:
            content, _number = services.render_letter(
                agreement, kind, data["fmt"], user=request.user, options=options, take_number=data["take_number"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except clauses.RenderLimitExceeded:
            form.add_error(None, _("The letter template produces too much text; ask the Bagian Kerja Sama to fix it."))
        else:
            response = HttpResponse(content, content_type=CONTENT_TYPES[data["fmt"]])
            name = f"Surat-{kind}-{agreement.pk}.{data['fmt']}"
            disposition = "inline" if data["fmt"] == "pdf" else "attachment"
            response["Content-Disposition"] = f'{disposition}; filename="{name}"'
            response["Cache-Control"] = "private, no-store"
            return response
    return render(request, "documents/letter_form.html", {"form": form, "agreement": agreement, "template": template})
