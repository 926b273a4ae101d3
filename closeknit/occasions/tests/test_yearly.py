"""Property tests of when a yearly day falls, 29 February included."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.occasions.yearly import falls_on, is_valid, keys_for, next_on

valid_days = st.tuples(st.integers(1, 12), st.integers(1, 31)).filter(
    lambda md: is_valid(month=md[0], day=md[1])
)


@settings(max_examples=200, deadline=None)
@given(md=valid_days, year=st.integers(1901, 2399))
def test_every_day_is_kept_exactly_once_every_year(md, year):
    month, day = md
    start = date(year, 1, 1)
    days = [start + timedelta(days=n) for n in range((date(year + 1, 1, 1) - start).days)]
    assert sum(falls_on(month=month, day=day, on=d) for d in days) == 1


def test_29_february_is_kept_on_the_28th_in_other_years():
    assert falls_on(month=2, day=29, on=date(2027, 2, 28))
    assert not falls_on(month=2, day=29, on=date(2028, 2, 28))
    assert falls_on(month=2, day=29, on=date(2028, 2, 29))
    assert falls_on(month=2, day=28, on=date(2027, 2, 28))  # the 28th keeps its own too
    assert keys_for(date(2100, 2, 28)) == [(2, 28), (2, 29)]  # 2100 is no leap year
    assert next_on(month=2, day=29, after=date(2027, 3, 1)) == date(2028, 2, 29)
    assert next_on(month=2, day=29, after=date(2026, 12, 7)) == date(2027, 2, 28)


@settings(max_examples=200, deadline=None)
@given(md=valid_days, after=st.dates(min_value=date(1901, 1, 1), max_value=date(2399, 1, 1)))
def test_the_next_day_is_the_first_one_it_is_kept_on(md, after):
    month, day = md
    found = next_on(month=month, day=day, after=after)
    assert found >= after and falls_on(month=month, day=day, on=found)
    assert (found - after).days < 366
    assert not any(
        falls_on(month=month, day=day, on=after + timedelta(days=n))
        for n in range((found - after).days)
    )


def test_days_outside_the_calendar_are_not_valid():
    assert is_valid(month=2, day=29) and is_valid(month=12, day=31)
    for month, day in ((2, 30), (4, 31), (13, 1), (0, 5), (6, 0)):
        assert not is_valid(month=month, day=day)
