from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from closeknit.api.base import current_user, errors
from closeknit.insights import selectors, services

router = Router(tags=["insights"])


class MapRowOut(Schema):
    practice: str
    name: str
    mine: int | None
    theirs: int | None = Field(description="Only from a fortnight you've both checked in for.")
    difference: int | None


class StarterOut(Schema):
    practice: str
    difference: int
    title: str
    text: str


class MapOut(Schema):
    starts_on: date | None = Field(description="First day of the fortnight shown.")
    shared: bool = Field(description="Whether your partner's side is on the map.")
    rows: list[MapRowOut]
    my_closeness: int | None
    their_closeness: int | None
    starters: list[StarterOut]


class PointOut(Schema):
    on: date
    mine: float | None
    theirs: float | None
    mean: float | None


class TrendOut(Schema):
    key: str = Field(description="A practice key, or 'closeness'.")
    name: str
    minimum: int
    maximum: int
    points: list[PointOut]


class BalanceRowOut(Schema):
    practice: str
    name: str
    week: int
    month: int


class BalanceOut(Schema):
    week_starts: date
    month_starts: date
    rows: list[BalanceRowOut]


class PlanItemOut(Schema):
    idea_id: str
    practice: str
    text: str
    why: str
    link: str
    reason: str = Field(description="Why this one was chosen this week.")


class PlanOut(Schema):
    week: date
    items: list[PlanItemOut]


class InsightQuestionOut(Schema):
    id: int
    day: date
    text: str
    practice: str


class LivedOut(Schema):
    practice: str
    name: str
    count: int


class ReportOut(Schema):
    week: date
    iso_week: str
    questions: list[InsightQuestionOut] = Field(
        description="Answered together (or, alone, by you)."
    )
    lived: list[LivedOut]
    both_checked_in: bool
    next: PlanOut


class ReportQuery(Schema):
    week: str = Field(
        "", max_length=10, description="An ISO week like 2026-W47; default this week."
    )


def _plan(view: services.PlanView) -> dict[str, Any]:
    return {
        "week": view.week,
        "items": [
            {
                "idea_id": i.idea.id,
                "practice": i.practice.key,
                "text": i.idea.text,
                "why": i.idea.why,
                "link": i.idea.link,
                "reason": i.reason,
            }
            for i in view.items
        ],
    }


@router.get("/map", response={200: MapOut, **errors()})
def read_map(request: HttpRequest) -> dict[str, Any]:
    """The eight practices side by side from your latest fortnight you've both checked in
    for; before that, only your own side."""
    view = selectors.couple_map(selectors.viewer_for(current_user(request)))
    return {
        "starts_on": view.starts_on,
        "shared": view.shared,
        "rows": [
            {
                "practice": r.practice.key,
                "name": str(r.practice.name),
                "mine": r.mine,
                "theirs": r.theirs,
                "difference": r.difference,
            }
            for r in view.rows
        ],
        "my_closeness": view.my_closeness,
        "their_closeness": view.their_closeness,
        "starters": [
            {
                "practice": s.practice.key,
                "difference": s.difference,
                "title": s.title,
                "text": s.text,
            }
            for s in view.starters
        ],
    }


@router.get("/trends", response={200: list[TrendOut], **errors()})
def read_trends(request: HttpRequest) -> list[dict[str, Any]]:
    """Each practice and closeness over the last year: you, your partner and your mean."""
    return [
        {
            "key": t.key,
            "name": t.name,
            "minimum": t.minimum,
            "maximum": t.maximum,
            "points": [
                {"on": p.on, "mine": p.mine, "theirs": p.theirs, "mean": p.mean} for p in t.points
            ],
        }
        for t in selectors.trends(selectors.viewer_for(current_user(request)))
    ]


@router.get("/activity", response={200: BalanceOut, **errors()})
def read_activity(request: HttpRequest) -> dict[str, Any]:
    """How often each practice came up this week and this month (counts only)."""
    balance = selectors.activity_balance(selectors.viewer_for(current_user(request)))
    return {
        "week_starts": balance.week_starts,
        "month_starts": balance.month_starts,
        "rows": [
            {
                "practice": r.practice.key,
                "name": str(r.practice.name),
                "week": r.week,
                "month": r.month,
            }
            for r in balance.rows
        ],
    }


@router.get("/plan", response={200: PlanOut, **errors()})
def read_plan(request: HttpRequest) -> dict[str, Any]:
    """Three things to try this week, and why each was chosen."""
    return _plan(services.plan_for_week(selectors.viewer_for(current_user(request))))


@router.get("/report", response={200: ReportOut, **errors(400)})
def read_report(request: HttpRequest, query: Query[ReportQuery]) -> dict[str, Any]:
    """A week's report: questions answered together, practices lived, what's next."""
    viewer = selectors.viewer_for(current_user(request))
    report = selectors.weekly_report(viewer, week=selectors.parse_week(query.week, viewer))
    return {
        "week": report.week,
        "iso_week": report.iso,
        "questions": [
            {"id": q.pk, "day": q.day, "text": q.prompt.text, "practice": q.prompt.practice}
            for q in report.questions
        ],
        "lived": [
            {"practice": r.practice.key, "name": str(r.practice.name), "count": r.week}
            for r in report.balance
            if r.week
        ],
        "both_checked_in": report.both_checked_in,
        "next": _plan(services.plan_for_week(viewer)),
    }
