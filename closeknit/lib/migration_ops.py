"""Migration operations for tables that grow with every couple's history.

On PostgreSQL an index is built and dropped CONCURRENTLY, so a release can add one to a
table of millions of rows while app servers keep writing to it (docs/deploy.md,
upgrades); elsewhere (SQLite) the plain operation runs. A migration that uses them sets
`atomic = False`: PostgreSQL refuses a concurrent build inside a transaction.
"""

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex
from django.db.migrations.operations.base import Operation


class _ConcurrentlyOnPostgres:
    """The concurrent operation (next in the MRO) on PostgreSQL, `plain` elsewhere."""

    plain: type[Operation]

    def _pick(self, schema_editor: Any, name: str) -> Any:
        if schema_editor.connection.vendor == "postgresql":
            return getattr(super(), name)
        return getattr(self.plain, name).__get__(self)

    def database_forwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        self._pick(schema_editor, "database_forwards")(app_label, schema_editor, *states)

    def database_backwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        self._pick(schema_editor, "database_backwards")(app_label, schema_editor, *states)


class AddIndexWithoutLocking(_ConcurrentlyOnPostgres, AddIndexConcurrently):
    plain = AddIndex


class RemoveIndexWithoutLocking(_ConcurrentlyOnPostgres, RemoveIndexConcurrently):
    plain = RemoveIndex
