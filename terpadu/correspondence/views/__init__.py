"""The E-Surat pages under /surat/. Importing this package registers the menu entries and the home
widget ("E-Surat")."""

from django.urls import URLPattern, URLResolver

from . import archive, compose, follow_up, inbox, incoming, letters, widgets  # noqa: F401  (menu, widget)
from .classification import (
    classification_export,
    classification_import,
    classification_import_preview,
    classification_list,
)

__all__ = [
    "classification_export",
    "classification_import",
    "classification_import_preview",
    "classification_list",
    "urlpatterns",
]

urlpatterns: list[URLPattern | URLResolver] = [
    *inbox.urlpatterns,
    *compose.urlpatterns,
    *letters.urlpatterns,
    *incoming.urlpatterns,
    *follow_up.urlpatterns,
    *archive.urlpatterns,
]
