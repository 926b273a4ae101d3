import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from closeknit.activity.models import ActivityRecord
from closeknit.couples.models import Couple
from closeknit.nudges.models import Notification
from closeknit.prompts import rollover, services
from closeknit.prompts.models import DailyQuestion, Prompt
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
    # library, groups, pending; per batch: what each couple was asked, its last practices,
    # members, leanings (2-3), insert, preferences, today's counts, notifications (with
    # their savepoint): 13 on PostgreSQL, 14 where the last practices take their own query;
    # with packs in the library, the packs once a run and the batch's pack choices (2 more)
    with django_assert_max_num_queries(18):
        assert prepare_days() == 30


@pytest.mark.parametrize("aggregated", [True, False])
def test_rollover_picks_what_opening_the_app_would_pick_for_varied_couples(
    library, make_person, monkeypatch, aggregated
):
    """The batched path (aggregated histories, one pool per set of hidden practices,
    shared leanings) against the per-couple one, for couples with short and long
    histories, swapped and retired prompts, answered days, hidden and focus practices,
    recent activity, several time zones, and more than one batch. Without `aggregated`,
    prompt ids hold the separator and the histories are read row by row."""
    if not aggregated:
        monkeypatch.setattr(rollover, "SEPARATOR", "-")
    rnd = random.Random(9)
    every = list(Prompt.objects.order_by("pk").values_list("pk", flat=True))
    # A small library (and the rest retired), so long histories run through whole rounds.
    Prompt.objects.exclude(pk__in=every[::16]).update(retired=True)
    now = timezone.now()
    spaces = []
    for n, days in enumerate([0, 1, 3, 15, 17, 22, 30, 35, 40, 60, 75, 90]):
        a, b = make_person(f"A{n}"), make_person(f"B{n}")
        couple = pair_up(a, b)
        if n % 3 == 1:
            b.hidden_practices = ["intimacy", "trust"]
            b.save()
        if n % 3 == 2:
            a.focus_practices = ["goals"]
            a.save()
        if n % 2:
            Couple.objects.filter(pk=couple.pk).update(
                home_timezone=["Asia/Tokyo", "America/Los_Angeles"][n % 4 == 1],
                day_starts_at=n % 6,
            )
        space = space_for(a)
        today = services.today(space=space)
        DailyQuestion.objects.bulk_create(
            DailyQuestion(
                couple=couple,
                day=today - timedelta(days=k),
                prompt_id=rnd.choice(every),
                swapped_from_id=rnd.choice(every[::16]) if rnd.random() < 0.3 else None,
                revealed_at=now if rnd.random() < 0.7 else None,
            )
            for k in range(1, days + 1)
        )
        ActivityRecord.objects.bulk_create(
            ActivityRecord(user=a, couple=couple, practice=rnd.choice(["goals", "support"]),
                           kind="t", occurred_at=now - timedelta(days=2))
            for _ in range(n % 4)
        )  # fmt: skip
        spaces.append((couple, today, services._choose(space=space, day=today, exclude=set())))
    assert prepare_days(batch_size=3) == len(spaces)
    for couple, today, expected in spaces:
        assert DailyQuestion.objects.get(couple=couple, day=today).prompt_id == expected.pk


def test_rollover_notifies_with_the_question_encrypted_once_per_couple(
    library, owner, partner, couple
):
    prepare_days()
    question = DailyQuestion.objects.select_related("prompt").get(couple=couple)
    ready = Notification.objects.filter(event="question_ready")
    assert [n.detail for n in ready] == [question.prompt.text] * 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM nudges_notification WHERE event = 'question_ready'")
        stored = {row[0] for row in cursor.fetchall()}
    assert len(stored) == 1 and question.prompt.text not in stored.pop()
