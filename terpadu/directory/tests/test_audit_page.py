"""The audit trail page: the government's events for the platform admin and the auditor only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from terpadu.core.audit import AuditTarget, audit_record
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory, login_as, user_with_role

pytestmark = pytest.mark.django_db
URL = "/audit/"


@pytest.fixture
def government():
    return GovernmentFactory(timezone="Asia/Makassar")


def _event(government, action, *, object_type="directory.employee", before=None, after=None, actor=None, at=None):
    event = audit_record(
        actor=actor,
        action=action,
        target=AuditTarget(object_type, "7", "Ani"),
        government_id=government.pk,
        before=before,
        after=after,
    )
    if at is not None:  # moves the event in time (this breaks its hash: only where the chain is not checked)
        AuditEvent.objects.filter(pk=event.pk).update(created_at=at)
    return event


def _actions(response):
    return [event.action for event, _ in response.context["rows"]]


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.EMPLOYEE, Role.SECRETARY, Role.REGIONAL_HEAD])
def test_other_roles_are_refused(client, government, role):
    agency = AgencyFactory(government=government) if role in {Role.AGENCY_ADMIN, Role.EMPLOYEE} else None
    login_as(client, user_with_role(role, agency=agency, government=government))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Jejak audit" not in [item.label for item in response.context["nav_items"]]


def test_the_anonymous_public_is_sent_to_login(client, government):
    assert client.get(URL)["Location"] == f"/akun/masuk/?next={URL}"


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.AUDITOR])
def test_the_platform_admin_and_auditor_read_their_governments_events_newest_first(client, government, role):
    _event(government, "employee.create")
    _event(government, "employee.update")
    _event(GovernmentFactory(), "employee.secret")
    login_as(client, user_with_role(role, government=government))
    response = client.get(URL)
    assert response.status_code == 200
    assert _actions(response) == ["employee.update", "employee.create"]
    assert "employee.secret" not in response.content.decode()
    assert "Jejak audit" in [item.label for item in response.context["nav_items"]]


def test_each_row_shows_who_when_what_and_the_before_after_in_details(client, government):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government, username="admin.kominfo")
    _event(
        government,
        "employee.update",
        actor=admin,
        before={"name": "Ani", "rank": ""},
        after={"name": "Ani Lestari", "rank": "Penata (III/c)"},
        at=datetime(2025, 3, 1, 17, 5, tzinfo=UTC),
    )
    login_as(client, admin)
    body = client.get(URL).content.decode()
    assert '<th scope="row">2 Maret 2025 01.05 WITA</th>' in body
    assert "<td>admin.kominfo</td>" in body
    assert "<td><code>employee.update</code></td>" in body
    assert 'Ani <small class="muted">directory.employee #7</small>' in body
    assert "<summary>2 kolom</summary>" in body
    assert '<tr><th scope="row">name</th><td>Ani</td><td>Ani Lestari</td></tr>' in body
    assert '<tr><th scope="row">rank</th><td></td><td>Penata (III/c)</td></tr>' in body


def test_filters_by_action_object_type_actor_and_local_dates(client, government):
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government, username="admin.kominfo")
    _event(government, "agency.update", object_type="directory.agency", at=datetime(2025, 2, 28, 1, tzinfo=UTC))
    _event(government, "employee.create", actor=admin, at=datetime(2025, 3, 1, 17, tzinfo=UTC))  # 2 Mar WITA
    _event(government, "employee.place.mutasi", at=datetime(2025, 3, 3, 1, tzinfo=UTC))
    login_as(client, admin)
    assert _actions(client.get(URL, {"action": "employee."})) == ["employee.place.mutasi", "employee.create"]
    assert _actions(client.get(URL, {"object_type": "directory.agency"})) == ["agency.update"]
    assert _actions(client.get(URL, {"actor": "ADMIN.kominfo"})) == ["employee.create"]
    assert _actions(client.get(URL, {"date_from": "2025-03-02", "date_to": "2025-03-02"})) == ["employee.create"]
    assert _actions(client.get(URL, {"date_to": "2025-03-01"})) == ["agency.update"]
    form = client.get(URL).context["form"]
    assert form.fields["object_type"].choices == [
        ("", "Semua jenis"),
        ("directory.agency", "directory.agency"),
        ("directory.employee", "directory.employee"),
    ]


def test_a_date_range_ending_before_it_starts_is_refused_next_to_the_end(client, government):
    login_as(client, user_with_role(Role.AUDITOR, government=government))
    response = client.get(URL, {"date_from": "2025-03-02", "date_to": "2025-03-01"})
    assert response.context["form"].errors == {"date_to": ["Tanggal akhir tidak boleh sebelum tanggal awal."]}


def test_the_chain_is_checked_only_when_asked_and_paging_does_not_repeat_it(client, government):
    for n in range(30):
        _event(government, f"employee.update.{n:02d}")
    login_as(client, user_with_role(Role.AUDITOR, government=government))
    plain = client.get(URL)
    assert plain.context["chain"] is None
    assert 'href="?periksa=1">Periksa integritas</a>' in plain.content.decode()
    checked = client.get(URL, {"periksa": "1"})
    body = checked.content.decode()
    assert "Rantai hash utuh: 30 catatan diperiksa, tidak ada yang diubah atau dihapus." in body
    assert 'href="?page=2" rel="next"' in body


def test_a_tampered_row_breaks_the_chain_banner(client, government):
    _event(government, "employee.create")
    second = _event(government, "employee.update", after={"name": "Ani"})
    _event(government, "employee.deactivate")
    AuditEvent.objects.filter(pk=second.pk).update(after={"name": "Budi"})
    login_as(client, user_with_role(Role.AUDITOR, government=government))
    body = client.get(URL, {"periksa": "1"}).content.decode()
    assert (
        f"Rantai hash rusak pada catatan #{second.sequence} (1 catatan sebelumnya utuh): ada catatan yang diubah"
        in body
    )
