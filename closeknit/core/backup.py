"""Backups of the database: SQLite's online backup API, or pg_dump/pg_restore.

The encryption keys and secret key live in the data directory (or your secret store),
not in the database: a backup is only readable with them, so keep them too, apart.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections


class BackupError(Exception):
    pass


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ}
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                      ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):  # fmt: skip
        if db.get(name):
            env[key] = str(db[name])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return found


def default_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    folder = settings.DATA_DIR / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"closeknit-{stamp}.{suffix}"


def backup(*, to: Path) -> Path:
    """Write a consistent copy of the live database to `to`, without stopping the app."""
    to.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(to)
        try:
            connection.connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        result = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={to}"],
            env=_pg_env(), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    os.chmod(to, 0o600)
    return to


def restore(*, source: Path) -> None:
    """Replace the database's contents with a backup made by `backup`."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    if connection.vendor == "sqlite":
        try:
            origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            origin.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a SQLite backup: {exc}") from None
        connections.close_all()
        connection.ensure_connection()
        try:
            origin.backup(connection.connection)  # type: ignore[arg-type]
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        connections.close_all()
        result = subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={connection.settings_dict['NAME']}", str(source)],
            env=_pg_env(), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"Restoring {connection.vendor} databases is not supported.")
