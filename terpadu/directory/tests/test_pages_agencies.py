"""OPD pages: list, detail, create and edit of agencies, their units and positions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, OrgUnit, Position
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
    user_for_case,
    user_with_role,
)

pytestmark = pytest.mark.django_db
CASES = [ANONYMOUS, OTHER_AGENCY_ADMIN, SAME_AGENCY_EMPLOYEE, AGENCY_ADMIN]


@pytest.fixture
def world():
    government = GovernmentFactory()
    return SimpleNamespace(
        government=government,
        mine=AgencyFactory(government=government, code="3.01", name="Dinas Kominfo", short_name="Diskominfo"),
        other=AgencyFactory(government=government, code="3.03", name="Dinas Kesehatan", short_name="Dinkes"),
        foreign=AgencyFactory(code="3.01", name="Dinas Pemda Lain"),
    )


def _login(client, case, world):
    user = user_for_case(case, agency=world.mine, other_agency=world.other)
    if user is not None:
        login_as(client, user)
    return user


def _names(response):
    return [agency.name for agency in response.context["page_obj"].object_list]


def _assert_sent_to_login(response, url):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('directory:login')}?next={url}"


# --- list ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (OTHER_AGENCY_ADMIN, ["Dinas Kesehatan"]),
        (SAME_AGENCY_EMPLOYEE, ["Dinas Kominfo"]),
        (AGENCY_ADMIN, ["Dinas Kominfo"]),
    ],
)
def test_the_agency_list_shows_only_the_agencies_in_scope(client, world, case, expected):
    _login(client, case, world)
    response = client.get(reverse("directory:agency_list"))
    assert response.status_code == 200
    assert _names(response) == expected


def test_government_wide_roles_see_every_agency_of_their_government_only(client, world):
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    response = client.get(reverse("directory:agency_list"))
    assert _names(response) == ["Dinas Kominfo", "Dinas Kesehatan"]
    assert "Dinas Pemda Lain" not in response.content.decode()
    assert "Tambah OPD" not in response.content.decode()


def test_the_anonymous_public_is_sent_to_login_from_the_agency_list(client, world):
    url = reverse("directory:agency_list")
    _assert_sent_to_login(client.get(url), url)


def test_the_agency_list_filters_by_text_and_kind_and_counts_active_employees(client, world):
    AgencyFactory(government=world.government, code="4.01", name="Kecamatan Kota", kind="kecamatan")
    EmployeeFactory(position=PositionFactory(agency=world.mine))
    EmployeeFactory(position=PositionFactory(agency=world.mine), is_active=False)
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government))
    url = reverse("directory:agency_list")
    assert _names(client.get(url, {"q": "kesehatan"})) == ["Dinas Kesehatan"]
    assert _names(client.get(url, {"kind": "kecamatan"})) == ["Kecamatan Kota"]
    response = client.get(url, {"q": "3.01"})
    assert [(a.name, a.employee_count) for a in response.context["page_obj"]] == [("Dinas Kominfo", 1)]
    assert "Tambah OPD" in response.content.decode()


# --- detail -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "status", "can_manage"),
    [(OTHER_AGENCY_ADMIN, 404, None), (SAME_AGENCY_EMPLOYEE, 200, False), (AGENCY_ADMIN, 200, True)],
)
def test_agency_detail_access(client, world, case, status, can_manage):
    _login(client, case, world)
    response = client.get(reverse("directory:agency_detail", args=[world.mine.pk]))
    assert response.status_code == status
    body = response.content.decode()
    if status == 404:
        assert "Dinas Kominfo" not in body
        return
    assert ("Ubah data OPD" in body, "Tambah jabatan" in body, "Tambah unit kerja" in body) == (can_manage,) * 3


def test_agency_detail_of_another_government_is_not_found_even_for_the_platform_admin(client, world):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government))
    assert client.get(reverse("directory:agency_detail", args=[world.foreign.pk])).status_code == 404


def test_agency_detail_shows_the_unit_tree_positions_and_head(client, world):
    lead = OrgUnitFactory(agency=world.mine, code="00", name="Pimpinan")
    OrgUnitFactory(agency=world.mine, code="02", name="Bidang Aplikasi", parent=lead)
    OrgUnitFactory(agency=world.mine, code="01", name="Sekretariat", parent=lead)
    head_position = PositionFactory(agency=world.mine, code="H", name="Kepala Dinas", is_agency_head=True)
    head = EmployeeFactory(position=head_position, name="Agus")
    staff = PositionFactory(agency=world.mine, code="S", name="Sekretaris", superior=head_position)
    EmployeeFactory(position=staff)
    EmployeeFactory(position=staff)
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    response = client.get(reverse("directory:agency_detail", args=[world.mine.pk]))
    roots = response.context["units"]
    assert [(n["unit"].name, [c["unit"].name for c in n["children"]]) for n in roots] == [
        ("Pimpinan", ["Sekretariat", "Bidang Aplikasi"])
    ]
    assert [(p.name, p.holder_count) for p in response.context["positions"]] == [("Kepala Dinas", 1), ("Sekretaris", 2)]
    assert response.context["head"] == head
    body = response.content.decode()
    assert f'href="{reverse("directory:employee_list")}?opd={world.mine.pk}"' in body
    assert f'<a href="{reverse("directory:employee_detail", args=[head.pk])}">Agus</a> — Kepala Dinas' in body


# --- create and edit the agency ---------------------------------------------------------------------

NEW_AGENCY = {"code": "3.09", "name": "Dinas Perhubungan", "short_name": "Dishub", "kind": "dinas", "is_active": "on"}


@pytest.mark.parametrize(
    ("case", "status"), [(OTHER_AGENCY_ADMIN, 403), (SAME_AGENCY_EMPLOYEE, 403), (AGENCY_ADMIN, 403)]
)
def test_only_the_platform_admin_creates_agencies(client, world, case, status):
    _login(client, case, world)
    audits = AuditEvent.objects.count()
    assert client.get(reverse("directory:agency_create")).status_code == status
    assert client.post(reverse("directory:agency_create"), NEW_AGENCY).status_code == status
    assert not Agency.objects.filter(code="3.09").exists()
    assert AuditEvent.objects.count() == audits


def test_the_anonymous_public_cannot_create_an_agency(client, world):
    url = reverse("directory:agency_create")
    _assert_sent_to_login(client.post(url, NEW_AGENCY), url)
    assert not Agency.objects.filter(code="3.09").exists()


def test_the_platform_admin_creates_an_agency(client, world):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government, username="kominfo"))
    response = client.post(reverse("directory:agency_create"), NEW_AGENCY)
    agency = Agency.objects.get(code="3.09")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:agency_detail", args=[agency.pk])
    assert (agency.government_id, agency.name, agency.short_name) == (
        world.government.pk,
        "Dinas Perhubungan",
        "Dishub",
    )
    event = AuditEvent.objects.get(action="agency.create", object_id=str(agency.pk))
    assert (event.actor_label, event.after["code"]) == ("kominfo", "3.09")


def test_a_duplicate_agency_code_is_shown_next_to_the_code_and_the_input_kept(client, world):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government))
    response = client.post(reverse("directory:agency_create"), {**NEW_AGENCY, "code": "3.01"})
    assert response.status_code == 422
    assert response.context["form"].errors == {"code": ["Kode sudah dipakai oleh data lain."]}
    body = response.content.decode()
    assert '<p class="field-error" id="id_code_error">Kode sudah dipakai oleh data lain.</p>' in body
    assert 'value="Dinas Perhubungan"' in body
    assert Agency.objects.filter(government=world.government, code="3.01").count() == 1


@pytest.mark.parametrize(("case", "status"), [(OTHER_AGENCY_ADMIN, 404), (SAME_AGENCY_EMPLOYEE, 403)])
def test_agency_edit_is_refused_and_changes_nothing(client, world, case, status):
    _login(client, case, world)
    url = reverse("directory:agency_edit", args=[world.mine.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"address": "Jl. Lain", "phone": "1", "email": ""}).status_code == status
    world.mine.refresh_from_db()
    assert (world.mine.address, world.mine.phone) == ("", "")


def test_the_anonymous_public_cannot_edit_an_agency(client, world):
    url = reverse("directory:agency_edit", args=[world.mine.pk])
    _assert_sent_to_login(client.post(url, {"address": "x"}), url)
    world.mine.refresh_from_db()
    assert world.mine.address == ""


def test_the_agency_admin_edits_only_the_contact_of_their_agency(client, world):
    _login(client, AGENCY_ADMIN, world)
    url = reverse("directory:agency_edit", args=[world.mine.pk])
    form = client.get(url).context["form"]
    assert list(form.fields) == ["address", "phone", "email"]
    data = {"address": "Jl. El Tari 1", "phone": "(0380) 2", "email": "kominfo@contoh.go.id", "code": "9.99"}
    response = client.post(url, data)
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert (world.mine.code, world.mine.address, world.mine.phone, world.mine.email) == (
        "3.01",
        "Jl. El Tari 1",
        "(0380) 2",
        "kominfo@contoh.go.id",
    )
    event = AuditEvent.objects.get(action="agency.update")
    assert event.after == {"address": "Jl. El Tari 1", "phone": "(0380) 2", "email": "kominfo@contoh.go.id"}


def test_the_platform_admin_edits_the_code_and_name(client, world):
    login_as(client, user_with_role(Role.PLATFORM_ADMIN, government=world.government))
    url = reverse("directory:agency_edit", args=[world.mine.pk])
    data = {**NEW_AGENCY, "code": "3.10", "name": "Dinas Kominfo dan Persandian"}
    assert client.post(url, data).status_code == 302
    world.mine.refresh_from_db()
    assert (world.mine.code, world.mine.name) == ("3.10", "Dinas Kominfo dan Persandian")


# --- units ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "status"), [(OTHER_AGENCY_ADMIN, 404), (SAME_AGENCY_EMPLOYEE, 403)])
def test_unit_create_is_refused_and_writes_nothing(client, world, case, status):
    _login(client, case, world)
    url = reverse("directory:unit_create", args=[world.mine.pk])
    assert client.post(url, {"code": "01", "name": "Sekretariat", "kind": "sekretariat"}).status_code == status
    assert not OrgUnit.objects.exists()


def test_the_agency_admin_creates_a_unit_under_a_parent(client, world):
    lead = OrgUnitFactory(agency=world.mine, code="00", name="Pimpinan")
    _login(client, AGENCY_ADMIN, world)
    url = reverse("directory:unit_create", args=[world.mine.pk])
    data = {"code": "01", "name": "Sekretariat", "kind": "sekretariat", "parent": lead.pk, "is_active": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="01")
    assert (unit.agency_id, unit.parent_id, unit.name) == (world.mine.pk, lead.pk, "Sekretariat")
    assert AuditEvent.objects.filter(action="org_unit.save", object_id=str(unit.pk)).count() == 1


def test_a_parent_from_another_agency_is_refused_next_to_the_parent(client, world):
    foreign_unit = OrgUnitFactory(agency=world.other)
    _login(client, AGENCY_ADMIN, world)
    response = client.post(
        reverse("directory:unit_create", args=[world.mine.pk]),
        {"code": "01", "name": "Sekretariat", "kind": "sekretariat", "parent": foreign_unit.pk},
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"parent": ["Induk harus unit kerja dari OPD ini."]}
    assert not OrgUnit.objects.filter(code="01").exists()


def test_a_unit_cycle_is_shown_next_to_the_parent(client, world):
    top = OrgUnitFactory(agency=world.mine, code="A", name="Atas")
    child = OrgUnitFactory(agency=world.mine, code="B", name="Bawah", parent=top)
    _login(client, AGENCY_ADMIN, world)
    response = client.post(
        reverse("directory:unit_edit", args=[top.pk]),
        {"code": "A", "name": "Atas", "kind": "bidang", "parent": child.pk, "is_active": "on"},
    )
    assert response.status_code == 422
    message = "Unit kerja tidak boleh menjadi induk dirinya sendiri atau induk dari induknya."
    assert response.context["form"].errors == {"parent": [message]}
    assert f'<p class="field-error" id="id_parent_error">{message}</p>' in response.content.decode()
    top.refresh_from_db()
    assert top.parent_id is None


def test_unit_edit_of_another_agency_is_not_found(client, world):
    unit = OrgUnitFactory(agency=world.other, name="Bidang P2P")
    _login(client, AGENCY_ADMIN, world)
    url = reverse("directory:unit_edit", args=[unit.pk])
    assert client.post(url, {"code": "X", "name": "Diubah", "kind": "bidang"}).status_code == 404
    unit.refresh_from_db()
    assert unit.name == "Bidang P2P"


# --- positions --------------------------------------------------------------------------------------

NEW_POSITION = {"code": "S", "name": "Sekretaris", "kind": "struktural", "echelon": "III.a", "is_active": "on"}


@pytest.mark.parametrize(("case", "status"), [(OTHER_AGENCY_ADMIN, 404), (SAME_AGENCY_EMPLOYEE, 403)])
def test_position_create_is_refused_and_writes_nothing(client, world, case, status):
    _login(client, case, world)
    positions = Position.objects.count()
    assert client.post(reverse("directory:position_create", args=[world.mine.pk]), NEW_POSITION).status_code == status
    assert Position.objects.count() == positions


def test_superior_choices_are_the_agencys_positions_and_agency_heads_of_the_government(client, world):
    own = PositionFactory(agency=world.mine, code="H", name="Kepala Dinas Kominfo")
    sekda = PositionFactory(agency=world.other, code="H", name="Kepala Dinas Kesehatan", is_agency_head=True)
    PositionFactory(agency=world.other, code="S", name="Sekretaris Dinkes")
    PositionFactory(agency=world.foreign, code="H", name="Kepala Pemda Lain", is_agency_head=True)
    _login(client, AGENCY_ADMIN, world)
    response = client.get(reverse("directory:position_create", args=[world.mine.pk]))
    superior = response.context["form"].fields["superior"]
    own_staff = [p.pk for p in Position.objects.filter(agency=world.mine)]
    assert sorted(p.pk for p in superior.queryset) == sorted([*own_staff, sekda.pk])
    assert superior.label_from_instance(sekda) == "Kepala Dinas Kesehatan (Dinkes)"
    assert superior.label_from_instance(own) == "Kepala Dinas Kominfo"


def test_the_agency_admin_creates_a_position_reporting_to_another_agency_head(client, world):
    sekda = PositionFactory(agency=world.other, name="Sekretaris Daerah", is_agency_head=True)
    _login(client, AGENCY_ADMIN, world)
    data = {**NEW_POSITION, "code": "H", "name": "Kepala Dinas", "superior": sekda.pk, "is_agency_head": "on"}
    response = client.post(reverse("directory:position_create", args=[world.mine.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:agency_detail", args=[world.mine.pk]) + "#jabatan"
    position = Position.objects.get(agency=world.mine, code="H")
    assert (position.superior_id, position.is_agency_head) == (sekda.pk, True)


def test_a_staff_position_of_another_agency_cannot_be_the_superior(client, world):
    staff = PositionFactory(agency=world.other)
    _login(client, AGENCY_ADMIN, world)
    response = client.post(
        reverse("directory:position_create", args=[world.mine.pk]), {**NEW_POSITION, "superior": staff.pk}
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"superior": ["Atasan harus jabatan di OPD ini atau jabatan kepala OPD."]}
    assert not Position.objects.filter(agency=world.mine, code="S").exists()


def test_a_position_cycle_is_shown_next_to_the_superior(client, world):
    head = PositionFactory(agency=world.mine, code="H", name="Kepala")
    deputy = PositionFactory(agency=world.mine, code="S", name="Sekretaris", superior=head)
    _login(client, AGENCY_ADMIN, world)
    data = {"code": "H", "name": "Kepala", "kind": "struktural", "superior": deputy.pk, "is_active": "on"}
    response = client.post(reverse("directory:position_edit", args=[head.pk]), data)
    assert response.status_code == 422
    message = "Jabatan tidak boleh menjadi atasan dirinya sendiri atau atasan dari atasannya."
    assert response.context["form"].errors == {"superior": [message]}
    head.refresh_from_db()
    assert head.superior_id is None


def test_position_edit_of_another_agency_is_not_found(client, world):
    position = PositionFactory(agency=world.other, name="Analis")
    _login(client, AGENCY_ADMIN, world)
    url = reverse("directory:position_edit", args=[position.pk])
    assert client.post(url, {**NEW_POSITION, "name": "Diubah"}).status_code == 404
    position.refresh_from_db()
    assert position.name == "Analis"


def test_the_menu_offers_opd_pegawai_and_profil_pemda_but_not_the_audit_to_an_employee(client, world):
    _login(client, SAME_AGENCY_EMPLOYEE, world)
    response = client.get(reverse("directory:agency_list"))
    ours = {"OPD", "Pegawai", "Profil Pemda", "Jejak audit"}
    labels = [item.label for item in response.context["nav_items"] if item.label in ours]
    assert labels == ["OPD", "Pegawai", "Profil Pemda"]
