"""The deadline pages under /tenggat/. Importing this package registers the menu entries
("Tenggat", "Kepatuhan OPD") and the home widgets ("Tenggat saya", "Kepatuhan OPD")."""

from django.urls import URLPattern, URLResolver

from . import reports, requests, responses, widgets  # noqa: F401  (widgets register themselves)

urlpatterns: list[URLPattern | URLResolver] = [
    *reports.urlpatterns,
    *requests.urlpatterns,
    *responses.urlpatterns,
]
