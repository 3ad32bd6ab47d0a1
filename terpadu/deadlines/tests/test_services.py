"""The deadline services: requests, responses and their workflow, with audit rows and side effects."""

from datetime import timedelta

import pytest

from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.deadlines import services
from terpadu.deadlines.models import AgencyResponse, Obligation, ResponseValue
from terpadu.deadlines.rules import ItemDraft, Status
from terpadu.deadlines.selectors import unscoped_compliance_rows
from terpadu.notifications.models import Notification

from .factories import BEFORE_DUE, DUE, MINUTE, OPENS, complete_values, item_ids, make_request, submit, world

pytestmark = pytest.mark.django_db


def statuses(obligation, now):
    return {row.agency_code: row.status for row in unscoped_compliance_rows(obligation=obligation, now=now)}


def state_of(obligation, agency):
    response = AgencyResponse.objects.filter(obligation=obligation, agency=agency).first()
    return None if response is None else (response.state, response.version, response.submitted_at)


# --- requests ---------------------------------------------------------------------------------------


def test_create_keeps_a_draft_with_items_and_agencies_and_an_audit_row():
    w = world()
    obligation = make_request(w, publish=False)
    assert (obligation.status, obligation.requester_id, obligation.requester_agency_id) == ("draft", w.sekda.pk, None)
    assert list(obligation.items.order_by("order").values_list("label", "kind", "required")) == [
        ("Program kerja", "long_text", True),
        ("Kebutuhan anggaran (Rp)", "number", True),
        ("Catatan", "text", False),
    ]
    assert sorted(obligation.addressees.values_list("agency__code", flat=True)) == ["3.01", "3.03"]
    assert obligation.reminder_days == [3, 1, 0]
    event = AuditEvent.objects.get(action="deadline.request.create")
    assert (event.actor_id, event.object_id) == (w.sekda.pk, str(obligation.pk))


def test_an_agency_admin_asks_on_behalf_of_their_agency():
    w = world()
    obligation = make_request(w, requester=w.admin_bappeda, publish=False)
    assert obligation.requester_agency_id == w.bappeda.pk


@pytest.mark.parametrize("who", ["operator_kominfo", "employee_kominfo", "auditor"])
def test_who_may_not_create_a_request(who):
    w = world()
    with pytest.raises(AccessDenied):
        make_request(w, requester=getattr(w, who), publish=False)
    assert Obligation.objects.count() == 0


def test_create_refuses_with_the_field_and_writes_nothing():
    w = world()
    with pytest.raises(ValidationFailed) as refused:
        make_request(w, due_at=OPENS, publish=False)
    assert refused.value.fields == {"due_at": ["Batas waktu harus setelah waktu dibuka."]}
    with pytest.raises(ValidationFailed) as refused:
        make_request(w, items=[ItemDraft("Status", "choice", True, choices=("Ya",))], publish=False)
    assert refused.value.fields == {"items": ["Butir pilihan “Status” perlu paling sedikit dua pilihan."]}
    assert Obligation.objects.count() == 0


def test_publish_notifies_heads_and_admins_of_addressed_agencies_once():
    w = world()
    obligation = make_request(w)
    assert (obligation.status, obligation.published_at) == ("open", OPENS)
    notified = set(Notification.objects.filter(kind="deadline.published").values_list("user__username", flat=True))
    assert notified == {"kadis.kominfo", "admin.kominfo", "admin.dinkes"}
    with pytest.raises(Conflict):
        services.obligation_publish(user=w.sekda, obligation=obligation, now=OPENS)
    assert Notification.objects.filter(kind="deadline.published").count() == 3


def test_publish_refused_when_the_due_time_has_passed():
    w = world()
    obligation = make_request(w, publish=False)
    with pytest.raises(ValidationFailed, match="Batas waktu sudah lewat"):
        services.obligation_publish(user=w.sekda, obligation=obligation, now=DUE + MINUTE)
    obligation.refresh_from_db()
    assert obligation.status == "draft"


def test_a_published_request_cannot_be_edited():
    w = world()
    obligation = make_request(w)
    with pytest.raises(Conflict, match="sudah diterbitkan"):
        services.obligation_update(
            user=w.sekda,
            obligation=obligation,
            title="Baru",
            instructions="",
            opens_at=OPENS,
            due_at=DUE,
            items=[ItemDraft("X")],
            agency_ids=[w.kominfo.pk],
        )
    obligation.refresh_from_db()
    assert (obligation.title, obligation.items.count()) == ("Input Program Kerja dan Kebutuhan Anggaran 2027", 3)


def test_another_agency_admin_cannot_manage_bappeda_request():
    w = world()
    obligation = make_request(w, requester=w.admin_bappeda, publish=False)
    with pytest.raises(AccessDenied):
        services.obligation_publish(user=w.admin_dinkes, obligation=obligation, now=OPENS)
    obligation.refresh_from_db()
    assert obligation.status == "draft"


# --- responses and the derived status -------------------------------------------------------------------


def test_derived_status_of_each_agency_through_the_workflow():
    w = world()
    obligation = make_request(w)
    assert statuses(obligation, BEFORE_DUE) == {"3.01": Status.NOT_STARTED, "3.03": Status.NOT_STARTED}
    program, _, _ = item_ids(obligation)
    services.response_save_draft(
        user=w.operator_kominfo, obligation=obligation, agency=w.kominfo, values={program: "Draf"}, now=BEFORE_DUE
    )
    assert statuses(obligation, BEFORE_DUE)["3.01"] is Status.IN_PROGRESS
    submit(w, obligation, at=DUE - MINUTE)
    submit(w, obligation, w.dinkes, at=DUE + MINUTE)
    assert statuses(obligation, DUE + MINUTE) == {"3.01": Status.SUBMITTED, "3.03": Status.SUBMITTED_LATE}


def test_nothing_submitted_is_overdue_one_minute_after_the_due_time():
    w = world()
    obligation = make_request(w)
    assert statuses(obligation, DUE)["3.01"] is Status.NOT_STARTED
    assert statuses(obligation, DUE + MINUTE)["3.01"] is Status.OVERDUE


def test_returned_then_resubmitted_late_is_submitted_late():
    w = world()
    obligation = make_request(w)
    response = submit(w, obligation, at=DUE - timedelta(hours=2))
    services.response_return(
        user=w.sekda, response=response, note="Anggaran belum dirinci.", now=DUE - timedelta(hours=1)
    )
    assert statuses(obligation, DUE + MINUTE)["3.01"] is Status.RETURNED
    row = unscoped_compliance_rows(obligation=obligation, now=DUE + MINUTE)[0]
    assert (row.return_note, row.late_by_minutes) == ("Anggaran belum dirinci.", 1)
    resubmitted = submit(w, obligation, at=DUE + timedelta(minutes=30))
    assert (resubmitted.state, resubmitted.submission_count, resubmitted.first_submitted_at) == (
        "submitted",
        2,
        DUE - timedelta(hours=2),
    )
    row = unscoped_compliance_rows(obligation=obligation, now=DUE + timedelta(hours=1))[0]
    assert (row.status, row.late_by_minutes) == (Status.SUBMITTED_LATE, 30)


def test_accept_and_the_audit_trail_of_the_response():
    w = world()
    obligation = make_request(w)
    response = submit(w, obligation)
    services.response_accept(user=w.sekda, response=response, now=DUE)
    assert statuses(obligation, DUE + MINUTE)["3.01"] is Status.ACCEPTED
    actions = list(
        AuditEvent.objects.filter(object_type="deadlines.agencyresponse")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["deadline.response.submit", "deadline.response.accept"]
    accepted = Notification.objects.get(kind="deadline.accepted", user=w.operator_kominfo)
    assert accepted.title == "Jawaban diterima: Input Program Kerja dan Kebutuhan Anggaran 2027"


def test_submit_refused_while_required_items_are_missing_and_nothing_changes():
    w = world()
    obligation = make_request(w)
    program, budget, note = item_ids(obligation)
    services.response_save_draft(
        user=w.operator_kominfo, obligation=obligation, agency=w.kominfo, values={note: "Catatan saja"}, now=BEFORE_DUE
    )
    before = state_of(obligation, w.kominfo)
    with pytest.raises(ValidationFailed) as refused:
        services.response_submit(
            user=w.operator_kominfo, obligation=obligation, agency=w.kominfo, values={note: "Diubah"}, now=BEFORE_DUE
        )
    assert refused.value.message == (
        "Belum dapat dikirim. Butir wajib yang belum diisi: Program kerja; Kebutuhan anggaran (Rp)."
    )
    assert refused.value.fields == {
        f"item_{program}": ["Wajib diisi sebelum dikirim."],
        f"item_{budget}": ["Wajib diisi sebelum dikirim."],
    }
    assert state_of(obligation, w.kominfo) == before == ("draft", 1, None)
    assert list(ResponseValue.objects.values_list("text", flat=True)) == ["Catatan saja"]
    assert not AuditEvent.objects.filter(action="deadline.response.submit").exists()


def test_a_typed_value_is_checked_and_normalised():
    w = world()
    obligation = make_request(w)
    _, budget, _ = item_ids(obligation)
    with pytest.raises(ValidationFailed) as refused:
        services.response_save_draft(
            user=w.operator_kominfo,
            obligation=obligation,
            agency=w.kominfo,
            values={budget: "satu miliar"},
            now=BEFORE_DUE,
        )
    assert refused.value.fields == {f"item_{budget}": ["Harus berupa angka."]}
    assert state_of(obligation, w.kominfo) is None
    services.response_save_draft(
        user=w.operator_kominfo,
        obligation=obligation,
        agency=w.kominfo,
        values={budget: "1.500.000.000"},
        now=BEFORE_DUE,
    )
    assert ResponseValue.objects.get().text == "1500000000"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("submit", "Jawaban ini sudah dikirim atau sudah diterima."),
        ("save", "Jawaban yang sudah dikirim atau diterima tidak dapat diubah."),
    ],
)
def test_a_submitted_response_cannot_be_saved_or_submitted_again(action, message):
    w = world()
    obligation = make_request(w)
    submit(w, obligation)
    before = state_of(obligation, w.kominfo)
    service = services.response_submit if action == "submit" else services.response_save_draft
    with pytest.raises(Conflict) as refused:
        service(
            user=w.operator_kominfo,
            obligation=obligation,
            agency=w.kominfo,
            values=complete_values(obligation),
            now=BEFORE_DUE,
        )
    assert refused.value.message == message
    assert state_of(obligation, w.kominfo) == before


@pytest.mark.parametrize("state", ["draft", "returned", "accepted"])
def test_only_a_submitted_response_can_be_returned_or_accepted(state):
    w = world()
    obligation = make_request(w)
    program, _, _ = item_ids(obligation)
    response = services.response_save_draft(
        user=w.operator_kominfo, obligation=obligation, agency=w.kominfo, values={program: "x"}, now=BEFORE_DUE
    )
    if state != "draft":
        response = submit(w, obligation)
        review = services.response_return if state == "returned" else services.response_accept
        kwargs = {"note": "Perbaiki"} if state == "returned" else {}
        response = review(user=w.sekda, response=response, now=BEFORE_DUE, **kwargs)
    before = state_of(obligation, w.kominfo)
    with pytest.raises(Conflict):
        services.response_accept(user=w.sekda, response=response, now=BEFORE_DUE)
    with pytest.raises(Conflict):
        services.response_return(user=w.sekda, response=response, note="Lagi", now=BEFORE_DUE)
    assert state_of(obligation, w.kominfo) == before


def test_return_needs_a_note():
    w = world()
    obligation = make_request(w)
    response = submit(w, obligation)
    with pytest.raises(ValidationFailed) as refused:
        services.response_return(user=w.sekda, response=response, note="  ", now=BEFORE_DUE)
    assert refused.value.fields == {"note": ["Wajib diisi."]}
    assert state_of(obligation, w.kominfo)[0] == "submitted"


def test_a_form_posted_over_a_newer_version_is_refused():
    w = world()
    obligation = make_request(w)
    program, _, _ = item_ids(obligation)
    first = services.response_save_draft(
        user=w.operator_kominfo, obligation=obligation, agency=w.kominfo, values={program: "A"}, now=BEFORE_DUE
    )
    services.response_save_draft(
        user=w.admin_kominfo,
        obligation=obligation,
        agency=w.kominfo,
        values={program: "B"},
        expected_version=first.version,
        now=BEFORE_DUE,
    )
    with pytest.raises(Conflict, match="baru saja diubah"):
        services.response_save_draft(
            user=w.operator_kominfo,
            obligation=obligation,
            agency=w.kominfo,
            values={program: "C"},
            expected_version=first.version,
            now=BEFORE_DUE,
        )
    assert ResponseValue.objects.get().text == "B"


@pytest.mark.parametrize("who", ["admin_dinkes", "employee_kominfo", "sekda", "auditor"])
def test_only_the_agency_head_admin_or_operator_answers(who):
    w = world()
    obligation = make_request(w)
    with pytest.raises(AccessDenied):
        submit(w, obligation, user=getattr(w, who))
    assert state_of(obligation, w.kominfo) is None


def test_answers_refused_before_opening_and_after_closing():
    w = world()
    obligation = make_request(w)
    with pytest.raises(Conflict, match="belum dibuka"):
        submit(w, obligation, at=OPENS - MINUTE)
    services.obligation_close(user=w.sekda, obligation=obligation, now=BEFORE_DUE)
    with pytest.raises(Conflict, match="sudah ditutup"):
        submit(w, obligation)
    assert state_of(obligation, w.kominfo) is None


def test_submission_notifies_the_requester_and_publishes_the_webhook_event():
    from terpadu.webhooks.models import Delivery, WebhookEndpoint

    w = world()
    WebhookEndpoint.objects.create(
        government=w.government,
        name="Dasbor",
        url="https://dasbor.example/hook",
        secret="rahasia",
        event_types=["deadline.response.submitted"],
    )
    obligation = make_request(w)
    submit(w, obligation, at=DUE + timedelta(hours=2))
    note = Notification.objects.get(kind="deadline.submitted")
    assert (note.user_id, note.title, note.body) == (
        w.sekda.pk,
        "Diskominfo mengirim jawaban",
        "Input Program Kerja dan Kebutuhan Anggaran 2027 — terlambat 2 jam.",
    )
    delivery = Delivery.objects.get(event_type="deadline.response.submitted")
    assert delivery.payload == {
        "request_id": obligation.pk,
        "title": "Input Program Kerja dan Kebutuhan Anggaran 2027",
        "agency_code": "3.01",
        "submitted_at": "2026-05-11T10:00:00+00:00",
        "late_by_minutes": 120,
        "submission": 1,
    }
    assert delivery.idempotency_key == f"deadline:{obligation.pk}:submitted:{w.kominfo.pk}:1"
