"""Reporting URLs (reporting/views.py), mounted under /laporan/.  Addresses are Indonesian."""

from django.urls import path, re_path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("pemetaan/", views.mapping_list, name="mapping_list"),
    path("pemetaan/baru/", views.mapping_create, name="mapping_create"),
    path("pemetaan/<int:pk>/ubah/", views.mapping_edit, name="mapping_edit"),
    re_path(r"^pemetaan/unduh\.(?P<fmt>pdf|xlsx)$", views.mapping_export, name="mapping_export"),
    path("monev/<int:pk>/", views.monev_file, name="monev_file"),
    path("perencanaan/<int:pk>/", views.planning_link, name="planning_link"),
    path("luar-negeri/", views.foreign_list, name="foreign_list"),
    path("luar-negeri/<int:pk>/<int:year>/", views.foreign_edit, name="foreign_edit"),
    re_path(r"^luar-negeri/(?P<year>20[0-9]{2})\.(?P<fmt>pdf|docx)$", views.foreign_export, name="foreign_export"),
    path("rekap/", views.recap, name="recap"),
    re_path(r"^rekap\.(?P<fmt>pdf|xlsx)$", views.recap_export, name="recap_export"),
    path("buku-register/", views.register, name="register"),
    re_path(r"^buku-register\.(?P<fmt>pdf)$", views.register_export, name="register_export"),
    path("ringkasan/", views.summary, name="summary"),
    re_path(r"^ringkasan\.(?P<fmt>pdf)$", views.summary_export, name="summary_export"),
    path("berkas/<int:pk>/", views.job, name="job"),
    path("berkas/<int:pk>/unduh/", views.job_download, name="job_download"),
    path("berkas/<int:pk>/buat-ulang/", views.job_again, name="job_again"),
]
