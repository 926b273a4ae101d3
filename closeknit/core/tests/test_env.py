import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from closeknit.lib import env

REPO = Path(__file__).resolve().parents[3]


def test_booleans_are_strict(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env.env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe'"):
        env.env_bool("X_FLAG", default=False)


def test_integers_are_checked(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.env_int("X_NUM", default=1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="too small"):
        env.env_int("X_NUM", default=1, minimum=1)


def test_secrets_are_generated_once_and_private(tmp_path):
    path = tmp_path / "secret.key"
    first = env.secret_from_file(path, make=env.make_secret_key)
    assert env.secret_from_file(path, make=env.make_secret_key) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert len(first) >= 50


def run_cli(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **extra_env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-m", "closeknit", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=60,
        check=False,
    )


def test_the_cli_reports_bad_configuration_plainly(tmp_path):
    result = run_cli("check", CLOSEKNIT_DATA_DIR=str(tmp_path), DEBUG="perhaps")
    assert result.returncode == 2
    assert "DEBUG='perhaps' is not a yes/no value" in result.stderr
    assert "Traceback" not in result.stderr

    result = run_cli("check", CLOSEKNIT_DATA_DIR=str(tmp_path), DATABASE_URL="mysql://x/y")
    assert result.returncode == 2
    assert "supports sqlite:// and postgres://" in result.stderr


def test_first_run_generates_a_secret_key_and_encryption_keys(tmp_path):
    result = run_cli("check", CLOSEKNIT_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret.key").exists()
    assert (tmp_path / "encryption.keys").exists()


def test_deploy_checks_pass_in_production_mode(tmp_path):
    production = {
        "CLOSEKNIT_DATA_DIR": str(tmp_path),
        "CLOSEKNIT_HTTPS": "true",
        "CLOSEKNIT_SITE_URL": "https://closeknit.example.org",
        "ALLOWED_HOSTS": "closeknit.example.org",
        "SECRET_KEY": "k" * 10 + "9Zq-" * 12 + "x7P_vLm2",
        "EMAIL_HOST": "smtp.example.org",
    }
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode == 0, result.stdout + result.stderr
    insecure = {**production, "CLOSEKNIT_SITE_URL": "http://closeknit.example.org"}
    result = run_cli("check", "--deploy", **insecure)
    assert result.returncode != 0 and "closeknit.E001" in result.stderr


def test_rate_limits_count_the_client_behind_a_proxy(rf, settings):
    from closeknit.lib.ratelimit import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.CLOSEKNIT_BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.CLOSEKNIT_BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.9"  # the hop our proxy saw, not a forged one
