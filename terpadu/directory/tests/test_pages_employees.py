"""Employee pages: the scoped, filtered list (plain GET and HTMX) and the detail."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import (
    AGENCY_ADMIN,
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
LIST = "/direktori/pegawai/"


@pytest.fixture
def world():
    government = GovernmentFactory()
    mine = AgencyFactory(government=government, name="Dinas Kominfo", short_name="Diskominfo")
    other = AgencyFactory(government=government, name="Dinas Kesehatan", short_name="Dinkes")
    apps = OrgUnitFactory(agency=mine, code="02", name="Bidang Aplikasi")
    infra = OrgUnitFactory(agency=mine, code="03", name="Bidang Infrastruktur")
    head = PositionFactory(agency=mine, code="H", name="Kepala Dinas", is_agency_head=True)
    chief = PositionFactory(agency=mine, code="B2", name="Kepala Bidang Aplikasi", org_unit=apps, superior=head)
    analyst = PositionFactory(agency=mine, code="B2.1", name="Pranata Komputer", org_unit=apps, superior=chief)
    engineer = PositionFactory(agency=mine, code="B3.1", name="Teknisi Jaringan", org_unit=infra)
    return SimpleNamespace(
        government=government,
        mine=mine,
        other=other,
        apps=apps,
        infra=infra,
        positions=SimpleNamespace(head=head, chief=chief, analyst=analyst, engineer=engineer),
        ani=EmployeeFactory(position=analyst, name="Ani", nip=make_nip(1, birth=date(1990, 1, 2))),
        budi=EmployeeFactory(position=chief, name="Budi", front_title="Ir.", back_title="M.T."),
        citra=EmployeeFactory(position=engineer, name="Citra", kind="pppk", nip=None, pppk_number="199105052023212001"),
        dedi=EmployeeFactory(position=engineer, name="Dedi", is_active=False),
        eka=EmployeeFactory(position=PositionFactory(agency=other), name="Eka"),
    )


def _names(response):
    return [employee.name for employee in response.context["page_obj"].object_list]


# --- the list: scope ---------------------------------------------------------------------------------


def test_an_employee_sees_only_the_active_employees_of_their_agency(client, world):
    login_as(client, user_with_role(Role.EMPLOYEE, agency=world.mine, employee=world.ani))
    assert _names(client.get(LIST)) == ["Ani", "Budi", "Citra"]


def test_another_agencys_admin_sees_none_of_them_even_when_asking_for_that_agency(client, world):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.other, employee=world.eka))
    assert _names(client.get(LIST)) == ["Eka"]
    response = client.get(LIST, {"opd": world.mine.pk})
    assert _names(response) == ["Eka"]
    assert response.context["form"].errors == {"opd": ["Pilihan ini tidak tersedia."]}
    assert [a.name for a in response.context["form"].fields["opd"].queryset] == ["Dinas Kesehatan"]


def test_government_wide_roles_see_every_agency(client, world):
    login_as(client, user_with_role(Role.AUDITOR, government=world.government))
    assert _names(client.get(LIST)) == ["Ani", "Budi", "Citra", "Eka"]


def test_the_anonymous_public_is_sent_to_login(client, world):
    response = client.get(LIST)
    assert (response.status_code, response["Location"]) == (302, f"/akun/masuk/?next={LIST}")


# --- the list: filters, pagination, HTMX ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bud"}, ["Budi"]),
        ({"q": "19900102"}, ["Ani"]),
        ({"q": "19910505"}, ["Citra"]),
        ({"unit": "apps"}, ["Ani", "Budi"]),
        ({"status": "pppk"}, ["Citra"]),
        ({"aktif": "nonaktif"}, ["Dedi"]),
        ({"aktif": "semua", "unit": "infra"}, ["Citra", "Dedi"]),
        ({"opd": "other"}, ["Eka"]),
    ],
)
def test_the_list_filters(client, world, params, expected):
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    ids = {"apps": world.apps.pk, "infra": world.infra.pk, "other": world.other.pk}
    params = {key: ids.get(value, value) for key, value in params.items()}
    if "unit" in params:
        params["opd"] = world.mine.pk
    assert _names(client.get(LIST, params)) == expected


def test_units_are_offered_for_the_chosen_agency_or_the_readers_only_agency(client, world):
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    form = client.get(LIST).context["form"]
    assert list(form.fields["unit"].queryset) == []
    assert form.fields["unit"].help_text == "Pilih OPD terlebih dahulu."
    form = client.get(LIST, {"opd": world.mine.pk}).context["form"]
    assert [u.name for u in form.fields["unit"].queryset] == ["Bidang Aplikasi", "Bidang Infrastruktur"]
    client.logout()
    login_as(client, user_with_role(Role.EMPLOYEE, agency=world.mine, employee=world.ani))
    form = client.get(LIST).context["form"]
    assert [u.name for u in form.fields["unit"].queryset] == ["Bidang Aplikasi", "Bidang Infrastruktur"]


def test_the_list_is_paginated_by_25(client, world):
    for n in range(30):
        EmployeeFactory(position=world.positions.engineer, name=f"Staf {n:02d}")
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    first = client.get(LIST, {"q": "Staf"})
    second = client.get(LIST, {"q": "Staf", "page": 2})
    assert _names(first) == [f"Staf {n:02d}" for n in range(25)]
    assert _names(second) == [f"Staf {n:02d}" for n in range(25, 30)]
    assert 'href="?page=2&amp;q=Staf" rel="next"' in first.content.decode()


def test_htmx_gets_only_the_results_and_the_unit_field_out_of_band(client, world):
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    response = client.get(LIST, {"opd": world.mine.pk, "q": "a"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "directory/pages/partials/employee_results.html"
    assert "<html" not in body
    assert '<div id="saring-unit" hx-swap-oob="true">' in body
    assert "HX-Request" in response["Vary"]
    assert _names(response) == ["Ani", "Citra"]


def test_the_full_page_carries_a_plain_get_form_wired_to_htmx(client, world):
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    body = client.get(LIST).content.decode()
    assert f'<form method="get" class="filters" role="search" aria-label="Saring pegawai" action="{LIST}"' in body
    assert f'hx-get="{LIST}" hx-target="#hasil-pegawai" hx-push-url="true"' in body
    assert '<div id="hasil-pegawai" aria-live="polite">' in body
    assert 'hx-swap-oob="true"' not in body


def test_the_list_query_count_does_not_grow_with_the_rows(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as few:
        assert _names(client.get(LIST, {"opd": world.mine.pk})) == ["Ani", "Budi", "Citra"]
    for n in range(40):
        EmployeeFactory(position=world.positions.engineer, name=f"Staf {n:02d}")
    with CaptureQueriesContext(connection) as many:
        assert len(_names(client.get(LIST, {"opd": world.mine.pk}))) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_create_button_shows_only_to_those_who_manage_an_agency(client, world):
    login_as(client, user_with_role(Role.EMPLOYEE, agency=world.mine, employee=world.ani))
    assert "Tambah pegawai" not in client.get(LIST).content.decode()
    client.logout()
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine, employee=world.budi))
    assert "Tambah pegawai" in client.get(LIST).content.decode()


# --- the detail --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "status", "editable"),
    [(OTHER_AGENCY_ADMIN, 404, None), (SAME_AGENCY_EMPLOYEE, 200, False), (AGENCY_ADMIN, 200, True)],
)
def test_employee_detail_access(client, world, case, status, editable):
    login_as(client, user_for_case(case, agency=world.mine, other_agency=world.other))
    response = client.get(reverse("directory:employee_detail", args=[world.budi.pk]))
    assert response.status_code == status
    body = response.content.decode()
    if status == 404:
        assert "Budi" not in body
        return
    assert ("Ubah data" in body, "Mutasi / promosi" in body, "Nonaktifkan" in body) == (editable,) * 3


def test_employee_detail_for_the_anonymous_public_redirects(client, world):
    url = reverse("directory:employee_detail", args=[world.budi.pk])
    assert client.get(url)["Location"] == f"/akun/masuk/?next={url}"


def test_employee_detail_shows_the_record_superior_subordinates_and_history(client, world):
    head = EmployeeFactory(position=world.positions.head, name="Hadi")
    login_as(client, user_with_role(Role.SECRETARY, government=world.government))
    response = client.get(reverse("directory:employee_detail", args=[world.budi.pk]))
    body = response.content.decode()
    assert "<h1>Ir. Budi, M.T.</h1>" in body
    assert f"<dt>NIP</dt><dd>{world.budi.nip}</dd>" in body
    assert response.context["supervisor"] == head
    assert [e.name for e in response.context["subordinates"]] == ["Ani"]
    assert [(p.position.name, p.start_date, p.end_date) for p in response.context["history"]] == [
        ("Kepala Bidang Aplikasi", date(2020, 1, 1), None)
    ]
    assert '<th scope="row">1 Januari 2020</th>' in body


def test_a_superior_outside_the_readers_scope_is_not_named(client, world):
    sekda_position = PositionFactory(agency=world.other, name="Sekretaris Daerah", is_agency_head=True)
    EmployeeFactory(position=sekda_position, name="Sekda Rahasia")
    world.positions.head.superior = sekda_position
    world.positions.head.save()
    head = EmployeeFactory(position=world.positions.head, name="Hadi")
    login_as(client, user_with_role(Role.EMPLOYEE, agency=world.mine, employee=world.ani))
    body = client.get(reverse("directory:employee_detail", args=[head.pk])).content.decode()
    assert "Sekda Rahasia" not in body
    assert "Di luar OPD yang dapat Anda lihat" in body


def test_a_deactivated_employee_offers_no_mutasi(client, world):
    login_as(client, user_with_role(Role.AGENCY_ADMIN, agency=world.mine, employee=world.budi))
    body = client.get(reverse("directory:employee_detail", args=[world.dedi.pk])).content.decode()
    assert ("Tidak aktif" in body, "Ubah data" in body, "Mutasi / promosi" in body) == (True, True, False)
