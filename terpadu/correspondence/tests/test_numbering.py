"""Letter numbers: one register per agency and year, 1..n without gaps or duplicates (RULES.md §6)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection, transaction

from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.correspondence import services
from terpadu.correspondence.models import NumberingSettings, NumberSequence
from terpadu.directory.models import Agency
from terpadu.directory.tests.factories import AgencyFactory, user_with_role

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent transactions need PostgreSQL"
)


class Boom(Exception):
    pass


def allocate(agency: Agency, register: str = "outgoing", year: int = 2026) -> int:
    with transaction.atomic():
        return services.number_allocate(agency=agency, register=register, year=year)


def allocate_then_fail(agency: Agency) -> None:
    with transaction.atomic():
        services.number_allocate(agency=agency, register="outgoing", year=2026)
        raise Boom


@pytest.mark.django_db
def test_sequential_allocation_is_1_to_n_per_register_and_year():
    agency, other = AgencyFactory(), AgencyFactory()
    assert [allocate(agency) for _ in range(5)] == [1, 2, 3, 4, 5]
    assert allocate(agency, year=2027) == 1
    assert allocate(agency, register="incoming_agenda") == 1
    assert allocate(other) == 1
    assert allocate(agency) == 6
    assert NumberSequence.objects.get(register_key=f"{agency.pk}:outgoing", year=2026).last_value == 6


@pytest.mark.django_db
def test_a_rolled_back_allocation_leaves_no_gap():
    agency = AgencyFactory()
    assert allocate(agency) == 1
    with pytest.raises(Boom):
        allocate_then_fail(agency)
    assert allocate(agency) == 2


@pytest.mark.django_db(transaction=True)
def test_allocation_needs_the_callers_transaction_and_a_known_register():
    agency = AgencyFactory()
    with pytest.raises(RuntimeError):
        services.number_allocate(agency=agency, register="outgoing", year=2026)
    with pytest.raises(ValueError):
        allocate(agency, register="keluar")


def _allocate_in_own_connection(agency: Agency) -> int:
    try:
        return allocate(agency)
    finally:
        connection.close()


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_100_parallel_allocations_give_exactly_1_to_100():
    agency = AgencyFactory()
    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(lambda _: _allocate_in_own_connection(agency), range(100)))
    assert sorted(numbers) == list(range(1, 101))
    assert NumberSequence.objects.get().last_value == 100


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_allocations_with_rollbacks_leave_no_gap():
    agency = AgencyFactory()

    def work(index: int) -> int | None:
        try:
            if index % 5 == 0:
                allocate_then_fail(agency)
            return allocate(agency)
        except Boom:
            return None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        numbers = [n for n in pool.map(work, range(60)) if n is not None]
    assert sorted(numbers) == list(range(1, 49))


@pytest.mark.django_db
def test_number_rendering_uses_the_pattern_in_force():
    agency = AgencyFactory(code="OR")
    admin = user_with_role(Role.PLATFORM_ADMIN, government=agency.government)
    kwargs = {"government": agency.government, "classification_code": "000.8.3.3", "agency": agency, "year": 2026}
    assert services.letter_number_render(sequence=15, month=11, **kwargs) == "000.8.3.3/15/OR/2026"
    services.numbering_settings_set(
        user=admin,
        government=agency.government,
        pattern="{classification_code}/{sequence}/{unit_code}/{month_roman}/{year}",
        effective_from=date(2026, 7, 1),
    )
    assert services.letter_number_render(sequence=15, month=11, **kwargs) == "000.8.3.3/15/OR/XI/2026"
    assert services.letter_number_render(sequence=15, month=6, **kwargs) == "000.8.3.3/15/OR/2026"
    assert services.letter_number_render(sequence=3, month=11, unit_code="UM", **kwargs) == "000.8.3.3/3/UM/XI/2026"


@pytest.mark.django_db
def test_numbering_settings_are_audited_and_validated():
    agency = AgencyFactory()
    admin = user_with_role(Role.PLATFORM_ADMIN, government=agency.government)
    services.numbering_settings_set(
        user=admin, government=agency.government, pattern="{sequence}/{year}", effective_from=date(2026, 1, 1)
    )
    services.numbering_settings_set(
        user=admin, government=agency.government, pattern="{sequence:03d}/{year}", effective_from=date(2026, 1, 1)
    )
    events = AuditEvent.objects.filter(action="correspondence.numbering.set").order_by("sequence")
    assert [(e.before, e.after) for e in events] == [
        (None, {"pattern": "{sequence}/{year}", "effective_from": "2026-01-01"}),
        (
            {"pattern": "{sequence}/{year}", "effective_from": "2026-01-01"},
            {"pattern": "{sequence:03d}/{year}", "effective_from": "2026-01-01"},
        ),
    ]
    with pytest.raises(ValidationFailed) as caught:
        services.numbering_settings_set(
            user=admin, government=agency.government, pattern="{sequence}", effective_from=date(2026, 2, 1)
        )
    assert caught.value.fields == {"pattern": ["Pola nomor harus memuat {year}."]}
    assert NumberingSettings.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SECRETARY, Role.AGENCY_ADMIN, Role.EMPLOYEE])
def test_only_the_platform_admin_sets_the_pattern(role):
    agency = AgencyFactory()
    user = user_with_role(role, agency=agency)
    with pytest.raises(AccessDenied):
        services.numbering_settings_set(
            user=user, government=agency.government, pattern="{sequence}/{year}", effective_from=date(2026, 1, 1)
        )
    assert not NumberingSettings.objects.exists()
    assert not AuditEvent.objects.filter(action="correspondence.numbering.set").exists()
