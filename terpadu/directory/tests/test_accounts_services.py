"""Account services: who may open accounts, grant roles, reset passwords and two-factor — and the audit."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django_otp.plugins.otp_totp.models import TOTPDevice

from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import AGENCY_ROLES, Role
from terpadu.directory import account_services
from terpadu.directory.models import RoleAssignment, User
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    UserFactory,
    totp_device,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _roles_of(user: User) -> set[tuple[str, int | None]]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", "agency_id"))


def _employee_of(agency):  # type: ignore[no-untyped-def]
    return EmployeeFactory(position=PositionFactory(agency=agency))


# --- opening accounts --------------------------------------------------------------------------------


def test_an_agency_admin_opens_an_account_for_an_employee_of_its_agency() -> None:
    # given an agency admin and an employee of the same agency without an account
    admin = user_with_role(Role.AGENCY_ADMIN)
    agency = admin.employee.agency
    employee = _employee_of(agency)
    # when the admin opens an account with the employee and operator roles
    account, password = account_services.user_create_for_employee(
        user=admin, employee=employee, username="budi.uji", roles=[Role.EMPLOYEE, Role.AGENCY_OPERATOR]
    )
    # then the account exists, holds both roles in that agency and must replace the temporary password
    account.refresh_from_db()
    assert (account.username, account.employee_id, account.government_id) == (
        "budi.uji",
        employee.pk,
        agency.government_id,
    )
    assert account.must_change_password is True
    assert account.check_password(password) is True
    assert len(password) == 19 and password.count("-") == 3
    assert _roles_of(account) == {("employee", agency.pk), ("agency_operator", agency.pk)}
    # and it is audited without the password
    events = AuditEvent.objects.filter(object_id=str(account.pk)).order_by("sequence")
    assert [e.action for e in events] == ["user.create", "user.role_grant", "user.role_grant"]
    assert events[0].after == {
        "username": "budi.uji",
        "employee_id": employee.pk,
        "is_active": True,
        "must_change_password": True,
    }
    assert events[0].actor_id == admin.pk
    assert password not in json.dumps([e.after for e in events])


def test_an_agency_admin_cannot_open_an_account_for_another_agencys_employee() -> None:
    # given an agency admin and an employee of another agency of the same government
    admin = user_with_role(Role.AGENCY_ADMIN)
    other = _employee_of(AgencyFactory(government=admin.government))
    # when the admin tries to open an account for that employee, then it is refused and nothing is created
    with pytest.raises(AccessDenied):
        account_services.user_create_for_employee(user=admin, employee=other, username="lain", roles=[Role.EMPLOYEE])
    assert not User.objects.filter(username="lain").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


@pytest.mark.parametrize(
    ("username", "field_message"),
    [
        ("", "Wajib diisi."),
        ("198503142010031001", "Tidak boleh hanya angka."),
        (
            "nama dengan spasi",
            "Masukkan nama pengguna valid. Nilai ini hanya boleh mengandung karakter, angka, dan karakter @/./+/-/_.",
        ),
        ("ADMIN.OPD", "Sudah dipakai."),
    ],
)
def test_a_bad_username_is_refused_and_nothing_is_written(username: str, field_message: str) -> None:
    # given an agency admin called admin.opd and an employee without an account
    admin = user_with_role(Role.AGENCY_ADMIN, username="admin.opd")
    employee = _employee_of(admin.employee.agency)
    users_before = User.objects.count()
    # when the admin opens an account with a bad username
    with pytest.raises(ValidationFailed) as refused:
        account_services.user_create_for_employee(
            user=admin, employee=employee, username=username, roles=[Role.EMPLOYEE]
        )
    # then it is refused next to the username field, and no account, role or audit row is written
    assert refused.value.fields["username"][0] == field_message
    assert User.objects.count() == users_before
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_an_employee_gets_only_one_account() -> None:
    # given an employee who already has an account
    admin = user_with_role(Role.PLATFORM_ADMIN)
    holder = user_with_role(Role.EMPLOYEE, agency=AgencyFactory(government=admin.government))
    # when an admin opens a second account for them, then it is refused
    with pytest.raises(ValidationFailed) as refused:
        account_services.user_create_for_employee(
            user=admin, employee=holder.employee, username="kedua", roles=[Role.EMPLOYEE]
        )
    assert refused.value.message == "Pegawai ini sudah memiliki akun."
    assert not User.objects.filter(username="kedua").exists()


# --- granting and revoking roles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.EMPLOYEE, True),
        (Role.AGENCY_OPERATOR, True),
        (Role.AGENCY_ADMIN, True),
        (Role.AGENCY_HEAD, False),
        (Role.PLATFORM_ADMIN, False),
        (Role.REGIONAL_HEAD, False),
        (Role.DEPUTY_HEAD, False),
        (Role.SECRETARY, False),
        (Role.AUDITOR, False),
    ],
)
def test_an_agency_admin_grants_only_agency_staff_roles_in_its_own_agency(role: Role, allowed: bool) -> None:
    # given an agency admin and an account (without roles yet) of an employee of the same agency
    admin = user_with_role(Role.AGENCY_ADMIN)
    agency = admin.employee.agency
    account = UserFactory(government=admin.government, employee=_employee_of(agency))
    target_agency = agency if role in AGENCY_ROLES else None
    before = _roles_of(account)
    # when the admin grants the role
    if allowed:
        account_services.role_grant(user=admin, account=account, role=role, agency=target_agency)
        # then the account holds it, and the grant is audited
        assert _roles_of(account) == before | {(role.value, agency.pk)}
        event = AuditEvent.objects.get(action="user.role_grant")
        assert (event.actor_id, event.after) == (admin.pk, {"role": role.value, "agency_id": agency.pk})
    else:
        # then it is refused and nothing changed
        with pytest.raises(AccessDenied):
            account_services.role_grant(user=admin, account=account, role=role, agency=target_agency)
        assert _roles_of(account) == before
        assert not AuditEvent.objects.filter(action="user.role_grant").exists()


def test_an_agency_admin_cannot_grant_a_role_in_another_agency() -> None:
    # given an agency admin, an employee account of its agency and another agency
    admin = user_with_role(Role.AGENCY_ADMIN)
    account = user_with_role(Role.EMPLOYEE, agency=admin.employee.agency)
    elsewhere = AgencyFactory(government=admin.government)
    before = _roles_of(account)
    # when the admin grants the operator role in the other agency, then it is refused
    with pytest.raises(AccessDenied):
        account_services.role_grant(user=admin, account=account, role=Role.AGENCY_OPERATOR, agency=elsewhere)
    assert _roles_of(account) == before


def test_the_platform_admin_grants_agency_head_and_government_wide_roles() -> None:
    # given the platform admin and an employee account
    admin = user_with_role(Role.PLATFORM_ADMIN)
    agency = AgencyFactory(government=admin.government)
    account = user_with_role(Role.EMPLOYEE, agency=agency)
    # when it grants agency head (in the agency) and secretary (government-wide)
    account_services.role_grant(user=admin, account=account, role=Role.AGENCY_HEAD, agency=agency)
    account_services.role_grant(user=admin, account=account, role=Role.SECRETARY)
    # then the account holds both
    assert _roles_of(account) == {("employee", agency.pk), ("agency_head", agency.pk), ("secretary", None)}


@pytest.mark.parametrize(
    ("role", "with_agency", "message"),
    [
        (Role.AGENCY_OPERATOR, False, "Peran ini berlaku di satu OPD: pilih OPD-nya."),
        (Role.AUDITOR, True, "Peran tingkat pemerintah daerah tidak memakai OPD."),
    ],
)
def test_the_agency_of_a_grant_must_match_the_kind_of_role(role: Role, with_agency: bool, message: str) -> None:
    # given the platform admin and an employee account
    admin = user_with_role(Role.PLATFORM_ADMIN)
    agency = AgencyFactory(government=admin.government)
    account = user_with_role(Role.EMPLOYEE, agency=agency)
    # when it grants an agency role without an agency, or a government-wide role with one
    with pytest.raises(ValidationFailed) as refused:
        account_services.role_grant(user=admin, account=account, role=role, agency=agency if with_agency else None)
    # then it is refused on the agency field and nothing changed
    assert refused.value.message == message
    assert list(refused.value.fields) == ["agency"]
    assert _roles_of(account) == {("employee", agency.pk)}


def test_a_role_is_revoked_and_the_revocation_audited() -> None:
    # given an operator account of an agency admin's agency
    admin = user_with_role(Role.AGENCY_ADMIN)
    agency = admin.employee.agency
    account = user_with_role(Role.AGENCY_OPERATOR, agency=agency)
    assignment = RoleAssignment.objects.get(user=account)
    # when the admin revokes it
    account_services.role_revoke(user=admin, account=account, assignment_id=assignment.pk)
    # then the account no longer holds it
    assert _roles_of(account) == set()
    event = AuditEvent.objects.get(action="user.role_revoke")
    assert (event.before, event.after) == ({"role": "agency_operator", "agency_id": agency.pk}, {})


def test_an_agency_admin_cannot_touch_an_account_holding_a_higher_role() -> None:
    # given an agency head of the agency admin's own agency
    admin = user_with_role(Role.AGENCY_ADMIN)
    head = user_with_role(Role.AGENCY_HEAD, agency=admin.employee.agency)
    password_hash = head.password
    # when the admin resets the head's password, deactivates it or revokes its role, then each is refused
    with pytest.raises(AccessDenied):
        account_services.password_reset_by_admin(user=admin, account=head)
    with pytest.raises(AccessDenied):
        account_services.user_set_active(user=admin, account=head, active=False)
    with pytest.raises(AccessDenied):
        account_services.role_revoke(user=admin, account=head, assignment_id=RoleAssignment.objects.get(user=head).pk)
    # and nothing changed
    head.refresh_from_db()
    assert (head.password, head.is_active, head.must_change_password) == (password_hash, True, False)
    assert _roles_of(head) == {("agency_head", admin.employee.agency_id)}


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN])
def test_an_admin_cannot_change_its_own_account_here(role: Role) -> None:
    # given an admin
    admin = user_with_role(role)
    # when it deactivates itself, then it is refused (its own password is changed on "Akun saya")
    with pytest.raises(AccessDenied):
        account_services.user_set_active(user=admin, account=admin, active=False)
    admin.refresh_from_db()
    assert admin.is_active is True


def test_the_auditor_is_read_only_even_with_an_admin_role() -> None:
    # given a platform admin who is also an auditor, and an employee account
    admin = user_with_role(Role.PLATFORM_ADMIN)
    RoleAssignment.objects.create(user=admin, role=Role.AUDITOR.value)
    account = user_with_role(Role.EMPLOYEE, agency=AgencyFactory(government=admin.government))
    # when it grants a role, then it is refused
    with pytest.raises(AccessDenied):
        account_services.role_grant(user=admin, account=account, role=Role.SECRETARY)
    assert _roles_of(account) == {("employee", account.employee.agency_id)}


# --- status, passwords, two-factor -----------------------------------------------------------------


def test_deactivating_and_reactivating_an_account_is_audited() -> None:
    # given an employee account of an agency admin's agency
    admin = user_with_role(Role.AGENCY_ADMIN)
    account = user_with_role(Role.EMPLOYEE, agency=admin.employee.agency)
    # when the admin deactivates it, then reactivates it
    account_services.user_set_active(user=admin, account=account, active=False)
    account.refresh_from_db()
    assert account.is_active is False
    account_services.user_set_active(user=admin, account=account, active=True)
    # then both changes are audited with before and after
    events = AuditEvent.objects.filter(object_id=str(account.pk)).order_by("sequence")
    assert [(e.action, e.before, e.after) for e in events] == [
        ("user.deactivate", {"is_active": True}, {"is_active": False}),
        ("user.activate", {"is_active": False}, {"is_active": True}),
    ]


def test_an_admin_password_reset_sets_a_temporary_password_and_lifts_the_lockout() -> None:
    # given an employee account locked out after failed logins
    admin = user_with_role(Role.AGENCY_ADMIN)
    account = user_with_role(Role.EMPLOYEE, agency=admin.employee.agency, username="terkunci")
    AccessAttempt.objects.create(username="terkunci", ip_address="127.0.0.1", failures_since_start=5)
    # when the admin resets the password
    password = account_services.password_reset_by_admin(user=admin, account=account)
    # then the temporary password works, must be changed, and the lockout is gone
    account.refresh_from_db()
    assert account.check_password(password) is True
    assert account.check_password("rahasia-uji-123") is False
    assert account.must_change_password is True
    assert not AccessAttempt.objects.filter(username="terkunci").exists()
    # and the audit row tells what happened without the password
    event = AuditEvent.objects.get(action="user.password_reset")
    assert (event.actor_id, event.object_id) == (admin.pk, str(account.pk))
    assert event.before == {"must_change_password": False}
    assert event.after == {"must_change_password": True, "password_reset": True, "lockout_attempts_cleared": 1}


@pytest.mark.parametrize(
    ("old", "new", "confirm", "field", "message"),
    [
        ("salah", "Kelapa-Sawit-2024", "Kelapa-Sawit-2024", "old_password", "Kata sandi lama salah."),
        (
            "rahasia-uji-123",
            "Kelapa-Sawit-2024",
            "Kelapa-Sawit-2025",
            "new_password_confirm",
            "Tidak sama dengan kata sandi baru.",
        ),
        ("rahasia-uji-123", "rahasia-uji-123", "rahasia-uji-123", "new_password", "Sama dengan yang lama."),
        (
            "rahasia-uji-123",
            "pendek",
            "pendek",
            "new_password",
            "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter.",
        ),
        ("rahasia-uji-123", "1234567890123", "1234567890123", "new_password", "Kata sandi ini terlalu umum."),
    ],
)
def test_a_bad_new_password_is_refused_in_indonesian(
    old: str, new: str, confirm: str, field: str, message: str
) -> None:
    # given an employee
    user = user_with_role(Role.EMPLOYEE)
    password_hash = user.password
    # when they change their password badly
    with pytest.raises(ValidationFailed) as refused:
        account_services.password_change(user=user, old_password=old, new_password=new, new_password_confirm=confirm)
    # then it is refused next to the right field, and the password is unchanged
    assert refused.value.fields[field][0] == message
    user.refresh_from_db()
    assert user.password == password_hash


def test_changing_the_password_ends_the_temporary_password_requirement() -> None:
    # given an employee holding a temporary password
    user = user_with_role(Role.EMPLOYEE)
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    user.refresh_from_db()
    # when they choose a new one
    account_services.password_change(
        user=user,
        old_password="rahasia-uji-123",
        new_password="Kelapa-Sawit-2024",
        new_password_confirm="Kelapa-Sawit-2024",
    )
    # then it works and nothing more is required
    user.refresh_from_db()
    assert user.check_password("Kelapa-Sawit-2024") is True
    assert user.must_change_password is False
    event = AuditEvent.objects.get(action="user.password_change")
    assert event.after == {"must_change_password": False, "password_changed": True}


def test_only_the_platform_admin_resets_two_factor() -> None:
    # given an agency head of some agency with a confirmed device, the platform admin and that agency's admin
    platform = user_with_role(Role.PLATFORM_ADMIN)
    agency = AgencyFactory(government=platform.government)
    account = user_with_role(Role.AGENCY_OPERATOR, agency=agency)
    agency_admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    totp_device(account)
    # when the agency admin resets the two-factor, then it is refused and the device stays
    with pytest.raises(AccessDenied):
        account_services.two_factor_reset(user=agency_admin, account=account)
    assert TOTPDevice.objects.filter(user=account).count() == 1
    # when the platform admin does, then the devices are gone and it is audited
    assert account_services.two_factor_reset(user=platform, account=account) == 1
    assert TOTPDevice.objects.filter(user=account).count() == 0
    event = AuditEvent.objects.get(action="user.two_factor_reset")
    assert (event.before, event.after) == ({"two_factor_devices": 1}, {"two_factor_devices": 0})
