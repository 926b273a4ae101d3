"""Key rotation and restores that lose nothing: rotating while people edit and delete,
restoring with the wrong key, and reading text no configured key opens.

Run on SQLite and, with DATABASE_URL set, on PostgreSQL."""

import random
import threading
import time

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from closeknit.appreciation.models import Note, NoticedEntry
from closeknit.core import health, keys
from closeknit.lib import crypto

WAIT = 60  # seconds: a condition, never a fixed sleep


def _key() -> str:
    return Fernet.generate_key().decode()


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def _raw(model, pk: int, column: str = "text") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_reencrypt_while_people_edit_and_delete_reverts_nothing_and_strands_nothing(
    settings, owner, partner, couple
):
    old, new = _key(), _key()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [old]
    notes = Note.objects.bulk_create(
        Note(couple=couple, author=owner, recipient=partner, text=f"note {i}") for i in range(1600)
    )
    pks = [n.pk for n in notes]
    expected = {n.pk: n.text for n in notes}
    # The documented order: every server has the new key first before reencrypt runs.
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new, old]

    stop = threading.Event()
    done = {"ops": 0}
    failures: list[BaseException] = []

    def writer() -> None:
        rng = random.Random(18)
        step = 0
        try:
            while not stop.is_set():
                step += 1
                pk = rng.choice(pks)
                if pk not in expected:
                    continue
                # Deletions mostly among the rows a positional walk has already passed.
                if step % 4 == 0 and pk < pks[len(pks) // 2]:
                    Note.objects.filter(pk=pk).delete()
                    del expected[pk]
                else:
                    note = Note.objects.get(pk=pk)
                    note.text = f"edited {step}"
                    note.save(update_fields=["text"])
                    expected[pk] = note.text
                done["ops"] += 1
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)
        finally:
            connection.close()

    def interleave(execute, sql, params, many, context):
        # After each batch of notes is read, let the writer change some before they are
        # written back: the race of a real server, made certain instead of likely. (A
        # rotation that reads while holding the write lock makes the writer wait out
        # the short deadline instead.)
        result = execute(sql, params, many, context)
        batch_read = sql.lstrip().upper().startswith("SELECT") and "ORDER BY" in sql
        if batch_read and Note._meta.db_table in sql:
            target, deadline = done["ops"] + 10, time.monotonic() + 10
            while done["ops"] < target and time.monotonic() < deadline and not failures:
                time.sleep(0.005)
        return result

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        _wait_for(lambda: done["ops"] >= 20 or failures, "the writer to start")
        before = done["ops"]
        with connection.execute_wrapper(interleave):
            call_command("keys", "reencrypt")
        during = done["ops"] - before
    finally:
        stop.set()
        thread.join(WAIT)
    close_old_connections()
    assert not failures, failures
    assert during > 0, "the writer made no change while reencrypt ran; the test proved nothing"

    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new]  # the old key dropped, as the runbook says
    stored = {pk: text for pk, text in Note.objects.values_list("pk", "text")}
    assert set(stored) == set(expected)
    reverted = {pk for pk, text in stored.items() if text != expected[pk]}
    assert not reverted, f"{len(reverted)} edits reverted, e.g. {sorted(reverted)[:5]}"
    stranded = [pk for pk in stored if not crypto.is_current(_raw(Note, pk))]
    assert not stranded, f"{len(stranded)} rows left under the old key"
    assert keys.scan().count == 0


@pytest.mark.django_db(transaction=True)
def test_reencrypt_reports_what_no_key_opens_and_keeps_it(settings, owner):
    lost, old, new = _key(), _key(), _key()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [lost]
    gone = NoticedEntry.objects.create(user=owner, text="written with a lost key")
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [old]
    fine = NoticedEntry.objects.create(user=owner, text="written with the old key")
    before = _raw(NoticedEntry, gone.pk)
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new, old]
    with pytest.raises(CommandError, match=rf"appreciation.NoticedEntry: 1 \(ids {gone.pk}\)"):
        call_command("keys", "reencrypt")
    assert _raw(NoticedEntry, gone.pk) == before
    assert crypto.is_current(_raw(NoticedEntry, fine.pk))


@pytest.mark.django_db(transaction=True)
def test_check_and_healthz_report_rows_no_key_opens(settings, owner, client):
    old, new = _key(), _key()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [old]
    NoticedEntry.objects.create(user=owner, text="before the rotation")
    health.forget()
    assert client.get("/healthz").status_code == 200
    call_command("check")  # nothing to report

    # The old key dropped before reencrypt ran: the order the runbook warns against.
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new]
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["keys"] == "unreadable"
    assert response.json()["unreadable_rows"] == 1
    with pytest.raises(CommandError, match=r"closeknit\.E011"):
        call_command("check")


@pytest.mark.django_db(transaction=True)
def test_restore_with_the_wrong_key_is_refused_and_replaces_nothing(settings, owner, tmp_path):
    right, wrong = _key(), _key()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [right]
    settings.CLOSEKNIT_ENCRYPTION_KEYS_SOURCE = "CLOSEKNIT_ENCRYPTION_KEYS"
    NoticedEntry.objects.create(user=owner, text="in the backup")
    target = tmp_path / "backup.bin"
    call_command("backup", "--output", str(target))
    NoticedEntry.objects.all().delete()

    settings.CLOSEKNIT_ENCRYPTION_KEYS = [wrong]
    with pytest.raises(CommandError, match="CLOSEKNIT_ENCRYPTION_KEYS") as refused:
        call_command("restore", str(target), "--yes")
    assert "Nothing was restored" in str(refused.value)
    assert not NoticedEntry.objects.exists()

    settings.CLOSEKNIT_ENCRYPTION_KEYS = [wrong, right]
    call_command("restore", str(target), "--yes")
    assert NoticedEntry.objects.get().text == "in the backup"


@pytest.mark.django_db(transaction=True)
def test_restore_can_be_forced_and_shows_placeholders(settings, owner, tmp_path):
    right, wrong = _key(), _key()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [right]
    NoticedEntry.objects.create(user=owner, text="in the backup")
    target = tmp_path / "backup.bin"
    call_command("backup", "--output", str(target))
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [wrong]
    call_command("restore", str(target), "--yes", "--allow-unreadable")
    assert isinstance(NoticedEntry.objects.get().text, crypto.Unreadable)


@pytest.mark.django_db(transaction=True)
def test_a_page_with_one_unreadable_row_still_shows_the_rest(settings, owner, web, api):
    old, new = _key(), _key()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [old]
    stranded = NoticedEntry.objects.create(user=owner, text="held by the old key")
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new]
    NoticedEntry.objects.create(user=owner, text="held by the new key")

    page = web(owner).get("/appreciation/noticed/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "held by the new key" in body
    assert "can&#x27;t be opened with the keys this server has" in body
    listed = api(owner).get("/appreciation/noticed")
    assert listed.status_code == 200
    texts = [item["text"] for item in listed.json()["items"]]
    assert "held by the new key" in texts
    assert any("can't be opened" in t for t in texts)

    # Saving the row for another reason keeps the text a restored key can still open.
    before = _raw(NoticedEntry, stranded.pk)
    entry = NoticedEntry.objects.get(pk=stranded.pk)
    entry.save()
    assert _raw(NoticedEntry, stranded.pk) == before
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new, old]
    assert NoticedEntry.objects.get(pk=stranded.pk).text == "held by the old key"
