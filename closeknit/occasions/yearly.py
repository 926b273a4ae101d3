"""When a yearly day falls: pure functions, property-tested."""

import calendar
from datetime import date

LEAP_YEAR = 2000  # a year in which every month has all its days


def is_valid(*, month: int, day: int) -> bool:
    """A real day of some year (29 February included)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(LEAP_YEAR, month)[1]


def keys_for(day: date) -> list[tuple[int, int]]:
    """The (month, day) pairs observed on `day`: its own, and on 28 February of a year
    without a 29th, the 29th too (a birthday on the 29th is kept on the 28th)."""
    keys = [(day.month, day.day)]
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        keys.append((2, 29))
    return keys


def falls_on(*, month: int, day: int, on: date) -> bool:
    return (month, day) in keys_for(on)


def next_on(*, month: int, day: int, after: date) -> date:
    """The first day on or after `after` that the yearly (month, day) is observed."""
    for year in range(after.year, after.year + 2):
        observed = day
        if (month, day) == (2, 29) and not calendar.isleap(year):
            observed = 28
        candidate = date(year, month, observed)
        if candidate >= after:
            return candidate
    raise ValueError(f"no such day: {month}-{day}")  # unreachable for a valid day
