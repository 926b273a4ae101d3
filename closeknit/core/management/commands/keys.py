from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from closeknit.lib.crypto import EncryptedTextField, generate_key


class Command(BaseCommand):
    help = (
        "Encryption keys. `generate` prints a new key; to rotate, put it first in "
        "CLOSEKNIT_ENCRYPTION_KEYS (or the keys file), keep the old ones after it, then run "
        "`reencrypt` so every stored value uses the newest key."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["generate", "reencrypt"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self.stdout.write(generate_key())
            return
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            names = [f.attname for f in fields]
            # Values come back decrypted (with whichever key fits) and are written again
            # through the field, which always encrypts with the newest key.
            queryset = model._default_manager.values_list("pk", *names)
            for chunk_start in range(0, queryset.count(), 500):
                with transaction.atomic():
                    for pk, *values in queryset.order_by("pk")[chunk_start : chunk_start + 500]:
                        updates = {
                            name: value
                            for name, value in zip(names, values, strict=True)
                            if value is not None
                        }
                        if updates:
                            model._default_manager.filter(pk=pk).update(**updates)
                            total += 1
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows with the newest key."))
