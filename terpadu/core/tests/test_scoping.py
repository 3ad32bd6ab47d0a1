"""core.scoping narrows by government, then by agency unless the role sees the whole government."""

import pytest

from terpadu.core.errors import NotFound
from terpadu.core.roles import Role
from terpadu.core.scoping import get_for_user, scoped
from terpadu.directory.models import Employee
from terpadu.directory.tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    home = AgencyFactory(code="A1")
    other = AgencyFactory(code="B1", government=home.government)
    foreign = AgencyFactory(code="C1")  # another government
    return {
        "home": EmployeeFactory(name="Ani", position=PositionFactory(agency=home)),
        "other": EmployeeFactory(name="Bona", position=PositionFactory(agency=other)),
        "foreign": EmployeeFactory(name="Cici", position=PositionFactory(agency=foreign)),
        "home_agency": home,
    }


def names(user):
    return set(scoped(Employee.objects.all(), user).values_list("name", flat=True))


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert names(AnonymousUser()) == set()


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.REGIONAL_HEAD, Role.SECRETARY, Role.AUDITOR])
def test_government_wide_roles_see_every_agency_of_their_government_only(world, role):
    user = user_with_role(role, government=world["home_agency"].government)
    assert names(user) == {"Ani", "Bona"} | ({user.employee.name} if user.employee else set())


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.AGENCY_HEAD, Role.EMPLOYEE])
def test_agency_roles_see_their_own_agency_only(world, role):
    user = user_with_role(role, agency=world["home_agency"])
    assert names(user) == {"Ani", user.employee.name}


def test_get_for_user_gives_the_same_404_for_missing_and_not_yours(world):
    user = user_with_role(Role.AGENCY_ADMIN, agency=world["home_agency"])
    assert get_for_user(Employee, user, world["home"].pk) == world["home"]
    with pytest.raises(NotFound) as not_yours:
        get_for_user(Employee, user, world["other"].pk)
    with pytest.raises(NotFound) as missing:
        get_for_user(Employee, user, 10**9)
    assert not_yours.value.message == missing.value.message == "Data tidak ditemukan."


def test_an_inactive_user_sees_nothing(world):
    user = user_with_role(Role.PLATFORM_ADMIN, government=world["home_agency"].government)
    user.is_active = False
    assert names(user) == set()
