"""Bulk "print selected drafts" for the agreement admin, as a background job.

The action only writes a ``DraftBundle`` (the ids the user may see) and enqueues
``documents.tasks.build_drafts_zip``; the user lands on the bundle's page, which shows the progress
and, when ready, the download link (kept for ``GENERATED_FILES_KEEP_HOURS``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agreements.models import Agreement

from . import tasks
from .models import DraftBundle

MAX_DRAFTS = 500


def print_drafts_action(modeladmin, request, queryset):
    """Queue a ZIP of the selected agreements' PDF drafts (signed scans for signed agreements that
    have one), limited to what the user may see."""
    ids = list(Agreement.objects.for_user(request.user).filter(pk__in=queryset.values("pk")).values_list("pk", flat=True))
    if not ids:
        modeladmin.message_user(request, _("None of the selected agreements can be printed."), messages.WARNING)
        return None
    if len(ids) > MAX_DRAFTS:
        modeladmin.message_user(
            request, _("Select at most %(max)d agreements to print at once.") % {"max": MAX_DRAFTS}, messages.ERROR
        )
        return None
    bundle = DraftBundle.objects.create(user=request.user, agreement_ids=sorted(ids), total=len(ids))
    tasks.build_drafts_zip.enqueue(bundle.pk)
    return HttpResponseRedirect(reverse("documents:bundle", args=[bundle.pk]))


print_drafts_action.short_description = _("Print drafts of the selected agreements (ZIP)")
print_drafts_action.allowed_permissions = ("view",)


def _own_bundle(request, pk):
    bundles = DraftBundle.objects.all() if request.user.is_superuser else DraftBundle.objects.filter(user=request.user)
    return get_object_or_404(bundles, pk=pk)


@require_GET
@login_required
def bundle_status(request, pk):
    """``documents:bundle`` — the progress of a ZIP job and, once ready, its download link."""
    bundle = _own_bundle(request, pk)
    if bundle.status == DraftBundle.Status.RUNNING and tasks.requeue_stalled(DraftBundle.objects.filter(pk=bundle.pk)):
        bundle.refresh_from_db()
    return TemplateResponse(request, "documents/draft_bundle.html", {"bundle": bundle, "title": _("ZIP of drafts")})


@require_GET
@login_required
def bundle_download(request, pk):
    """``documents:bundle_download`` — the ZIP, streamed from storage, to the user who asked."""
    bundle = _own_bundle(request, pk)
    if bundle.status != DraftBundle.Status.READY or not bundle.file:
        raise Http404
    name = bundle.file.name.rsplit("/", 1)[-1]
    return FileResponse(bundle.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip")
