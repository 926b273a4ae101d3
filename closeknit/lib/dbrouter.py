"""Reads that may be served by a read replica, and everything else by the primary.

When DATABASES has a "replica" alias (a streaming replica of "default"), reads made inside
`with replica_reads():`, or through a queryset passed to `on_replica()`, go to it. Every
other read, and every write (including writes inside `replica_reads()` and saves of
objects that were read from the replica), goes to "default". Without a replica
configured, everything goes to "default" and the markers cost nothing.

Mark only reads that tolerate a little replication lag, like the insights pages: a
replica can be a moment behind, so code that reads what it has just written must not
read from it. For the same reason, reads inside a transaction on "default" stay on
"default" even when marked.

    with replica_reads():
        balance = selectors.activity_balance(viewer)

    rows = on_replica(ActivityRecord.objects.filter(couple=couple)).count()
"""

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

REPLICA = "replica"
HINT = "closeknit_replica"  # a queryset hint that marks its reads for the replica

# Per thread and per asyncio task: one request's marking never leaks into another's.
_replica_reads: ContextVar[bool] = ContextVar("closeknit_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may come from the replica (writes still go to "default")."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def on_replica[M: Model](queryset: QuerySet[M, Any]) -> QuerySet[M, Any]:
    """The same queryset, its reads marked for the replica. Unlike `.using("replica")`,
    an update() or delete() through it still goes to "default"."""
    marked = queryset.all()
    # A new dict: querysets share their hints with the queryset (and manager) they
    # came from, which must stay unmarked. QuerySet passes hints on to the router.
    hinted = cast(Any, marked)
    hinted._hints = {**hinted._hints, HINT: True}
    return marked


def _configured_aliases() -> Collection[str]:
    return connections.settings.keys()


class ReplicaRouter:
    """Django database router: DATABASE_ROUTERS = ["closeknit.lib.dbrouter.ReplicaRouter"].

    `aliases` (for tests) returns the configured database aliases; by default the ones
    in settings.DATABASES.
    """

    def __init__(self, aliases: Callable[[], Collection[str]] = _configured_aliases) -> None:
        self.aliases = aliases

    def replica_available(self) -> bool:
        return REPLICA in self.aliases()

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        marked = hints.get(HINT, False) or _replica_reads.get()
        if marked and self.replica_available() and not self._in_transaction():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Explicit, never None: Django would otherwise write an object back to the
        # database it was read from, which may be the replica.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as "default": objects read from either relate.
        same = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in same and obj2._state.db in same:
            return True
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        # The replica gets its schema by replication, never from `migrate`.
        return False if db == REPLICA else None

    def _in_transaction(self) -> bool:
        # Inside a transaction on "default", read your own writes from "default".
        return connections[DEFAULT_DB_ALIAS].in_atomic_block
