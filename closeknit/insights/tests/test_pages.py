"""Insights through the web and the API: the couple map, trends, activity balance, the
weekly report; what the partner and outsiders see; constant query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from closeknit.activity.models import ActivityRecord
from closeknit.checkins.tests.helpers import check_in
from closeknit.insights.selectors import viewer_for, week_start
from closeknit.prompts import services as daily
from closeknit.prompts.models import DailyQuestion


def test_the_couple_map_shows_both_sides_once_both_checked_in(owner, partner, couple, api, web):
    check_in(owner, 6, closeness=6, quality_time=2)
    check_in(partner, 6, closeness=4, quality_time=7, appreciation=4)
    body = api(owner).get("/insights/map").json()
    assert body["shared"] is True and (body["my_closeness"], body["their_closeness"]) == (6, 4)
    rows = {r["practice"]: r for r in body["rows"]}
    assert (rows["quality_time"]["mine"], rows["quality_time"]["theirs"]) == (17, 100)
    # The largest differences become conversation starters, largest first.
    assert [s["practice"] for s in body["starters"]] == ["quality_time", "appreciation"]
    assert body["starters"][0]["title"].startswith("You experience quality time differently")
    page = web(owner).get("/insights/").content.decode()
    assert 'class="bar-partner"' in page and "<caption>" in page
    assert "Conversation starters" in page and 'viewBox="0 0 320' in page
    assert "insights/insights.css" in page


def test_before_the_reveal_the_map_leaks_nothing_of_the_partner(owner, partner, couple, api, web):
    check_in(owner, 7, closeness=7, trust=1, note="a private thought")
    seen = api(partner).get("/insights/map").json()
    assert seen["shared"] is False and seen["their_closeness"] is None
    assert seen["my_closeness"] is None and seen["starters"] == []
    assert all(r["mine"] is None and r["theirs"] is None for r in seen["rows"])
    page = web(partner).get("/insights/").content.decode()
    assert "bar-partner" not in page and "a private thought" not in page
    assert "Robin has checked in" in page  # only *that*, as with the daily question
    trends = api(partner).get("/insights/trends").json()
    assert all(not t["points"] for t in trends)
    # The author sees their own side.
    own = api(owner).get("/insights/map").json()
    assert own["shared"] is False and {r["mine"] for r in own["rows"]} == {0, 100}


def test_trends_show_my_own_line_and_only_revealed_periods_of_my_partner(
    owner, partner, couple, api
):
    now = timezone.now()
    couple.created_at = now - timedelta(days=60)
    couple.save()
    check_in(owner, 2, closeness=2, now=now - timedelta(days=40))
    check_in(partner, 4, closeness=6, now=now - timedelta(days=40))
    check_in(owner, 5, closeness=5, now=now - timedelta(days=20))
    check_in(partner, 7, closeness=7, now=now)  # mine is not in for this one yet
    closeness = {t["key"]: t for t in api(owner).get("/insights/trends").json()}["closeness"]
    assert [(p["mine"], p["theirs"], p["mean"]) for p in closeness["points"]] == [
        (2.0, 6.0, 4.0),
        (5.0, None, None),
    ]
    seen = {t["key"]: t for t in api(partner).get("/insights/trends").json()}["closeness"]
    assert [(p["mine"], p["theirs"]) for p in seen["points"]] == [(6.0, 2.0), (7.0, None)]


def test_the_trends_page_draws_a_chart_and_a_table_per_practice(owner, partner, couple, web):
    couple.created_at = timezone.now() - timedelta(days=20)
    couple.save(update_fields=["created_at"])
    earlier = timezone.now() - timedelta(days=15)
    check_in(owner, 3, now=earlier)
    check_in(partner, 5, now=earlier)
    check_in(owner, 4)
    check_in(partner, 6)
    page = web(owner).get("/insights/trends/").content.decode()
    assert page.count("<polyline") >= 9 * 3 and page.count("<caption>") == 9
    assert "Together (average)" in page


def test_activity_balance_counts_this_week_and_month_per_practice(
    owner, partner, couple, outsider, api
):
    now = timezone.now()
    this_week = week_start(viewer_for(owner).today)
    monday = viewer_for(owner).instant(this_week)
    rows = [
        ActivityRecord(user=owner, couple=couple, practice="support", kind="x", occurred_at=now),
        ActivityRecord(user=partner, couple=couple, practice="support", kind="x", occurred_at=now),
        ActivityRecord(user=owner, couple=couple, practice="goals", kind="x", occurred_at=now),
        ActivityRecord(
            user=owner,
            couple=couple,
            practice="growth",
            kind="x",
            occurred_at=monday - timedelta(days=1),
        ),
        ActivityRecord(
            user=owner,
            couple=couple,
            practice="trust",
            kind="x",
            occurred_at=now - timedelta(days=70),
        ),
        ActivityRecord(user=outsider, practice="support", kind="x", occurred_at=now),
    ]
    ActivityRecord.objects.bulk_create(rows)
    check_in(owner, 4)  # the check-in itself is not a practice lived
    body = api(owner).get("/insights/activity").json()
    counts = {r["practice"]: (r["week"], r["month"]) for r in body["rows"]}
    assert counts["support"][0] == 2 and counts["goals"][0] == 1
    assert counts["trust"] == (0, 0) and counts["communication"] == (0, 0)
    assert counts["growth"][0] == 0  # last Sunday is not this week
    assert body["week_starts"] == this_week.isoformat()


def test_the_weekly_report_celebrates_the_weeks_questions(
    owner, partner, couple, library, api, web
):
    question = daily.question_today(user=owner)
    for person in (owner, partner):
        daily.answer_save(user=person, question_id=question.pk, text="hi", choice=0, scale=3)
    old = DailyQuestion.objects.create(
        couple=couple,
        day=question.day - timedelta(days=20),
        prompt=question.prompt,
        revealed_at=timezone.now() - timedelta(days=20),
    )
    body = api(owner).get("/insights/report").json()
    assert [q["id"] for q in body["questions"]] == [question.pk]
    assert old.pk not in [q["id"] for q in body["questions"]]
    assert len(body["next"]["items"]) == 3
    page = web(partner).get("/insights/week/").content.decode()
    assert question.prompt.text in page or "&#x27;" in page
    # What the report says (the page also carries app.js's words for a failed send).
    report = page[page.index("<main") : page.index("</main>")].lower()
    for scolding in ("you missed", "missed", "streak", "failed"):
        assert scolding not in report
    earlier = api(owner).get(f"/insights/report?week={body['iso_week']}").json()
    assert earlier["week"] == body["week"]


@pytest.mark.parametrize(
    ("week", "code"),
    [("last week", "invalid_week"), ("2999-W01", "future_week"), ("2026-W60", "invalid_week")],
)
def test_a_bad_week_is_refused_clearly(owner, couple, api, web, week, code):
    response = api(owner).get(f"/insights/report?week={week}")
    assert response.status_code == 400 and response.json()["error"]["code"] == code
    assert web(owner).get("/insights/week/", {"week": week}).status_code == 400


def test_someone_alone_sees_their_own_insights(make_person, api, web):
    alone = make_person("Solo")
    check_in(alone, 3, trust=1)
    body = api(alone).get("/insights/map").json()
    assert body["shared"] is False and {r["mine"] for r in body["rows"]} == {0, 33}
    plan = api(alone).get("/insights/plan").json()
    assert len(plan["items"]) == 3
    assert any(
        i["practice"] == "trust" and i["reason"].startswith("You rated") for i in plan["items"]
    )
    for path in ("/insights/", "/insights/trends/", "/insights/week/"):
        assert web(alone).get(path).status_code == 200


def test_an_outsider_sees_nothing_of_another_couple(owner, partner, couple, outsider, api):
    check_in(owner, 2, closeness=2)
    check_in(partner, 6, closeness=6)
    ActivityRecord.objects.create(user=owner, couple=couple, practice="goals", kind="x")
    client = api(outsider)
    assert client.get("/insights/map").json()["starts_on"] is None
    assert all(not t["points"] for t in client.get("/insights/trends").json())
    assert all(r["week"] == 0 for r in client.get("/insights/activity").json()["rows"])


def _history(owner, partner, couple, periods: int) -> None:
    now = timezone.now()
    couple.created_at = now - timedelta(days=14 * (periods + 1))
    couple.save()
    for n in range(periods):
        when = couple.created_at + timedelta(days=14 * n, hours=1)
        check_in(owner, 2 + n % 5, closeness=1 + n % 7, now=when)
        check_in(partner, 3 + n % 4, closeness=7 - n % 7, now=when)


def _a_year_of_activity(owner, partner, couple) -> None:
    now = timezone.now()
    ActivityRecord.objects.bulk_create(
        ActivityRecord(
            user=(owner, partner)[n % 2],
            couple=couple,
            practice=("support", "goals", "trust", "growth")[n % 4],
            kind="x",
            occurred_at=now - timedelta(hours=12 * n),
        )
        for n in range(730)
    )


# Queries per page, including the login session and whatever base.html's context needs.
CEILINGS = {"/insights/": 16, "/insights/trends/": 9, "/insights/week/": 12}


def test_insights_pages_cost_the_same_whatever_the_history(
    owner, partner, couple, make_person, web, django_assert_num_queries, settings
):
    settings.CLOSEKNIT_PAGE_CACHE = False  # what rendering costs, not a kept copy
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import pair_up

    _history(owner, partner, couple, 1)
    long_a, long_b = make_person("Ada"), make_person("Bo")
    long_couple = pair_up(long_a, long_b)
    _history(long_a, long_b, long_couple, 40)
    _a_year_of_activity(long_a, long_b, long_couple)
    short, long = web(owner), web(long_a)
    for client in (short, long):
        assert client.get("/insights/").status_code == 200  # the week's plan is made once
    assert "bar-partner" in long.get("/insights/").content.decode()
    for path, ceiling in CEILINGS.items():
        with CaptureQueriesContext(connection) as one_period:
            assert short.get(path).status_code == 200
        assert len(one_period) <= ceiling, path
        with django_assert_num_queries(len(one_period)):
            assert long.get(path).status_code == 200
