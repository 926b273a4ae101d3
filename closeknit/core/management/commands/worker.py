from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from closeknit.nudges.schedule import Clock


class Command(DbWorkerCommand):
    help = (
        "Run a Closeknit task worker on the database queue. Run as many as you like: each "
        "task is claimed by exactly one worker, and each periodic job slot by one worker."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        clock = None
        if not options.get("batch"):
            clock = Clock()
            clock.start()
        try:
            super().handle(*args, **options)
        finally:
            if clock is not None:
                clock.stopped.set()
