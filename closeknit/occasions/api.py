from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.occasions import services, yearly
from closeknit.occasions.models import Occasion, OccasionKind
from closeknit.prompts.scheduler import day_for
from closeknit.prompts.spaces import space_for

router = Router(tags=["occasions"])


class OccasionOut(Schema):
    id: int
    kind: str
    name: str
    month: int
    day: int
    person_is_you: bool | None = Field(
        description="For a birthday: true if it is yours, false if your partner's."
    )
    next_on: date = Field(description="The next day it is kept, in your space's time zone.")
    added_by_you: bool
    added_at: datetime


class OccasionIn(In):
    kind: str = Field(description=f"One of {', '.join(OccasionKind.values)}.")
    name: str = Field(max_length=200, description="Your own words for the day.")
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31, description="29 February is kept on the 28th in other years.")
    birthday_of: str | None = Field(
        default=None,
        description='For a birthday: "me" or "partner" (leave out if you prefer not to say).',
    )


def occasion_payload(occasion: Occasion, *, user_id: int, today: date) -> dict[str, Any]:
    return {
        "id": occasion.pk,
        "kind": occasion.kind,
        "name": occasion.name,
        "month": occasion.month,
        "day": occasion.day,
        "person_is_you": None if occasion.person_id is None else occasion.person_id == user_id,
        "next_on": yearly.next_on(month=occasion.month, day=occasion.day, after=today),
        "added_by_you": occasion.created_by_id == user_id,
        "added_at": occasion.created_at,
    }


def space_today(user: Any) -> date:
    space = space_for(user)
    return day_for(now=timezone.now(), tz=space.tz, starts_at=space.starts_at)


@router.get("", response={200: list[OccasionOut], **errors()})
def list_occasions(request: HttpRequest) -> list[dict[str, Any]]:
    """The days your space marked, in calendar order. Your partner sees the same list."""
    user = current_user(request)
    today = space_today(user)
    return [
        occasion_payload(o, user_id=user.pk, today=today) for o in services.occasions_for(user=user)
    ]


@router.post("", response={201: OccasionOut, **errors(409)})
def add_occasion(request: HttpRequest, payload: OccasionIn) -> Status[Any]:
    user = current_user(request)
    occasion = services.occasion_add(
        user=user,
        data=services.OccasionInput(
            kind=payload.kind,
            name=payload.name,
            month=payload.month,
            day=payload.day,
            person_id=services.birthday_person_id(user=user, who=payload.birthday_of),
        ),
    )
    return Status(201, occasion_payload(occasion, user_id=user.pk, today=space_today(user)))


@router.delete("/{occasion_id}", response={204: None, **errors(404)})
def delete_occasion(request: HttpRequest, occasion_id: int) -> Status[Any]:
    """Gone for both of you."""
    services.occasion_delete(user=current_user(request), occasion_id=occasion_id)
    return Status(204, None)
