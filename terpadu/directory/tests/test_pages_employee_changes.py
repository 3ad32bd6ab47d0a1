"""Employee changes through the pages: create (NIP checked), edit, mutasi/promosi and deactivate."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import Employee, Placement
from terpadu.directory.tests.factories import (
    AGENCY_ADMIN,
    ANONYMOUS,
    OTHER_AGENCY_ADMIN,
    SAME_AGENCY_EMPLOYEE,
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    OrgUnitFactory,
    PositionFactory,
    login_as,
    make_nip,
    user_for_case,
    user_with_role,
)

pytestmark = pytest.mark.django_db
REFUSED = [(OTHER_AGENCY_ADMIN, 404), (SAME_AGENCY_EMPLOYEE, 403)]
VALID_NIP = make_nip(42, birth=date(1995, 6, 30), gender=2, appointed=(2020, 3))


@pytest.fixture
def world():
    government = GovernmentFactory()
    mine = AgencyFactory(government=government, name="Dinas Kominfo", short_name="Diskominfo")
    other = AgencyFactory(government=government, name="Dinas Kesehatan", short_name="Dinkes")
    apps = OrgUnitFactory(agency=mine, code="02", name="Bidang Aplikasi")
    infra = OrgUnitFactory(agency=mine, code="03", name="Bidang Infrastruktur")
    return SimpleNamespace(
        government=government,
        mine=mine,
        other=other,
        apps=apps,
        infra=infra,
        analyst=PositionFactory(agency=mine, code="B2.1", name="Pranata Komputer", org_unit=apps),
        engineer=PositionFactory(agency=mine, code="B3.1", name="Teknisi Jaringan", org_unit=infra),
        health=PositionFactory(agency=other, code="B2.1", name="Epidemiolog"),
    )


def _login(client, case, world):
    user = user_for_case(case, agency=world.mine, other_agency=world.other)
    if user is not None:
        login_as(client, user)
    return user


def _state():
    """Everything an employee page may write."""
    return (
        list(Employee.objects.order_by("pk").values_list("name", "nip", "position_id", "is_active")),
        Placement.objects.count(),
        AuditEvent.objects.count(),
    )


def _new_employee(world, **changes):
    data = {
        "kind": "pns",
        "nip": VALID_NIP,
        "name": "Siti Aminah",
        "back_title": "S.Kom",
        "position": world.analyst.pk,
        "start_date": "2024-02-01",
        "decree_number": "800/12/BKPSDM/2024",
    }
    return {**data, **changes}


# --- create ------------------------------------------------------------------------------------------


def test_the_anonymous_public_cannot_create_an_employee(client, world):
    url = reverse("directory:employee_create") + f"?opd={world.mine.pk}"
    before = _state()
    response = client.post(url, _new_employee(world))
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")
    assert _state() == before


@pytest.mark.parametrize(("case", "status"), REFUSED)
def test_employee_create_is_refused_and_writes_nothing(client, world, case, status):
    _login(client, case, world)
    before = _state()
    url = reverse("directory:employee_create") + f"?opd={world.mine.pk}"
    assert client.get(url).status_code == status
    assert client.post(url, _new_employee(world)).status_code == status
    assert _state() == before


def test_the_agency_admin_creates_an_employee_in_their_agency(client, world):
    admin = user_with_role(Role.AGENCY_ADMIN, agency=world.mine, employee=EmployeeFactory(position=world.engineer))
    login_as(client, admin)
    url = reverse("directory:employee_create")
    form = client.get(url).context["form"]
    assert [p.name for p in form.fields["position"].queryset] == ["Pranata Komputer", "Teknisi Jaringan"]
    response = client.post(url, _new_employee(world))
    employee = Employee.objects.get(nip=VALID_NIP)
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:employee_detail", args=[employee.pk])
    assert (employee.full_name, employee.birth_date, employee.gender) == ("Siti Aminah, S.Kom", date(1995, 6, 30), "P")
    assert (employee.agency_id, employee.org_unit_id, employee.position_id) == (
        world.mine.pk,
        world.apps.pk,
        world.analyst.pk,
    )
    assert list(Placement.objects.filter(employee=employee).values_list("kind", "start_date", "decree_number")) == [
        ("pengangkatan", date(2024, 2, 1), "800/12/BKPSDM/2024")
    ]
    actions = (
        AuditEvent.objects.filter(object_id=str(employee.pk)).order_by("sequence").values_list("action", flat=True)
    )
    assert list(actions) == ["employee.create", "employee.place.pengangkatan"]


def test_an_invalid_nip_shows_the_rule_message_on_the_nip_field_keeps_the_input_and_saves_nothing(client, world):
    _login(client, AGENCY_ADMIN, world)
    before = _state()
    response = client.post(reverse("directory:employee_create"), _new_employee(world, nip="199506302020033042"))
    message = "Kode jenis kelamin pada NIP (angka ke-15) harus 1 (laki-laki) atau 2 (perempuan)."
    assert response.status_code == 422
    assert response.context["form"].errors == {"nip": [message]}
    body = response.content.decode()
    assert f'<p class="field-error" id="id_nip_error">{message}</p>' in body
    assert 'value="199506302020033042"' in body
    assert 'value="Siti Aminah"' in body
    assert _state() == before


def test_a_position_of_another_agency_is_not_offered_to_the_agency_admin(client, world):
    _login(client, AGENCY_ADMIN, world)
    before = _state()
    response = client.post(reverse("directory:employee_create"), _new_employee(world, position=world.health.pk))
    assert response.status_code == 422
    assert response.context["form"].errors == {"position": ["Pilih jabatan dari OPD yang Anda kelola."]}
    assert _state() == before


def test_the_agency_admin_cannot_choose_another_agency_in_the_url(client, world):
    _login(client, AGENCY_ADMIN, world)
    before = _state()
    url = reverse("directory:employee_create") + f"?opd={world.other.pk}"
    assert client.post(url, _new_employee(world, position=world.health.pk)).status_code == 404
    assert _state() == before


def test_the_platform_admin_first_chooses_the_agency(client, world):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government))
    response = client.get(reverse("directory:employee_create"))
    assert response.templates[0].name == "directory/pages/choose_agency.html"
    assert [a.name for a in response.context["chooser"].fields["opd"].queryset] == ["Dinas Kominfo", "Dinas Kesehatan"]
    url = reverse("directory:employee_create") + f"?opd={world.other.pk}"
    assert client.post(url, _new_employee(world, position=world.health.pk)).status_code == 302
    assert Employee.objects.get(nip=VALID_NIP).agency_id == world.other.pk


# --- edit ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "status"), [(ANONYMOUS, 302), *REFUSED])
def test_employee_edit_is_refused_and_writes_nothing(client, world, case, status):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    _login(client, case, world)
    before = _state()
    url = reverse("directory:employee_edit", args=[employee.pk])
    assert client.post(url, {"kind": "pns", "nip": employee.nip, "name": "Diubah"}).status_code == status
    assert _state() == before


def test_the_agency_admin_edits_the_personal_data_and_only_changes_are_audited(client, world):
    employee = EmployeeFactory(position=world.analyst, name="Ani", rank="")
    _login(client, AGENCY_ADMIN, world)
    url = reverse("directory:employee_edit", args=[employee.pk])
    assert client.get(url).context["form"].initial["nip"] == employee.nip
    data = {"kind": "pns", "nip": employee.nip, "name": "Ani Lestari", "rank": "Penata Muda (III/a)"}
    assert client.post(url, data).status_code == 302
    employee.refresh_from_db()
    assert (employee.name, employee.rank) == ("Ani Lestari", "Penata Muda (III/a)")
    event = AuditEvent.objects.get(action="employee.update")
    assert (event.before, event.after) == (
        {"name": "Ani", "rank": ""},
        {"name": "Ani Lestari", "rank": "Penata Muda (III/a)"},
    )


def test_an_invalid_nip_on_edit_is_shown_next_to_the_nip(client, world):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    _login(client, AGENCY_ADMIN, world)
    before = _state()
    response = client.post(
        reverse("directory:employee_edit", args=[employee.pk]), {"kind": "pns", "nip": "123", "name": "Ani"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"nip": ["NIP harus terdiri dari 18 angka."]}
    assert _state() == before


# --- mutasi / promosi ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "status"), [(ANONYMOUS, 302), *REFUSED])
def test_mutasi_is_refused_and_writes_nothing(client, world, case, status):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    _login(client, case, world)
    before = _state()
    url = reverse("directory:employee_place", args=[employee.pk])
    data = {"kind": "mutasi", "position": world.engineer.pk, "start_date": "2024-07-01"}
    assert client.post(url, data).status_code == status
    assert _state() == before


def test_the_agency_admin_moves_an_employee_to_another_unit_and_the_history_shows_it(client, world):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    _login(client, AGENCY_ADMIN, world)
    url = reverse("directory:employee_place", args=[employee.pk])
    page = client.get(url)
    assert page.context["chooser"] is None
    assert page.context["form"].fields["kind"].choices == [
        ("mutasi", "Mutasi"),
        ("promosi", "Promosi"),
        ("demosi", "Demosi"),
        ("penugasan", "Penugasan"),
    ]
    data = {"kind": "mutasi", "position": world.engineer.pk, "start_date": "2024-07-01", "decree_number": "SK-7"}
    response = client.post(url, data)
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.org_unit_id, employee.position_id) == (world.infra.pk, world.engineer.pk)
    detail = client.get(response["Location"])
    assert [(p.position.name, p.start_date, p.end_date, p.kind) for p in detail.context["history"]] == [
        ("Teknisi Jaringan", date(2024, 7, 1), None, "mutasi"),
        ("Pranata Komputer", date(2020, 1, 1), date(2024, 7, 1), "pengangkatan"),
    ]
    assert AuditEvent.objects.filter(action="employee.place.mutasi", object_id=str(employee.pk)).count() == 1


def test_a_tmt_before_the_current_one_is_shown_next_to_the_tmt(client, world):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    _login(client, AGENCY_ADMIN, world)
    before = _state()
    data = {"kind": "mutasi", "position": world.engineer.pk, "start_date": "2019-12-31"}
    response = client.post(reverse("directory:employee_place", args=[employee.pk]), data)
    assert response.status_code == 422
    message = "TMT penempatan baru harus setelah TMT penempatan sekarang (01-01-2020)."
    assert response.context["form"].errors == {"start_date": [message]}
    assert f'<p class="field-error" id="id_start_date_error">{message}</p>' in response.content.decode()
    assert _state() == before


def test_the_platform_admin_moves_an_employee_to_another_agency(client, world):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government))
    url = reverse("directory:employee_place", args=[employee.pk])
    assert client.get(url).context["chooser"] is not None
    data = {"kind": "mutasi", "position": world.health.pk, "start_date": "2024-07-01"}
    assert client.post(f"{url}?opd={world.other.pk}", data).status_code == 302
    employee.refresh_from_db()
    assert (employee.agency_id, employee.position_id) == (world.other.pk, world.health.pk)


# --- deactivate ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "status"), [(ANONYMOUS, 302), *REFUSED])
def test_deactivate_is_refused_and_writes_nothing(client, world, case, status):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    _login(client, case, world)
    before = _state()
    url = reverse("directory:employee_deactivate", args=[employee.pk])
    assert client.post(url, {"end_date": "2025-03-31"}).status_code == status
    assert _state() == before


def test_the_agency_admin_deactivates_an_employee(client, world):
    employee = EmployeeFactory(position=world.analyst, name="Ani")
    _login(client, AGENCY_ADMIN, world)
    url = reverse("directory:employee_deactivate", args=[employee.pk])
    assert client.post(url, {"end_date": "2025-03-31", "note": "pensiun"}).status_code == 302
    employee.refresh_from_db()
    assert employee.is_active is False
    assert list(Placement.objects.filter(employee=employee).values_list("end_date", flat=True)) == [date(2025, 3, 31)]
    event = AuditEvent.objects.get(action="employee.deactivate")
    assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})
