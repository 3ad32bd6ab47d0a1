"""Directory selectors: the derived superior, scoped reads, holder counts and the unit tree."""

from __future__ import annotations

import pytest

from terpadu.core.roles import Role
from terpadu.directory.models import OrgUnit
from terpadu.directory.selectors import (
    employee_list_for_user,
    positions_for_user,
    subordinates_for_user,
    supervisor_for_user,
    supervisor_of,
    unit_tree,
)
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


# --- supervisor and scoping ---------------------------------------------------------------


def test_the_supervisor_is_the_holder_of_the_superior_position():
    head = EmployeeFactory(position=PositionFactory(is_agency_head=True))
    staff = EmployeeFactory(position=PositionFactory(agency=head.agency, superior=head.position))

    assert supervisor_of(staff) == head
    assert supervisor_of(head) is None


def test_a_vacant_superior_position_passes_to_the_next_one_up():
    head = EmployeeFactory(position=PositionFactory(is_agency_head=True))
    vacant = PositionFactory(agency=head.agency, superior=head.position)
    staff = EmployeeFactory(position=PositionFactory(agency=head.agency, superior=vacant))
    EmployeeFactory(position=vacant, is_active=False)  # a former holder does not count

    assert supervisor_of(staff) == head


def test_subordinates_and_supervisor_are_scoped_for_the_reader():

    sekda = EmployeeFactory(position=PositionFactory(is_agency_head=True))
    head = EmployeeFactory(
        position=PositionFactory(agency=AgencyFactory(government=sekda.government), superior=sekda.position)
    )
    reader = user_with_role(Role.AGENCY_ADMIN, agency=head.agency)
    assert supervisor_for_user(user=reader, employee=head) == (None, True)
    assert list(subordinates_for_user(user=reader, employee=sekda)) == [head]
    secretary = user_with_role(Role.SECRETARY, government=sekda.government)
    assert supervisor_for_user(user=secretary, employee=head) == (sekda, False)


def test_the_employee_list_is_scoped_to_the_readers_agency():

    mine = EmployeeFactory(name="Ani")
    EmployeeFactory(name="Budi", position=PositionFactory(agency=AgencyFactory(government=mine.government)))
    reader = user_with_role(Role.EMPLOYEE, agency=mine.agency, employee=mine)
    assert [e.name for e in employee_list_for_user(user=reader)] == ["Ani"]
    secretary = user_with_role(Role.SECRETARY, government=mine.government)
    assert [e.name for e in employee_list_for_user(user=secretary)] == ["Ani", "Budi"]


def test_positions_count_their_active_holders():

    position = PositionFactory()
    EmployeeFactory(position=position)
    EmployeeFactory(position=position, is_active=False)
    reader = user_with_role(Role.SECRETARY, government=position.agency.government)
    assert [(p.pk, p.holder_count) for p in positions_for_user(user=reader, agency=position.agency)] == [
        (position.pk, 1)
    ]


def test_unit_tree_lists_children_under_their_parent():

    root = OrgUnitFactory(code="00", name="Pimpinan")
    OrgUnitFactory(agency=root.agency, code="02", name="Bidang", parent=root)
    OrgUnitFactory(agency=root.agency, code="01", name="Sekretariat", parent=root)
    OrgUnitFactory(agency=root.agency, code="01.1", name="Subbagian", parent=OrgUnit.objects.get(code="01"))
    reader = user_with_role(Role.SECRETARY, government=root.agency.government)
    assert [(depth, unit.name) for depth, unit in unit_tree(user=reader, agency=root.agency)] == [
        (0, "Pimpinan"),
        (1, "Sekretariat"),
        (2, "Subbagian"),
        (1, "Bidang"),
    ]


def test_a_user_without_a_government_reads_no_audit_events():
    from terpadu.core.audit import AuditTarget, audit_record
    from terpadu.directory.selectors import audit_events_for_user, audit_object_types_for_user
    from terpadu.directory.tests.factories import UserFactory

    audit_record(actor=None, action="system.job", target=AuditTarget("core.job", "1"), government_id=None)
    auditor = UserFactory(government=None)
    auditor.role_assignments.create(role=Role.AUDITOR.value)
    assert (list(audit_events_for_user(user=auditor)), audit_object_types_for_user(user=auditor)) == ([], [])
