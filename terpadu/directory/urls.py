from django.urls import path

from .views import accounts, audit, auth, imports, pages

app_name = "directory"

urlpatterns = [
    path("akun/masuk/", auth.LoginView.as_view(), name="login"),
    path("akun/keluar/", auth.LogoutView.as_view(), name="logout"),
    *accounts.urlpatterns,
    *pages.urlpatterns,
    *imports.urlpatterns,
    *audit.urlpatterns,
]
