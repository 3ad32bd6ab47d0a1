from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("berkas/<int:pk>/", views.download, name="download"),
]
