from django.urls import include, path

from terpadu.api.urls import api
from terpadu.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("notifikasi/", include("terpadu.notifications.urls")),
    path("kalender/", include("terpadu.calendar.urls")),
    path("dokumen/", include("terpadu.documents.urls")),
    path("webhook/", include("terpadu.webhooks.urls")),
    path("tenggat/", include("terpadu.deadlines.urls")),
    path("absensi/", include("terpadu.attendance.urls")),
    path("surat/", include("terpadu.correspondence.urls")),
    path("perencanaan/", include("terpadu.planning.urls")),
    path("verifikasi/", include("terpadu.correspondence.urls_verify")),
    path("", include("terpadu.directory.urls")),
    path("", include("terpadu.core.urls")),
]
