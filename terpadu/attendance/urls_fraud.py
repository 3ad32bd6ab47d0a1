"""E-Absen pages: fraud (included under /absensi/ by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
