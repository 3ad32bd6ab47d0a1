from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.month, name="month"),
    path("atur/", views.settings_page, name="settings"),
    path("atur/tanggal/", views.override_save, name="override_save"),
    path("atur/tanggal/<int:pk>/hapus/", views.override_delete, name="override_delete"),
    path("atur/pola/", views.pattern_save, name="pattern_save"),
]
