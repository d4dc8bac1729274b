from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Opd, OpdMembership


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "head_name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "short_name"]


class OpdMembershipInline(admin.StackedInline):
    model = OpdMembership
    can_delete = False
    verbose_name_plural = _("OPD membership")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [OpdMembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "opd", "is_active", "is_staff"]
    list_select_related = ["opd_membership__opd"]
    list_filter = ["is_active", "is_staff", "groups", "opd_membership__opd"]

    @admin.display(description=_("OPD"), ordering="opd_membership__opd__name")
    def opd(self, obj):
        membership = getattr(obj, "opd_membership", None)
        return membership.opd if membership else "—"
