"""`closeknit worker`: the database task queue's worker, made to ride out faults.

django-tasks-db's loop ends on the first database error it does not expect (a refused
connection, a server restart): here such errors are logged and the loop starts again
after a growing pause, so a worker outlives a database outage and carries on by itself
when the database is back. Tasks a dead worker left RUNNING are put back in the queue
once they have run longer than CLOSEKNIT_TASK_TIMEOUT (closeknit.core.tasks_reclaim).
"""

import contextlib
import logging
import time
from typing import Any

from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from closeknit.core.reclaim import reclaim_stale_tasks
from closeknit.nudges.schedule import Clock

logger = logging.getLogger("closeknit.worker")

BACKOFF_FIRST = 1.0
BACKOFF_LONGEST = 30.0
# A loop that ran this long without an error was healthy: the next error starts the
# backoff from the beginning again.
HEALTHY_SECONDS = 60.0


def _wait_out(exc: DatabaseError, pause: float) -> float:
    """Log the error, drop broken connections, pause; returns the next pause."""
    first_line = (str(exc).strip().splitlines() or [""])[0]
    logger.warning(
        "The database is not answering (%s: %s); trying again in %.0f s.",
        type(exc).__name__,
        first_line,
        pause,
    )
    # A broken connection is not reused: the next try opens a new one.
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()
    time.sleep(pause)
    return min(pause * 2, BACKOFF_LONGEST)


class SteadyWorker(Worker):
    """A Worker whose loop survives database errors."""

    def run(self) -> None:
        pause = BACKOFF_FIRST
        while self.running:
            began = time.monotonic()
            try:
                reclaim_stale_tasks()
                super().run()
                return  # --batch or --max-tasks: done
            except DatabaseError as exc:
                if time.monotonic() - began > HEALTHY_SECONDS:
                    pause = BACKOFF_FIRST
                self.running_task = False
                pause = _wait_out(exc, pause)


class Command(DbWorkerCommand):
    help = (
        "Run a Closeknit task worker on the database queue. Run as many as you like: each "
        "task is claimed by exactly one worker, and each periodic job slot by one worker."
    )

    def check(self, *args: Any, **kwargs: Any) -> None:
        # Some checks read the database: a worker started during an outage waits for it
        # instead of exiting (a supervisor would only start it again into the same wall).
        pause = BACKOFF_FIRST
        while True:
            try:
                super().check(*args, **kwargs)
                return
            except DatabaseError as exc:
                pause = _wait_out(exc, pause)

    def handle(self, *args: Any, **options: Any) -> None:
        clock = None
        if not options.get("batch"):
            clock = Clock()
            clock.start()
        # django-tasks-db builds its Worker inside handle(); ours takes its place.
        from django_tasks_db.management.commands import db_worker

        original = db_worker.Worker
        db_worker.Worker = SteadyWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
            if clock is not None:
                clock.stopped.set()
