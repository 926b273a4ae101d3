"""Periodic work on the database queue, with no extra scheduler process.

Every `closeknit worker` runs a small clock thread that, each time a job's slot comes
round, tries to insert a (job, slot) row. The unique constraint lets exactly one worker
win, and that one enqueues the job's task; the task runs on whichever worker claims it.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.utils import timezone

from closeknit.nudges import tasks
from closeknit.nudges.models import PeriodicRun
from closeknit.push import tasks as push_tasks

logger = logging.getLogger(__name__)

# name, every (seconds), the task to enqueue
JOBS: tuple[tuple[str, int, Callable[[], object]], ...] = (
    ("rollover", 300, tasks.prepare_days.enqueue),
    ("deliver_email", 60, tasks.deliver_email.enqueue),
    # Pushes are enqueued as they are made; this sweep sends those that waited out quiet
    # hours or a retry, and takes over any a dead worker left "sending".
    ("deliver_push", 60, push_tasks.send_push.enqueue),
    ("remind_dates", 900, tasks.remind_dates.enqueue),
    # The evening before a day a couple marked; every 15 minutes so no zone waits long.
    ("remind_occasions", 900, tasks.remind_occasions.enqueue),
    # Hourly: weekly plans at 9:00 and check-in suggestions at 18:00, local time.
    ("hourly", 3600, tasks.hourly_reminders.enqueue),
    # Tasks a dead worker left RUNNING go back in the queue (closeknit.core.reclaim).
    ("reclaim_tasks", 300, tasks.reclaim_tasks.enqueue),
)


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue each job whose current slot nobody has claimed yet. Returns their names."""
    now = now or timezone.now()
    started = []
    for name, every, enqueue in JOBS:
        slot = int(now.timestamp()) // every
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=name, slot=slot)
                transaction.on_commit(enqueue)
        except IntegrityError:
            continue  # another worker has this slot
        started.append(name)
    return started


class Clock(threading.Thread):
    def __init__(self, *, tick_seconds: float = 15.0) -> None:
        super().__init__(name="closeknit-clock", daemon=True)
        self.tick_seconds = tick_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                enqueue_due()
            except DatabaseError as exc:  # an outage must not kill the clock: next tick
                logger.warning("Could not enqueue periodic jobs: %s", exc)
            except Exception:
                logger.exception("Could not enqueue periodic jobs")
            finally:
                close_old_connections()
            self.stopped.wait(self.tick_seconds)
