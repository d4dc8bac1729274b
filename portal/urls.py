"""OPD portal URLs (portal/views.py).  Addresses are Indonesian, like the pages."""

from django.urls import path

from . import views as portal

urlpatterns = [
    path("", portal.home, name="home"),
    path("usulan/baru/", portal.proposal_create, name="proposal_create"),
    path("usulan/<int:pk>/", portal.proposal_detail, name="proposal_detail"),
    path("usulan/<int:pk>/ubah/", portal.proposal_edit, name="proposal_edit"),
    path("usulan/<int:pk>/aksi/<slug:action>/", portal.proposal_action, name="proposal_action"),
    path("usulan/<int:pk>/pks-baru/", portal.proposal_create_pks, name="proposal_create_pks"),
    path("usulan/<int:pk>/lampiran/unggah/", portal.attachment_upload, name="attachment_upload"),
    path("usulan/<int:pk>/lampiran/<int:attachment_pk>/", portal.attachment_download, name="attachment_download"),
    path("wilayah/cari/", portal.region_search, name="region_search"),
    path("notifikasi/", portal.notification_list, name="notification_list"),
    path("notifikasi/<int:notification_pk>/", portal.notification_open, name="notification_open"),
]
