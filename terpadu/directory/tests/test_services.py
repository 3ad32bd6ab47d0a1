"""Directory services: each checks the policy, validates, writes in one transaction and audits."""

from __future__ import annotations

from datetime import date

import pytest

from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory import services
from terpadu.directory.models import Agency, Employee, Placement, Position
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    make_nip,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _last_audit() -> AuditEvent:
    return AuditEvent.objects.order_by("-sequence").first()


# --- agencies ----------------------------------------------------------------------------------------


def test_platform_admin_creates_an_agency_with_a_full_audit_row():
    # given the platform admin of a government
    admin = user_with_role(Role.PLATFORM_ADMIN)
    # when they create an agency
    agency = services.agency_create(
        user=admin, government=admin.government, code="3.09", name="Dinas Perhubungan", kind="dinas"
    )
    # then it exists and the audit row holds its whole picture
    event = _last_audit()
    assert (event.action, event.object_id, event.government_id, event.agency_id) == (
        "agency.create",
        str(agency.pk),
        admin.government_id,
        None,
    )
    assert event.before is None
    assert event.after == {
        "id": agency.pk,
        "government_id": admin.government_id,
        "code": "3.09",
        "name": "Dinas Perhubungan",
        "short_name": "",
        "kind": "dinas",
        "address": "",
        "phone": "",
        "email": "",
        "is_active": True,
    }


def test_an_agency_admin_cannot_create_an_agency():
    agency = AgencyFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    audits = AuditEvent.objects.count()
    with pytest.raises(AccessDenied):
        services.agency_create(user=admin, government=agency.government, code="X", name="X", kind="dinas")
    assert Agency.objects.count() == 1
    assert AuditEvent.objects.count() == audits


def test_a_duplicate_agency_code_is_reported_on_the_code_field():
    agency = AgencyFactory(code="3.01")
    admin = user_with_role(Role.PLATFORM_ADMIN, government=agency.government)
    with pytest.raises(ValidationFailed) as caught:
        services.agency_create(user=admin, government=agency.government, code="3.01", name="Lain", kind="dinas")
    assert caught.value.fields == {"code": ["Kode sudah dipakai oleh data lain."]}
    assert Agency.objects.count() == 1


def test_the_agency_admin_changes_the_contact_of_their_agency_and_only_the_change_is_audited():
    agency = AgencyFactory(phone="0380-1")
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    services.agency_update(user=admin, agency=agency, phone="0380-2", address="Jl. Baru", code=agency.code)
    agency.refresh_from_db()
    assert (agency.phone, agency.address) == ("0380-2", "Jl. Baru")
    event = _last_audit()
    assert event.action == "agency.update"
    assert event.before == {"address": "", "phone": "0380-1"}
    assert event.after == {"address": "Jl. Baru", "phone": "0380-2"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "9.99"}, "Hanya admin platform yang dapat mengubah kode OPD."),
        ({"name": "Nama Baru"}, "Admin OPD hanya dapat mengubah alamat, telepon dan email OPD."),
    ],
)
def test_the_agency_admin_cannot_change_the_code_or_name(changes, message):
    agency = AgencyFactory(code="3.01", name="Dinas Lama")
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    audits = AuditEvent.objects.count()
    with pytest.raises(AccessDenied) as caught:
        services.agency_update(user=admin, agency=agency, **changes)
    assert caught.value.message == message
    assert Agency.objects.filter(code="3.01", name="Dinas Lama").count() == 1
    assert AuditEvent.objects.count() == audits


def test_another_agency_admin_cannot_update_the_agency():
    agency = AgencyFactory(phone="1")
    stranger = user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(government=agency.government))
    with pytest.raises(AccessDenied):
        services.agency_update(user=stranger, agency=agency, phone="2")
    agency.refresh_from_db()
    assert agency.phone == "1"


# --- units and positions ------------------------------------------------------------------------------


def test_org_unit_cycle_is_refused_on_the_parent_field():
    # given a unit A with a child B
    a = OrgUnitFactory(code="A")
    b = OrgUnitFactory(agency=a.agency, parent=a, code="B")
    admin = user_with_role(Role.AGENCY_ADMIN, agency=a.agency)
    # when A is given B as its parent
    with pytest.raises(ValidationFailed) as caught:
        services.org_unit_save(user=admin, agency=a.agency, unit=a, parent=b)
    # then it is refused and nothing changes
    message = "Unit kerja tidak boleh menjadi induk dirinya sendiri atau induk dari induknya."
    assert caught.value.fields == {"parent": [message]}
    a.refresh_from_db()
    assert a.parent_id is None


def test_org_unit_parent_from_another_agency_is_refused():
    unit = OrgUnitFactory()
    foreign = OrgUnitFactory(agency=AgencyFactory(government=unit.agency.government))
    admin = user_with_role(Role.PLATFORM_ADMIN, government=unit.agency.government)
    with pytest.raises(ValidationFailed) as caught:
        services.org_unit_save(user=admin, agency=unit.agency, unit=unit, parent=foreign)
    assert caught.value.fields == {"parent": ["Data terkait harus berasal dari OPD yang sama."]}


def test_org_unit_create_is_audited():
    agency = AgencyFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    unit = services.org_unit_save(user=admin, agency=agency, code="01", name="Sekretariat", kind="sekretariat")
    event = _last_audit()
    assert (event.action, event.object_id, event.agency_id) == ("org_unit.save", str(unit.pk), agency.pk)
    assert event.after == {
        "id": unit.pk,
        "agency_id": agency.pk,
        "parent_id": None,
        "code": "01",
        "name": "Sekretariat",
        "kind": "sekretariat",
        "is_active": True,
    }


def test_position_cycle_is_refused():
    head = PositionFactory(code="H")
    deputy = PositionFactory(agency=head.agency, code="S", superior=head)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=head.agency)
    with pytest.raises(ValidationFailed) as caught:
        services.position_save(user=admin, agency=head.agency, position=head, superior=deputy)
    message = "Jabatan tidak boleh menjadi atasan dirinya sendiri atau atasan dari atasannya."
    assert caught.value.fields == {"superior": [message]}
    head.refresh_from_db()
    assert head.superior_id is None


def test_a_superior_in_another_agency_must_be_an_agency_head():
    position = PositionFactory()
    government = position.agency.government
    other_staff = PositionFactory(agency=AgencyFactory(government=government))
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    with pytest.raises(ValidationFailed) as caught:
        services.position_save(user=admin, agency=position.agency, position=position, superior=other_staff)
    assert caught.value.fields == {"superior": ["Atasan harus jabatan di OPD yang sama atau jabatan kepala OPD."]}


def test_an_agency_head_reports_to_the_head_of_another_agency_of_the_same_government():
    head = PositionFactory(is_agency_head=True)
    sekda = PositionFactory(agency=AgencyFactory(government=head.agency.government), is_agency_head=True)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=head.agency)
    services.position_save(user=admin, agency=head.agency, position=head, superior=sekda)
    head.refresh_from_db()
    assert head.superior_id == sekda.pk
    assert (_last_audit().before, _last_audit().after) == ({"superior_id": None}, {"superior_id": sekda.pk})


def test_a_superior_of_another_government_is_refused():
    position = PositionFactory()
    foreign_head = PositionFactory(is_agency_head=True)
    admin = user_with_role(Role.PLATFORM_ADMIN, government=position.agency.government)
    with pytest.raises(ValidationFailed) as caught:
        services.position_save(user=admin, agency=position.agency, position=position, superior=foreign_head)
    assert caught.value.fields == {"superior": ["Atasan harus jabatan di pemerintah daerah yang sama."]}


# --- employees ----------------------------------------------------------------------------------------


def _create(admin, position, **fields):
    values = {"nip": make_nip(7, birth=date(1990, 5, 17), gender=2, appointed=(2015, 1)), "name": "Siti Aminah"}
    values.update(fields)
    return services.employee_create(
        user=admin,
        government=position.agency.government,
        position=position,
        start_date=date(2024, 2, 1),
        decree_number="SK-1",
        **values,
    )


def test_employee_create_derives_birth_date_and_gender_and_opens_an_appointment():
    position = PositionFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=position.agency)
    employee = _create(admin, position, nip="19900517 201501 2 007")
    employee.refresh_from_db()
    assert (employee.nip, employee.birth_date, employee.gender) == ("199005172015012007", date(1990, 5, 17), "P")
    assert (employee.agency_id, employee.position_id) == (position.agency_id, position.pk)
    placement = Placement.objects.get(employee=employee)
    assert (placement.kind, placement.start_date, placement.end_date, placement.decree_number) == (
        "pengangkatan",
        date(2024, 2, 1),
        None,
        "SK-1",
    )
    actions = list(AuditEvent.objects.filter(object_id=str(employee.pk)).order_by("sequence").values_list("action"))
    assert actions == [("employee.create",), ("employee.place.pengangkatan",)]


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("12345", "NIP harus terdiri dari 18 angka."),
        ("199002302015011001", "Tanggal lahir pada NIP (angka 1–8) bukan tanggal yang sah."),
        ("199005172015131001", "Bulan TMT CPNS pada NIP (angka 13–14) harus 01 sampai 12."),
        ("199005172005011001", "TMT CPNS pada NIP (angka 9–14) harus setelah pegawai berusia 18 tahun."),
        ("199005172015013001", "Kode jenis kelamin pada NIP (angka ke-15) harus 1 (laki-laki) atau 2 (perempuan)."),
    ],
)
def test_an_invalid_nip_is_refused_with_the_rule_message_and_nothing_is_written(nip, message):
    position = PositionFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=position.agency)
    employees, placements, audits = Employee.objects.count(), Placement.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        _create(admin, position, nip=nip)
    assert caught.value.fields == {"nip": [message]}
    assert (Employee.objects.count(), Placement.objects.count(), AuditEvent.objects.count()) == (
        employees,
        placements,
        audits,
    )


def test_a_duplicate_nip_is_reported_on_the_nip_field():
    existing = EmployeeFactory()
    admin = user_with_role(Role.PLATFORM_ADMIN, government=existing.government)
    with pytest.raises(ValidationFailed) as caught:
        _create(admin, existing.position, nip=existing.nip)
    assert caught.value.fields == {"nip": ["NIP sudah dipakai oleh data lain."]}
    assert Employee.objects.filter(nip=existing.nip).count() == 1


def test_an_org_unit_of_another_agency_rolls_back_the_whole_creation():
    position = PositionFactory()
    foreign_unit = OrgUnitFactory(agency=AgencyFactory(government=position.agency.government))
    admin = user_with_role(Role.PLATFORM_ADMIN, government=position.agency.government)
    with pytest.raises(ValidationFailed) as caught:
        _create(admin, position, org_unit=foreign_unit)
    assert caught.value.fields == {"org_unit": ["Unit kerja harus dari OPD jabatan tujuan."]}
    assert Employee.objects.filter(name="Siti Aminah").count() == 0


def test_an_agency_admin_cannot_create_an_employee_in_another_agency():
    position = PositionFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(government=position.agency.government))
    with pytest.raises(AccessDenied):
        _create(admin, position)
    assert Employee.objects.filter(name="Siti Aminah").count() == 0


def test_employee_update_audits_only_the_changed_fields():
    employee = EmployeeFactory(name="Budi", rank="")
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    services.employee_update(user=admin, employee=employee, name="Budi Santoso", rank="Penata (III/c)")
    event = _last_audit()
    assert (event.action, event.object_id) == ("employee.update", str(employee.pk))
    assert event.before == {"name": "Budi", "rank": ""}
    assert event.after == {"name": "Budi Santoso", "rank": "Penata (III/c)"}


def test_employee_update_of_the_nip_derives_the_birth_date_again():
    employee = EmployeeFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    new_nip = make_nip(5, birth=date(1992, 8, 1), gender=2, appointed=(2016, 4))
    services.employee_update(user=admin, employee=employee, nip=new_nip)
    employee.refresh_from_db()
    assert (employee.nip, employee.birth_date, employee.gender) == (new_nip, date(1992, 8, 1), "P")
    assert _last_audit().after == {"nip": new_nip, "birth_date": "1992-08-01", "gender": "P"}


def test_employee_update_refuses_placement_fields():
    employee = EmployeeFactory()
    other = PositionFactory(agency=employee.agency)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    with pytest.raises(ValidationFailed) as caught:
        services.employee_update(user=admin, employee=employee, position=other)
    assert caught.value.message == "Penempatan diubah melalui mutasi, bukan melalui ubah data pegawai."


def test_mutasi_closes_the_old_placement_and_opens_a_new_one():
    # given an employee placed since 2020-01-01 and a position in another unit of the same agency
    employee = EmployeeFactory()
    old_position = employee.position
    unit = OrgUnitFactory(agency=employee.agency)
    target = PositionFactory(agency=employee.agency, org_unit=unit)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    # when the admin records a mutasi from 2024-07-01
    placement = services.employee_place(
        user=admin, employee=employee, position=target, start_date=date(2024, 7, 1), decree_number="SK-9"
    )
    # then the old placement ends on that day, the new one is open and the employee follows it
    history = list(Placement.objects.filter(employee=employee).order_by("start_date"))
    assert [(p.position_id, p.start_date, p.end_date, p.kind) for p in history] == [
        (old_position.pk, date(2020, 1, 1), date(2024, 7, 1), "pengangkatan"),
        (target.pk, date(2024, 7, 1), None, "mutasi"),
    ]
    assert history[1].pk == placement.pk
    employee.refresh_from_db()
    assert (employee.position_id, employee.org_unit_id) == (target.pk, unit.pk)
    event = _last_audit()
    assert event.action == "employee.place.mutasi"
    assert event.before == {"agency_id": employee.agency_id, "position_id": old_position.pk, "org_unit_id": None}
    assert event.after == {
        "agency_id": employee.agency_id,
        "position_id": target.pk,
        "org_unit_id": unit.pk,
        "start_date": "2024-07-01",
        "decree_number": "SK-9",
    }


def test_mutasi_before_the_current_tmt_is_refused():
    employee = EmployeeFactory()
    target = PositionFactory(agency=employee.agency)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    with pytest.raises(ValidationFailed) as caught:
        services.employee_place(user=admin, employee=employee, position=target, start_date=date(2020, 1, 1))
    message = "TMT penempatan baru harus setelah TMT penempatan sekarang (01-01-2020)."
    assert caught.value.fields == {"start_date": [message]}
    assert Placement.objects.filter(employee=employee).count() == 1


def test_an_agency_admin_cannot_move_an_employee_to_another_agency():
    employee = EmployeeFactory()
    target = PositionFactory(agency=AgencyFactory(government=employee.government))
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    with pytest.raises(AccessDenied):
        services.employee_place(user=admin, employee=employee, position=target, start_date=date(2024, 1, 1))
    employee.refresh_from_db()
    assert employee.agency_id != target.agency_id


def test_the_platform_admin_moves_an_employee_to_another_agency():
    employee = EmployeeFactory()
    target = PositionFactory(agency=AgencyFactory(government=employee.government))
    admin = user_with_role(Role.PLATFORM_ADMIN, government=employee.government)
    services.employee_place(user=admin, employee=employee, position=target, start_date=date(2024, 1, 1))
    employee.refresh_from_db()
    assert (employee.agency_id, employee.position_id) == (target.agency_id, target.pk)


def test_employee_deactivate_closes_the_placement_and_the_account():
    employee = EmployeeFactory()
    account = user_with_role(Role.EMPLOYEE, agency=employee.agency, employee=employee)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    services.employee_deactivate(user=admin, employee=employee, end_date=date(2025, 3, 31))
    employee.refresh_from_db()
    account.refresh_from_db()
    assert (employee.is_active, account.is_active) == (False, False)
    assert list(Placement.objects.filter(employee=employee).values_list("end_date", flat=True)) == [date(2025, 3, 31)]
    event = _last_audit()
    assert (event.action, event.before, event.after) == (
        "employee.deactivate",
        {"is_active": True},
        {"is_active": False},
    )


def test_employee_deactivate_before_the_tmt_is_refused():
    employee = EmployeeFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    with pytest.raises(ValidationFailed) as caught:
        services.employee_deactivate(user=admin, employee=employee, end_date=date(2019, 12, 31))
    message = "Tanggal berhenti tidak boleh sebelum TMT penempatan sekarang (01-01-2020)."
    assert caught.value.fields == {"end_date": [message]}
    employee.refresh_from_db()
    assert employee.is_active is True


def test_an_inactive_employee_cannot_be_moved():
    employee = EmployeeFactory(is_active=False)
    target = PositionFactory(agency=employee.agency)
    admin = user_with_role(Role.AGENCY_ADMIN, agency=employee.agency)
    with pytest.raises(ValidationFailed) as caught:
        services.employee_place(user=admin, employee=employee, position=target, start_date=date(2024, 1, 1))
    assert caught.value.fields == {"position": ["Pegawai yang sudah tidak aktif tidak dapat dimutasi."]}


def test_position_create_is_refused_for_the_agency_operator():
    agency = AgencyFactory()
    operator = user_with_role(Role.AGENCY_OPERATOR, agency=agency)
    with pytest.raises(AccessDenied):
        services.position_save(user=operator, agency=agency, code="X", name="X", kind="pelaksana")
    assert Position.objects.filter(code="X").count() == 0


def test_pns_employees_without_a_pppk_number_do_not_collide():
    # given two PNS created from a form that sends an empty NI PPPK
    position = PositionFactory()
    admin = user_with_role(Role.AGENCY_ADMIN, agency=position.agency)
    first = _create(admin, position, pppk_number="", nip=make_nip(1))
    second = _create(admin, position, pppk_number="", nip=make_nip(2))
    # then both are stored, with no NI PPPK at all
    assert list(Employee.objects.filter(pk__in=[first.pk, second.pk]).values_list("pppk_number", flat=True)) == [
        None,
        None,
    ]
