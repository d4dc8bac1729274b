"""The admin site of the desk: Django's, with the list of apps built only when a page shows it.

``each_context`` puts ``available_apps`` (every registered model, with its permission checks and
two URL reversals each) in the context of every admin page, for the navigation sidebar and the
index.  The register hides the sidebar (its columns take the width at 1366 px), so the list is
now a lazy object: built on first use, by the templates that show it."""

from django.contrib import admin
from django.utils.functional import SimpleLazyObject


class DeskAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        if app_label is not None:  # an app's own index: it 404s on an empty list
            return super().get_app_list(request, app_label)
        return SimpleLazyObject(lambda: admin.AdminSite.get_app_list(self, request))
