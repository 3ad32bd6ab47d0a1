"""Bearer token authentication: the user with their roles in one statement, refusals, the last-use touch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from terpadu.core.roles import Role
from terpadu.directory.models import ApiToken, RoleAssignment
from terpadu.directory.tests.factories import AgencyFactory, user_with_role
from terpadu.directory.tokens import TOUCH_EVERY, token_authenticate, token_create, token_revoke

pytestmark = pytest.mark.django_db


def _last_used(token: ApiToken):  # type: ignore[no-untyped-def]
    return ApiToken.objects.values_list("last_used_at", flat=True).get(pk=token.pk)


def test_the_user_comes_with_every_role_and_the_first_use_is_recorded() -> None:
    agency = AgencyFactory()
    user = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    RoleAssignment.objects.create(user=user, role=Role.EMPLOYEE.value, agency=agency)
    RoleAssignment.objects.create(user=user, role=Role.AUDITOR.value, agency=None)
    token, secret = token_create(user=user, name="presensi")
    assert _last_used(token) is None

    with CaptureQueriesContext(connection) as queries:
        found = token_authenticate(secret)
        assert found is not None
        actor = found.get_actor()  # no query: read with the token

    assert found.pk == user.pk and found.username == user.username and found.is_active
    assert found.government_id == user.government_id and found.employee_id == user.employee_id
    assert actor.roles == {Role.AGENCY_ADMIN, Role.EMPLOYEE, Role.AUDITOR}
    assert actor.roles_in(agency.pk) == {Role.AGENCY_ADMIN, Role.EMPLOYEE}
    assert actor.employee_id == user.employee_id and actor.government_id == user.government_id
    assert len(queries.captured_queries) <= 2  # the token with the user and roles, the touch
    assert _last_used(token) is not None


def test_a_user_without_any_role_has_an_empty_actor() -> None:
    user = user_with_role(Role.EMPLOYEE)
    RoleAssignment.objects.filter(user=user).delete()
    _, secret = token_create(user=user, name="x")

    found = token_authenticate(secret)

    assert found is not None and found.get_actor().roles == frozenset()


def test_the_touch_is_written_at_most_every_five_minutes() -> None:
    user = user_with_role(Role.EMPLOYEE)
    token, secret = token_create(user=user, name="presensi")
    token_authenticate(secret)
    first = _last_used(token)

    token_authenticate(secret)
    assert _last_used(token) == first  # recent: not written again

    stale = timezone.now() - TOUCH_EVERY - timedelta(seconds=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    token_authenticate(secret)
    assert _last_used(token) > stale


@pytest.mark.parametrize("case", ["unknown", "not ours", "revoked", "expired", "inactive user"])
def test_refused_tokens_are_not_touched(case: str) -> None:
    user = user_with_role(Role.EMPLOYEE)
    token, secret = token_create(user=user, name="presensi")
    if case == "unknown":
        secret = secret[:-4] + "0000"
    elif case == "not ours":
        secret = "abc_" + secret
    elif case == "revoked":
        token_revoke(user=user, token_id=token.pk)
    elif case == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    else:
        user.is_active = False
        user.save(update_fields=["is_active"])

    assert token_authenticate(secret) is None
    assert _last_used(token) is None
