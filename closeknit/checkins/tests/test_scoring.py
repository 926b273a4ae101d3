"""Scoring: 0-100 per practice from its two ratings, stored in their own rows."""

from datetime import date, timedelta

import pytest

from closeknit import practices
from closeknit.checkins import items
from closeknit.checkins.models import Checkin, CheckinScore
from closeknit.checkins.periods import is_due, period_for
from closeknit.checkins.tests.helpers import check_in


@pytest.mark.parametrize(
    ("first", "second", "score"),
    [(1, 1, 0), (7, 7, 100), (4, 4, 50), (1, 2, 8), (2, 3, 25), (3, 4, 42), (5, 6, 75), (6, 7, 92)],
)
def test_a_practice_score_is_the_scaled_mean_of_its_two_ratings(first, second, score):
    assert items.practice_score(first, second) == score
    assert items.practice_score(second, first) == score


@pytest.mark.parametrize("bad", [0, 8, -1])
def test_a_rating_outside_1_to_7_cannot_be_scored(bad):
    with pytest.raises(ValueError):
        items.practice_score(bad, 4)


def test_there_are_two_statements_for_each_of_the_eight_practices():
    per_practice = {key: [i for i in items.ITEMS if i.practice == key] for key in practices.KEYS}
    assert all(len(found) == 2 for found in per_practice.values())
    assert len({str(i.text) for i in items.ITEMS}) == 16
    # Each statement is about the person's own experience.
    assert all(str(i.text).startswith(("I ", "I'", "Lately I", "When ")) for i in items.ITEMS)


def test_checking_in_stores_one_score_row_per_practice(owner, couple):
    result = check_in(owner, 4, closeness=6, trust=7, support=1)
    scores = dict(
        CheckinScore.objects.filter(checkin=result.checkin).values_list("practice", "score")
    )
    assert scores == {**dict.fromkeys(practices.KEYS, 50), "trust": 100, "support": 0}
    checkin = Checkin.objects.get()
    assert checkin.closeness == 6
    assert CheckinScore.objects.filter(checkin=checkin, couple=couple).count() == 8


def test_a_hidden_practice_is_neither_asked_nor_scored(owner):
    owner.hidden_practices = ["intimacy"]
    owner.save()
    assert [i.practice for i in items.items_for(hidden=owner.hidden_practices)].count(
        "intimacy"
    ) == 0
    result = check_in(owner, 5)
    practices_scored = set(
        CheckinScore.objects.filter(checkin=result.checkin).values_list("practice", flat=True)
    )
    assert practices_scored == set(practices.KEYS) - {"intimacy"}


def test_periods_are_two_week_windows_counted_from_the_start():
    origin = date(2026, 1, 5)
    assert period_for(origin=origin, day=origin).number == 0
    assert period_for(origin=origin, day=origin + timedelta(days=13)).number == 0
    later = period_for(origin=origin, day=origin + timedelta(days=14))
    assert (later.number, later.starts_on) == (1, origin + timedelta(days=14))
    assert period_for(origin=origin, day=origin + timedelta(days=45)).number == 3


def test_the_suggestion_follows_the_persons_chosen_rhythm():
    today = date(2026, 3, 1)
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    # Never checked in: suggested.
    assert is_due(today=today, every_weeks=2, last_period_start=None, current_updated_on=None)
    # Every two weeks: each new fortnight without one.
    assert is_due(today=today, every_weeks=2, last_period_start=ago(14), current_updated_on=None)
    assert not is_due(
        today=today, every_weeks=2, last_period_start=ago(3), current_updated_on=ago(3)
    )
    # Every four weeks: not in the fortnight after one.
    assert not is_due(
        today=today, every_weeks=4, last_period_start=ago(14), current_updated_on=None
    )
    assert is_due(today=today, every_weeks=4, last_period_start=ago(28), current_updated_on=None)
    # Every week: a refresh in the second week, only while it can still change.
    assert is_due(today=today, every_weeks=1, last_period_start=ago(9), current_updated_on=ago(8))
    assert not is_due(
        today=today,
        every_weeks=1,
        last_period_start=ago(9),
        current_updated_on=ago(8),
        current_revealed=True,
    )
