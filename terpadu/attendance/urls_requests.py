"""E-Absen pages: requests (included under /absensi/ by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
