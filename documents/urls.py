from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    # /dokumen/<pk>/draf.pdf and /dokumen/<pk>/draf.docx
    path("<int:pk>/draf.<str:fmt>", views.draft, name="draft"),
    # /dokumen/<pk>/surat/<kind>/ — a letter around the agreement (Bagian Kerja Sama)
    path("<int:pk>/surat/<slug:kind>/", views.letter, name="letter"),
]
