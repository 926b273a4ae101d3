"""Check-in periods: two-week windows numbered from the start of a space, so both
partners' check-ins in the same window pair up. Pure functions, plus `origin_for`."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from closeknit.prompts.spaces import Space

PERIOD_DAYS = 14


@dataclass(frozen=True)
class Period:
    number: int
    starts_on: date

    @property
    def ends_on(self) -> date:
        """The last day of the period (inclusive)."""
        return self.starts_on + timedelta(days=PERIOD_DAYS - 1)

    @property
    def next_starts_on(self) -> date:
        return self.starts_on + timedelta(days=PERIOD_DAYS)


def local_date(instant: datetime, tz: str) -> date:
    return instant.astimezone(zoneinfo.ZoneInfo(tz)).date()


def period_for(*, origin: date, day: date) -> Period:
    """The period containing `day`, for a space whose first period starts on `origin`."""
    number = max(0, (day - origin).days // PERIOD_DAYS)
    return Period(number=number, starts_on=origin + timedelta(days=number * PERIOD_DAYS))


def origin_for(space: Space) -> date:
    """A couple's periods count from its creation; someone alone counts from joining."""
    if space.couple is not None:
        return local_date(space.couple.created_at, space.tz)
    assert space.solo is not None
    return local_date(space.solo.date_joined, space.tz)


def current_period(space: Space, *, now: datetime) -> Period:
    return period_for(origin=origin_for(space), day=local_date(now, space.tz))


def is_due(
    *,
    today: date,
    every_weeks: int,
    last_period_start: date | None,
    current_updated_on: date | None,
    current_revealed: bool = False,
) -> bool:
    """Whether to suggest a check-in now. A suggestion, never a requirement.

    `last_period_start` is the first day of the period of the person's latest check-in;
    `current_updated_on` the day they last saved one in the current period (None when
    they have not checked in this period). Every week or every two weeks: suggested in
    each period without one; "every week" also offers a refresh in the second week,
    while answers can still change (before the reveal). Every four weeks: suggested when
    the latest check-in's period started four weeks ago or more.
    """
    if current_updated_on is not None:
        return every_weeks == 1 and not current_revealed and (today - current_updated_on).days >= 7
    if last_period_start is None or every_weeks <= 2:
        return True
    return (today - last_period_start).days >= every_weeks * 7
