"""The E-Surat generator at a tiny size: deterministic, coherent boxes and dispositions, the search index,
the accounts, and the access rules holding on generated data."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.generate import generate_province
from bench.letters import LetterPlanner, generate_letters, load_org
from terpadu.core.roles import Role
from terpadu.correspondence import search, selectors
from terpadu.correspondence.models import InboxItem, Letter
from terpadu.directory.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    return generate_province(seed=21, agencies=6, employees=300)


def test_letters_boxes_and_dispositions(gov):
    generated = generate_letters(gov, letters=1_500, sample_users=20)

    letters = Letter.objects.filter(government_id=gov.government_id)
    items = InboxItem.objects.filter(government_id=gov.government_id)
    assert letters.count() == generated.letters == 1_500
    assert items.count() == generated.items and 2.0 < generated.items / generated.letters < 4.5
    assert items.filter(kind="disposition").count() == generated.dispositions > 0
    levels = Counter(letters.values_list("security_level", flat=True))
    assert levels["biasa"] > 0.8 * 1_500 and levels["rahasia"] > 0
    assert set(letters.values_list("status", flat=True)) >= {"sent", "received", "draft", "signed"}
    assert letters.filter(status__in=["sent", "signed"], number__isnull=True).count() == 0
    assert items.filter(kind="owner").count() == 1_500
    assert items.filter(read_at__isnull=True).exists() and items.filter(follow_up_status="pending").exists()


def test_dispositions_hang_under_the_heads_entry_two_levels_deep(gov):
    generate_letters(gov, letters=1_000, sample_users=10)

    items = {item.pk: item for item in InboxItem.objects.filter(government_id=gov.government_id)}
    depths: Counter[int] = Counter()
    for item in items.values():
        if item.kind != "disposition":
            continue
        parent, depth = items[item.parent_id or 0], 1
        assert parent.letter_id == item.letter_id and item.sender_id == parent.employee_id
        assert parent.follow_up_status in ("forwarded", "done") and item.due_date is not None
        siblings = [other.follow_up_status for other in items.values() if other.parent_id == parent.pk]
        assert (parent.follow_up_status == "forwarded") == any(s in ("pending", "forwarded") for s in siblings)
        while parent.kind == "disposition":
            parent, depth = items[parent.parent_id or 0], depth + 1
        assert parent.kind == "to"
        depths[depth] += 1
    assert set(depths) == {1, 2}


def test_same_seed_same_letters(gov):
    def plan() -> list[tuple[object, ...]]:
        import random

        from django.utils import timezone

        org = load_org(gov.government_id, gov.agency_admin_ids.values(), random.Random(3))
        users = dict.fromkeys(org.agencies, gov.platform_admin_id)
        now = timezone.now().replace(hour=3, minute=0, second=0, microsecond=0)
        chunk = LetterPlanner(org, seed=3, government_id=gov.government_id, users=users, now=now).chunk(200, 1)
        return [(row["subject"], row["status"], row.get("number"), row["agency_id"]) for row in chunk.letters]

    assert plan() == plan()


def test_the_index_and_the_accounts(gov):
    generated = generate_letters(gov, letters=800, sample_users=15)

    some = Letter.objects.filter(government_id=gov.government_id, number__isnull=False).first()
    assert some is not None and some.number
    assert some.pk in set(Letter.objects.filter(search.search_filter(some.number)).values_list("pk", flat=True))
    assert len(generated.employee_user_ids) == 15 and len(generated.head_user_ids) == 6
    head = User.objects.get(pk=next(iter(generated.head_user_ids.values())))
    assert head.get_actor().has_role(Role.AGENCY_HEAD) or head.get_actor().has_role(Role.SECRETARY)
    employee = User.objects.get(pk=generated.employee_user_ids[0])
    assert employee.get_actor().has_role(Role.EMPLOYEE)
    assert selectors.box_counts(user=employee)["all"] > 0


def test_nobody_finds_a_secret_letter_they_do_not_take_part_in(gov):
    generated = generate_letters(gov, letters=1_500, sample_users=10)
    readers = [*generated.employee_user_ids, *generated.head_user_ids.values(), gov.secretary_id]

    secret_seen = 0
    for user in User.objects.filter(pk__in=readers):
        mine = set(InboxItem.objects.filter(employee_id=user.employee_id or 0).values_list("letter_id", flat=True))
        for letter in selectors.letter_search(user=user, q="rapat"):
            assert letter.security_level == "biasa" or letter.pk in mine
            secret_seen += letter.security_level != "biasa"
    assert secret_seen > 0  # their own secret letters, found by the participants
