"""Taking back tasks that a dead worker left RUNNING.

django-tasks-db marks a task RUNNING when a worker claims it and finished when it ends;
a worker killed in between (SIGKILL, out of memory, a lost machine) leaves the row
RUNNING for ever, and nothing else would run it. Every worker calls this when it starts
(and the periodic `reclaim_tasks` job every five minutes): a task RUNNING for longer than
CLOSEKNIT_TASK_TIMEOUT is put back in the queue, to run again from the start. Closeknit's
tasks are safe to run twice (each claims its own rows, and notifications have their
dedupe keys). A task that has already taken down MAX_CLAIMS workers is marked failed
instead, so one that kills its worker cannot kill every worker in turn.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_CLAIMS = 3


def reclaim_stale_tasks(*, now: datetime | None = None) -> int:
    """Requeue (or fail) tasks running past the timeout. Returns how many were taken."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.CLOSEKNIT_TASK_TIMEOUT)
    taken = 0
    with transaction.atomic():
        stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        for row in stale.select_for_update(skip_locked=True).only("pk", "worker_ids"):
            if len(row.worker_ids) >= MAX_CLAIMS:
                DBTaskResult.objects.filter(pk=row.pk).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="closeknit.core.reclaim.WorkerLost",
                    traceback=f"Its worker stopped answering {len(row.worker_ids)} times.",
                )
                logger.error("Task %s failed: it outlived %d workers.", row.pk, MAX_CLAIMS)
            else:
                DBTaskResult.objects.filter(pk=row.pk).update(
                    status=TaskResultStatus.READY, started_at=None
                )
                logger.warning("Task %s was left running by a lost worker; queued again.", row.pk)
            taken += 1
    return taken
