"""On a day a couple marked, in their time zone: the question comes from the occasions
pack (when they turned it on), and both heard about the day the evening before."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from closeknit.couples.models import Couple
from closeknit.nudges.models import Notification
from closeknit.occasions import services
from closeknit.occasions.reminders import remind_occasions
from closeknit.prompts import services as daily
from closeknit.prompts.models import DailyQuestion, Prompt
from closeknit.prompts.packs import packs_set
from closeknit.prompts.rollover import prepare_days
from closeknit.prompts.spaces import space_for
from closeknit.prompts.tests.packs_fixture import add_pack

BERLIN = ZoneInfo("Europe/Berlin")


def mark(user, month, day, name="Our day"):
    return services.occasion_add(
        user=user, data=services.OccasionInput(kind="other", name=name, month=month, day=day)
    )


@pytest.fixture
def occasions_pack(library):
    add_pack("occasions", when="dates", per_practice=2)
    # Every prompt of the pack: the shipped occasions prompts are loaded beside these.
    return set(Prompt.objects.filter(pack="occasions").values_list("id", flat=True))


def at(y, m, d, hour, minute=0, tz=BERLIN):
    return datetime(y, m, d, hour, minute, tzinfo=tz)


def test_a_marked_day_asks_from_the_occasions_pack(owner, partner, couple, occasions_pack):
    packs_set(user=partner, couple=couple, turned_on=["occasions"])
    mark(owner, 6, 2)
    question = daily.question_today(user=owner, now=at(2027, 6, 2, 9))
    assert question.day == date(2027, 6, 2) and question.prompt_id in occasions_pack
    ordinary = daily.question_today(user=owner, now=at(2027, 6, 3, 9))
    assert ordinary.prompt_id not in occasions_pack


def test_the_day_turns_over_at_the_couples_hour_in_their_time_zone(
    owner, partner, couple, occasions_pack
):
    Couple.objects.filter(pk=couple.pk).update(home_timezone="Pacific/Auckland")
    packs_set(user=owner, couple=couple, turned_on=["occasions"])
    mark(owner, 6, 2)
    auckland = ZoneInfo("Pacific/Auckland")
    # 02:00 on the 2nd in Auckland is still the 1st's question (the day starts at 4:00).
    early = daily.question_today(user=owner, now=at(2027, 6, 2, 2, tz=auckland))
    assert early.day == date(2027, 6, 1) and early.prompt_id not in occasions_pack
    # 17:00 UTC on the 1st is already 05:00 on the 2nd there.
    later = daily.question_today(user=owner, now=datetime(2027, 6, 1, 17, tzinfo=ZoneInfo("UTC")))
    assert later.day == date(2027, 6, 2) and later.prompt_id in occasions_pack


def test_without_the_pack_a_marked_day_asks_from_the_everyday_library(
    owner, partner, couple, occasions_pack
):
    mark(owner, 6, 2)
    question = daily.question_today(user=owner, now=at(2027, 6, 2, 9))
    assert question.prompt_id not in occasions_pack


def test_29_february_is_marked_on_the_28th_in_other_years(owner, partner, couple, occasions_pack):
    packs_set(user=owner, couple=couple, turned_on=["occasions"])
    mark(owner, 2, 29)
    assert daily.question_today(user=owner, now=at(2027, 2, 28, 9)).prompt_id in occasions_pack
    assert daily.question_today(user=owner, now=at(2028, 2, 28, 9)).prompt_id not in occasions_pack
    assert daily.question_today(user=owner, now=at(2028, 2, 29, 9)).prompt_id in occasions_pack


def test_the_occasions_pack_never_asks_on_an_ordinary_day(owner, partner, couple, occasions_pack):
    packs_set(user=owner, couple=couple, turned_on=["occasions"])
    space = space_for(owner)
    start = date(2027, 1, 1)
    asked = [
        daily.question_for_day(space=space, day=start + timedelta(days=n)).prompt_id
        for n in range(30)
    ]
    assert not set(asked) & occasions_pack


def test_the_rollover_asks_what_opening_the_app_asks_on_a_marked_day(
    owner, partner, couple, occasions_pack, make_person
):
    from conftest import pair_up

    packs_set(user=owner, couple=couple, turned_on=["occasions"])
    others = pair_up(make_person("Ada"), make_person("Bo"))
    packs_set(user=others.memberships.first().user, couple=others, turned_on=["occasions"])
    now = at(2027, 6, 2, 9)
    for person in (owner, others.memberships.first().user):
        mark(person, 6, 2)
    expected = daily._choose(space=space_for(owner), day=date(2027, 6, 2), exclude=set())
    assert expected.pk in occasions_pack
    assert prepare_days(now=now) == 2
    assert DailyQuestion.objects.get(couple=couple, day=date(2027, 6, 2)).prompt_id == expected.pk
    assert DailyQuestion.objects.get(couple=others, day=now.date()).prompt_id in occasions_pack


def test_both_hear_about_a_marked_day_the_evening_before_once(owner, partner, couple):
    mark(owner, 6, 2, name="The day we met")
    assert remind_occasions(now=at(2027, 6, 1, 16, 30)) == 0
    assert remind_occasions(now=at(2027, 6, 1, 17, 5)) == 2
    assert remind_occasions(now=at(2027, 6, 1, 21, 0)) == 0
    assert remind_occasions(now=at(2027, 6, 2, 10, 0)) == 0
    sent = Notification.objects.filter(event="occasion_tomorrow")
    assert {n.user_id for n in sent} == {owner.pk, partner.pk}
    assert {n.detail for n in sent} == {"The day we met"}
    # Next year, again.
    assert remind_occasions(now=at(2028, 6, 1, 18, 0)) == 2


def test_a_29_february_reminder_comes_on_the_27th_in_other_years(owner, partner, couple):
    mark(owner, 2, 29)
    assert remind_occasions(now=at(2027, 2, 27, 18)) == 2
    assert remind_occasions(now=at(2028, 2, 27, 18)) == 0
    assert remind_occasions(now=at(2028, 2, 28, 18)) == 2


def test_no_reminder_once_the_space_has_ended(owner, partner, couple, outsider):
    from closeknit.couples import services as couples

    mark(owner, 6, 2)
    couples.couple_leave(user=owner, entries_stay=True)
    assert remind_occasions(now=at(2027, 6, 1, 18)) == 0
    assert not Notification.objects.filter(event="occasion_tomorrow").exists()
