from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kerjasama.health import health

admin.site.site_header = _("Kerja Sama Daerah — Bagian Kerja Sama")
admin.site.site_title = _("Kerja Sama Daerah")
admin.site.index_title = _("Cooperation registry administration")

urlpatterns = [
    path("kesehatan/", health, name="health"),  # health check (kerjasama/health.py)
    path("akun/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("dokumen/", include("documents.urls")),
    path("laporan/", include("reporting.urls")),
    # OPD portal: home (Usulan Saya), proposal form and page, attachments (portal/views.py)
    path("", include("portal.urls")),
    # Registry, dashboard, public transparency page, tracking link (registry/views.py)
    path("", include("registry.urls")),
]
