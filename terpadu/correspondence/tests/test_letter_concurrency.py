"""100 letters signed from parallel threads on PostgreSQL get the numbers 1..100 of their register:
no duplicates, no gaps (RULES.md §6). The PDF step is queued per letter (counted, not rendered here:
rendering is tested in test_letter_pdf)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from terpadu.correspondence import letter_services, tasks
from terpadu.correspondence.drafts import letter_create_draft
from terpadu.correspondence.models import Letter, NumberSequence
from terpadu.correspondence.tests.org import build_org, draft_input

POSTGRES_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_100_letters_signed_in_parallel_are_numbered_1_to_100(monkeypatch: pytest.MonkeyPatch) -> None:
    queued: list[int] = []
    monkeypatch.setattr(tasks, "letter_finalise", lambda letter_id: queued.append(letter_id))
    org = build_org()
    head = org.kominfo.head
    letters = []
    for n in range(100):
        letter = letter_create_draft(
            user=org.kominfo.chief, data=draft_input(org, reviewer_ids=(), subject=f"Surat {n}")
        )
        letter_services.letter_submit(user=org.kominfo.chief, letter=letter)
        letters.append(letter)

    def sign(letter: Letter) -> Any:
        try:
            return letter_services.letter_sign(user=head, letter=letter, render_now=False).sequence
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        sequences = list(pool.map(sign, letters))

    year = timezone.localdate().year
    assert sorted(sequences) == list(range(1, 101))
    numbers = set(Letter.objects.values_list("number", flat=True))
    assert numbers == {f"000.1.5/{n}/{org.kominfo.agency.code}/{year}" for n in range(1, 101)}
    assert NumberSequence.objects.get(register_key__endswith=":outgoing").last_value == 100
    assert sorted(queued) == sorted(letter.pk for letter in letters)
