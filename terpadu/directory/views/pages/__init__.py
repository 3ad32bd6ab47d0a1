"""The directory pages: agencies (OPD), their units and positions, employees and the Pemda profile.

Importing this package registers the menu entries "OPD", "Pegawai" and "Profil Pemda"."""

from django.urls import URLPattern, URLResolver

from . import agencies, employee_changes, employees, government, positions, units

urlpatterns: list[URLPattern | URLResolver] = [
    *agencies.urlpatterns,
    *units.urlpatterns,
    *positions.urlpatterns,
    *employees.urlpatterns,
    *employee_changes.urlpatterns,
    *government.urlpatterns,
]
