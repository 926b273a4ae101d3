"""The hot queries use an index, on PostgreSQL and on SQLite.

Each query is built the way the app builds it and explained by the database. The test
tables are tiny, and PostgreSQL rightly prefers a sequential scan of a tiny table, so
the test turns sequential scans off for its transaction (`SET LOCAL enable_seqscan =
off`): PostgreSQL then scans sequentially only where no index can serve the query.
"""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone

from closeknit.activity.models import ActivityRecord
from closeknit.activity.services import activity_record
from closeknit.couples.models import Membership
from closeknit.nudges import services as nudges
from closeknit.prompts import services as prompts
from closeknit.prompts.models import Answer, DailyQuestion
from closeknit.prompts.spaces import space_for

# The tables that grow with couples and their history.
BIG_TABLES = {
    "prompts_dailyquestion",
    "prompts_answer",
    "couples_membership",
    "activity_activityrecord",
    "nudges_notification",
}


@pytest.fixture
def history(library, owner, partner, couple) -> dict[str, Any]:
    """A few days of questions, answers, activity and notifications for one couple."""
    space = space_for(owner)
    today = prompts.today(space=space)
    questions = []
    for back in range(3):
        question = prompts.question_for_day(space=space, day=today - timedelta(days=back))
        questions.append(question)
        for person in (owner, partner):
            prompts.answer_save(user=person, question_id=question.pk, text="x", choice=0, scale=3)
    for n in range(3):
        activity_record(user=owner, couple=couple, practice="trust", kind=f"test_{n}")
        nudges.notify(user=owner, event="question_ready", url="/", dedupe_key=f"test:{n}")
    return {"owner": owner, "couple": couple, "day": today, "questions": questions}


def todays_question(h: dict[str, Any]) -> QuerySet[Any]:
    # prompts.services.question_for_day
    space = space_for(h["owner"])
    return DailyQuestion.objects.filter(**space.filter(), day=h["day"]).select_related("prompt")


def answers_by_question(h: dict[str, Any]) -> QuerySet[Any]:
    # the prefetch in prompts.selectors._with_content
    return Answer.objects.filter(question_id__in=[q.pk for q in h["questions"]])


def memberships_by_user(h: dict[str, Any]) -> QuerySet[Any]:
    # couples.services.couple_for
    return (
        Membership.objects.current()
        .filter(user=h["owner"], couple__ended_at__isnull=True)
        .select_related("couple")
    )


def activity_counts(h: dict[str, Any]) -> QuerySet[Any]:
    # insights.selectors.activity_balance and weekly_report
    now = timezone.now()
    return (
        ActivityRecord.objects.filter(couple=h["couple"])
        .exclude(kind="checkin")
        .filter(occurred_at__gte=now - timedelta(days=31), occurred_at__lte=now)
        .values("practice")
        .annotate(n=Count("pk"))
    )


def unread_notifications(h: dict[str, Any]) -> QuerySet[Any]:
    # nudges.services.unread_count (the badge on every page) counts these rows
    return nudges.visible(h["owner"]).filter(read_at__isnull=True)


HOT_QUERIES: dict[str, Callable[[dict[str, Any]], QuerySet[Any]]] = {
    "today's question by couple and day": todays_question,
    "answers by question": answers_by_question,
    "current membership by user": memberships_by_user,
    "activity counts by couple and time range": activity_counts,
    "unread notifications of a person": unread_notifications,
}


def explain(queryset: QuerySet[Any]) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # undone with the test's rollback
    return queryset.explain()


def scans_of(plan: str) -> list[tuple[str, str]]:
    """(how, table) for every table the plan reads."""
    if connection.vendor == "postgresql":
        # "Index Scan using x on prompts_answer", "Seq Scan on prompts_answer", ...
        return re.findall(r"\b([A-Z][A-Za-z ]*?Scan(?: Backward)?)(?: using \S+)? on (\w+)", plan)
    # SQLite: "SEARCH prompts_answer USING INDEX ...", "SCAN prompts_answer"
    return [(how, table) for how, table in re.findall(r"\b(SEARCH|SCAN) (\w+)", plan)]


@pytest.mark.parametrize("name", list(HOT_QUERIES))
def test_hot_queries_use_an_index(history, name):
    plan = explain(HOT_QUERIES[name](history))
    scans = [(how, table) for how, table in scans_of(plan) if table in BIG_TABLES]
    assert scans, f"the plan reads none of the big tables:\n{plan}"
    for how, table in scans:
        if connection.vendor == "postgresql":
            assert "Seq Scan" not in how, f"{name}: sequential scan of {table}:\n{plan}"
            assert "Index" in how or "Bitmap Heap" in how, f"{name}: {how} on {table}:\n{plan}"
        else:
            assert how == "SEARCH", f"{name}: full scan of {table}:\n{plan}"
    if connection.vendor == "sqlite":
        assert re.search(r"USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY", plan), plan
    else:
        assert "Index" in plan, plan


def test_the_plan_reader_notices_a_full_scan(history):
    """The check above can fail: a filter no index serves shows up as a scan."""
    plan = explain(Answer.objects.filter(scale=3))
    scans = dict((table, how) for how, table in scans_of(plan))
    if connection.vendor == "postgresql":
        assert scans["prompts_answer"] == "Seq Scan"
    else:
        assert scans["prompts_answer"] == "SCAN"


def test_a_history_page_reads_each_part_through_an_index(history, partner):
    """prompts.selectors.archive: one query fetches a page of the history as a UNION ALL
    of parts (solo days, the couple's days, shared solo answers, couples left), each
    limited to a page and read through an index, plus the index-only counts."""
    from django.test.utils import CaptureQueriesContext

    from closeknit.prompts import selectors

    with CaptureQueriesContext(connection) as captured:
        page = selectors.archive(user=history["owner"])
    assert [v.question.pk for v in page.items] == [q.pk for q in history["questions"]]
    (sql,) = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    scans = [(how, table) for how, table in scans_of(plan) if table in BIG_TABLES]
    assert "prompts_dailyquestion" in {table for _how, table in scans}, plan
    for how, table in scans:
        if connection.vendor == "postgresql":
            assert "Seq Scan" not in how, f"sequential scan of {table}:\n{plan}"
        else:
            assert how == "SEARCH", f"full scan of {table}:\n{plan}"
    if connection.vendor == "postgresql":
        # The couple's days come newest first straight from the index: no sort of them.
        assert "Index Scan Backward using one_per_couple_day" in plan, plan
    else:
        # SQLite names subquery tables by alias (U0): no full scan of those either.
        assert not re.search(r"\bSCAN U\d", plan), plan
        assert "USING COVERING INDEX one_per_couple_day" in plan, plan


def test_the_session_with_its_person_is_read_through_indexes(owner):
    """The one query every signed-in request makes (accounts/sessions.py), written as SQL
    and so not a queryset: explained the same way, by hand."""
    from closeknit.accounts.sessions import _Reader

    reader = _Reader(connection)
    moment = reader.expiry.get_db_prep_value(timezone.now(), connection)
    prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(prefix + reader.sql, ["x" * 32, moment])
        plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
    scans = scans_of(plan)
    assert len(scans) == 2, plan  # the session and its person (SQLite names the aliases)
    for how, table in scans:
        if connection.vendor == "postgresql":
            assert "Seq Scan" not in how, f"sequential scan of {table}:\n{plan}"
        else:
            assert how == "SEARCH", f"full scan of {table}:\n{plan}"


def test_refreshing_a_persons_pages_reads_through_indexes(history, partner):
    """After every unsafe request (closeknit.core.pagecache): who shares a couple with
    the person, then their versions by id."""
    from closeknit.accounts.models import User
    from closeknit.core.pagecache import circle_of
    from closeknit.lib.bulk import among

    owner = history["owner"]
    assert set(circle_of(owner.pk)) == {owner.pk, partner.pk}
    for queryset in (
        Membership.objects.filter(couple__memberships__user_id=owner.pk).values("user_id"),
        User.objects.filter(among("id", [owner.pk, partner.pk])),
    ):
        plan = explain(queryset)
        for how, table in scans_of(plan):
            if connection.vendor == "postgresql":
                assert "Seq Scan" not in how, f"sequential scan of {table}:\n{plan}"
            else:
                assert how == "SEARCH", f"full scan of {table}:\n{plan}"


def notification_list(h: dict[str, Any]) -> QuerySet[Any]:
    # nudges.views._centre and nudges.api.list_notifications: newest first, one page
    return nudges.visible(h["owner"]).defer("detail").order_by("-created_at", "-pk")[:21]


def test_the_notification_list_reads_in_index_order(history):
    """A page of notifications costs the same after years: the index gives the list's
    order, so the database stops after one page instead of sorting everything."""
    plan = explain(notification_list(history))
    scans = [(how, table) for how, table in scans_of(plan) if table == "nudges_notification"]
    assert scans and all("Seq" not in how and how != "SCAN" for how, _t in scans), plan
    if connection.vendor == "postgresql":
        assert "Sort" not in plan, f"the list is sorted, not read in order:\n{plan}"
        assert "notification_newest" in plan, plan
    else:
        assert "TEMP B-TREE" not in plan, f"the list is sorted, not read in order:\n{plan}"
        assert "notification_newest" in plan, plan


def test_the_rollover_finds_couples_without_a_question_through_the_index(history):
    """Which couples still need today's question: one index probe per couple, never a
    read of every question ever asked (the table that grows with everyone's history)."""
    from closeknit.prompts.rollover import _without_question

    couple = history["couple"]
    tomorrow = history["day"] + timedelta(days=1)
    pending = _without_question(tz=couple.home_timezone, hour=couple.day_starts_at, day=tomorrow)
    assert list(pending) == [couple.pk]
    assert not list(
        _without_question(tz=couple.home_timezone, hour=couple.day_starts_at, day=history["day"])
    )
    plan = explain(pending)
    # The subquery's table shows under its alias (U0) on SQLite, so look for the index.
    assert "one_per_couple_day" in plan, plan
    assert not re.search(
        r"Seq Scan on prompts_dailyquestion|\bSCAN (U0|prompts_dailyquestion)\b", plan
    ), f"the questions are read in full:\n{plan}"
