from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from closeknit.accounts import services
from closeknit.accounts.models import User
from closeknit.api.base import In, current_user, errors
from closeknit.couples.services import couple_with_members
from closeknit.lib import ratelimit
from closeknit.lib.errors import Invalid, RateLimited, Unauthorized

auth_router = Router(tags=["auth"])
me_router = Router(tags=["me"])


class SignupIn(In):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    display_name: str = Field("", max_length=60)
    timezone: str = Field("UTC", max_length=64)


class PartnerOut(Schema):
    display_name: str


class CoupleBriefOut(Schema):
    id: int
    partner: PartnerOut | None


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    timezone: str
    focus_practices: list[str]
    hidden_practices: list[str]
    couple: CoupleBriefOut | None


class MeUpdateIn(In):
    display_name: str | None = Field(None, max_length=60)
    timezone: str | None = Field(None, max_length=64)
    focus_practices: list[str] | None = None
    hidden_practices: list[str] | None = None


class TokenIn(In):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    name: str = Field("API client", max_length=80)


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class DeleteIn(In):
    password: str = Field(max_length=1024)


def me_payload(user: User) -> dict[str, Any]:
    couple, members = couple_with_members(user)
    couple_out = None
    if couple is not None:
        partner = next((m for m in members if m.pk != user.pk), None)
        couple_out = {
            "id": couple.pk,
            "partner": {"display_name": partner.name} if partner else None,
        }
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "timezone": user.timezone,
        "focus_practices": user.focus_practices,
        "hidden_practices": user.hidden_practices,
        "couple": couple_out,
    }


def _limit(request: HttpRequest, scope: str, *keys: str, limit: int = 10) -> None:
    for key in (ratelimit.client_ip(request), *keys):
        if not ratelimit.allow(scope=scope, key=key, limit=limit, period_seconds=300):
            raise RateLimited("Too many attempts. Wait a few minutes and try again.")


@auth_router.post("/signup", auth=None, response={201: MeOut, **errors(400, 409, 429)})
def signup(request: HttpRequest, payload: SignupIn) -> Status[Any]:
    """Create an account. Then ask for a token with `POST /auth/token`."""
    _limit(request, "api-signup", limit=20)
    user = services.account_create(
        email=payload.email,
        password=payload.password,
        display_name=payload.display_name,
        tz=payload.timezone,
    )
    return Status(201, me_payload(user))


@auth_router.post("/token", auth=None, response={201: TokenCreatedOut, **errors(400, 429)})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[Any]:
    """Exchange email and password for a bearer token. The token is shown only once."""
    email = payload.email.strip().lower()
    _limit(request, "api-token", email)
    user = authenticate(request, email=email, password=payload.password)
    if user is None or not user.is_active:
        raise Unauthorized("Email or password is not right.")
    token, raw = services.token_create(user=user, name=payload.name)
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "hint": token.hint,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "token": raw,
        },
    )


@auth_router.get("/tokens", response={200: list[TokenOut], **errors()})
def list_tokens(request: HttpRequest) -> Any:
    """Your tokens (never the secrets themselves)."""
    return current_user(request).api_tokens.all()


@auth_router.delete("/tokens/{token_id}", response={204: None, **errors(404)})
def revoke_token(request: HttpRequest, token_id: int) -> Status[Any]:
    services.token_revoke(user=current_user(request), token_id=token_id)
    return Status(204, None)


@me_router.get("", response={200: MeOut, **errors()})
def read_me(request: HttpRequest) -> dict[str, Any]:
    return me_payload(current_user(request))


@me_router.patch("", response={200: MeOut, **errors(400)})
def update_me(request: HttpRequest, payload: MeUpdateIn) -> dict[str, Any]:
    user = services.account_update(
        user=current_user(request),
        display_name=payload.display_name,
        tz=payload.timezone,
        focus_practices=payload.focus_practices,
        hidden_practices=payload.hidden_practices,
    )
    return me_payload(user)


@me_router.get("/export", response={200: dict[str, Any], **errors()})
def export_me(request: HttpRequest) -> dict[str, Any]:
    """All your data as JSON; each part of Closeknit adds its own section."""
    return services.account_export(user=current_user(request))


@me_router.post("/delete", response={204: None, **errors(400, 429)})
def delete_me(request: HttpRequest, payload: DeleteIn) -> Status[Any]:
    """Delete your account and everything you wrote. Your partner's own entries stay."""
    user = current_user(request)
    _limit(request, "api-delete", str(user.pk), limit=5)
    if not user.check_password(payload.password):
        raise Invalid("That password is not right.", code="bad_password")
    services.account_delete(user=user)
    return Status(204, None)
