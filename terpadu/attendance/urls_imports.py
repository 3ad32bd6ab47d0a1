"""E-Absen pages: machine-log imports and machine-id mappings (included under /absensi/ by urls.py)."""

from django.urls import URLPattern, path

from . import views_imports as views

urlpatterns: list[URLPattern] = [
    path("impor/", views.import_index, name="imports"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/berkas/<int:file_id>/", views.import_job, name="import_job"),
    path("impor/berkas/<int:file_id>/status/", views.import_job_status, name="import_job_status"),
    path("impor/id-mesin/", views.machine_user_page, name="machine_users"),
    path("impor/id-mesin/simpan/", views.machine_user_save, name="machine_user_save"),
    path("impor/id-mesin/unggah/", views.machine_user_upload, name="machine_user_upload"),
    path("impor/id-mesin/<int:pk>/hapus/", views.machine_user_delete, name="machine_user_delete"),
]
