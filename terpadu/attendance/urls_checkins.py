"""E-Absen pages: checkins (included under /absensi/ by urls.py)."""

from django.urls import URLPattern, path

from . import views_checkin_admin as admin
from . import views_checkins as views

urlpatterns: list[URLPattern] = [
    path("", views.checkin_page, name="checkin"),
    path("presensi/", views.checkin_submit, name="checkin_submit"),
    path("pindai/<int:station_id>/<str:token>/", views.checkin_scan, name="checkin_scan"),
    path("perangkat/", admin.device_page, name="checkin_devices"),
    path("perangkat/ajukan/", admin.device_request, name="checkin_device_request"),
    path("perangkat/<int:device_id>/putuskan/", admin.device_decide, name="checkin_device_decide"),
    path("lokasi/", admin.location_page, name="checkin_locations"),
    path("lokasi/baru/", admin.location_create, name="checkin_location_create"),
    path("lokasi/<int:location_id>/", admin.location_edit, name="checkin_location_edit"),
    path("lokasi/<int:location_id>/nonaktifkan/", admin.location_deactivate, name="checkin_location_deactivate"),
    path("lokasi/<int:location_id>/layar-qr/", admin.station_create, name="checkin_station_create"),
    path("layar-qr/<int:station_id>/", admin.station_screen, name="checkin_station"),
    path("layar-qr/<int:station_id>/kode/", admin.station_code, name="checkin_station_code"),
    path("layar-qr/<int:station_id>/nonaktifkan/", admin.station_deactivate, name="checkin_station_deactivate"),
]
