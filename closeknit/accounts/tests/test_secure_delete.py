"""Deleting an account removes the person's words from SQLite's files, not only from its
tables: secure_delete zeroes deleted rows in the file, and the WAL (which still holds the
pages from before) is checkpointed and emptied once the deletion commits."""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from closeknit.api.tests.test_access_matrix import MATRICES
from closeknit.dates.library import IDEAS
from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.sqlite import wal_checkpoint
from conftest import PASSWORD, answer_today, pair_up

NAME = "Zephyrine Quillbright"
EMAIL = "zephyrine.quillbright@example.test"

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's own files; docs/security.md covers PG"
)


def _ciphertexts() -> set[str]:
    """Every encrypted value in the database, as stored (not decrypted)."""
    found: set[str] = set()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if ".tests." in model.__module__:
                continue  # a test's own model, with no table here
            for field in model._meta.concrete_fields:
                if isinstance(field, EncryptedTextField):
                    table = connection.ops.quote_name(model._meta.db_table)
                    column = connection.ops.quote_name(field.column)
                    cursor.execute(f"SELECT {column} FROM {table}")
                    found |= {row[0] for row in cursor.fetchall() if row[0]}
    return found


def _files() -> dict[str, bytes]:
    main = Path(connection.settings_dict["NAME"])
    wal = main.with_name(main.name + "-wal")
    return {path.name: path.read_bytes() if path.exists() else b"" for path in (main, wal)}


def _write_everywhere(person, partner) -> None:
    """The person writes in every part of Closeknit the access matrix knows how to fill."""
    answer_today(person, partner)  # "Words by Zephyrine Quillbright", encrypted
    for matrix in MATRICES:
        for make in matrix.OWNED_IDS.values():
            try:
                make(owner=person, partner=partner)
            except Exception:  # noqa: S112 - a maker that needs another state
                continue


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_deleted_account_leaves_no_words_in_the_sqlite_files(web, make_person, library):
    IDEAS.load()
    person = make_person(NAME, email=EMAIL)
    partner = make_person("Kai")
    pair_up(person, partner)
    _write_everywhere(person, partner)
    before = _ciphertexts()
    assert any(NAME.encode() in data for data in _files().values())  # the test can see

    response = web(person).post("/settings/delete/", {"password": PASSWORD, "confirm": "DELETE"})
    assert response.status_code == 302

    gone = before - _ciphertexts()
    assert len(gone) >= 3, "the person's encrypted rows should have gone with them"
    files = _files()
    assert files[Path(connection.settings_dict["NAME"]).name + "-wal"] == b""  # emptied
    for name, data in files.items():
        assert NAME.encode() not in data, f"{name} still holds the name"
        assert EMAIL.encode() not in data, f"{name} still holds the email address"
        left = [c for c in gone if c.encode() in data]
        assert left == [], f"{name} still holds {len(left)} of their {len(gone)} encrypted texts"


def test_every_sqlite_connection_deletes_securely(db):
    if connection.vendor != "sqlite":
        assert wal_checkpoint() is False  # nothing to do on PostgreSQL
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
