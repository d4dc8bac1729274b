from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Partner, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "province", "is_active"]
    list_filter = ["level", "is_active", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    ordering = ["code"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partner_type", "region", "country", "leader_name", "is_home", "is_active"]
    list_filter = ["partner_type", "is_home", "is_active", "region__province"]
    search_fields = ["name", "nib", "npwp", "leader_name", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
