"""Factories for E-Surat rows, written straight to the tables (no services): letters, box entries and
dispositions. A letter is added to the full-text index when it is created (``index=False`` to skip).

    letter = LetterFactory(agency=dinkes, subject="Undangan rapat", security_level="rahasia")
    to_head = deliver(letter, head)                                  # Kepada: the head's box entry
    to_chief = dispose(to_head, chief, instructions=["tindak_lanjuti"], due_date=date(2026, 5, 8))
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import factory
from django.utils import timezone

from terpadu.correspondence.models import InboxItem, Letter, LetterType
from terpadu.correspondence.search import letter_search_index
from terpadu.directory.models import Employee, User
from terpadu.directory.tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, UserFactory

Kind, FollowUp = InboxItem.Kind, InboxItem.FollowUp
REGISTERED = (Letter.Status.SIGNED, Letter.Status.SENT, Letter.Status.RECEIVED)


class LetterTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterType
        django_get_or_create = ("government", "code")

    government = factory.SubFactory("terpadu.directory.tests.factories.GovernmentFactory")
    code = "surat"
    name = "Surat"
    group = "korespondensi"
    template_key = "surat"
    signers = ["agency_head"]
    numbering_scope = "agency"


def _user_of(employee: Employee) -> User:
    user = User.objects.filter(employee=employee).first()
    return user or UserFactory(government=employee.government, employee=employee)


class LetterFactory(factory.django.DjangoModelFactory):
    """An outgoing letter of ``agency``, sent (numbered and dated) unless ``status`` says otherwise."""

    class Meta:
        model = Letter
        skip_postgeneration_save = True

    class Params:
        registered = factory.LazyAttribute(lambda o: o.status in REGISTERED)

    agency = factory.SubFactory(AgencyFactory)
    government = factory.LazyAttribute(lambda o: o.agency.government)
    direction = Letter.Direction.OUTGOING
    letter_type = factory.LazyAttribute(lambda o: LetterTypeFactory(government=o.government))
    subject = factory.Sequence(lambda n: f"Undangan rapat koordinasi nomor {n}")
    body = "Dengan hormat, bersama ini kami sampaikan hal tersebut untuk menjadi perhatian."
    urgency = "biasa"
    security_level = "biasa"
    status = Letter.Status.SENT
    drafted_by = factory.LazyAttribute(lambda o: EmployeeFactory(position=PositionFactory(agency=o.agency)))
    created_by = factory.LazyAttribute(lambda o: _user_of(o.drafted_by))
    number = factory.LazyAttributeSequence(lambda o, n: f"000.1/{n + 1}/OPD/2026" if o.registered else None)
    letter_date = factory.LazyAttribute(lambda o: date(2026, 5, 4) if o.registered else None)

    @factory.post_generation
    def index(obj: Letter, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            letter_search_index([obj.pk])


class IncomingLetterFactory(LetterFactory):
    """A letter from outside, registered by the records desk of ``agency``."""

    direction = Letter.Direction.INCOMING
    status = Letter.Status.RECEIVED
    number = None
    sender_name = "Kementerian Dalam Negeri"
    sender_number = factory.Sequence(lambda n: f"400.10/{n + 1}/SJ")
    sender_date = date(2026, 4, 30)
    received_on = date(2026, 5, 4)


class InboxItemFactory(factory.django.DjangoModelFactory):
    """A box entry: by default the letter addressed (Kepada) to a new employee of another agency."""

    class Meta:
        model = InboxItem

    letter = factory.SubFactory(LetterFactory)
    government = factory.LazyAttribute(lambda o: o.letter.government)
    employee = factory.LazyAttribute(
        lambda o: EmployeeFactory(position=PositionFactory(agency=AgencyFactory(government=o.letter.government)))
    )
    agency = factory.LazyAttribute(lambda o: o.employee.agency)
    kind = Kind.TO
    received_at = factory.LazyFunction(timezone.now)
    urgency = factory.LazyAttribute(lambda o: o.letter.urgency)
    follow_up_status = factory.LazyAttribute(
        lambda o: FollowUp.PENDING if o.kind in (Kind.TO, Kind.DISPOSITION) else FollowUp.NONE
    )


def deliver(letter: Letter, employee: Employee, kind: str = Kind.TO, **fields: Any) -> InboxItem:
    """``employee``'s box entry about ``letter`` (Kepada by default; any kind, e.g. "owner", "cc", "sign")."""
    return InboxItemFactory(letter=letter, employee=employee, kind=kind, **fields)


def dispose(
    parent: InboxItem,
    to: Employee,
    *,
    instructions: Sequence[str] = ("tindak_lanjuti",),
    note: str = "",
    due_date: date | None = None,
    received_at: datetime | None = None,
    **fields: Any,
) -> InboxItem:
    """A disposition of ``parent``'s letter from its holder to ``to``; ``parent`` becomes "forwarded"."""
    if parent.follow_up_status == FollowUp.PENDING:
        parent.follow_up_status = FollowUp.FORWARDED
        parent.save(update_fields=["follow_up_status"])
    return InboxItemFactory(
        letter=parent.letter,
        employee=to,
        kind=Kind.DISPOSITION,
        parent=parent,
        sender=parent.employee,
        instructions=list(instructions),
        note=note,
        due_date=due_date,
        received_at=received_at or parent.received_at + timedelta(hours=1),
        **fields,
    )


def disposition_chain(root: InboxItem, *levels: Sequence[Employee], **fields: Any) -> list[list[InboxItem]]:
    """Dispositions level by level: ``root`` to every employee of ``levels[0]``, the first of those to
    every employee of ``levels[1]``, and so on. Returns the items of each level."""
    made: list[list[InboxItem]] = []
    parent = root
    for employees in levels:
        made.append([dispose(parent, employee, **fields) for employee in employees])
        parent = made[-1][0]
    return made
