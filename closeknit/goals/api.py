"""Shared goals and dreams as JSON: goals, steps, cheers, celebrations, dream talks and
the someday list. Everything the web pages do, with the same rules."""

from datetime import date, datetime
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.goals import selectors, services
from closeknit.goals.api_someday import dreams_router, someday_router
from closeknit.goals.models import Cheer, Milestone
from closeknit.goals.selectors import Celebration, GoalView
from closeknit.goals.spaces import Space, space_for
from closeknit.lib.errors import NotFound

router = Router(tags=["goals"])

GoalKindIn = Literal["shared", "individual"]
StatusIn = Literal["active", "reached", "archived"]
CarrierIn = Literal["me", "partner", "both"]


class ProgressOut(Schema):
    done: int
    total: int
    percent: int = Field(description="Derived from the steps done.")


class MilestoneOut(Schema):
    id: int
    title: str
    carrier: str = Field(description="me, partner or both, from the caller's side.")
    carried_by_name: str
    due_date: date | None
    done: bool
    done_at: datetime | None
    done_by_name: str


class CheerOut(Schema):
    kind: str
    symbol: str
    label: str
    note: str
    mine: bool
    at: datetime


class GoalOut(Schema):
    id: int
    kind: str
    title: str
    why: str
    target_date: date | None
    status: str
    reached_at: datetime | None
    shared: bool = Field(description="Individual goals: whether the partner sees it.")
    mine: bool
    can_edit: bool
    owner_name: str
    progress: ProgressOut
    milestones: list[MilestoneOut]
    cheers: list[CheerOut]
    created_at: datetime


class CelebrationOut(Schema):
    kind: str
    title: str
    goal_id: int
    goal_title: str
    at: datetime
    by_name: str
    whose: str


class BoardOut(Schema):
    ours: list[GoalOut]
    mine: list[GoalOut]
    theirs: list[GoalOut] = Field(description="Your partner's goals they share with you.")
    celebrations: list[CelebrationOut]


class GoalIn(In):
    title: str = Field(max_length=services.MAX_TITLE)
    kind: GoalKindIn
    why: str = Field("", max_length=services.MAX_WHY)
    target_date: date | None = None
    shared: bool = False


class GoalPatch(In):
    title: str | None = Field(None, max_length=services.MAX_TITLE)
    why: str | None = Field(None, max_length=services.MAX_WHY)
    target_date: date | None = Field(None, description="null clears it")


class GoalStatusIn(In):
    status: StatusIn


class GoalShareIn(In):
    shared: bool


class MilestoneIn(In):
    title: str = Field(max_length=services.MAX_TITLE)
    carrier: CarrierIn = "both"
    due_date: date | None = None


class MilestonePatch(In):
    title: str | None = Field(None, max_length=services.MAX_TITLE)
    carrier: CarrierIn | None = None
    due_date: date | None = Field(None, description="null clears it")
    done: bool | None = None


class CheerIn(In):
    kind: Literal["cheer", "proud", "go", "hug"]
    note: str = Field("", max_length=services.MAX_CHEER_NOTE)


class BoardQuery(Schema):
    status: StatusIn = "active"


def milestone_payload(space: Space, m: Milestone) -> dict[str, Any]:
    carried = m.carried_by_id
    carrier = "both" if carried is None else ("me" if carried == space.user.pk else "partner")
    return {
        "id": m.pk,
        "title": m.title,
        "carrier": carrier,
        "carried_by_name": space.name_of(carried) if carried else "",
        "due_date": m.due_date,
        "done": m.is_done,
        "done_at": m.done_at,
        "done_by_name": space.name_of(m.done_by_id) if m.done_by_id else "",
    }


def goal_payload(space: Space, view: GoalView) -> dict[str, Any]:
    goal = view.goal
    return {
        "id": goal.pk,
        "kind": goal.kind,
        "title": goal.title,
        "why": goal.why,
        "target_date": goal.target_date,
        "status": goal.status,
        "reached_at": goal.reached_at,
        "shared": goal.shared,
        "mine": view.is_mine,
        "can_edit": view.can_edit,
        "owner_name": view.owner_name,
        "progress": {"done": view.done, "total": view.total, "percent": view.percent},
        "milestones": [milestone_payload(space, m) for m in view.milestones],
        "cheers": [cheer_payload(space, c) for c in view.cheers],
        "created_at": goal.created_at,
    }


def cheer_payload(space: Space, c: Cheer) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "symbol": c.symbol,
        "label": c.label,
        "note": c.note,
        "mine": c.created_by_id == space.user.pk,
        "at": c.created_at,
    }


def celebration_payload(c: Celebration) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "title": c.title,
        "goal_id": c.goal_id,
        "goal_title": c.goal_title,
        "at": c.at,
        "by_name": c.by_name,
        "whose": c.whose,
    }


def _goal_out(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    space = space_for(current_user(request))
    view = selectors.goal_view(space=space, goal_id=goal_id)
    if view is None:
        raise NotFound("There is no such goal in your space.")
    return goal_payload(space, view)


@router.get("", response={200: BoardOut, **errors()})
def read_board(request: HttpRequest, filters: Query[BoardQuery]) -> dict[str, Any]:
    """Goals by whose they are, plus what to celebrate lately."""
    space = space_for(current_user(request))
    board = selectors.goal_board(space=space, statuses=(filters.status,))
    return {
        "ours": [goal_payload(space, v) for v in board.ours],
        "mine": [goal_payload(space, v) for v in board.mine],
        "theirs": [goal_payload(space, v) for v in board.theirs],
        "celebrations": [celebration_payload(c) for c in selectors.celebrations(space=space)],
    }


@router.post("", response={201: GoalOut, **errors(400, 409)})
def create_goal(request: HttpRequest, payload: GoalIn) -> Status[Any]:
    """Start a goal: `shared` for the two of you, `individual` for yourself (private
    unless you set `shared`)."""
    goal = services.goal_create(
        user=current_user(request),
        title=payload.title,
        kind=payload.kind,
        why=payload.why,
        target_date=payload.target_date,
        shared=payload.shared,
    )
    return Status(201, _goal_out(request, goal.pk))


@router.get("/celebrations", response={200: list[CelebrationOut], **errors()})
def list_celebrations(request: HttpRequest) -> list[dict[str, Any]]:
    space = space_for(current_user(request))
    return [celebration_payload(c) for c in selectors.celebrations(space=space)]


@router.post("/celebrations/clear", response={204: None, **errors()})
def clear_celebrations(request: HttpRequest) -> Status[None]:
    """Put the celebrations away, for you only."""
    services.celebrations_clear(user=current_user(request))
    return Status(204, None)


@router.get("/{int:goal_id}", response={200: GoalOut, **errors(404)})
def read_goal(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    return _goal_out(request, goal_id)


@router.patch("/{int:goal_id}", response={200: GoalOut, **errors(400, 403, 404, 409)})
def update_goal(request: HttpRequest, goal_id: int, payload: GoalPatch) -> dict[str, Any]:
    user = current_user(request)
    view = selectors.goal_view(space=space_for(user), goal_id=goal_id)
    if view is None:
        raise NotFound("There is no such goal in your space.")
    sent = payload.model_fields_set
    services.goal_update(
        user=user,
        goal_id=goal_id,
        title=payload.title if payload.title is not None else view.goal.title,
        why=payload.why if payload.why is not None else view.goal.why,
        target_date=payload.target_date if "target_date" in sent else view.goal.target_date,
    )
    return _goal_out(request, goal_id)


@router.delete("/{int:goal_id}", response={204: None, **errors(403, 404, 409)})
def delete_goal(request: HttpRequest, goal_id: int) -> Status[None]:
    services.goal_delete(user=current_user(request), goal_id=goal_id)
    return Status(204, None)


@router.put("/{int:goal_id}/status", response={200: GoalOut, **errors(400, 403, 404, 409)})
def put_status(request: HttpRequest, goal_id: int, payload: GoalStatusIn) -> dict[str, Any]:
    """`reached` celebrates it for both of you; `archived` sets it aside, no judgement."""
    services.goal_set_status(user=current_user(request), goal_id=goal_id, status=payload.status)
    return _goal_out(request, goal_id)


@router.put("/{int:goal_id}/share", response={200: GoalOut, **errors(403, 404, 409)})
def put_share(request: HttpRequest, goal_id: int, payload: GoalShareIn) -> dict[str, Any]:
    """Show one of your own goals to your partner, or make it private again."""
    services.goal_share(user=current_user(request), goal_id=goal_id, shared=payload.shared)
    return _goal_out(request, goal_id)


@router.post("/{int:goal_id}/milestones", response={201: GoalOut, **errors(400, 403, 404, 409)})
def add_milestone(request: HttpRequest, goal_id: int, payload: MilestoneIn) -> Status[Any]:
    services.milestone_add(
        user=current_user(request),
        goal_id=goal_id,
        title=payload.title,
        carrier=payload.carrier,
        due_date=payload.due_date,
    )
    return Status(201, _goal_out(request, goal_id))


@router.post("/{int:goal_id}/cheers", response={201: GoalOut, **errors(400, 404, 409)})
def add_cheer(request: HttpRequest, goal_id: int, payload: CheerIn) -> Status[Any]:
    """Cheer on a goal your partner shares with you."""
    services.cheer_add(
        user=current_user(request), goal_id=goal_id, kind=payload.kind, note=payload.note
    )
    return Status(201, _goal_out(request, goal_id))


def _milestone_goal(request: HttpRequest, milestone_id: int) -> tuple[Space, Milestone]:
    space = space_for(current_user(request))
    found = (
        Milestone.objects.filter(pk=milestone_id, goal__in=services.visible_goals(space))
        .select_related("goal")
        .first()
    )
    if found is None:
        raise NotFound("There is no such step in your space.")
    return space, found


@router.patch(
    "/milestones/{int:milestone_id}", response={200: GoalOut, **errors(400, 403, 404, 409)}
)
def update_milestone(
    request: HttpRequest, milestone_id: int, payload: MilestonePatch
) -> dict[str, Any]:
    """Rename, hand over, re-date, or tick a step (`done`); ticking is celebrated."""
    space, milestone = _milestone_goal(request, milestone_id)
    sent = payload.model_fields_set
    with transaction.atomic():
        _milestone_changes(space, milestone, payload, sent)
    return _goal_out(request, milestone.goal_id)


def _milestone_changes(space: Space, milestone: Milestone, payload: Any, sent: set[str]) -> None:
    milestone_id = milestone.pk
    if sent - {"done"}:
        carried = milestone.carried_by_id
        current = "both" if carried is None else ("me" if carried == space.user.pk else "partner")
        services.milestone_update(
            user=space.user,
            milestone_id=milestone_id,
            title=payload.title if payload.title is not None else milestone.title,
            carrier=payload.carrier or current,
            due_date=payload.due_date if "due_date" in sent else milestone.due_date,
        )
    if payload.done is not None:
        services.milestone_set_done(user=space.user, milestone_id=milestone_id, done=payload.done)


@router.delete("/milestones/{int:milestone_id}", response={204: None, **errors(403, 404, 409)})
def delete_milestone(request: HttpRequest, milestone_id: int) -> Status[None]:
    services.milestone_delete(user=current_user(request), milestone_id=milestone_id)
    return Status(204, None)


router.add_router("/dreams", dreams_router)
router.add_router("/someday", someday_router)
