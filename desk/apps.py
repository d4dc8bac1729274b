from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Bagian Kerja Sama desk")


class DeskAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with the desk's site class (Django's documented way to replace
    ``admin.site``)."""

    default = False  # "desk" in INSTALLED_APPS stays DeskConfig
    default_site = "desk.sites.DeskAdminSite"
