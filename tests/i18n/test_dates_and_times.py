"""Dates and times appear in the reader's own time zone, written one way everywhere from
the reader's language and region: the `human` filters (closeknit/lib/when.py), never a
format string in a template."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.lib import when
from closeknit.support import services as support
from closeknit.support.models import MoodEntry

ROOT = Path(__file__).resolve().parents[2]
# 18:45 UTC: a different hour, and for Tokyo a different day, in each zone below.
MOMENT = datetime(2031, 3, 7, 18, 45, tzinfo=UTC)


def _shown(moment: datetime, zone: str) -> str:
    with timezone.override(ZoneInfo(zone)):
        return when.moment(moment)


def test_a_time_on_a_page_follows_the_readers_time_zone(
    web: Callable[[User | None], Client], make_person: Callable[..., User]
) -> None:
    seen = {}
    for zone in ("Europe/Berlin", "America/New_York", "Asia/Tokyo"):
        person = make_person(tz=zone)
        entry = support.mood_add(user=person, mood=4, stress=2)
        MoodEntry.objects.filter(pk=entry.pk).update(created_at=MOMENT)
        page = web(person).get("/support/mood/").content.decode()
        seen[zone] = _shown(MOMENT, zone)
        assert seen[zone] in page, f"{zone}: expected {seen[zone]!r} on the page"
        offset = timezone.localtime(MOMENT, ZoneInfo(zone)).isoformat()
        assert f'datetime="{offset}"' in page
    assert len(set(seen.values())) == 3  # three zones, three different local times
    assert _shown(MOMENT, "UTC") not in seen.values()


def test_a_person_who_moves_sees_the_new_local_time(
    web: Callable[[User | None], Client], owner: User
) -> None:
    entry = support.mood_add(user=owner, mood=3, stress=3)
    MoodEntry.objects.filter(pk=entry.pk).update(created_at=MOMENT)
    client = web(owner)
    assert _shown(MOMENT, "Europe/Berlin") in client.get("/support/mood/").content.decode()
    owner.timezone = "Pacific/Auckland"
    owner.save(update_fields=["timezone"])
    page = client.get("/support/mood/").content.decode()
    assert _shown(MOMENT, "Pacific/Auckland") in page
    assert _shown(MOMENT, "Europe/Berlin") not in page


# |date:"..." or |time:"..." with a format for people to read: dates for people go
# through the `human` filters (|day, |moment...); machine formats are not for reading.
LITERAL_FORMAT = re.compile(r"""\|(?:date|time):(["'])(?P<format>[^"']*)\1""")
MACHINE = {"c", "U", "Y-m-d", "H:i:s", "r", "Y-m-d\\TH:i", "Ymd"}


def test_templates_use_localisable_date_formats() -> None:
    fixed = []
    for template in sorted((ROOT / "closeknit").rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for match in LITERAL_FORMAT.finditer(text):
            shape = match["format"]
            if shape in MACHINE:
                continue
            line = text.count("\n", 0, match.start()) + 1
            fixed.append(f"{template.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not fixed, "Dates for people: use {% load human %} |day, |moment...:\n" + "\n".join(
        fixed
    )
