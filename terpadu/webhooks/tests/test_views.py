"""Webhook admin pages and API: the platform admin only."""

import pytest
from django.utils import timezone

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import bearer, login_as, user_with_role
from terpadu.webhooks import rules, services
from terpadu.webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return user_with_role(Role.PLATFORM_ADMIN)


@pytest.fixture
def endpoint(admin):
    endpoint, _ = services.endpoint_create(
        user=admin,
        government=admin.government,
        name="Dasbor Bappeda",
        url="https://dasbor.example.go.id/hook",
        event_types=["test.letter.signed"],
    )
    return endpoint


@pytest.fixture
def delivery(endpoint):
    now = timezone.now()
    return Delivery.objects.create(
        endpoint=endpoint,
        event_id=rules.event_id(endpoint.government_id, "k"),
        event_type="test.letter.signed",
        idempotency_key="k",
        payload={"letter_id": 7},
        created_at=now,
        status=Delivery.Status.FAILED,
        attempts=6,
    )


def _pages(endpoint, delivery):
    return [
        ("get", "/webhook/"),
        ("get", "/webhook/baru/"),
        ("get", f"/webhook/{endpoint.pk}/"),
        ("get", f"/webhook/kiriman/{delivery.pk}/"),
        ("post", f"/webhook/{endpoint.pk}/status/"),
        ("post", f"/webhook/{endpoint.pk}/uji/"),
        ("post", f"/webhook/kiriman/{delivery.pk}/kirim-ulang/"),
    ]


def test_anonymous_is_sent_to_login(client, endpoint, delivery):
    for method, url in _pages(endpoint, delivery):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.AGENCY_ADMIN, Role.SECRETARY, Role.AUDITOR])
def test_other_roles_get_403_and_change_nothing(client, endpoint, delivery, role):
    login_as(client, user_with_role(role, government=endpoint.government))
    for method, url in _pages(endpoint, delivery):
        assert getattr(client, method)(url, {"active": "0"}).status_code == 403, url
    endpoint.refresh_from_db()
    delivery.refresh_from_db()
    assert (endpoint.is_active, delivery.status, delivery.attempts) == (True, "failed", 6)


def test_the_platform_admin_of_another_government_gets_404(client, endpoint, delivery):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN))
    assert client.get(f"/webhook/{endpoint.pk}/").status_code == 404
    assert client.get(f"/webhook/kiriman/{delivery.pk}/").status_code == 404
    assert client.post(f"/webhook/{endpoint.pk}/status/", {"active": "0"}).status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.is_active is True


def test_the_platform_admin_reads_the_pages(client, admin, endpoint, delivery):
    DeliveryAttempt.objects.create(
        delivery=delivery, number=1, started_at=timezone.now(), duration_ms=12, status_code=500, succeeded=False
    )
    login_as(client, admin)
    listing = client.get("/webhook/")
    assert listing.status_code == 200
    assert "Dasbor Bappeda" in listing.content.decode()
    detail = client.get(f"/webhook/{endpoint.pk}/")
    assert detail.status_code == 200
    assert "Gagal (berhenti mencoba)" in detail.content.decode()
    assert endpoint.secret not in detail.content.decode()
    form = client.get("/webhook/baru/").content.decode()
    assert "<legend>Jenis peristiwa" in form
    assert "test.letter.signed — Uji: surat ditandatangani" in form
    page = client.get(f"/webhook/kiriman/{delivery.pk}/").content.decode()
    assert "Kirim ulang" in page
    assert "12 md" in page


def test_creating_an_endpoint_shows_the_secret_once(client, admin):
    login_as(client, admin)
    response = client.post(
        "/webhook/baru/",
        {"name": "SIPD", "url": "https://sipd.example.go.id/terpadu", "event_types": ["test.request.overdue"]},
    )
    assert response.status_code == 200
    created = WebhookEndpoint.objects.get(name="SIPD")
    assert created.secret.startswith("whsec_")
    assert created.secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert (created.event_types, created.government_id, created.created_by) == (
        ["test.request.overdue"],
        admin.government_id,
        admin,
    )
    assert created.secret not in client.get(f"/webhook/{created.pk}/").content.decode()
    event = AuditEvent.objects.get(action="webhook.endpoint.create")
    assert "secret" not in event.after


def test_a_plain_http_url_is_refused_on_the_form(client, admin):
    login_as(client, admin)
    response = client.post(
        "/webhook/baru/", {"name": "SIPD", "url": "http://sipd.example.go.id/", "event_types": ["test.request.overdue"]}
    )
    assert response.status_code == 422
    assert "Alamat webhook harus memakai https://" in response.content.decode()
    assert WebhookEndpoint.objects.count() == 0


def test_disabling_from_the_page(client, admin, endpoint):
    login_as(client, admin)
    response = client.post(f"/webhook/{endpoint.pk}/status/", {"active": "0"})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert AuditEvent.objects.filter(action="webhook.endpoint.disable").count() == 1


def test_redeliver_from_the_page(client, admin, delivery, django_capture_on_commit_callbacks):
    login_as(client, admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/webhook/kiriman/{delivery.pk}/kirim-ulang/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(action="webhook.delivery.redeliver").count() == 1


def test_api_lists_endpoints_and_deliveries_for_the_platform_admin_only(api_client, admin, endpoint, delivery):
    endpoints = api_client.get("/api/v1/webhooks/endpoints", headers=bearer(admin))
    assert endpoints.status_code == 200
    assert endpoints.json()["count"] == 1
    assert endpoints.json()["items"][0]["url"] == "https://dasbor.example.go.id/hook"
    assert "secret" not in endpoints.json()["items"][0]
    deliveries = api_client.get("/api/v1/webhooks/deliveries?status=failed", headers=bearer(admin))
    assert [(d["id"], d["status"], d["attempts"]) for d in deliveries.json()["items"]] == [(delivery.pk, "failed", 6)]
    assert api_client.get("/api/v1/webhooks/deliveries?status=succeeded", headers=bearer(admin)).json()["count"] == 0
    employee = user_with_role(Role.EMPLOYEE, government=admin.government)
    refused = api_client.get("/api/v1/webhooks/endpoints", headers=bearer(employee))
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    stranger = user_with_role(Role.PLATFORM_ADMIN)
    assert api_client.get("/api/v1/webhooks/deliveries", headers=bearer(stranger)).json()["count"] == 0
