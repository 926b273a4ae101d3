"""practice_leanings(): how much the daily question could lean toward each practice."""

from datetime import timedelta

from django.utils import timezone

from closeknit import practices
from closeknit.activity.models import ActivityRecord
from closeknit.checkins.tests.helpers import check_in
from closeknit.insights.services import practice_leanings


def record(user, couple, practice, n, *, days_ago=1):
    when = timezone.now() - timedelta(days=days_ago)
    ActivityRecord.objects.bulk_create(
        ActivityRecord(user=user, couple=couple, practice=practice, kind="t", occurred_at=when)
        for _ in range(n)
    )


def test_without_any_signal_every_practice_leans_the_same(owner, partner, couple):
    leanings = practice_leanings(couple=couple)
    assert set(leanings) == set(practices.KEYS)
    assert set(leanings.values()) == {0.5}


def test_low_scores_and_little_activity_lean_harder(owner, partner, couple):
    check_in(owner, 6, trust=2)
    check_in(partner, 6, trust=1)
    for key in practices.KEYS:
        if key not in ("trust", "growth"):
            record(owner, couple, key, 3)
    leanings = practice_leanings(couple=couple)
    assert all(0.0 <= value <= 1.0 for value in leanings.values())
    assert max(leanings, key=leanings.get) == "trust"
    # Lived less than the others, with the same score: leans more than them.
    assert leanings["growth"] > leanings["support"]


def test_only_check_ins_you_have_both_made_count(owner, partner, couple):
    check_in(owner, 6, trust=1)  # the partner hasn't checked in: not revealed
    assert set(practice_leanings(couple=couple).values()) == {0.5}


def test_old_activity_and_check_in_records_do_not_count(owner, partner, couple):
    record(owner, couple, "goals", 5, days_ago=40)
    check_in(owner, 4)  # writes a "checkin" activity record, which insights leave out
    assert set(practice_leanings(couple=couple).values()) == {0.5}


def test_a_practice_either_partner_hid_does_not_lean_at_all(owner, partner, couple):
    partner.hidden_practices = ["intimacy"]
    partner.save()
    leanings = practice_leanings(couple=couple)
    assert leanings["intimacy"] == 0.0 and leanings["trust"] == 0.5


def test_leanings_take_a_fixed_number_of_queries(owner, partner, couple, django_assert_num_queries):
    check_in(owner, 3)
    check_in(partner, 5)
    record(owner, couple, "support", 30)
    # members, the latest revealed period, its scores, recent activity
    with django_assert_num_queries(4):
        practice_leanings(couple=couple)


def test_leanings_for_a_whole_batch_of_couples_cost_three_queries(
    owner, partner, couple, make_person, django_assert_num_queries
):
    from django.utils import timezone

    from closeknit.insights.selectors import leanings_for_couples
    from conftest import pair_up

    others = [pair_up(make_person(f"A{n}"), make_person(f"B{n}")) for n in range(5)]
    check_in(owner, 3)
    check_in(partner, 5)
    record(owner, couple, "support", 30)
    ids = [couple.pk, *(c.pk for c in others)]
    with django_assert_num_queries(3):
        result = leanings_for_couples(couple_ids=ids, hidden={}, now=timezone.now())
    assert result[couple.pk] == practice_leanings(couple=couple)
    assert set(result) == set(ids)
