"""Bulk "print selected drafts" for the agreement admin (the lead adds it to AgreementAdmin.actions)."""

import tempfile

from django.contrib import messages
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement

from . import services

MAX_DRAFTS = 200


def print_drafts_action(modeladmin, request, queryset):
    """A ZIP of the selected agreements' PDF drafts (signed scans for signed agreements that have
    one), limited to what the user may see."""
    scoped = Agreement.objects.for_user(request.user).filter(pk__in=queryset.values("pk"))
    count = scoped.count()
    if count == 0:
        modeladmin.message_user(request, _("None of the selected agreements can be printed."), messages.WARNING)
        return None
    if count > MAX_DRAFTS:
        modeladmin.message_user(
            request, _("Select at most %(max)d agreements to print at once.") % {"max": MAX_DRAFTS}, messages.ERROR
        )
        return None
    try:
        spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
        services.drafts_zip(scoped, user=request.user, target=spool)
    except services.NoTemplate:
        modeladmin.message_user(request, _("There is no clause template for one of the document types."), messages.ERROR)
        return None
    spool.seek(0)
    name = f"draf-kerja-sama-{timezone.localtime():%Y%m%d-%H%M}.zip"
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")


print_drafts_action.short_description = _("Print drafts of the selected agreements (ZIP)")
print_drafts_action.allowed_permissions = ("view",)
