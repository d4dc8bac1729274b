from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    # /dokumen/<pk>/draf.pdf and /dokumen/<pk>/draf.docx
    path("<int:pk>/draf.<str:fmt>", views.draft, name="draft"),
]
