"""A way back in, for apps: the same offer and the same one-a-week send as home."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from closeknit.api.base import current_user, errors
from closeknit.couples.services import couple_with_members
from closeknit.nudges import wayback

router = Router(tags=["way back"])


class OfferOut(Schema):
    offered: bool = Field(
        description="Your partner has been quiet a while and you haven't: home shows things "
        "that work alone, and a way back in to send. Never says since when."
    )
    sent: bool = Field(description="You sent one in the last week; the next can go next week")


class SentOut(Schema):
    sent: bool
    message: str


@router.get("", response={200: OfferOut, **errors()})
def read_offer(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    _couple, members = couple_with_members(user)
    partner = next((m for m in members if m.pk != user.pk), None)
    offer = wayback.offer_for(user=user, partner=partner)
    return {"offered": offer is not None, "sent": bool(offer and offer.sent)}


@router.post("", response={200: SentOut, **errors(409)})
def send(request: HttpRequest) -> dict[str, Any]:
    """Send your quiet partner one gentle message with a single light question. At most
    one a week (409 `already_sent`); 409 `not_needed` when they aren't quiet, and
    `no_partner` when you are on your own. The answer is the same whatever your
    partner's notification settings."""
    wayback.way_back_send(user=current_user(request))
    return {"sent": True, "message": _("Sent. It's theirs to pick up whenever they're ready.")}
