"""SQLite housekeeping that Django does not do for us."""

import logging

from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)


def wal_checkpoint(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Copy everything in SQLite's write-ahead log into the database file and truncate the
    log to nothing, so pages holding deleted words (older versions of rows that
    `secure_delete` zeroed in the file) leave the log too. A no-op elsewhere.

    Call it outside a transaction (e.g. from `transaction.on_commit`). Returns True when
    the whole log was copied and emptied; False when a reader still held part of it (the
    next automatic checkpoint copies the rest) or the database is not SQLite."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    if connection.in_atomic_block:
        raise RuntimeError("A WAL checkpoint cannot run inside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _log_frames, _copied = cursor.fetchone()
    if busy:
        logger.warning(
            "A reader held part of the SQLite WAL; the next automatic checkpoint copies it."
        )
    return not busy
