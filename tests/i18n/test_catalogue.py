"""The committed catalogue holds every message in the source, so nothing new can be
forgotten: run `make messages` after adding or changing interface text."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "closeknit" / "locale"

# The same options as `make messages` (Makefile, MESSAGES_OPTIONS).
IGNORE = [
    "node_modules", "var", "tests", "bench", "scripts", "docs", "content",
    "conftest.py", "*.egg-info",
]  # fmt: skip


def _messages(path: Path) -> set[tuple[str, str, str]]:
    return {
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        for entry in polib.pofile(str(path))
        if not entry.obsolete and entry.msgid
    }


def test_every_language_has_the_same_messages_as_the_source() -> None:
    source = _messages(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert len(source) > 1000
    for catalogue in LOCALE.glob("*/LC_MESSAGES/django.po"):
        assert _messages(catalogue) == source, f"{catalogue}: run `make messages`"


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="needs xgettext from GNU gettext (scripts/ensure-gettext.sh installs it)",
)
def test_the_committed_catalogue_is_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert shutil.which("xgettext"), "GNU gettext is required in CI: scripts/ensure-gettext.sh"
    monkeypatch.chdir(ROOT)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command(
            "makemessages",
            locale=["en"],
            domain="django",
            no_obsolete=True,
            add_location="file",
            # The committed catalogue's folder is left out so the fresh one goes to tmp.
            ignore_patterns=[*IGNORE, "closeknit/locale"],
            verbosity=0,
        )
    fresh = _messages(tmp_path / "en" / "LC_MESSAGES" / "django.po")
    committed = _messages(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    missing = sorted(fresh - committed)
    stale = sorted(committed - fresh)
    assert not missing and not stale, (
        "closeknit/locale is out of date: run `make messages` and commit the result.\n"
        f"Missing from the catalogue: {[m[1] for m in missing][:20]}\n"
        f"No longer in the source: {[m[1] for m in stale][:20]}"
    )
