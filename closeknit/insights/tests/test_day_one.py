"""Insights that make sense on day one: nothing is called quiet before four weeks exist,
the plan puts the practices a person chose to focus on first, a single check-in says
when lines will show, and the question counts agree between today's page and the
weekly report (one definition, stated on both)."""

from datetime import timedelta

from django.utils import timezone

from closeknit import practices
from closeknit.accounts.services import account_update
from closeknit.checkins.tests.helpers import check_in
from closeknit.insights import plan, services
from closeknit.insights.selectors import viewer_for, week_start
from closeknit.insights.tests.test_plan import IDEAS
from closeknit.prompts import services as daily
from closeknit.prompts.models import DailyQuestion
from closeknit.prompts.selectors import days_both_answered_this_month


def test_a_young_space_hears_nothing_about_four_quiet_weeks():
    needs = {key: plan.Need(leaning=0.5, recent=0) for key in practices.KEYS}
    needs["trust"] = plan.Need(leaning=0.9, lower_for=2, recent=0)
    for young, quiet_words in ((True, False), (False, True)):
        picks = plan.choose_plan(
            ideas=IDEAS, needs=needs, hidden=set(), previous=[], seed="c1:2026-W02", young=young
        )
        reasons = [plan.reason_text(p.reason, practice=p.practice) for p in picks]
        said = any("last four weeks" in r for r in reasons)
        assert said is quiet_words, reasons


def test_focus_practices_come_first_even_against_the_needs():
    needs = {key: plan.Need(leaning=0.9, lower_for=0, recent=0) for key in practices.KEYS}
    focus = {"appreciation", "growth", "support"}
    needs.update({key: plan.Need(leaning=0.0, recent=9) for key in focus})
    # Even if last week already had them.
    last_week = [plan.Pick(idea=f"{k}-001", practice=k, reason="x") for k in focus]
    picks = plan.choose_plan(
        ideas=IDEAS,
        needs=needs,
        hidden=set(),
        previous=[last_week],
        seed="c3:2026-W05",
        focus=focus,
    )
    assert {p.practice for p in picks} == focus
    assert {p.reason for p in picks} == {"focus"}
    assert plan.reason_text("focus", practice="growth").startswith("You chose to focus on")
    one = plan.choose_plan(
        ideas=IDEAS, needs=needs, hidden=set(), previous=[], seed="s", focus={"trust"}
    )
    assert one[0].practice == "trust" and len({p.practice for p in one}) == 3


def test_the_weekly_plan_of_a_new_couple_follows_their_focus(owner, partner, couple, web):
    account_update(user=owner, focus_practices=["goals"])
    account_update(user=partner, focus_practices=["support", "trust"])
    chosen = services.plan_for_week(viewer_for(owner))
    assert {item.practice.key for item in chosen.items} == {"goals", "support", "trust"}
    page = web(owner).get("/insights/").content.decode()
    assert "last four weeks" not in page
    assert "You chose to focus on" in page


def test_a_plan_chosen_before_a_focus_is_chosen_again(owner, partner, couple):
    before = services.plan_for_week(viewer_for(owner))
    missing = next(k for k in practices.KEYS if k not in {i.practice.key for i in before.items})
    account_update(user=owner, focus_practices=[missing])
    after = services.plan_for_week(viewer_for(owner))
    assert missing in {i.practice.key for i in after.items}


def test_four_weeks_on_a_quiet_practice_may_be_called_quiet(owner, partner, couple):
    couple.created_at = timezone.now() - timedelta(days=40)
    couple.save(update_fields=["created_at"])
    assert not services.is_young(viewer_for(owner))
    couple.created_at = timezone.now() - timedelta(days=3)
    couple.save(update_fields=["created_at"])
    assert services.is_young(viewer_for(owner))


def test_one_check_in_says_when_lines_will_show(owner, partner, couple, web):
    client = web(owner)
    empty = client.get("/insights/trends/").content.decode()
    assert "Your first check-in starts the lines" in empty and "<polyline" not in empty
    check_in(owner, 4)
    check_in(partner, 5)
    one = client.get("/insights/trends/").content.decode()
    assert "You have one check-in so far. The next one opens on" in one
    assert "<polyline" not in one and "<circle" not in one.split("<main")[1]


def test_today_and_the_report_count_the_same_questions(owner, partner, couple, library, web, api):
    """The demo's report said "12 questions this week" while today said "1 day this
    month": the report counted by when the last answer came, today by the question's day.
    Now both count by the day asked, once both answered."""
    today_q = daily.question_today(user=owner)
    for person in (owner, partner):
        daily.answer_save(user=person, question_id=today_q.pk, text="hi", choice=0, scale=3)
    # Caught up today on a question asked five weeks ago: it belongs to that week.
    DailyQuestion.objects.create(
        couple=couple,
        day=today_q.day - timedelta(days=35),
        prompt=today_q.prompt,
        revealed_at=timezone.now(),
    )
    viewer = viewer_for(owner)
    report = api(owner).get("/insights/report").json()
    first_of_month = today_q.day.replace(day=1)
    in_both = [
        q.pk
        for q in DailyQuestion.objects.filter(couple=couple, revealed_at__isnull=False)
        if q.day >= max(first_of_month, week_start(viewer.today))
    ]
    assert [q["id"] for q in report["questions"]] == [today_q.pk] == in_both
    assert days_both_answered_this_month(user=owner) == 1
    page = web(owner).get("/insights/week/").content.decode()
    assert "You both answered on 1 day this week." in page
    stated = "counts for the day it was asked, once you"
    assert stated in page
    assert stated in web(owner).get("/today/").content.decode()
