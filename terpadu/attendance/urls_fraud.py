"""E-Absen pages: fraud (included under /absensi/ by urls.py)."""

from django.urls import URLPattern, path

from . import views_fraud

urlpatterns: list[URLPattern] = [
    path("kejanggalan/", views_fraud.anomaly_page, name="anomalies"),
    path("kejanggalan/<int:flag_id>/tinjau/", views_fraud.anomaly_review, name="anomaly_review"),
]
