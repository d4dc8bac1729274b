"""Registry list, agreement detail, dashboard, public transparency page and tracking link."""

from django.urls import path

from . import views as registry

urlpatterns = [
    path("registri/", registry.registry_list, name="registry_list"),
    path("registri/ekspor/<str:fmt>/", registry.registry_export, name="registry_export"),
    path("registri/<int:pk>/", registry.agreement_detail, name="registry_detail"),
    path("dasbor/", registry.dashboard, name="dashboard"),
    path("publik/", registry.public_list, name="public_list"),
    path("publik/unduh.<str:fmt>", registry.public_download, name="public_download"),
    path("publik/<int:pk>/", registry.public_detail, name="public_detail"),
    path("lacak/<uuid:token>/", registry.tracking, name="tracking"),
]
