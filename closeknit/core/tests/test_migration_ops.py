"""Indexes on the big tables are built without locking writes on PostgreSQL, and the
same migration still runs on SQLite (closeknit.lib.migration_ops)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


def _sql(*args: str) -> str:
    out = StringIO()
    call_command("sqlmigrate", "nudges", "0004", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)  # sqlmigrate opens a schema editor
@pytest.mark.parametrize("direction", [(), ("--backwards",)])
def test_notification_index_is_built_and_dropped_concurrently_on_postgresql(direction):
    sql = _sql(*direction)
    assert "notification_newest" in sql
    assert "nudges_noti_user_id_f32fed_idx" in sql
    if connection.vendor == "postgresql":
        assert "CREATE INDEX CONCURRENTLY" in sql
        assert "DROP INDEX CONCURRENTLY" in sql
    else:
        assert "CONCURRENTLY" not in sql
        assert "CREATE INDEX" in sql and "DROP INDEX" in sql
