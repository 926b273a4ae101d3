"""What /healthz and `closeknit serve` check before saying Closeknit can serve people.

- The database answers, and takes a write: a one-row write into the cache table, at most
  every WRITE_PROBE_SECONDS per process. On SQLite a full disk or a read-only file fails
  every write while reads still work, so reading alone would report a healthy server.
- The newest encrypted rows open with the configured keys (closeknit.core.keys): a server
  started without the newest key, or a database restored without its key, answers 503 so
  a load balancer sends people to servers that can read their words.
"""

import logging
import sqlite3
import threading
import time
from datetime import UTC, datetime

from django.db import DatabaseError, connection, transaction

from closeknit.core import keys
from closeknit.lib import crypto

logger = logging.getLogger(__name__)

WRITE_PROBE_SECONDS = 10
PROBE_KEY = "closeknit:healthz:write-probe"  # no cache key_func makes keys like this
BUSY_MS = 2000

_lock = threading.Lock()
_last: tuple[float, str] | None = None


def _write_once() -> None:
    # A committed write, not BEGIN then ROLLBACK: SQLite only touches the disk (the WAL)
    # on commit, and that is where a full disk shows.
    table = connection.ops.quote_name("closeknit_cache")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE cache_key = %s", [PROBE_KEY])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s)",  # noqa: S608
            [PROBE_KEY, "", datetime(9999, 1, 1, tzinfo=UTC)],
        )


def probe_write() -> str:
    """ "ok", or why the database takes no writes ("read-only"). A write lock held by
    someone else for more than two seconds is "busy", not a fault."""
    global _last
    with _lock:
        if _last and time.monotonic() - _last[0] < WRITE_PROBE_SECONDS:
            return _last[1]
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            connection.ensure_connection()
            # A health check must answer within a load balancer's timeout, not wait out
            # a long write's lock (20 s by default).
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        try:
            _write_once()
            state = "ok"
        finally:
            if sqlite:
                with connection.cursor() as cursor:
                    timeout = int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
                    cursor.execute(f"PRAGMA busy_timeout = {timeout}")
    except DatabaseError as exc:
        cause = exc.__cause__
        if isinstance(cause, sqlite3.OperationalError) and "locked" in str(cause):
            state = "busy"
        else:
            logger.exception("Health check: the database takes no writes")
            state = "read-only"
    with _lock:
        _last = (time.monotonic(), state)
    return state


def forget() -> None:
    global _last
    with _lock:
        _last = None
    keys.forget_sample()


def preflight() -> str | None:
    """Why this server should not start, in one sentence, or None.

    Run by `closeknit serve` before it starts anything: a database it cannot reach or
    write, or whose newest encrypted text its keys can't open (a restore with the wrong
    key, a server not yet given the newest key), is refused at start rather than met
    as a page of placeholders by the people using it."""
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        return f"The database can't be reached ({exc}). Check DATABASE_URL and that it is up."
    if "closeknit_cache" not in connection.introspection.table_names():
        return "The database has no tables yet: run `closeknit migrate` first."
    forget()
    state = probe_write()
    if state == "read-only":
        where = (
            f"the file {connection.settings_dict['NAME']} and its directory"
            if connection.vendor == "sqlite"
            else "the database"
        )
        return (
            f"The database takes no writes: check that {where} are writable and the disk "
            "is not full."
        )
    findings = keys.scan(newest=keys.SAMPLE_ROWS * 10)
    if findings.count:
        return keys.unreadable_message(findings) + (
            f" Closeknit was started with the keys from {crypto.key_setting()}."
        )
    return None
