from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from terpadu.core.demo import seeders
from terpadu.directory.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo_government


class Command(BaseCommand):
    help = "Create the demo government Kabupaten Contoh with its demo accounts (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.TERPADU_DEMO or settings.DEBUG):
            raise CommandError("Demo data is refused here: set TERPADU_DEMO=1 (never in production).")
        government, created = seed_demo_government()
        verb = "created" if created else "already present, kept as it is"
        self.stdout.write(f"Demo government '{government.name}': {verb}.")
        for seeder in seeders():
            self.stdout.write(f"  {seeder.name}: {seeder.run(government.pk)}")
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'):")
        for account in DEMO_ACCOUNTS:
            where = f" — {account.agency_short}" if account.agency_short else ""
            self.stdout.write(f"  {account.username:<18} {account.role.label}{where}")
