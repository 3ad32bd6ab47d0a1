"""``manage.py letter_search_rebuild``: reindex every letter for full-text search, in batches (ADR 0012)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from terpadu.correspondence.search import letter_search_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text index of letters in batches; searching keeps working meanwhile."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=10_000, help="letters per transaction (10,000)")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{done:,} / {total:,}")

        indexed = letter_search_rebuild(batch_size=max(1, options["batch_size"]), progress=progress)
        self.stdout.write(f"{indexed:,} naskah diindeks.")
