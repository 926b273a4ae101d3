from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from closeknit.core import keys
from closeknit.lib.crypto import generate_key, key_setting


class Command(BaseCommand):
    help = (
        "Encryption keys. `generate` prints a new key. To rotate: put it first in "
        "CLOSEKNIT_ENCRYPTION_KEYS (or the keys file) on every server and worker, keep the "
        "old ones after it, restart them; then run `reencrypt`; drop the old key only once "
        "it reports nothing left (docs/deploy.md, 'Rotating the encryption keys')."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["generate", "reencrypt"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self.stdout.write(generate_key())
            return
        report = keys.reencrypt()
        self.stdout.write(
            f"Re-encrypted {report.rewritten} rows with the newest key; {report.current} "
            f"already used it; {report.vanished} were deleted while this ran."
        )
        problems = []
        if report.unreadable:
            found = keys.Findings(unreadable=report.unreadable)
            problems.append(
                f"{found.count} rows hold text no key in {key_setting()} opens, so they "
                f"were left as they are: {found.describe()}."
            )
        if report.failed:
            found = keys.Findings(unreadable=report.failed)
            problems.append(
                f"{found.count} rows changed twice while this ran and still use an older "
                f"key: {found.describe()}. Run `closeknit keys reencrypt` again."
            )
        if problems:
            raise CommandError(" ".join(problems) + " Keep the old keys until this is clean.")
        self.stdout.write(
            self.style.SUCCESS(
                "Every stored value uses the newest key. Old keys may now be removed."
            )
        )
