import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from closeknit.accounts.models import User
from closeknit.core.tests.test_env import REPO, run_cli
from closeknit.couples import services as couples


def test_serve_refuses_debug(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG is on"):
        call_command("serve")


@pytest.mark.parametrize("key", ["django-insecure-abc123", "short", "change-me-please-" * 4])
def test_serve_refuses_a_default_or_weak_secret(settings, key):
    settings.DEBUG = False
    settings.SECRET_KEY = key
    with pytest.raises(CommandError, match="SECRET_KEY"):
        call_command("serve")


@pytest.mark.django_db
def test_demo_creates_a_couple_and_prints_how_to_log_in(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    alex = User.objects.get(email="alex@demo.closeknit.test")
    sam = User.objects.get(email="sam@demo.closeknit.test")
    assert couples.couple_for(alex) == couples.couple_for(sam) is not None
    password = out.split("password: ")[1].split()[0]
    assert alex.check_password(password)
    call_command("demo")  # a second run refreshes, it does not duplicate
    assert User.objects.filter(email__endswith="@demo.closeknit.test").count() == 2


def test_keys_generate_prints_a_usable_key(capsys):
    from closeknit.lib.crypto import parse_keys

    call_command("keys", "generate")
    key = capsys.readouterr().out.strip()
    assert parse_keys(key, source="test") == [key]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, deadline: float) -> tuple[int, bytes]:
    """The first answer from url, asking until the deadline (the server is starting)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - our own http URL
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def _wait_for_health(port: int, limit: float = 90.0) -> bytes:
    # Generous: gunicorn and the worker start slowly on a loaded two-core machine.
    return _get(f"http://127.0.0.1:{port}/healthz", time.monotonic() + limit)[1]


def _child_list(pid: int) -> list[tuple[int, str]]:
    out = subprocess.run(
        ["ps", "-ww", "--ppid", str(pid), "-o", "pid=,args="], capture_output=True, text=True
    ).stdout
    return [(int(line.split(None, 1)[0]), line.split(None, 1)[1]) for line in out.splitlines()]


def _children(pid: int) -> str:
    return "\n".join(args for _pid, args in _child_list(pid))


def test_serve_runs_the_web_server_and_worker_together(tmp_path):
    """Started without `collectstatic` (a fresh data directory), serve collects the static
    files itself, so pages render instead of answering a bare 500."""
    env = {"CLOSEKNIT_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    assert run_cli("migrate", "--noinput", **env).returncode == 0
    assert not (tmp_path / "static" / "staticfiles.json").exists()
    port = _free_port()

    process = subprocess.Popen(
        [sys.executable, "-m", "closeknit", "serve", "--port", str(port), "--workers", "1"],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120  # collecting takes ~10 s, more on a busy machine
        status, body = _get(f"http://127.0.0.1:{port}/healthz", deadline)
        assert body == b'{"status": "ok", "database": "ok"}'
        status, page = _get(f"http://127.0.0.1:{port}/", deadline)
        assert status == 200 and b"Grow closer" in page
        assert b"/static/closeknit/app." in page  # a hashed name from the manifest
        assert (tmp_path / "static" / "staticfiles.json").exists()
        children = _children(process.pid)
        assert "gunicorn" in children and "closeknit worker" in children
        # Connections are capped per worker (8 per thread), so no worker hoards them.
        assert "--threads 4" in children and "--worker-connections 32" in children
        # A task worker that dies is started again; the web server never stopped.
        worker_pid = next(p for p, args in _child_list(process.pid) if "closeknit worker" in args)
        os.kill(worker_pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while not any(
            "closeknit worker" in args and pid != worker_pid
            for pid, args in _child_list(process.pid)
        ):
            assert time.monotonic() < deadline, "no new task worker within 60 s"
            assert process.poll() is None, "serve stopped when its task worker died"
            time.sleep(0.25)
        assert _wait_for_health(port) == b'{"status": "ok", "database": "ok"}'
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Static files are missing: collecting them" in output


@pytest.mark.parametrize(
    ("host", "site_url", "warns"),
    [
        ("0.0.0.0", "", True),  # noqa: S104 - the case under test
        ("192.168.1.20", "", True),
        ("0.0.0.0", "https://closeknit.example.org", False),  # noqa: S104
        ("127.0.0.1", "", False),
        ("localhost", "", False),
        ("::1", "", False),
    ],
)
@pytest.mark.django_db  # the system checks `serve` runs first read the database
def test_serve_warns_when_the_public_address_is_unset_off_localhost(
    settings, monkeypatch, capsys, host, site_url, warns
):
    from closeknit.core.management.commands import serve

    settings.DEBUG = False
    settings.SECRET_KEY = "k" * 20 + "9f3Qx7Lm2Zr8Tb6Wc1Yd"
    settings.CLOSEKNIT_SITE_URL = site_url

    class Started(Exception):
        pass

    def no_server(*args, **kwargs):  # the warning comes before anything starts
        raise Started

    monkeypatch.setattr(serve.subprocess, "Popen", no_server)
    monkeypatch.setattr(serve, "ensure_static_files", lambda say: None)
    with pytest.raises(Started):
        call_command("serve", "--host", host)
    err = capsys.readouterr().err
    assert ("CLOSEKNIT_SITE_URL is not set" in err) is warns
    if warns:
        assert host in err and "CLOSEKNIT_SITE_URL=https://" in err


def test_serve_collects_nothing_when_the_static_files_are_current(settings, tmp_path):
    from closeknit.core.management.commands import serve

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    assert serve.static_files_stale() == "missing"
    said: list[str] = []
    serve.ensure_static_files(said.append)
    assert said and "collecting" in said[0]
    assert serve.static_files_stale() == ""
    serve.ensure_static_files(said.append)
    assert len(said) == 1  # the second start is quiet and quick
    # A source file changed after collecting (an upgrade): collected again.
    app_css = REPO / "closeknit" / "core" / "static" / "closeknit" / "app.css"
    manifest = tmp_path / "staticfiles.json"
    os.utime(manifest, (app_css.stat().st_mtime - 10, app_css.stat().st_mtime - 10))
    assert serve.static_files_stale() == "out of date"
