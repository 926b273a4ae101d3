from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from closeknit.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `closeknit backup`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Don't ask; everything now in the database goes."
        )
        parser.add_argument(
            "--allow-unreadable",
            action="store_true",
            help="Restore even when the configured keys can't open the backup's encrypted "
            "text (it then shows as a placeholder until the right key is configured).",
        )

    def handle(
        self, *args: Any, source: Path, yes: bool, allow_unreadable: bool, **options: Any
    ) -> None:
        if not yes:
            answer = input(f"Replace everything in the database with {source}? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restore(source=source, allow_unreadable=allow_unreadable)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}"))
