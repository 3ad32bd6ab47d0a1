"""E-Absen pages: requests and shifts (included under /absensi/ by urls.py)."""

from django.urls import URLPattern, path

from . import views_requests as views
from . import views_shifts as shift_views

urlpatterns: list[URLPattern] = [
    path("pengajuan/", views.requests_mine, name="requests_mine"),
    path("pengajuan/izin/", views.excuse_submit, name="excuse_submit"),
    path("pengajuan/izin/<int:pk>/batal/", views.excuse_cancel, name="excuse_cancel"),
    path("pengajuan/koreksi/", views.correction_submit, name="correction_submit"),
    path("pengajuan/koreksi/<int:pk>/batal/", views.correction_cancel, name="correction_cancel"),
    path("persetujuan/", views.approvals, name="approvals"),
    path("persetujuan/izin/<int:pk>/<str:action>/", views.excuse_decide, name="excuse_decide"),
    path("persetujuan/koreksi/<int:pk>/<str:action>/", views.correction_decide, name="correction_decide"),
    path("sif/", shift_views.shift_list, name="shifts"),
    path("sif/baru/", shift_views.shift_create, name="shift_create"),
    path("sif/<int:pk>/ubah/", shift_views.shift_edit, name="shift_edit"),
    path("sif/<int:pk>/aktif/", shift_views.shift_toggle, name="shift_toggle"),
    path("sif/jadwal/", shift_views.assignment_create, name="assignment_create"),
    path("sif/jadwal/<int:pk>/hapus/", shift_views.assignment_delete, name="assignment_delete"),
]
