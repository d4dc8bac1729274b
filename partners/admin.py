from django.contrib import admin
from import_export.admin import ImportExportMixin
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
class PartnerAdmin(ImportExportMixin, SimpleHistoryAdmin):
    list_display = ["name", "partner_type", "region", "country", "leader_name", "is_home", "is_active"]
    list_filter = ["partner_type", "is_home", "is_active", "region__province"]
    search_fields = ["name", "nib", "npwp", "leader_name", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]

    def get_import_resource_classes(self, request):
        from agreements.resources import PartnerResource

        return [PartnerResource]

    def get_export_resource_classes(self, request):
        return self.get_import_resource_classes(request)

    def get_import_formats(self):
        from import_export.formats.base_formats import CSV, XLSX

        return [XLSX, CSV]

    def get_export_formats(self):
        return self.get_import_formats()
