from django.urls import path

from . import admin_actions, views

app_name = "documents"

urlpatterns = [
    # /dokumen/<pk>/draf.pdf and /dokumen/<pk>/draf.docx
    path("<int:pk>/draf.<str:fmt>", views.draft, name="draft"),
    # /dokumen/<pk>/surat/<kind>/ — a letter around the agreement (Bagian Kerja Sama)
    path("<int:pk>/surat/<slug:kind>/", views.letter, name="letter"),
    # The ZIP of drafts built in the background: progress, then the download (documents/admin_actions.py)
    path("zip/<int:pk>/", admin_actions.bundle_status, name="bundle"),
    path("zip/<int:pk>/unduh/", admin_actions.bundle_download, name="bundle_download"),
]
