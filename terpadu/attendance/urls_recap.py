"""E-Absen pages: my month and the discipline report (included under /absensi/ by urls.py)."""

from django.urls import path

from . import views_recap

urlpatterns = [
    path("bulan/", views_recap.my_month, name="my_month"),
    path("disiplin/", views_recap.discipline_page, name="discipline"),
]
