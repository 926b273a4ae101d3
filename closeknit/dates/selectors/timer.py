"""The phone-free timer as one person sees it: running or not, and a gentle record."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Sum
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.dates.models import PhoneFreeSession
from closeknit.dates.services.timer import running_session
from closeknit.dates.spaces import Space, space_for, visible

RECENT = 10


@dataclass
class TimerView:
    running: PhoneFreeSession | None
    recent: list[PhoneFreeSession]
    minutes_this_month: int
    now: datetime

    @property
    def elapsed_minutes(self) -> int:
        if self.running is None:
            return 0
        return max(0, int((self.now - self.running.started_at).total_seconds() // 60))


def timer_view(*, user: User, space: Space | None = None) -> TimerView:
    space = space or space_for(user)
    now = timezone.now()
    month_start = (
        now.astimezone(ZoneInfo(user.timezone))
        .replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        .astimezone(ZoneInfo("UTC"))
    )
    ended = PhoneFreeSession.objects.filter(ended_at__isnull=False)
    recent = list(ended.filter(visible(user, author="started_by")).order_by("-started_at")[:RECENT])
    total = ended.filter(space.current(author="started_by"), started_at__gte=month_start).aggregate(
        total=Sum("minutes")
    )["total"]
    return TimerView(
        running=running_session(space), recent=recent, minutes_this_month=total or 0, now=now
    )
