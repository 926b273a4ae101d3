"""Backups of the database: SQLite's online backup API, or pg_dump/pg_restore.

The encryption keys and secret key live in the data directory (or your secret store),
not in the database: a backup is only readable with them, so keep them too, apart. A
restore first samples the backup's encrypted text (the oldest and newest rows of each
table) and refuses, before anything is replaced, when the configured keys can't open it.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from closeknit.core import keys
from closeknit.lib import crypto

SAMPLE = 200  # rows from each end of each encrypted table
TOKEN = re.compile(r"ck1:[A-Za-z0-9_=-]+")


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


def _sqlite_findings(origin: sqlite3.Connection) -> keys.Findings:
    names = {r[0] for r in origin.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    findings = keys.Findings()
    for table in keys.encrypted_tables(existing=names):
        cols = ", ".join(f'"{c}"' for c in (table.pk, *table.columns))
        for order in ("ASC", "DESC"):
            rows = origin.execute(
                f'SELECT {cols} FROM "{table.name}" ORDER BY "{table.pk}" {order} LIMIT ?',  # noqa: S608
                [SAMPLE],
            )
            for pk, *values in rows:
                findings.checked += 1
                if any(v is not None and not crypto.opens(v) for v in values):
                    pks = findings.unreadable.setdefault(table.label, [])
                    if pk not in pks:
                        pks.append(pk)
    return findings


def _pg_findings(source: Path) -> keys.Findings:
    # The dump's own rows, read table by table without restoring them: the first
    # SAMPLE * 2 values of each encrypted table.
    findings = keys.Findings()
    with connection.cursor() as cursor:
        tables = keys.encrypted_tables(existing=set(connection.introspection.table_names(cursor)))
    for table in tables:
        reader = subprocess.Popen(
            [_tool("pg_restore"), "--data-only", f"--table={table.name}", "--file=-", str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        seen = 0
        try:
            assert reader.stdout is not None
            for line in reader.stdout:
                tokens = TOKEN.findall(line)
                if not tokens:
                    continue
                seen += 1
                findings.checked += 1
                if any(not crypto.opens(t) for t in tokens):
                    findings.unreadable.setdefault(table.label, []).append(line.split("\t")[0])
                if seen >= SAMPLE * 2:
                    break
        finally:
            reader.kill()
            reader.wait()
    return findings


def restore(*, source: Path, allow_unreadable: bool = False) -> None:
    """Replace the database's contents with a backup made by `backup`, refusing one
    whose encrypted text the configured keys can't open (unless `allow_unreadable`)."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    if connection.vendor == "sqlite":
        try:
            origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            origin.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a SQLite backup: {exc}") from None
        try:
            findings = _sqlite_findings(origin)
        except sqlite3.DatabaseError as exc:
            origin.close()
            raise BackupError(f"{source} could not be read: {exc}") from None
        if findings.count and not allow_unreadable:
            origin.close()
            raise BackupError(_refusal(source, findings))
        connections.close_all()
        connection.ensure_connection()
        try:
            origin.backup(connection.connection)  # type: ignore[arg-type]
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        if not allow_unreadable:
            findings = _pg_findings(source)
            if findings.count:
                raise BackupError(_refusal(source, findings))
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
    keys.forget_sample()


def _refusal(source: Path, findings: keys.Findings) -> str:
    return (
        keys.unreadable_message(findings, what=f"The backup {source}")
        + " Nothing was restored. Restore with the keys the backup was made with, or pass "
        "--allow-unreadable to restore it anyway (that text then shows as a placeholder)."
    )
