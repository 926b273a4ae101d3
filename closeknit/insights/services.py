"""Insights' writes and the signals other apps use: the weekly plan (chosen once per
week per space) and the practice leanings for the daily question."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.db import IntegrityError, transaction
from django.utils import timezone

from closeknit import practices
from closeknit.couples.models import Couple
from closeknit.couples.services import members_of
from closeknit.insights import plan as planning
from closeknit.insights.library import PLAN
from closeknit.insights.models import PlanIdea, WeeklyPlan
from closeknit.insights.selectors import (
    RECENT_DAYS,
    Viewer,
    history_start,
    leanings_for_couples,
    needs_for,
    week_start,
)
from closeknit.lib.library import ContentError

PREVIOUS_WEEKS = planning.IDEA_MEMORY_WEEKS


def practice_leanings(*, couple: Couple) -> dict[str, float]:
    """0..1 per practice: how much the daily question could lean toward it, from low
    scores in the couple's latest revealed check-ins and little activity in the last four
    weeks. Practices either partner has hidden lean 0. Three queries, whatever the history."""
    hidden = {key for member in members_of(couple) for key in member.hidden_practices}
    return leanings_for_couples(
        couple_ids=[couple.pk], hidden={couple.pk: hidden}, now=timezone.now()
    )[couple.pk]


@cache
def _shipped_ideas() -> tuple[planning.Idea, ...]:
    """The library straight from content/plan/, for a Closeknit whose content has not
    been loaded into the database yet."""
    try:
        entries = PLAN.read()
    except ContentError:
        return ()
    return tuple(
        planning.Idea(
            id=e.id,
            practice=e.values["practice"],
            text=e.values["text"],
            why=e.values["why"],
            link=e.values["link"],
        )
        for e in entries
        if not e.values["retired"]
    )


def plan_ideas() -> list[planning.Idea]:
    """The ideas in rotation (one query)."""
    loaded = [
        planning.Idea(id=i.id, practice=i.practice, text=i.text, why=i.why, link=i.link)
        for i in PlanIdea.objects.filter(retired=False).order_by("id")
    ]
    return loaded or list(_shipped_ideas())


@dataclass
class PlanItem:
    idea: planning.Idea
    practice: practices.Practice
    reason: str


@dataclass
class PlanView:
    week: date
    items: list[PlanItem]


def _space_filter(viewer: Viewer) -> dict[str, object]:
    if viewer.space.couple is not None:
        return {"couple": viewer.space.couple}
    return {"user": viewer.user, "couple__isnull": True}


def _seed(viewer: Viewer, week: date) -> str:
    year, number, _day = week.isocalendar()
    return f"{viewer.space.key}:{year}-W{number:02d}"


def _picks_of(stored: list[dict[str, str]]) -> list[planning.Pick]:
    return [
        planning.Pick(idea=p["idea"], practice=p["practice"], reason=p["reason"]) for p in stored
    ]


def focus_of(viewer: Viewer) -> set[str]:
    """The practices either partner chose to focus on (settings or the first run)."""
    return {key for member in viewer.space.members for key in member.focus_practices}


def is_young(viewer: Viewer) -> bool:
    """Under four weeks of history in this space: too soon to call anything quiet."""
    return viewer.now - history_start(viewer) < timedelta(days=RECENT_DAYS)


def plan_for_week(viewer: Viewer, *, week: date | None = None) -> PlanView:
    """This week's plan for the viewer's space, chosen on first request and kept for the
    week. Chosen again if someone has since hidden one of its practices."""
    week = week or week_start(viewer.today)
    ideas = plan_ideas()
    by_id = {idea.id: idea for idea in ideas}
    hidden = viewer.hidden_by_anyone
    focus = focus_of(viewer) - hidden
    stored = WeeklyPlan.objects.filter(**_space_filter(viewer), week=week).first()
    fine = stored is not None and all(
        p["practice"] not in hidden and p["idea"] in by_id for p in stored.picks
    )
    if fine and stored is not None and focus:
        # Chosen again when a focus was set after it was chosen and it has none of them.
        fine = any(p["practice"] in focus for p in stored.picks)
    if stored is not None and fine:
        picks = _picks_of(stored.picks)
    else:
        previous = [
            _picks_of(p)
            for p in WeeklyPlan.objects.filter(**_space_filter(viewer), week__lt=week)
            .order_by("-week")
            .values_list("picks", flat=True)[:PREVIOUS_WEEKS]
        ]
        needs = needs_for(
            couple=viewer.space.couple,
            user=viewer.user if viewer.space.couple is None else None,
            now=viewer.now,
        )
        picks = planning.choose_plan(
            ideas=ideas,
            needs=needs,
            hidden=hidden,
            previous=previous,
            seed=_seed(viewer, week),
            focus=focus,
            young=is_young(viewer),
        )
        stored_picks = [p.as_dict() for p in picks]
        if stored is not None:
            stored.picks = stored_picks
            stored.save(update_fields=["picks"])
        else:
            try:
                with transaction.atomic():
                    WeeklyPlan.objects.create(
                        couple=viewer.space.couple,
                        user=None if viewer.space.couple is not None else viewer.user,
                        week=week,
                        picks=stored_picks,
                    )
            except IntegrityError:
                # The partner opened the page in the same instant: theirs is the plan.
                winner = WeeklyPlan.objects.get(**_space_filter(viewer), week=week)
                picks = _picks_of(winner.picks)
    solo = viewer.couple is None
    return PlanView(
        week=week,
        items=[
            PlanItem(
                idea=by_id[p.idea],
                practice=practices.get(p.practice),
                reason=planning.reason_text(p.reason, practice=p.practice, solo=solo),
            )
            for p in picks
            if p.idea in by_id
        ],
    )
