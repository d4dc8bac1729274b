"""Outgoing e-mail in the desk: what was sent, what is waiting, what failed (with its error), and
a "send again" action for failed messages."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import roles

from . import services
from .models import OutboundMail


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipients", "status", "attempts", "created_at", "sent_at", "short_error")
    list_filter = ("status",)
    search_fields = ("subject", "key")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundMail._meta.fields]
    actions = ["send_again"]

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.error[:120]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        # The Bagian Kerja Sama's desk; OPD staff never see other people's mail.
        return roles.is_kerjasama(request.user) or request.user.has_perm("notifications.view_outboundmail")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Send the selected messages again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = services.resend(queryset)
        self.message_user(
            request,
            ngettext("%(n)d message was queued again.", "%(n)d messages were queued again.", count) % {"n": count},
            messages.SUCCESS,
        )
