"""Encryption at rest for the sensitive free text people write in Closeknit.

Keys come from CLOSEKNIT_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first) or,
when that is unset, from `<data dir>/encryption.keys`, generated on first run. New writes
always use the newest key; every listed key can still decrypt, so rotating is: put a new
key first, keep the old ones, then run `closeknit keys reencrypt` at leisure.
"""

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "ck1:"


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


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        # Rows written before a field became encrypted stay readable.
        return stored
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with any configured key. "
            "Was an old key removed from CLOSEKNIT_ENCRYPTION_KEYS too early?"
        ) from None


class EncryptedTextField(models.TextField):
    """A TextField whose value is encrypted in the database and plain in Python.

    Encrypted values cannot be searched or indexed by the database; search happens in
    Python on the small, per-person sets where it is needed.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "closeknit.lib.crypto.EncryptedTextField", args, kwargs
