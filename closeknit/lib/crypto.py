"""Encryption at rest for the sensitive free text people write in Closeknit.

Keys come from CLOSEKNIT_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first) or,
when that is unset, from `<data dir>/encryption.keys`, generated on first run (never beside
a database that already holds encrypted text: see settings.py). New writes always use the
newest key; every listed key can still decrypt, so rotating is: put a new key first on
every server, keep the old ones, run `closeknit keys reencrypt`, and only then drop the
old key (docs/deploy.md, "Rotating the encryption keys").

A stored value that no configured key opens is read as `Unreadable`: a placeholder
sentence in place of the text, so the rest of the page still shows, and an error in the
log. Saving a model that holds one writes its original ciphertext back untouched, so a
later fix of the keys still finds the text.
"""

import logging
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext

PREFIX = "ck1:"

logger = logging.getLogger(__name__)


def parse_keys(raw: str, *, source: str) -> list[str]:
    keys = [k.strip() for k in raw.replace("\n", ",").split(",") if k.strip()]
    if not keys:
        raise ImproperlyConfigured(f"{source} holds no encryption key.")
    for index, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"Encryption key #{index} in {source} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes; make one with `closeknit keys generate`)."
            ) from None
    return keys


def generate_key() -> str:
    return Fernet.generate_key().decode()


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.CLOSEKNIT_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def key_setting() -> str:
    """Where this process's keys come from, named as an operator would set them."""
    return getattr(settings, "CLOSEKNIT_ENCRYPTION_KEYS_SOURCE", "CLOSEKNIT_ENCRYPTION_KEYS")


class UndecryptableError(ImproperlyConfigured):
    pass


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        # Rows written before a field became encrypted stay readable.
        return stored
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise UndecryptableError(
            "A stored value cannot be decrypted with any configured key. "
            f"Was an old key removed from {key_setting()} too early?"
        ) from None


def opens(stored: str) -> bool:
    """Whether a configured key opens this stored value (plain legacy text does)."""
    try:
        decrypt(stored)
    except UndecryptableError:
        return False
    return True


def is_current(stored: str) -> bool:
    """Whether this stored value is already encrypted with the newest key."""
    if not stored.startswith(PREFIX):
        return False
    try:
        Fernet(settings.CLOSEKNIT_ENCRYPTION_KEYS[0]).decrypt(stored[len(PREFIX) :].encode())
    except InvalidToken:
        return False
    return True


def rotate(stored: str) -> str:
    """The same text encrypted with the newest key (plain legacy text gets encrypted)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    try:
        return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise UndecryptableError("A stored value cannot be decrypted with any key.") from None


class Unreadable(str):
    """Text whose ciphertext no configured key opens, shown as a placeholder sentence.

    It keeps the ciphertext it came from, and writing it back stores that ciphertext
    unchanged: saving the rest of a row must not destroy text a restored key could open.
    """

    stored: str

    def __new__(cls, stored: str) -> "Unreadable":
        value = super().__new__(
            cls,
            gettext(
                "This text can't be opened with the keys this server has right now. "
                "Please let whoever runs your Closeknit know; nothing has been lost."
            ),
        )
        value.stored = stored
        return value

    def __reduce__(self) -> Any:
        return (Unreadable, (self.stored,))


_logged: set[str] = set()


def _log_unreadable(stored: str) -> None:
    # Once per value and process: a page read every second must not flood the log.
    tail = stored[-16:]
    if tail in _logged:
        return
    if len(_logged) < 10_000:
        _logged.add(tail)
    logger.error(
        "Stored text could not be decrypted with any key in %s; it is shown as a "
        "placeholder. Put back the key it was written with (newest key first), then run "
        "`closeknit check`.",
        key_setting(),
    )


def sqlite_holds_ciphertext(path: Path, *, per_table: int = 200) -> bool:
    """Whether this SQLite file has encrypted text in the newest rows of any table.

    Read with sqlite3 alone, before Django is set up, so that settings can refuse to
    make a fresh key for a database written with another one. Bounded: the newest
    `per_table` rows of each table."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            columns = [
                '"' + col[1].replace('"', '""') + '"'
                for col in db.execute(f"PRAGMA table_info({quoted})")
                if "TEXT" in str(col[2]).upper() or "CHAR" in str(col[2]).upper()
            ]
            if not columns:
                continue
            found = db.execute(
                f"SELECT 1 FROM (SELECT {', '.join(columns)} FROM {quoted} "  # noqa: S608
                f"ORDER BY rowid DESC LIMIT {int(per_table)}) WHERE "
                + " OR ".join(f"{c} LIKE 'ck1:%'" for c in columns)
                + " LIMIT 1"
            ).fetchone()
            if found:
                return True
        return False
    except sqlite3.Error:
        return False
    finally:
        db.close()


class EncryptedTextField(models.TextField):
    """A TextField whose value is encrypted in the database and plain in Python.

    Encrypted values cannot be searched or indexed by the database; search happens in
    Python on the small, per-person sets where it is needed.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        try:
            return decrypt(value)
        except UndecryptableError:
            _log_unreadable(value)
            return Unreadable(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Unreadable):
            return value.stored
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "closeknit.lib.crypto.EncryptedTextField", args, kwargs
