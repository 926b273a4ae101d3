"""The VAPID key pair: generated into the data dir on first run, or configured, and
refused loudly when it isn't a key."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from closeknit.core.tests.test_env import run_cli
from closeknit.push import vapid


def test_a_generated_key_gives_a_65_byte_public_key():
    raw = vapid.generate_private_key()
    assert vapid.parse_private_key(raw, source="test") == raw
    point = vapid.b64url_decode(vapid.public_key(raw))
    assert len(point) == 65 and point[0] == 4


@pytest.mark.parametrize("bad", ["", "not a key", vapid.b64url(b"\x01" * 31), "A" * 43])
def test_a_bad_key_stops_the_start_with_its_source(bad):
    with pytest.raises(ImproperlyConfigured, match="CLOSEKNIT_VAPID_PRIVATE_KEY"):
        vapid.parse_private_key(bad, source="CLOSEKNIT_VAPID_PRIVATE_KEY")


def test_first_run_writes_the_key_and_a_configured_one_is_checked(tmp_path):
    result = run_cli("check", CLOSEKNIT_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "vapid.key").read_text().strip()
    assert (tmp_path / "vapid.key").stat().st_mode & 0o077 == 0  # the owner's alone
    vapid.parse_private_key(key, source="test")
    result = run_cli("check", CLOSEKNIT_DATA_DIR=str(tmp_path), CLOSEKNIT_VAPID_PRIVATE_KEY="nope")
    assert result.returncode == 2 and "CLOSEKNIT_VAPID_PRIVATE_KEY" in result.stderr
    assert "Traceback" not in result.stderr
