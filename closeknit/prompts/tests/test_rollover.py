from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from closeknit.couples.models import Couple
from closeknit.nudges.models import Notification
from closeknit.prompts import services
from closeknit.prompts.models import DailyQuestion
from closeknit.prompts.rollover import prepare_days
from closeknit.prompts.spaces import space_for
from conftest import pair_up


def test_rollover_prepares_each_couples_day_once_and_tells_both(library, make_person):
    pairs = [(make_person(f"A{n}"), make_person(f"B{n}")) for n in range(4)]
    for a, b in pairs:
        pair_up(a, b)
    Couple.objects.filter(pk=Couple.objects.first().pk).update(home_timezone="Asia/Tokyo")
    now = datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert prepare_days(now=now) == 4
    assert prepare_days(now=now) == 0
    assert DailyQuestion.objects.count() == 4
    assert Notification.objects.filter(event="question_ready").count() == 8


def test_rollover_picks_what_opening_the_app_would_pick(library, owner, partner, couple):
    space = space_for(owner)
    today = services.today(space=space)
    for n in range(1, 6):
        services.question_for_day(space=space, day=today - timedelta(days=n))
    expected = services._choose(space=space, day=today, exclude=set())
    prepare_days()
    rolled = DailyQuestion.objects.get(couple=couple, day=today)
    assert rolled.prompt_id == expected.pk


def test_rollover_cost_does_not_grow_with_the_number_of_couples(
    library, make_person, django_assert_max_num_queries
):
    for n in range(30):
        pair_up(make_person(f"A{n}"), make_person(f"B{n}"))
    # library, texts, groups, pending, histories, members, insert, notifications (bulk)
    with django_assert_max_num_queries(16):
        assert prepare_days() == 30
