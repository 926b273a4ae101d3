"""Reading planned dates as one person sees them, with their own log and, when shared,
their partner's."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.dates.models import DateLog, PlannedDate
from closeknit.dates.spaces import Space, space_for, visible

PAGE_SIZE = 20


@dataclass
class DateView:
    date: PlannedDate
    mine: DateLog | None
    theirs: DateLog | None  # the partner's log, only when they shared it
    in_current_space: bool
    is_past: bool  # it has begun, so it can be logged
    viewer_id: int

    @property
    def hidden(self) -> bool:
        """The partner took this date with them when they left; only its time remains."""
        return self.date.withdrawn and not self.is_mine

    @property
    def is_mine(self) -> bool:
        return self.date.created_by_id == self.viewer_id

    @property
    def title(self) -> str:
        return "" if self.hidden else self.date.title

    @property
    def can_change(self) -> bool:
        return self.in_current_space

    @property
    def can_log(self) -> bool:
        return self.in_current_space and self.is_past


def visible_dates(user: User) -> QuerySet[PlannedDate]:
    """Dates this person may open, including one the partner took away on leaving when
    this person had logged it (their own log stays theirs)."""
    return PlannedDate.objects.filter(
        visible(user, author="created_by") | Q(logs__user=user)
    ).distinct()


def _with_logs(dates: QuerySet[PlannedDate]) -> QuerySet[PlannedDate]:
    return dates.select_related("couple", "idea").prefetch_related(
        Prefetch("logs", queryset=DateLog.objects.order_by("pk"))
    )


def _view(*, user: User, planned: PlannedDate, space: Space, now: datetime) -> DateView:
    logs = list(planned.logs.all())
    mine = next((log for log in logs if log.user_id == user.pk), None)
    couple = planned.couple
    partner_visible = couple is not None and couple.ended_by_id != user.pk
    theirs = next(
        (
            log
            for log in logs
            if log.user_id != user.pk and log.shared and not log.withdrawn and partner_visible
        ),
        None,
    )
    in_current = (
        planned.couple_id == space.couple.pk
        if space.couple is not None
        else planned.couple_id is None and planned.created_by_id == user.pk
    )
    return DateView(
        date=planned,
        mine=mine,
        theirs=theirs,
        in_current_space=in_current,
        is_past=planned.starts_at <= now,
        viewer_id=user.pk,
    )


def date_view(*, user: User, date_id: int, space: Space | None = None) -> DateView | None:
    space = space or space_for(user)
    planned = _with_logs(visible_dates(user).filter(pk=date_id)).first()
    if planned is None:
        return None
    return _view(user=user, planned=planned, space=space, now=timezone.now())


def upcoming(*, user: User, space: Space | None = None, limit: int | None = None) -> list[DateView]:
    """Dates of the current space that have not ended yet, soonest first."""
    space = space or space_for(user)
    now = timezone.now()
    # A date can last up to a day: fetch from a day back, keep those not yet over.
    dates = _with_logs(
        PlannedDate.objects.filter(
            space.current(author="created_by"), starts_at__gt=now - timedelta(days=1)
        ).order_by("starts_at", "pk")
    )
    found = [_view(user=user, planned=d, space=space, now=now) for d in dates if d.ends_at > now]
    return found[:limit] if limit else found


@dataclass
class PastPage:
    items: list[DateView]
    page: int
    has_next: bool


def past(*, user: User, page: int = 1, space: Space | None = None) -> PastPage:
    """Dates that have begun, newest first, from every space this person may still see;
    and a plan of an ended space even if its day has not come: that space is history
    now, shown as such, never live in a new one (docs/couples.md)."""
    space = space or space_for(user)
    now = timezone.now()
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    history = Q(starts_at__lte=now) | ~space.current(author="created_by")
    dates = list(
        _with_logs(visible_dates(user).filter(history).order_by("-starts_at", "-pk"))[
            start : start + PAGE_SIZE + 1
        ]
    )
    return PastPage(
        items=[_view(user=user, planned=d, space=space, now=now) for d in dates[:PAGE_SIZE]],
        page=page,
        has_next=len(dates) > PAGE_SIZE,
    )
