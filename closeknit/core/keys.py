"""The stored ciphertext as a whole: finding text no configured key opens, and moving
every value to the newest key without losing an edit made meanwhile.

Both read and write the raw column values with SQL, not through the models: the field
decrypts on read (and shows a placeholder for what it can't open), and a comparison on
an encrypted field would encrypt the compared value afresh.
"""

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model

from closeknit.lib import crypto

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True)
class Table:
    model: type[Model]
    name: str
    pk: str
    columns: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label


def encrypted_tables(*, existing: set[str] | None = None) -> list[Table]:
    """Every table with encrypted columns that exists in the database (or in `existing`)."""
    if existing is None:
        existing = set(connection.introspection.table_names())
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in existing:
            continue
        columns = tuple(
            str(f.column)
            for f in meta.local_concrete_fields
            if isinstance(f, crypto.EncryptedTextField)
        )
        if columns and meta.pk is not None:
            found.append(Table(model, meta.db_table, str(meta.pk.column), columns))
    return found


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _rows(table: Table, *, after: Any, limit: int, newest: bool = False) -> list[tuple[Any, ...]]:
    cols = ", ".join(_q(c) for c in (table.pk, *table.columns))
    where = "" if after is None else f"WHERE {_q(table.pk)} > %s"
    order = "DESC" if newest else "ASC"
    sql = f"SELECT {cols} FROM {_q(table.name)} {where} ORDER BY {_q(table.pk)} {order} LIMIT %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*([] if after is None else [after]), limit])
        return list(cursor.fetchall())


def _walk(table: Table) -> Iterator[tuple[Any, ...]]:
    """Every row, by primary key: rows deleted meanwhile can't make it skip others."""
    after = None
    while True:
        rows = _rows(table, after=after, limit=BATCH)
        yield from rows
        if len(rows) < BATCH:
            return
        after = rows[-1][0]


@dataclass
class Findings:
    """Rows holding text that no configured key opens: count and some ids per table."""

    checked: int = 0
    unreadable: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(pks) for pks in self.unreadable.values())

    def describe(self, most: int = 5) -> str:
        parts = []
        for label, pks in sorted(self.unreadable.items()):
            shown = ", ".join(str(pk) for pk in pks[:most])
            parts.append(f"{label}: {len(pks)} (ids {shown}{', ...' if len(pks) > most else ''})")
        return "; ".join(parts)


def scan(*, newest: int | None = None) -> Findings:
    """Rows no configured key opens: every row, or only the `newest` of each table."""
    findings = Findings()
    for table in encrypted_tables():
        rows = (
            _rows(table, after=None, limit=newest, newest=True)
            if newest is not None
            else _walk(table)
        )
        for pk, *values in rows:
            findings.checked += 1
            if any(v is not None and not crypto.opens(v) for v in values):
                findings.unreadable.setdefault(table.label, []).append(pk)
    return findings


_sample_lock = threading.Lock()
_sample: tuple[float, tuple[str, ...], Findings] | None = None
SAMPLE_ROWS = 20
SAMPLE_SECONDS = 60


def sampled_findings() -> Findings:
    """The newest rows of each encrypted table, checked at most once a minute per
    process (and again at once when the keys change): cheap enough for /healthz."""
    global _sample
    from django.conf import settings

    keys = tuple(settings.CLOSEKNIT_ENCRYPTION_KEYS)
    with _sample_lock:
        if _sample and _sample[1] == keys and time.monotonic() - _sample[0] < SAMPLE_SECONDS:
            return _sample[2]
    findings = scan(newest=SAMPLE_ROWS)
    with _sample_lock:
        _sample = (time.monotonic(), keys, findings)
    return findings


def forget_sample() -> None:
    global _sample
    with _sample_lock:
        _sample = None


def unreadable_message(findings: Findings, *, what: str = "The database") -> str:
    return (
        f"{what} holds encrypted text that none of the keys in {crypto.key_setting()} can "
        f"open ({findings.describe()}). Put back the key it was written with (keys newest "
        "first, old ones after), or see docs/deploy.md, 'Rotating the encryption keys'."
    )


@dataclass
class Rotation:
    rewritten: int = 0
    current: int = 0
    vanished: int = 0  # deleted while the rotation ran: nothing left to rewrite
    unreadable: dict[str, list[Any]] = field(default_factory=dict)
    failed: dict[str, list[Any]] = field(default_factory=dict)


def _rewrite(table: Table, pk: Any, values: list[Any], report: Rotation) -> bool | None:
    """Move one row to the newest key if it still holds exactly what was read.

    True: rewritten or already current; False: it changed meanwhile; None: no key opens it."""
    stale = [
        (col, old)
        for col, old in zip(table.columns, values, strict=True)
        if old is not None and not crypto.is_current(old)
    ]
    if not stale:
        report.current += 1
        return True
    try:
        fresh = [(col, crypto.rotate(old)) for col, old in stale]
    except crypto.UndecryptableError:
        return None
    sets = ", ".join(f"{_q(col)} = %s" for col, _ in fresh)
    same = " AND ".join(f"{_q(col)} = %s" for col, _ in stale)
    # Compare-and-swap on the ciphertext: a row edited (or re-encrypted by a save)
    # since it was read is left alone and looked at again, never overwritten.
    sql = f"UPDATE {_q(table.name)} SET {sets} WHERE {_q(table.pk)} = %s AND {same}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(new for _, new in fresh), pk, *(old for _, old in stale)])
        changed = cursor.rowcount == 1
    if changed:
        report.rewritten += 1
    return changed


def _reread(table: Table, pk: Any) -> list[Any] | None:
    cols = ", ".join(_q(c) for c in table.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {cols} FROM {_q(table.name)} WHERE {_q(table.pk)} = %s",  # noqa: S608
            [pk],
        )
        row = cursor.fetchone()
    return None if row is None else list(row)


def reencrypt() -> Rotation:
    """Encrypt every stored value with the newest key, one batch transaction at a time.

    Rows changed while a batch was read are read again and retried once; rows deleted
    meanwhile are counted, not missed. What still can't be rewritten is reported."""
    report = Rotation()
    for table in encrypted_tables():
        changed_meanwhile: list[Any] = []
        batch: list[tuple[Any, ...]] = []
        for row in _walk(table):
            batch.append(row)
            if len(batch) == BATCH:
                _rotate_batch(table, batch, report, changed_meanwhile)
                batch = []
        if batch:
            _rotate_batch(table, batch, report, changed_meanwhile)
        for pk in changed_meanwhile:
            with transaction.atomic():
                values = _reread(table, pk)
                if values is None:
                    report.vanished += 1
                    continue
                outcome = _rewrite(table, pk, values, report)
            if outcome is None:
                report.unreadable.setdefault(table.label, []).append(pk)
            elif outcome is False:
                # Changed again: by a save, which writes with the newest key, or deleted.
                now = _reread(table, pk)
                if now is None:
                    report.vanished += 1
                elif all(v is None or crypto.is_current(v) for v in now):
                    report.current += 1
                else:
                    report.failed.setdefault(table.label, []).append(pk)
    forget_sample()
    return report


def _rotate_batch(
    table: Table, batch: list[tuple[Any, ...]], report: Rotation, retry: list[Any]
) -> None:
    with transaction.atomic():
        for pk, *values in batch:
            outcome = _rewrite(table, pk, values, report)
            if outcome is None:
                report.unreadable.setdefault(table.label, []).append(pk)
            elif outcome is False:
                retry.append(pk)
