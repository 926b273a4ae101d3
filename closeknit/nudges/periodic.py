"""Periodic reminders: dates coming up, the week's plan, a check-in when one is due.

Each runs from the worker clock (nudges/schedule.py). People are chosen in bulk, and
each reminder's dedupe key makes a second run (or a second worker) a no-op.
"""

import zoneinfo
from datetime import datetime, timedelta

from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Membership
from closeknit.nudges.services import Nudge, notify_many

ACTIVE_WITHIN = timedelta(days=30)  # people who haven't used Closeknit lately aren't nudged


def _zones_at(now: datetime, *, hour: int, weekday: int | None = None) -> list[str]:
    """The time zones people use in which it is now `hour` o'clock (on `weekday`)."""
    zones = User.objects.filter(is_active=True).values_list("timezone", flat=True).distinct()
    found = []
    for tz in zones:
        local = now.astimezone(zoneinfo.ZoneInfo(tz))
        if local.hour == hour and (weekday is None or local.weekday() == weekday):
            found.append(tz)
    return found


def _recently_active(now: datetime, zones: list[str]):  # type: ignore[no-untyped-def]
    return User.objects.filter(
        is_active=True, timezone__in=zones, activity__occurred_at__gte=now - ACTIVE_WITHIN
    ).distinct()


def remind_dates(*, now: datetime | None = None) -> int:
    """Both partners hear about a date in the coming day, once (again if it moves)."""
    from closeknit.dates.models import PlannedDate

    now = now or timezone.now()
    upcoming = list(
        PlannedDate.objects.filter(
            couple__isnull=False,
            couple__ended_at__isnull=True,
            withdrawn=False,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(hours=24),
        ).values_list("pk", "sequence", "couple_id")
    )
    couples = {couple_id for _pk, _seq, couple_id in upcoming}
    members: dict[int, list[User]] = {}
    for m in Membership.objects.current().filter(couple_id__in=couples).select_related("user"):
        members.setdefault(m.couple_id, []).append(m.user)
    return notify_many(
        [
            Nudge(
                user=person,
                event="date_upcoming",
                url=f"/quality-time/dates/{pk}/",
                dedupe_key=f"date_upcoming:{pk}:{sequence}",
            )
            for pk, sequence, couple_id in upcoming
            for person in members.get(couple_id, [])
        ],
        now=now,
    )


def announce_weekly_plans(*, now: datetime | None = None) -> int:
    """Monday 9:00 local time: this week's plan is ready (for people using Closeknit)."""
    now = now or timezone.now()
    zones = _zones_at(now, hour=9, weekday=0)
    if not zones:
        return 0
    nudges = []
    for person in _recently_active(now, zones):
        week = now.astimezone(zoneinfo.ZoneInfo(person.timezone)).date().isoformat()
        nudges.append(
            Nudge(user=person, event="weekly_plan", url="/insights/",
                  dedupe_key=f"weekly_plan:{week}")
        )  # fmt: skip
    return notify_many(nudges, now=now)


def suggest_checkins(*, now: datetime | None = None) -> int:
    """18:00 local time: a check-in is suggested once per period, when it's due."""
    from closeknit.checkins.selectors import checkin_status

    now = now or timezone.now()
    zones = _zones_at(now, hour=18)
    nudges = []
    for person in _recently_active(now, zones) if zones else []:
        status = checkin_status(user=person, now=now)
        if status.due:
            nudges.append(
                Nudge(user=person, event="checkin_due", url="/checkin/",
                      dedupe_key=f"checkin_due:{status.period.number}:{status.in_couple}")
            )  # fmt: skip
    return notify_many(nudges, now=now)
