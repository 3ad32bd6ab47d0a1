"""The only functions other modules (LPPD, planning, the dashboard) call for deadlines.

A module that answers requests through its own workflow (E-Planning) registers itself
(``register_module``) and creates, answers and reviews its requests with the ``managed_…`` functions.

They return frozen dataclasses, never model rows. Access is the caller's business: these read one
government's data by id, for modules that have already checked who asks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from terpadu.core.errors import Conflict
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency

from . import policies, registry, rules, services
from .models import AgencyResponse, EscalationReport, Obligation, ResponseValue
from .selectors import unscoped_compliance_tables
from .services.common import ensure_module


@dataclass(frozen=True)
class AgencyCompliance:
    agency_id: int
    agency_code: str
    status: str
    submitted_at: datetime | None
    late_by_minutes: int
    missing_items: tuple[str, ...]


@dataclass(frozen=True)
class RequestCompliance:
    request_id: int
    government_id: int
    title: str
    status: str
    due_at: datetime
    agencies: tuple[AgencyCompliance, ...]

    @property
    def handed_in(self) -> int:
        done = {rules.Status.SUBMITTED, rules.Status.SUBMITTED_LATE, rules.Status.ACCEPTED}
        return sum(1 for row in self.agencies if row.status in done)


def _compliances(obligations: list[Obligation], now: datetime | None) -> list[RequestCompliance]:
    tables = unscoped_compliance_tables(obligations=obligations, now=now or timezone.now())
    return [
        RequestCompliance(
            request_id=o.pk,
            government_id=o.government_id,
            title=o.title,
            status=o.status,
            due_at=o.due_at,
            agencies=tuple(
                AgencyCompliance(
                    r.agency_id,
                    r.agency_code,
                    r.status.value,
                    r.submitted_at,
                    r.late_by_minutes,
                    tuple(r.missing_items),
                )
                for r in tables[o.pk]
            ),
        )
        for o in obligations
    ]


def request_compliance(*, government_id: int, status: str = "", now: datetime | None = None) -> list[RequestCompliance]:
    """The published requests of a government (newest due first) with each addressed agency's status."""
    qs = Obligation.objects.filter(government_id=government_id).exclude(status=rules.ObligationStatus.DRAFT)
    return _compliances(list(qs.filter(status=status) if status else qs), now)


# --- requests answered through a module's own workflow (registry.py) ---------------------------------

ItemDraft = rules.ItemDraft
parse_reminder_days = rules.parse_reminder_days
DEFAULT_REMINDER_DAYS = rules.DEFAULT_REMINDER_DAYS
ManagedModule = registry.ManagedModule
register_module = registry.register_module


@dataclass(frozen=True)
class RequestItem:
    id: int
    label: str
    kind: str
    required: bool
    help_text: str
    choices: tuple[str, ...]
    allowed_types: tuple[str, ...]


@dataclass(frozen=True)
class ItemValue:
    item_id: int
    text: str
    file_id: int | None
    file_name: str


@dataclass(frozen=True)
class RequestInfo:
    id: int
    government_id: int
    title: str
    instructions: str
    status: str
    opens_at: datetime
    due_at: datetime
    reminder_days: tuple[int, ...]
    requester_id: int
    requester_agency_id: int | None
    agency_ids: tuple[int, ...]
    items: tuple[RequestItem, ...]
    has_escalation: bool


def _obligation(request_id: int, module: str) -> Obligation:
    obligation = Obligation.objects.select_related("government").get(pk=request_id)
    ensure_module(obligation, module)
    return obligation


def request_info(*, request_id: int) -> RequestInfo:
    obligation = Obligation.objects.get(pk=request_id)
    return RequestInfo(
        id=obligation.pk,
        government_id=obligation.government_id,
        title=obligation.title,
        instructions=obligation.instructions,
        status=obligation.status,
        opens_at=obligation.opens_at,
        due_at=obligation.due_at,
        reminder_days=tuple(obligation.reminder_days),
        requester_id=obligation.requester_id,
        requester_agency_id=obligation.requester_agency_id,
        agency_ids=tuple(obligation.addressees.order_by("agency__code").values_list("agency_id", flat=True)),
        items=tuple(
            RequestItem(i.pk, i.label, i.kind, i.required, i.help_text, tuple(i.choices), tuple(i.allowed_types))
            for i in obligation.items.order_by("order", "pk")
        ),
        has_escalation=EscalationReport.objects.filter(obligation=obligation).exists(),
    )


def managed_request_create(
    *,
    user: Any,
    module: str,
    title: str,
    instructions: str,
    opens_at: datetime,
    due_at: datetime,
    items: Sequence[ItemDraft],
    agency_ids: Sequence[int],
    reminder_days: Sequence[int] = rules.DEFAULT_REMINDER_DAYS,
    requester_agency_id: int | None = None,
) -> int:
    """A draft request answered through ``module``; its id."""
    return services.obligation_create(
        user=user,
        title=title,
        instructions=instructions,
        opens_at=opens_at,
        due_at=due_at,
        items=items,
        agency_ids=agency_ids,
        reminder_days=reminder_days,
        requester_agency_id=requester_agency_id,
        module=module,
    ).pk


def managed_request_update(
    *,
    user: Any,
    module: str,
    request_id: int,
    title: str,
    instructions: str,
    opens_at: datetime,
    due_at: datetime,
    items: Sequence[ItemDraft],
    agency_ids: Sequence[int],
    reminder_days: Sequence[int] = rules.DEFAULT_REMINDER_DAYS,
) -> None:
    services.obligation_update(
        user=user,
        obligation=_obligation(request_id, module),
        title=title,
        instructions=instructions,
        opens_at=opens_at,
        due_at=due_at,
        items=items,
        agency_ids=agency_ids,
        reminder_days=reminder_days,
        module=module,
    )


def managed_request_publish(*, user: Any, module: str, request_id: int, now: datetime | None = None) -> None:
    services.obligation_publish(user=user, obligation=_obligation(request_id, module), now=now)


def managed_request_close(*, user: Any, module: str, request_id: int, now: datetime | None = None) -> None:
    services.obligation_close(user=user, obligation=_obligation(request_id, module), now=now)


def can_manage_request(*, user: Any, request_id: int) -> bool:
    """Edit, publish, close the request and review its answers (the requester side)."""
    obligation = Obligation.objects.get(pk=request_id)
    return policies.can_manage(
        actor_of(user), government_id=obligation.government_id, requester_agency_id=obligation.requester_agency_id
    )


def can_respond_for(*, user: Any, agency_id: int) -> bool:
    return policies.can_respond(actor_of(user), agency_id)


def response_values(*, request_id: int, agency_id: int) -> dict[int, ItemValue]:
    """The answers an agency has given so far to the request's items, by item id."""
    values = ResponseValue.objects.filter(
        response__obligation_id=request_id, response__agency_id=agency_id
    ).select_related("stored_file")
    return {
        v.item_id: ItemValue(v.item_id, v.text, v.stored_file_id, v.stored_file.original_name if v.stored_file else "")
        for v in values
    }


def managed_response_save(
    *,
    user: Any,
    module: str,
    request_id: int,
    agency_id: int,
    values: Mapping[int, str],
    files: Mapping[int, UploadedFile] | None = None,
    clear_files: set[int] | None = None,
    now: datetime | None = None,
) -> None:
    services.response_save_draft(
        user=user,
        obligation=_obligation(request_id, module),
        agency=Agency.objects.get(pk=agency_id),
        values=values,
        files=files,
        clear_files=clear_files,
        now=now,
        module=module,
    )


def managed_response_submit(
    *, user: Any, module: str, request_id: int, agency_id: int, now: datetime | None = None
) -> None:
    """Hand the agency's answer in; refused (ValidationFailed, code ``missing_items``) while a required
    item is empty."""
    services.response_submit(
        user=user,
        obligation=_obligation(request_id, module),
        agency=Agency.objects.get(pk=agency_id),
        now=now,
        module=module,
    )


def _response(request_id: int, agency_id: int, module: str) -> AgencyResponse:
    obligation = _obligation(request_id, module)
    response = AgencyResponse.objects.filter(obligation=obligation, agency_id=agency_id).first()
    if response is None:
        raise Conflict("OPD ini belum mengirim jawaban.", code="not_submitted")
    return response


def managed_response_return(
    *, user: Any, module: str, request_id: int, agency_id: int, note: str, now: datetime | None = None
) -> None:
    services.response_return(
        user=user, response=_response(request_id, agency_id, module), note=note, now=now, module=module
    )


def managed_response_accept(
    *, user: Any, module: str, request_id: int, agency_id: int, now: datetime | None = None
) -> None:
    services.response_accept(user=user, response=_response(request_id, agency_id, module), now=now, module=module)


def request_compliance_of(*, request_id: int, now: datetime | None = None) -> RequestCompliance:
    """One request with each addressed agency's status (the deadlines engine's view of compliance)."""
    (found,) = _compliances([Obligation.objects.get(pk=request_id)], now)
    return found


def request_escalate(*, request_id: int, now: datetime | None = None) -> bool:
    """Write the escalation report of a request past its due time now (the job does it every 15
    minutes; the demo and tests call it directly). Idempotent: ``False`` when nothing was written."""
    obligation = Obligation.objects.get(pk=request_id)
    return services.escalation_create(obligation=obligation, now=now) is not None
