"""`closeknit check`: Django's checks, with the database ones on by default.

Closeknit's database check reads every encrypted row (closeknit.core.checks), so a
restore with the wrong key or a rotation that left rows behind is found here, not by
the people whose pages can't show their words. `--database` still picks other aliases.
"""

from typing import Any

from django.core.management.commands.check import Command as DjangoCheck


class Command(DjangoCheck):
    def handle(self, *app_labels: Any, **options: Any) -> None:
        if not options.get("databases"):
            options["databases"] = ["default"]
        super().handle(*app_labels, **options)
