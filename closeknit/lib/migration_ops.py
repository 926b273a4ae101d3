"""Migration operations for tables that grow with every couple's history.

On PostgreSQL an index is built and dropped CONCURRENTLY, so a release can add one to a
table of millions of rows while app servers keep writing to it (docs/deploy.md,
upgrades); elsewhere (SQLite) the plain operation runs. A migration that uses them sets
`atomic = False`: PostgreSQL refuses a concurrent build inside a transaction.
"""

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex


def _postgres(schema_editor: Any) -> bool:
    return bool(schema_editor.connection.vendor == "postgresql")


class AddIndexWithoutLocking(AddIndexConcurrently):
    def database_forwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if _postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, *states)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, *states)

    def database_backwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if _postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, *states)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, *states)


class RemoveIndexWithoutLocking(RemoveIndexConcurrently):
    def database_forwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if _postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, *states)
        else:
            RemoveIndex.database_forwards(self, app_label, schema_editor, *states)

    def database_backwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if _postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, *states)
        else:
            RemoveIndex.database_backwards(self, app_label, schema_editor, *states)
