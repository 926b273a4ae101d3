from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from closeknit.accounts.models import User
from closeknit.api.base import In, current_user, errors
from closeknit.couples import services
from closeknit.couples.links import invitation_link
from closeknit.couples.models import Couple, Invitation
from closeknit.lib import ratelimit
from closeknit.lib.errors import NotFound, RateLimited

couple_router = Router(tags=["couple"])
invitations_router = Router(tags=["invitations"])


class MemberOut(Schema):
    display_name: str
    is_you: bool
    joined_at: datetime


class CoupleOut(Schema):
    id: int
    created_at: datetime
    home_timezone: str
    members: list[MemberOut]


class LeaveIn(In):
    entries_stay: bool = Field(
        description="True: your entries stay in the shared history your partner keeps. "
        "False: they leave with you."
    )


class InvitationOut(Schema):
    id: int
    status: str
    created_at: datetime
    expires_at: datetime


class InvitationCreatedOut(InvitationOut):
    link: str
    code: str


class AcceptIn(In):
    code: str = Field(min_length=1, max_length=40, description="The code, e.g. ABCD-EFGH.")


def couple_payload(*, couple: Couple, user: User) -> dict[str, Any]:
    members = couple.memberships.current().select_related("user").order_by("joined_at", "pk")
    return {
        "id": couple.pk,
        "created_at": couple.created_at,
        "home_timezone": couple.home_timezone,
        "members": [
            {"display_name": m.user.name, "is_you": m.user_id == user.pk, "joined_at": m.joined_at}
            for m in members
        ],
    }


def invitation_payload(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "status": invitation.status,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
    }


@couple_router.get("", response={200: CoupleOut, **errors(404)})
def read_couple(request: HttpRequest) -> dict[str, Any]:
    couple = services.couple_for(current_user(request))
    if couple is None:
        raise NotFound("You are not in a shared space yet.", code="no_couple")
    return couple_payload(couple=couple, user=current_user(request))


@couple_router.post("", response={201: CoupleOut, **errors(409)})
def create_couple(request: HttpRequest) -> Status[Any]:
    couple = services.couple_create(user=current_user(request))
    return Status(201, couple_payload(couple=couple, user=current_user(request)))


@couple_router.post("/leave", response={204: None, **errors(404)})
def leave_couple(request: HttpRequest, payload: LeaveIn) -> Status[Any]:
    """Leave now: no approval, no message to your partner. The space ends for both."""
    services.couple_leave(user=current_user(request), entries_stay=payload.entries_stay)
    return Status(204, None)


@couple_router.get("/invitations", response={200: list[InvitationOut], **errors()})
def list_invitations(request: HttpRequest) -> list[dict[str, Any]]:
    return [invitation_payload(i) for i in services.invitations_for(user=current_user(request))]


@couple_router.post("/invitations", response={201: InvitationCreatedOut, **errors(409)})
def create_invitation(request: HttpRequest) -> Status[Any]:
    """A single-use link and code, valid for 7 days. Earlier pending ones stop working."""
    new = services.invitation_create(user=current_user(request))
    return Status(
        201,
        {
            **invitation_payload(new.invitation),
            "link": invitation_link(request, new.token),
            "code": new.display_code,
        },
    )


@couple_router.delete("/invitations/{invitation_id}", response={204: None, **errors(404, 409)})
def revoke_invitation(request: HttpRequest, invitation_id: int) -> Status[Any]:
    services.invitation_revoke(user=current_user(request), invitation_id=invitation_id)
    return Status(204, None)


@invitations_router.post("/accept", response={200: CoupleOut, **errors(400, 404, 409, 410, 429)})
def accept_invitation(request: HttpRequest, payload: AcceptIn) -> dict[str, Any]:
    user = current_user(request)
    for key in (ratelimit.client_ip(request), f"user:{user.pk}"):
        if not ratelimit.allow(scope="accept", key=key, limit=10, period_seconds=600):
            raise RateLimited("Too many attempts. Wait ten minutes and try again.")
    couple = services.invitation_accept(user=user, code=payload.code)
    return couple_payload(couple=couple, user=user)
