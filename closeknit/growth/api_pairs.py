"""'This or that' / 'would you rather' rounds in the API, under /api/v1/growth/pairs.
Same rules as the web pages (closeknit/growth/pairs.py)."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.goals.spaces import space_for
from closeknit.growth import pairs
from closeknit.growth.pairs import PAIRS_PER_ROUND, PairRoundView
from closeknit.lib.errors import Invalid, NotFound

router = Router(tags=["growth"])


class PairItemOut(Schema):
    position: int
    pair_id: str
    kind: str = Field(description="this-or-that or would-you-rather")
    a: str
    b: str
    mine: str = Field(description='"a", "b", or "" when skipped or not picked yet.')
    theirs: str | None = Field(description="Hidden (null) until you have both picked.")
    same: bool
    line: str = Field(description="A playful line for the reveal; never a score.")


class PairRoundOut(Schema):
    id: int
    role: str = Field(description="starter or partner")
    stage: str = Field(description="pick, wait or revealed, for you")
    their_name: str
    partner_done: bool = Field(description="Whether the other one has picked.")
    items: list[PairItemOut]
    created_at: datetime
    revealed_at: datetime | None


class PickAt(In):
    position: int = Field(ge=1, le=PAIRS_PER_ROUND)
    pick: Literal["a", "b", ""] = ""


class PicksIn(In):
    picks: list[PickAt] = Field(max_length=PAIRS_PER_ROUND)


def pair_round_payload(view: PairRoundView) -> dict[str, Any]:
    return {
        "id": view.round.pk,
        "role": view.role,
        "stage": view.stage,
        "their_name": view.their_name,
        "partner_done": view.they_are_done,
        "items": [
            {
                "position": i.position,
                "pair_id": i.pair_id,
                "kind": i.kind,
                "a": i.a,
                "b": i.b,
                "mine": i.mine,
                "theirs": i.theirs,
                "same": i.same,
                "line": i.line,
            }
            for i in view.items
        ],
        "created_at": view.round.created_at,
        "revealed_at": view.round.revealed_at,
    }


def _out(request: HttpRequest, round_id: int) -> dict[str, Any]:
    view = pairs.pair_round_view(space=space_for(current_user(request)), round_id=round_id)
    if view is None:
        raise NotFound("There is no such round in your space.")
    return pair_round_payload(view)


@router.get("", response={200: list[PairRoundOut], **errors()})
def list_pair_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    """Your recent rounds. Your partner's picks stay hidden until you have both picked."""
    space = space_for(current_user(request))
    return [pair_round_payload(v) for v in pairs.pair_round_views(space=space)]


@router.post("", response={201: PairRoundOut, **errors(409)})
def start_pair_round(request: HttpRequest) -> Status[Any]:
    """Start a round: a few pairs for each of you to pick from, alone."""
    round_ = pairs.pair_round_start(user=current_user(request))
    return Status(201, _out(request, round_.pk))


@router.get("/{int:pair_round_id}", response={200: PairRoundOut, **errors(404)})
def read_pair_round(request: HttpRequest, pair_round_id: int) -> dict[str, Any]:
    return _out(request, pair_round_id)


@router.put(
    "/{int:pair_round_id}/picks", response={200: PairRoundOut, **errors(400, 403, 404, 409)}
)
def put_picks(request: HttpRequest, pair_round_id: int, payload: PicksIn) -> dict[str, Any]:
    """Your picks, once; the second of you to pick reveals both."""
    found: dict[int, str] = {}
    for at in payload.picks:
        if at.position in found:
            raise Invalid(f"Pair {at.position} is listed twice.", code="duplicate")
        found[at.position] = at.pick
    pairs.picks_save(user=current_user(request), round_id=pair_round_id, picks=found)
    return _out(request, pair_round_id)


@router.delete("/{int:pair_round_id}", response={204: None, **errors(403, 404, 409)})
def delete_pair_round(request: HttpRequest, pair_round_id: int) -> Status[None]:
    """'Not now': whoever started a round can remove it until it is revealed."""
    pairs.pair_round_delete(user=current_user(request), round_id=pair_round_id)
    return Status(204, None)
