"""Delivery: sending a signed letter to its addressees and tembusan inside the government (each receiving
agency gives it an agenda number), registering an incoming external letter at a records desk (scan,
sender, their number and date, SRIKANDI reference), and recording who read what (every read of a
secret letter is audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency, Employee
from terpadu.documents.interfaces import store_upload

from . import letter_rules, people, policies, rules, search
from .drafts import AUDIT_FIELDS, _check, _classification, _employees
from .letter_services import _audit, _close, _item, _locked, _notify
from .models import InboxItem, Letter, LetterRecipient, LetterType, SecurityLevel, Urgency
from .services import number_allocate

SCAN_PURPOSE = "correspondence_scan"
Status = Letter.Status


def _receivers(recipient: LetterRecipient) -> list[Employee]:
    if recipient.target == LetterRecipient.Target.AGENCY:
        assert recipient.agency is not None
        return people.agency_receivers(recipient.agency)
    if recipient.target == LetterRecipient.Target.POSITION:
        assert recipient.position is not None
        return people.position_holders(recipient.position)
    assert recipient.employee is not None
    return [recipient.employee]


def _agenda(recipient: LetterRecipient, agency_id: int | None, year: int, given: dict[int, int]) -> None:
    """One agenda number per receiving agency and letter (the incoming register of that agency)."""
    if agency_id is None:
        return
    if agency_id not in given:
        agency = Agency.objects.get(pk=agency_id)
        given[agency_id] = number_allocate(agency=agency, register=rules.INCOMING_AGENDA, year=year)
    recipient.agenda_number, recipient.agenda_year = given[agency_id], year


def _deliver(letter: Letter, year: int) -> list[int]:
    """Inbox items for every internal addressee (Kepada: to follow up) and tembusan; returns employee ids."""
    now = timezone.now()
    given: dict[int, int] = {}
    reached: dict[int, str] = {}
    recipients = letter.recipients.exclude(target=LetterRecipient.Target.EXTERNAL).select_related(
        "agency", "position", "employee"
    )
    for recipient in recipients:
        employees = _receivers(recipient)
        _agenda(recipient, employees[0].agency_id, year, given)
        recipient.delivered_at = now
        recipient.save(update_fields=["agenda_number", "agenda_year", "delivered_at"])
        for employee in employees:
            if employee.pk in reached and (reached[employee.pk] == "to" or recipient.kind == "cc"):
                continue  # one item per person: Kepada wins over tembusan
            reached[employee.pk] = recipient.kind
            InboxItem.objects.filter(letter=letter, employee=employee, kind__in=["to", "cc"]).delete()
            _item(
                letter,
                employee,
                recipient.kind,
                follow_up_status=InboxItem.FollowUp.PENDING if recipient.kind == "to" else InboxItem.FollowUp.NONE,
            )
    return list(reached)


@transaction.atomic
def letter_send(*, user: Any, letter: Letter) -> Letter:
    """Send a signed letter: internal addressees receive it in their inbox at once; external ones are
    sent the signed PDF by the records desk (printed or by e-mail), which this step records."""
    letter = _locked(letter)
    policies.ensure(policies.can_send(actor_of(user), letter), "Hanya konseptor atau petugas TU yang dapat mengirim.")
    _check(letter, letter_rules.Action.SEND)
    before = snapshot(letter, AUDIT_FIELDS)
    reached = _deliver(letter, timezone.localdate().year if letter.letter_date is None else letter.letter_date.year)
    letter.status, letter.sent_at = Status.SENT, timezone.now()
    letter.save(update_fields=["status", "sent_at", "updated_at"])
    _close(letter, InboxItem.Kind.SEND)
    _notify(letter, reached, "letter.received", f"Naskah masuk: {letter.number}", f"received:{letter.pk}")
    _audit(user, "letter.send", letter, before, delivered_to=len(reached))
    return letter


# --- incoming external letters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingInput:
    agency_id: int
    sender_name: str
    sender_number: str
    sender_date: date | None
    subject: str
    received_on: date | None = None
    classification: str = ""
    letter_type: str = ""
    urgency: str = "biasa"
    security_level: str = ""
    srikandi_ref: str = ""
    body: str = ""
    addressee_ids: tuple[int, ...] = ()


def _incoming_checks(data: IncomingInput, government_id: int) -> dict[str, str]:
    errors = {}
    for name, label in (("sender_name", "Pengirim"), ("sender_number", "Nomor surat"), ("subject", "Hal")):
        if not str(getattr(data, name)).strip():
            errors[name] = f"{label} wajib diisi."
    if data.sender_date is None:
        errors["sender_date"] = "Tanggal surat wajib diisi."
    elif data.sender_date > timezone.localdate():
        errors["sender_date"] = "Tanggal surat tidak boleh di masa depan."
    if data.urgency not in Urgency.values:
        errors["urgency"] = "Sifat naskah tidak dikenal."
    if data.security_level and data.security_level not in SecurityLevel.values:
        errors["security_level"] = "Klasifikasi keamanan tidak dikenal."
    return errors


def _duplicate(data: IncomingInput, government_id: int) -> Letter | None:
    same = Letter.objects.filter(government_id=government_id, agency_id=data.agency_id, direction="incoming")
    if data.srikandi_ref.strip():
        found = same.filter(srikandi_ref=data.srikandi_ref.strip()).first()
        if found:
            return found
    return same.filter(sender_name__iexact=data.sender_name.strip(), sender_number=data.sender_number.strip()).first()


@transaction.atomic
def letter_register_incoming(*, user: Any, data: IncomingInput, scan: UploadedFile | None = None) -> Letter:
    """The records desk registers a letter from outside (by post, by hand or through SRIKANDI): it gets
    the agency's agenda number and goes to the head (or the chosen addressees) to be followed up."""
    actor = actor_of(user)
    policies.ensure(
        policies.can_register_incoming(actor, data.agency_id), "Hanya petugas TU OPD yang dapat mencatat naskah masuk."
    )
    registrar = people.employee_of(user)
    agency = Agency.objects.get(pk=data.agency_id)
    errors = _incoming_checks(data, agency.government_id)
    if errors:
        raise ValidationFailed("Periksa kembali isian naskah masuk.", fields=errors)
    if (existing := _duplicate(data, agency.government_id)) is not None:
        raise Conflict(f"Naskah ini sudah dicatat (agenda {existing.pk}): nomor dan pengirim yang sama.")
    classification = _classification(agency.government_id, data.classification)
    letter = Letter(
        government_id=agency.government_id,
        agency=agency,
        direction=Letter.Direction.INCOMING,
        status=Status.RECEIVED,
        letter_type=LetterType.objects.filter(government_id=agency.government_id, code=data.letter_type).first(),
        classification=classification,
        subject=data.subject.strip()[:500],
        body=data.body.strip(),
        urgency=data.urgency,
        drafted_by=registrar,
        created_by=user,
        security_level=data.security_level or (classification.security_level if classification else "biasa"),
        sender_name=data.sender_name.strip()[:300],
        sender_number=data.sender_number.strip()[:200],
        sender_date=data.sender_date,
        received_on=data.received_on or timezone.localdate(),
        srikandi_ref=data.srikandi_ref.strip()[:100],
        letter_date=data.sender_date,
    )
    if scan is not None:
        letter.scan_id = store_upload(file=scan, purpose=SCAN_PURPOSE, user=user, government_id=agency.government_id).id
    letter.save()
    addressees = (
        _employees(agency.government_id, data.addressee_ids, "addressee_ids")
        if data.addressee_ids
        else people.agency_receivers(agency)
    )
    recipient = LetterRecipient.objects.create(
        letter=letter,
        kind="to",
        target="agency",
        agency=agency,
        name=f"Kepala {agency.name}",
        order=1,
        delivered_at=timezone.now(),
    )
    recipient.agenda_year = (letter.received_on or timezone.localdate()).year
    recipient.agenda_number = number_allocate(agency=agency, register=rules.INCOMING_AGENDA, year=recipient.agenda_year)
    recipient.save(update_fields=["agenda_number", "agenda_year"])
    _item(letter, registrar, InboxItem.Kind.OWNER, read_at=timezone.now())
    for employee in addressees:
        _item(letter, employee, InboxItem.Kind.TO, follow_up_status=InboxItem.FollowUp.PENDING)
    search.letter_search_index([letter.pk])
    _notify(letter, [e.pk for e in addressees], "letter.received", "Naskah masuk baru", f"received:{letter.pk}")
    _audit(user, "letter.register_incoming", letter, {}, agenda_number=recipient.agenda_number)
    return letter


# --- reads -------------------------------------------------------------------------------------------------


def letter_read_record(*, user: Any, letter: Letter, channel: str = "web", ip_address: str | None = None) -> None:
    """The user opened the letter: their unread items become read; a secret letter's every read is audited."""
    employee_id = getattr(user, "employee_id", None)
    if employee_id is not None:
        InboxItem.objects.filter(letter=letter, employee_id=employee_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    if letter.security_level != "biasa":
        audit_record(
            actor=user,
            action="letter.read_secret",
            target=letter,
            government_id=letter.government_id,
            after={"security_level": letter.security_level, "channel": channel},
            ip_address=ip_address,
        )
