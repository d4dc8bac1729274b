from django.urls import path

from . import admin_actions, views

app_name = "documents"

urlpatterns = [
    # /dokumen/<pk>/draf.pdf and /dokumen/<pk>/draf.docx
    path("<int:pk>/draf.<str:fmt>", views.draft, name="draft"),
    # The ZIP of drafts built in the background: progress, then the download (documents/admin_actions.py)
    path("zip/<int:pk>/", admin_actions.bundle_status, name="bundle"),
    path("zip/<int:pk>/unduh/", admin_actions.bundle_download, name="bundle_download"),
]
