"""A request answered through a module's own workflow (E-Planning): only that module may answer, submit,
return or accept it; the engine's pages and notifications point at the module's pages; the engine still
computes the status, the reminders and the escalation."""

from datetime import timedelta

import pytest
from django.test import Client

from terpadu.core.errors import Conflict
from terpadu.deadlines import interfaces, services
from terpadu.deadlines.models import AgencyResponse, Obligation
from terpadu.deadlines.registry import ManagedModule, managed_module, register_module
from terpadu.directory.tests.factories import login_as
from terpadu.notifications.models import Notification

from .factories import DUE, ITEMS, OPENS, world

pytestmark = pytest.mark.django_db

MODULE = "test_module"


@pytest.fixture(autouse=True)
def registered():
    register_module(
        ManagedModule(MODULE, "Modul Uji", lambda rid: f"/uji/{rid}/", lambda rid, aid: f"/uji/{rid}/opd/{aid}/")
    )


def _managed(w, items=()):
    request_id = interfaces.managed_request_create(
        user=w.sekda,
        module=MODULE,
        title="Renja 2027",
        instructions="",
        opens_at=OPENS,
        due_at=DUE,
        items=list(items),
        agency_ids=[w.kominfo.pk, w.dinkes.pk],
    )
    interfaces.managed_request_publish(user=w.sekda, module=MODULE, request_id=request_id, now=OPENS)
    return request_id


def test_a_managed_request_needs_no_item_and_a_plain_one_does():
    w = world()
    assert interfaces.request_info(request_id=_managed(w)).items == ()
    with pytest.raises(Exception) as refused:
        services.obligation_create(
            user=w.sekda, title="x", instructions="", opens_at=OPENS, due_at=DUE, items=[], agency_ids=[w.kominfo.pk]
        )
    assert "paling sedikit satu butir" in str(refused.value)


def test_only_the_module_answers_and_reviews_it():
    w = world()
    request_id = _managed(w, ITEMS[2:])
    obligation = Obligation.objects.get(pk=request_id)
    during = OPENS + timedelta(days=1)
    with pytest.raises(Conflict) as refused:
        services.response_save_draft(
            user=w.operator_kominfo, obligation=obligation, agency=w.kominfo, values={}, now=during
        )
    assert refused.value.code == "managed_by_module"
    assert "Modul Uji" in refused.value.message
    assert not AgencyResponse.objects.exists()

    interfaces.managed_response_submit(
        user=w.operator_kominfo, module=MODULE, request_id=request_id, agency_id=w.kominfo.pk, now=during
    )
    response = AgencyResponse.objects.get()
    with pytest.raises(Conflict):
        services.response_accept(user=w.sekda, response=response, now=during)
    with pytest.raises(Conflict):
        interfaces.managed_response_accept(
            user=w.sekda, module="another", request_id=request_id, agency_id=w.kominfo.pk, now=during
        )
    interfaces.managed_response_accept(
        user=w.sekda, module=MODULE, request_id=request_id, agency_id=w.kominfo.pk, now=during
    )
    statuses = {
        a.agency_id: a.status for a in interfaces.request_compliance_of(request_id=request_id, now=during).agencies
    }
    assert statuses == {w.kominfo.pk: "accepted", w.dinkes.pk: "not_started"}


def test_links_of_the_engine_point_at_the_module():
    w = world()
    request_id = _managed(w)
    notified = Notification.objects.filter(user=w.admin_kominfo, kind="deadline.published").get()
    assert notified.url == f"/uji/{request_id}/"
    client = Client()
    login_as(client, w.admin_kominfo)
    assert client.get(f"/tenggat/{request_id}/")["Location"] == f"/uji/{request_id}/"
    assert (
        client.get(f"/tenggat/{request_id}/opd/{w.kominfo.pk}/")["Location"] == f"/uji/{request_id}/opd/{w.kominfo.pk}/"
    )


def test_the_engine_escalates_a_managed_request_like_any_other():
    w = world()
    request_id = _managed(w)
    assert interfaces.request_escalate(request_id=request_id, now=DUE + timedelta(minutes=1)) is True
    assert interfaces.request_escalate(request_id=request_id, now=DUE + timedelta(minutes=2)) is False
    assert interfaces.request_info(request_id=request_id).has_escalation is True


def test_an_unknown_module_name_is_no_module():
    assert managed_module("") is None and managed_module("nothing") is None
