"""Which day a person last opened Closeknit: one date, written at most once a day.

It exists only so a partner can be offered "a way back in" after a quiet while
(closeknit.nudges.wayback). It is deliberately coarse: a date in the person's own time
zone, not a time, and no history; nothing shows it to anyone but the person's own export.
"""

import zoneinfo
from collections.abc import Callable
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from closeknit.accounts.models import User


def local_today(*, tz: str, now: datetime | None = None) -> date:
    try:
        zone = zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return (now or timezone.now()).astimezone(zone).date()


def note_opened(*, user: User, now: datetime | None = None) -> bool:
    """`user` is using Closeknit now. Compares with the date already read with the
    person (no query) and writes only when the day changed. Returns whether it wrote."""
    today = local_today(tz=user.timezone, now=now)
    if user.last_opened_on == today:
        return False
    # Not a save(): this must not touch any other column the request may be changing,
    # nor the person's kept pages (nothing they see depends on it).
    User.objects.filter(pk=user.pk).update(last_opened_on=today)
    user.last_opened_on = today
    return True


class OpenedMiddleware:
    """Notes the day a signed-in person opens Closeknit (API calls with a token are noted
    where the token is checked, closeknit.accounts.services.token_authenticate)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            note_opened(user=user)
        return self.get_response(request)
