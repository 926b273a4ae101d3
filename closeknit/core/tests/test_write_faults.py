"""Writes answered truthfully, health that tells the truth, and starts that refuse what
would go wrong later: a failing page-version bump, a database that takes no writes, a
missing key file beside an encrypted database, the wrong key, a read-only data dir."""

import os
import stat
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client

from closeknit.appreciation.models import NoticedEntry
from closeknit.core import health
from closeknit.core.tests.test_env import REPO, run_cli


def _fail_view_version_bumps(user_id: int) -> None:
    """Make the database itself refuse any change to this person's view_version."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_bump BEFORE UPDATE OF view_version ON accounts_user "
                f"WHEN OLD.id = {int(user_id)} BEGIN SELECT RAISE(ABORT, 'bump refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_bump() RETURNS trigger AS $$ BEGIN "
                f"IF OLD.id = {int(user_id)} AND NEW.view_version <> OLD.view_version THEN "
                "RAISE EXCEPTION 'bump refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_bump BEFORE UPDATE ON accounts_user "
                "FOR EACH ROW EXECUTE FUNCTION refuse_bump()"
            )


def _allow_bumps() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS refuse_bump")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS refuse_bump ON accounts_user")
            cursor.execute("DROP FUNCTION IF EXISTS refuse_bump()")


@pytest.mark.django_db(transaction=True)
def test_a_stored_write_is_answered_with_success_when_the_bump_fails(owner, web, api):
    _fail_view_version_bumps(owner.pk)
    try:
        made = api(owner).post("/appreciation/noticed", {"text": "made tea for me"})
        assert made.status_code == 201, made.content
        assert made.json()["text"] == "made tea for me"

        posted = web(owner).post("/appreciation/noticed/", {"text": "left a note"})
        assert posted.status_code == 302
    finally:
        _allow_bumps()
    # Stored once each: a retry after a wrong 500 would have made two.
    assert sorted(NoticedEntry.objects.values_list("text", flat=True)) == [
        "left a note",
        "made tea for me",
    ]


@pytest.mark.django_db
def test_an_api_error_outside_the_api_is_still_the_json_error_shape(owner, api, monkeypatch):
    def broken(user_id: int) -> None:
        raise RuntimeError("something unexpected after the view")

    monkeypatch.setattr("closeknit.core.pagecache.refresh_circle", broken)
    caller = api(owner)
    caller.client.raise_request_exception = False
    response = caller.post("/appreciation/noticed", {"text": "still here"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "server_error"

    page = Client(raise_request_exception=False)
    page.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    answered = page.post("/appreciation/noticed/", {"text": "and here"})
    assert answered.status_code == 500
    assert answered["Content-Type"].startswith("text/html")


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_takes_no_writes(client):
    health.forget()
    assert client.get("/healthz").status_code == 200
    health.forget()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # What a read-only file (or one on a read-only mount) does to every write.
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "read-only"}
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")
        health.forget()
    assert client.get("/healthz").status_code == 200


# --- Starting `closeknit serve` -------------------------------------------------------

SERVE_ENV = {"DEBUG": "false", "CLOSEKNIT_ENCRYPTION_KEYS": ""}


def _serve(data_dir, **extra: str) -> subprocess.CompletedProcess[str]:
    # A port nobody listens on: a serve that got past its checks would bind and run, and
    # time out here instead of answering.
    env = {"CLOSEKNIT_DATA_DIR": str(data_dir), **SERVE_ENV, **extra}
    environment = {**os.environ, **env}
    if "DATABASE_URL" not in extra:
        environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "closeknit", "serve", "--port", "1", "--no-task-worker"],
        capture_output=True, text=True, env=environment, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip


def _cli(data_dir, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {"CLOSEKNIT_DATA_DIR": str(data_dir), "DATABASE_URL": "", **extra}
    return run_cli(*args, **env)


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def encrypted_data_dir(tmp_path):
    """A data dir whose SQLite database holds a person's encrypted words."""
    data = tmp_path / "data"
    assert _cli(data, "migrate", "--noinput").returncode == 0
    made = _cli(
        data,
        "shell",
        "-c",
        "from closeknit.accounts.services import account_create\n"
        "from closeknit.appreciation.services import noticed_add\n"
        "u = account_create(email='a@example.test', password='a-long-enough-pass', "
        "display_name='A', tz='UTC')\n"
        "noticed_add(user=u, text='kind words')\n",
    )
    assert made.returncode == 0, made.stderr
    return data


def test_serve_refuses_a_missing_key_file_beside_an_encrypted_database(encrypted_data_dir):
    (encrypted_data_dir / "encryption.keys").unlink()
    line = _one_line(_serve(encrypted_data_dir))
    assert "encryption.keys is missing" in line
    assert "CLOSEKNIT_ENCRYPTION_KEYS" in line
    assert not (encrypted_data_dir / "encryption.keys").exists(), "a fresh key was made"


def test_serve_refuses_keys_that_open_none_of_the_stored_text(encrypted_data_dir):
    other = Fernet.generate_key().decode()
    result = _serve(encrypted_data_dir, CLOSEKNIT_ENCRYPTION_KEYS=other)
    line = _one_line(result)
    assert "none of the keys in CLOSEKNIT_ENCRYPTION_KEYS can open" in line
    assert "appreciation.NoticedEntry: 1" in line


def test_serve_on_an_unusable_data_dir_says_so_in_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    line = _one_line(_serve(blocker / "data"))
    assert "CLOSEKNIT_DATA_DIR=" in line and "cannot be created" in line


def test_serve_on_a_read_only_data_dir_says_so_in_one_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | 0o005)
    tmp_path.chmod(0o755)
    if os.geteuid() == 0:
        pytest.skip("root writes through directory permissions; run the suite as a user")
    env = {**os.environ, "CLOSEKNIT_DATA_DIR": str(data), **SERVE_ENV}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "closeknit", "serve", "--port", "1"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    line = _one_line(result)
    assert "is not writable" in line and str(data) in line
