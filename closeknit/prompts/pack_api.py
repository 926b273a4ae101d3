"""`/api/v1/packs`: the content packs on offer and which ones a couple turned on."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from closeknit.api.base import In, current_user, errors
from closeknit.couples.services import couple_for
from closeknit.prompts import packs

router = Router(tags=["packs"])


class PackOut(Schema):
    key: str
    title: str
    description: str
    when: str = Field(
        description='"every-day": mixed into the daily question; "dates": the question on '
        "the days your space marked (/api/v1/occasions)."
    )
    prompts: int = Field(description="How many questions it holds.")
    turned_on: bool
    changed_by: str | None = Field(description="Who last turned it on or off, by name.")
    changed_by_you: bool | None
    changed_at: datetime | None


class PacksIn(In):
    turned_on: list[str] = Field(
        max_length=50,
        description="The keys of every pack to have on; packs left out are turned off.",
    )


def pack_payload(view: packs.PackView, *, user_id: int) -> dict[str, Any]:
    return {
        "key": view.key,
        "title": view.title,
        "description": view.description,
        "when": view.when,
        "prompts": view.prompts,
        "turned_on": view.turned_on,
        "changed_by": view.changed_by.name if view.changed_by else None,
        "changed_by_you": view.changed_by.pk == user_id if view.changed_by else None,
        "changed_at": view.changed_at,
    }


@router.get("", response={200: list[PackOut], **errors()})
def list_packs(request: HttpRequest) -> list[dict[str, Any]]:
    """Every pack on offer, and whether your space has it on (all off for someone alone)."""
    user = current_user(request)
    views = packs.packs_for(couple=couple_for(user))
    return [pack_payload(v, user_id=user.pk) for v in views]


@router.put("", response={200: list[PackOut], **errors(409)})
def set_packs(request: HttpRequest, payload: PacksIn) -> list[dict[str, Any]]:
    """Choose your space's packs. Either partner may; both see who changed what."""
    user = current_user(request)
    views = packs.packs_set(user=user, couple=couple_for(user), turned_on=payload.turned_on)
    return [pack_payload(v, user_id=user.pk) for v in views]
