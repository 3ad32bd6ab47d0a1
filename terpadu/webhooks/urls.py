from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="endpoint_list"),
    path("baru/", views.endpoint_create, name="endpoint_create"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint_detail"),
    path("<int:pk>/status/", views.endpoint_set_active, name="endpoint_set_active"),
    path("<int:pk>/uji/", views.endpoint_ping, name="endpoint_ping"),
    path("kiriman/<int:pk>/", views.delivery_detail, name="delivery_detail"),
    path("kiriman/<int:pk>/kirim-ulang/", views.delivery_redeliver, name="delivery_redeliver"),
]
