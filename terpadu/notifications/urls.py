from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/baca/", views.mark_read, name="mark_read"),
    path("baca-semua/", views.mark_all_read, name="mark_all_read"),
    path("preferensi/", views.preferences, name="preferences"),
    path("jumlah/", views.badge, name="badge"),
]
