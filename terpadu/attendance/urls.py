from django.urls import include, path

from . import views

app_name = "attendance"
urlpatterns = [
    path("aturan/", views.rules_page, name="rules"),
    path("pengaturan/", views.settings_page, name="settings"),
    path("pengaturan/potongan/", views.deduction_table_save, name="deduction_table_save"),
    path("pengaturan/disiplin/", views.discipline_settings_save, name="discipline_settings_save"),
    path("pengaturan/cuti/", views.leave_quota_save, name="leave_quota_save"),
    # the parts of E-Absen, each with its own pages module
    path("", include("terpadu.attendance.urls_checkins")),
    path("", include("terpadu.attendance.urls_imports")),
    path("", include("terpadu.attendance.urls_requests")),
    path("", include("terpadu.attendance.urls_fraud")),
    path("", include("terpadu.attendance.urls_recap")),
    path("", include("terpadu.attendance.urls_board")),
]
