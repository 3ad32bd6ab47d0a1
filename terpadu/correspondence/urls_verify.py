"""Public verification of signed letters, mounted at /verifikasi/ (no login)."""

from django.urls import path

from . import views_verify

app_name = "verify"
urlpatterns = [
    path("", views_verify.verify_index, name="index"),
    path("<uuid:token>/", views_verify.verify_letter, name="letter"),
]
