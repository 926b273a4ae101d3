from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from closeknit.core.backup import BackupError, backup, default_path


class Command(BaseCommand):
    help = (
        "Back up the database while Closeknit runs (SQLite online backup, or pg_dump). "
        "Keep the encryption keys safe too: without them the backup's private text is "
        "unreadable."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", type=Path, help="File to write (default: var/backups/)")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        try:
            written = backup(to=output or default_path())
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
