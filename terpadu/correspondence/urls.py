from django.urls import path

from . import views

app_name = "correspondence"
urlpatterns = [
    path("klasifikasi/", views.classification_list, name="classification_list"),
    path("klasifikasi/ekspor/", views.classification_export, name="classification_export"),
    path("klasifikasi/impor/", views.classification_import, name="classification_import"),
    path("klasifikasi/impor/<int:pk>/", views.classification_import_preview, name="classification_import_preview"),
    *views.urlpatterns,
]
