"""A gentle word the evening before a day a couple marked, to both partners.

Runs from the worker clock every 15 minutes (closeknit.nudges.schedule). From 17:00 on
the evening before, in the couple's home time zone, both partners get one notification;
its dedupe key (the occasion and the day) makes every later run a no-op. The name is
the couple's own words: it rides in the notification's encrypted detail, shown only to
someone who asked for richer notifications.
"""

import zoneinfo
from datetime import datetime, timedelta

from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Membership
from closeknit.nudges.services import Nudge, notify_many
from closeknit.occasions import yearly
from closeknit.occasions.models import Occasion
from closeknit.occasions.services import on_day_filter

REMIND_FROM_HOUR = 17  # local time, the evening before


def remind_occasions(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    utc_day = now.astimezone(zoneinfo.ZoneInfo("UTC")).date()
    # "Tomorrow" somewhere on Earth is one of these (time zones span UTC-12 to UTC+14).
    tomorrows = {utc_day + timedelta(days=k) for k in (0, 1, 2)}
    rows = Occasion.objects.filter(
        on_day_filter(tomorrows), couple__ended_at__isnull=True
    ).values_list("pk", "couple_id", "name", "month", "day", "couple__home_timezone")
    due: list[tuple[int, int, str, str]] = []  # occasion, couple, name, the day
    for pk, couple_id, name, month, day, tz in rows:
        local = now.astimezone(zoneinfo.ZoneInfo(tz))
        tomorrow = local.date() + timedelta(days=1)
        if local.hour >= REMIND_FROM_HOUR and yearly.falls_on(month=month, day=day, on=tomorrow):
            due.append((pk, couple_id, name, tomorrow.isoformat()))
    if not due:
        return 0
    members: dict[int, list[User]] = {}
    for m in (
        Membership.objects.current()
        .filter(couple_id__in={c for _p, c, _n, _d in due})
        .select_related("user")
    ):
        members.setdefault(m.couple_id, []).append(m.user)
    return notify_many(
        [
            Nudge(
                user=person,
                event="occasion_tomorrow",
                url="/occasions/",
                dedupe_key=f"occasion:{pk}:{day}",
                detail=name,
            )
            for pk, couple_id, name, day in due
            for person in members.get(couple_id, [])
        ],
        now=now,
    )
