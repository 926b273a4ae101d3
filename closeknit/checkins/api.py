from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.checkins import drafts, items, selectors, services
from closeknit.checkins.models import Checkin
from closeknit.lib.errors import NotFound

router = Router(tags=["check-in"])


class CheckinItemOut(Schema):
    id: str
    practice: str
    text: str


class ClosenessOut(Schema):
    value: int
    label: str


class FormOut(Schema):
    items: list[CheckinItemOut] = Field(
        description="The statements you are asked (hidden practices left out)."
    )
    scale_min: int
    scale_max: int
    scale_ends: list[str]
    closeness: list[ClosenessOut]


class StatusOut(Schema):
    period_number: int
    period_starts_on: date
    period_ends_on: date
    next_opens_on: date
    suggested_now: bool = Field(description="A suggestion only; checking in is never required.")
    every_weeks: int
    checked_in: bool
    checkin_id: int | None
    partner_checked_in: bool = Field(
        description="Before the reveal: your partner is waiting for yours."
    )
    revealed: bool


class CheckinOut(Schema):
    id: int
    period_number: int
    period_starts_on: date
    in_shared_space: bool
    revealed: bool
    answers: dict[str, int]
    closeness: int
    note: str
    scores: dict[str, int] = Field(description="Per practice, 0-100, from your two ratings.")
    created_at: datetime
    updated_at: datetime


class PartnerSideOut(Schema):
    closeness: int
    scores: dict[str, int]


class CheckinDetailOut(Schema):
    mine: CheckinOut
    theirs: PartnerSideOut | None = Field(
        description="Your partner's side, once you've both checked in."
    )
    partner_checked_in: bool


class SubmittedOut(CheckinDetailOut):
    revealed_now: bool


class CheckinIn(In):
    answers: dict[str, int] = Field(
        description="Statement id -> rating from 1 to 7, for every statement."
    )
    closeness: int = Field(description="The closeness picture, 1 (apart) to 7 (almost one).")
    note: str = Field("", max_length=services.MAX_NOTE, description="Private to you, always.")


class CheckinPreferenceIn(In):
    every_weeks: int = Field(description="Suggest a check-in every 1, 2 or 4 weeks.")


class CheckinPreferenceOut(Schema):
    every_weeks: int


class ListQuery(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100000)


def checkin_payload(checkin: Checkin) -> dict[str, Any]:
    period = checkin.period
    return {
        "id": checkin.pk,
        "period_number": checkin.number,
        "period_starts_on": checkin.starts_on,
        "in_shared_space": checkin.couple_id is not None,
        "revealed": period is not None and period.revealed_at is not None,
        "answers": checkin.answers,
        "closeness": checkin.closeness,
        "note": checkin.note,
        "scores": selectors.scores_of(checkin),
        "created_at": checkin.created_at,
        "updated_at": checkin.updated_at,
    }


def _detail(user_id: int, view: selectors.CheckinView) -> dict[str, Any]:
    theirs = None
    if view.theirs is not None:
        theirs = {"closeness": view.theirs.closeness, "scores": view.their_scores}
    return {
        "mine": checkin_payload(view.mine),
        "theirs": theirs,
        "partner_checked_in": view.partner_checked_in,
    }


@router.get("/form", response={200: FormOut, **errors()})
def read_form(request: HttpRequest) -> dict[str, Any]:
    """What the check-in asks you: two statements per practice and the closeness pictures."""
    user = current_user(request)
    return {
        "items": [
            {"id": i.id, "practice": i.practice, "text": str(i.text)}
            for i in items.items_for(hidden=list(user.hidden_practices))
        ],
        "scale_min": items.SCALE_MIN,
        "scale_max": items.SCALE_MAX,
        "scale_ends": [str(end) for end in items.SCALE_ENDS],
        "closeness": [{"value": c.value, "label": str(c.label)} for c in items.CLOSENESS],
    }


@router.get("/status", response={200: StatusOut, **errors()})
def read_status(request: HttpRequest) -> dict[str, Any]:
    """This fortnight: whether you've checked in, whether it's suggested, the reveal."""
    status = selectors.checkin_status(user=current_user(request))
    return {
        "period_number": status.period.number,
        "period_starts_on": status.period.starts_on,
        "period_ends_on": status.period.ends_on,
        "next_opens_on": status.period.next_starts_on,
        "suggested_now": status.due,
        "every_weeks": status.every_weeks,
        "checked_in": status.mine is not None,
        "checkin_id": status.mine.pk if status.mine else None,
        "partner_checked_in": status.partner_checked_in,
        "revealed": status.revealed,
    }


@router.post("", response={201: SubmittedOut, **errors(400, 409)})
def submit(request: HttpRequest, payload: CheckinIn) -> Status[Any]:
    """Check in for this fortnight, or change your answers until you've both checked in."""
    user = current_user(request)
    result = services.checkin_submit(
        user=user, answers=payload.answers, closeness=payload.closeness, note=payload.note
    )
    view = selectors.checkin_view(user=user, checkin_id=result.checkin.pk)
    assert view is not None
    return Status(201, {**_detail(user.pk, view), "revealed_now": result.revealed_now})


@router.get("", response={200: list[CheckinOut], **errors()})
def list_mine(request: HttpRequest, page: Query[ListQuery]) -> list[dict[str, Any]]:
    """Your own check-ins, newest first."""
    found = selectors.my_checkins(user=current_user(request), limit=page.limit, offset=page.offset)
    return [checkin_payload(c) for c in found]


@router.put("/preference", response={200: CheckinPreferenceOut, **errors(400)})
def put_preference(request: HttpRequest, payload: CheckinPreferenceIn) -> dict[str, Any]:
    preference = services.preference_set(
        user=current_user(request), every_weeks=payload.every_weeks
    )
    return {"every_weeks": preference.every_weeks}


class DraftOut(Schema):
    step: int = Field(description="The step to pick up at (1-based).")
    steps: list[str] = Field(description="The steps' keys in order: practices, then closeness.")
    answers: dict[str, int]
    closeness: int | None
    note: str
    updated_at: datetime


@router.get("/draft", response={200: DraftOut, **errors(404)})
def read_draft(request: HttpRequest) -> dict[str, Any]:
    """Your check-in in progress, kept between steps on the web. Only ever yours."""
    user = current_user(request)
    draft = drafts.draft_for(user=user)
    if draft is None:
        raise NotFound(_("You have no check-in in progress."))
    return {
        "step": draft.step,
        "steps": [s.key for s in drafts.steps_for(hidden=list(user.hidden_practices))],
        "answers": draft.answers,
        "closeness": draft.closeness,
        "note": draft.note,
        "updated_at": draft.updated_at,
    }


@router.delete("/draft", response={204: None, **errors()})
def delete_draft(request: HttpRequest) -> Status[None]:
    """Let go of your check-in in progress (a saved check-in is not touched)."""
    drafts.draft_discard(user=current_user(request))
    return Status(204, None)


@router.get("/{checkin_id}", response={200: CheckinDetailOut, **errors(404)})
def read_checkin(request: HttpRequest, checkin_id: int) -> dict[str, Any]:
    """One of your check-ins, with your partner's side once you've both checked in."""
    user = current_user(request)
    view = selectors.checkin_view(user=user, checkin_id=checkin_id)
    if view is None:
        raise NotFound(_("There is no such check-in of yours."))
    return _detail(user.pk, view)
