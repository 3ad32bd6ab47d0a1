"""The demo government holds a month of correspondence at every stage (issue: E-Surat "done when")."""

import pytest

from terpadu.correspondence.demo import seed_demo_correspondence
from terpadu.correspondence.models import Dossier, InboxItem, Letter
from terpadu.directory.demo import seed_demo_government
from terpadu.directory.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_correspondence_is_seeded_once_at_every_stage() -> None:
    government, _ = seed_demo_government()
    assert "naskah contoh" in seed_demo_correspondence(government.pk)
    count = Letter.objects.count()
    assert "sudah ada" in seed_demo_correspondence(government.pk) and Letter.objects.count() == count

    statuses = set(Letter.objects.values_list("status", flat=True))
    assert {"draft", "in_review", "to_sign", "returned", "sent", "received"} <= statuses
    kadis = User.objects.get(username="kadis.kominfo").employee
    assert Letter.objects.filter(signer=kadis, status="sent").count() == 3
    assert Letter.objects.filter(security_level="rahasia", status="sent").count() == 1
    assert Letter.objects.filter(direction="incoming", srikandi_ref__startswith="SRIKANDI").count() == 1
    dispositions = InboxItem.objects.filter(kind="disposition")
    assert dispositions.filter(parent__kind="disposition").exists()  # two levels down
    assert dispositions.filter(follow_up_status="done").exists()
    assert dispositions.filter(follow_up_status="pending", due_date__isnull=False).count() >= 2
    bupati = User.objects.get(username="bupati").employee
    assert InboxItem.objects.filter(employee=bupati, kind="to").exists()
    assert Dossier.objects.filter(closed_on__isnull=False).exists()
