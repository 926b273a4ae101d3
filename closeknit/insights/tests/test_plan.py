"""The weekly plan: the shipped library is sound, and choosing is deterministic, varied
over weeks, led by need, and never touches a hidden practice."""

import random
from collections import Counter

import pytest

from closeknit import practices
from closeknit.insights import plan, services
from closeknit.insights.library import LINKS, MIN_PER_PRACTICE, PLAN
from closeknit.insights.models import PlanIdea, WeeklyPlan
from closeknit.insights.selectors import viewer_for
from closeknit.lib import wording


@pytest.fixture(scope="module")
def shipped():
    return [e for e in PLAN.read() if not e.values["retired"]]


def test_the_shipped_library_has_enough_ideas_for_every_practice(shipped):
    per_practice = Counter(e.values["practice"] for e in shipped)
    assert set(per_practice) == set(practices.KEYS)
    thin = {key: n for key, n in per_practice.items() if n < MIN_PER_PRACTICE}
    assert not thin, f"practices with too few plan ideas: {thin}"
    assert all(e.values["link"] in LINKS for e in shipped)


def test_the_shipped_library_has_no_near_duplicates_or_banned_words(shipped):
    for field in ("text", "why"):
        assert wording.near_duplicates({e.id: e.values[field] for e in shipped}) == []
    found = wording.banned_words({e.id: [e.values["text"], e.values["why"]] for e in shipped})
    assert found == []


def test_the_library_loads_into_the_database(db, shipped):
    result = PLAN.load()
    assert result.created == len(shipped)
    assert PlanIdea.objects.filter(retired=False).count() == len(shipped)


IDEAS = [
    plan.Idea(id=f"{key}-{n:03d}", practice=key) for key in practices.KEYS for n in range(1, 8)
]


def choose(seed: str, *, needs=None, hidden=frozenset(), previous=None):
    return plan.choose_plan(
        ideas=IDEAS, needs=needs or {}, hidden=hidden, previous=previous or [], seed=seed
    )


def test_choosing_is_deterministic_for_a_space_and_week():
    needs = {key: plan.Need(leaning=0.5) for key in practices.KEYS}
    first = choose("c7:2026-W10", needs=needs)
    assert first == choose("c7:2026-W10", needs=needs)
    assert len(first) == 3 and len({p.practice for p in first}) == 3
    others = {tuple(choose(f"c{n}:2026-W10", needs=needs)) for n in range(20)}
    assert len(others) > 1  # the seed matters when needs tie


def test_the_plan_leans_toward_what_was_rated_lower_and_lived_less():
    needs = {key: plan.Need(leaning=0.2, recent=5) for key in practices.KEYS}
    needs["trust"] = plan.Need(leaning=0.9, lower_for=2, recent=0)
    needs["goals"] = plan.Need(leaning=0.8, lower_for=0, recent=0)
    picks = {p.practice: p for p in choose("c1:2026-W02", needs=needs)}
    assert {"trust", "goals"} <= set(picks)
    assert picks["trust"].reason == "both_lower_quiet"
    assert picks["goals"].reason == "quiet"
    text = plan.reason_text("both_lower_quiet", practice="trust")
    assert text.startswith("You both rated trust lower")


def test_weeks_vary_in_practices_and_ideas():
    needs = {key: plan.Need(leaning=0.3) for key in practices.KEYS}
    needs["support"] = plan.Need(leaning=0.95, lower_for=2)
    history: list[list[plan.Pick]] = []
    for week in range(1, 13):
        picks = choose(f"c3:2026-W{week:02d}", needs=needs, previous=history[::-1])
        assert len(picks) == 3
        if history:
            # Last week's practices step aside.
            assert not {p.practice for p in picks} & {p.practice for p in history[-1]}
        recent_ideas = {p.idea for week_picks in history[-6:] for p in week_picks}
        assert not {p.idea for p in picks} & recent_ideas
        history.append(picks)
    seen = Counter(p.practice for week_picks in history for p in week_picks)
    assert set(seen) == set(practices.KEYS)
    # The practice that needs it most comes back most often.
    assert seen.most_common(1)[0][0] == "support"


def test_a_hidden_practice_is_never_recommended():
    rng = random.Random(20)
    for n in range(300):
        hidden = frozenset(rng.sample(practices.KEYS, rng.randint(0, 7)))
        needs = {key: plan.Need(leaning=rng.random()) for key in practices.KEYS}
        needs.update({key: plan.Need(leaning=1.0, lower_for=2) for key in hidden})
        picks = choose(f"c{n}:2026-W{n % 52 + 1:02d}", needs=needs, hidden=hidden)
        assert picks and not {p.practice for p in picks} & hidden
        assert len({p.idea for p in picks}) == len(picks)
    assert choose("c1:2026-W01", hidden=frozenset(practices.KEYS)) == []


def test_with_few_practices_left_the_plan_still_has_three_different_ideas():
    hidden = frozenset(practices.KEYS) - {"growth", "trust"}
    picks = choose("c9:2026-W20", hidden=hidden)
    assert len(picks) == 3 and len({p.idea for p in picks}) == 3
    assert {p.practice for p in picks} <= {"growth", "trust"}


def test_the_weekly_plan_is_kept_for_the_week_and_shared_by_both(owner, partner, couple):
    mine = services.plan_for_week(viewer_for(owner))
    theirs = services.plan_for_week(viewer_for(partner))
    assert [i.idea.id for i in mine.items] == [i.idea.id for i in theirs.items]
    assert len(mine.items) == 3 and WeeklyPlan.objects.filter(couple=couple).count() == 1
    assert all(i.idea.link.startswith("/") and i.idea.why for i in mine.items)


def test_hiding_a_practice_mid_week_takes_it_out_of_the_plan(owner, partner, couple):
    first = services.plan_for_week(viewer_for(owner))
    hidden = first.items[0].practice.key
    partner.hidden_practices = [hidden]
    partner.save()
    again = services.plan_for_week(viewer_for(owner))
    assert hidden not in {i.practice.key for i in again.items} and len(again.items) == 3
    stored = WeeklyPlan.objects.get(couple=couple)
    assert hidden not in {p["practice"] for p in stored.picks}


def test_export_lists_the_plans_of_my_spaces_only(owner, partner, couple, outsider):
    from closeknit.insights import lifecycle

    services.plan_for_week(viewer_for(owner))
    services.plan_for_week(viewer_for(outsider))
    exported = lifecycle.export_user_data(user=partner)
    assert len(exported["weekly_plans"]) == 1
    assert len(exported["weekly_plans"][0]["ideas"]) == 3
