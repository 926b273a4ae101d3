"""The intimacy toolkit over JSON. Every answer about the yes / maybe / no list holds the
caller's own answers and the mutual matches, never anything else of the partner's."""

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StringConstraints

from closeknit import practices
from closeknit.api.base import In, current_user, errors
from closeknit.intimacy import selectors, services, words
from closeknit.intimacy.models import ListItem

router = Router(tags=["intimacy"])

ItemId = Annotated[str, StringConstraints(max_length=32)]
Answer = Literal["yes", "maybe", "no"]


class IntimacyOverviewOut(Schema):
    name: str
    purpose: str
    why_this_helps: list[str]


class PrivacyOut(Schema):
    hidden: bool = Field(description="This practice is hidden from your screens.")


class PrivacyIn(In):
    hidden: bool


class AffectionOut(Schema):
    kind: str
    label: str
    level: Literal["love", "sometimes", "not_for_me"] | None
    note: str


class PartnerAffectionOut(Schema):
    name: str
    preferences: list[AffectionOut] = Field(description="Only the kinds they filled in.")


class AffectionPageOut(Schema):
    mine: list[AffectionOut]
    partner: PartnerAffectionOut | None


class AffectionItemIn(In):
    kind: str = Field(max_length=24)
    level: Literal["love", "sometimes", "not_for_me"] | None = Field(
        description="null clears this kind"
    )
    note: str = Field("", max_length=services.MAX_NOTE)


class AffectionIn(In):
    preferences: list[AffectionItemIn] = Field(min_length=1, max_length=30)


class IntimacyItemOut(Schema):
    id: str
    tier: Literal["tender", "sensual", "adult"]
    text: str


class OwnItemOut(IntimacyItemOut):
    answer: Answer | None = Field(description="Your own answer; null when you left it blank.")


class ListOut(Schema):
    items: list[OwnItemOut]
    adult: bool = Field(description="You opted in to adult items.")
    maybe: bool = Field(description="You chose the wider view (yes and maybe).")
    adult_shown: bool = Field(description="You both opted in, so adult items are listed.")
    maybe_shown: bool = Field(description="You both chose the wider view.")
    has_partner: bool


class IntimacyAnswersIn(In):
    answers: dict[ItemId, Answer | None] = Field(
        min_length=1, max_length=200, description="item id -> yes, maybe, no, or null to clear"
    )


class SettingsIn(In):
    adult: bool | None = None
    maybe: bool | None = None


class MatchesOut(Schema):
    items: list[IntimacyItemOut] = Field(description="Items you both accept, in library order.")
    adult_shown: bool
    maybe_shown: bool
    has_partner: bool


class NotNowOut(Schema):
    why_a_warm_no: list[str]
    phrases: list[str]
    hearing_it: list[str]


def _item(item: ListItem) -> dict[str, Any]:
    return {"id": item.id, "tier": item.tier, "text": item.text}


def _list_payload(state: selectors.ListState) -> dict[str, Any]:
    return {
        "items": [{**_item(row.item), "answer": row.answer} for row in state.rows],
        "adult": state.own.adult,
        "maybe": state.own.maybe,
        "adult_shown": state.adult_shown,
        "maybe_shown": state.maybe_shown,
        "has_partner": state.has_partner,
    }


def _affection_payload(view: selectors.Affection) -> dict[str, Any]:
    def rows(found: list[selectors.AffectionRow]) -> list[dict[str, Any]]:
        return [vars(r) for r in found]

    partner = None
    if view.partner is not None:
        partner = {"name": view.partner.name, "preferences": rows(view.theirs)}
    return {"mine": rows(view.mine), "partner": partner}


@router.get("", response={200: IntimacyOverviewOut, **errors(409)})
def read_overview(request: HttpRequest) -> dict[str, Any]:
    services.ensure_shown(user=current_user(request))
    practice = practices.get(services.PRACTICE)
    return {
        "name": str(practice.name),
        "purpose": str(practice.purpose),
        "why_this_helps": [str(p) for p in words.WHY_THIS_HELPS],
    }


@router.get("/privacy", response={200: PrivacyOut, **errors()})
def read_privacy(request: HttpRequest) -> dict[str, Any]:
    return {"hidden": services.is_hidden(current_user(request))}


@router.put("/privacy", response={200: PrivacyOut, **errors(400)})
def put_privacy(request: HttpRequest, payload: PrivacyIn) -> dict[str, Any]:
    """Hide this practice from your own screens (or show it again). Nobody is told."""
    user = services.privacy_set(user=current_user(request), hidden=payload.hidden)
    return {"hidden": services.is_hidden(user)}


@router.get("/affection", response={200: AffectionPageOut, **errors(409)})
def read_affection(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    services.ensure_shown(user=user)
    return _affection_payload(selectors.affection(user=user))


@router.put("/affection", response={200: AffectionPageOut, **errors(400, 409)})
def put_affection(request: HttpRequest, payload: AffectionIn) -> dict[str, Any]:
    """Describe the closeness you enjoy. Your partner can read it."""
    user = current_user(request)
    services.ensure_shown(user=user)
    services.affection_save(
        user=user,
        preferences=[
            services.AffectionInput(kind=p.kind, level=p.level, note=p.note)
            for p in payload.preferences
        ],
    )
    return _affection_payload(selectors.affection(user=user))


@router.get("/list", response={200: ListOut, **errors(409)})
def read_list(request: HttpRequest) -> dict[str, Any]:
    """Your own list and answers. Nothing of your partner's is in it."""
    user = current_user(request)
    services.ensure_shown(user=user)
    return _list_payload(selectors.list_state(user=user))


@router.put("/list/answers", response={200: ListOut, **errors(400, 409)})
def put_answers(request: HttpRequest, payload: IntimacyAnswersIn) -> dict[str, Any]:
    """Answer or change any items; null clears one. The reply is your own list only."""
    user = current_user(request)
    services.ensure_shown(user=user)
    services.list_answer(
        user=user,
        answers=dict(payload.answers),
        allowed=selectors.visible_item_ids(user=user),
    )
    return _list_payload(selectors.list_state(user=user))


@router.put("/list/settings", response={200: ListOut, **errors(400, 409)})
def put_settings(request: HttpRequest, payload: SettingsIn) -> dict[str, Any]:
    """Opt in or out of adult items and of the wider (yes and maybe) view."""
    user = current_user(request)
    services.ensure_shown(user=user)
    services.list_settings(user=user, adult=payload.adult, maybe=payload.maybe)
    return _list_payload(selectors.list_state(user=user))


@router.delete("/list", response={200: ListOut, **errors(409)})
def delete_list(request: HttpRequest) -> dict[str, Any]:
    """Forget every answer and choice on your list."""
    user = current_user(request)
    services.ensure_shown(user=user)
    services.list_clear(user=user)
    return _list_payload(selectors.list_state(user=user))


@router.get("/matches", response={200: MatchesOut, **errors(409)})
def read_matches(request: HttpRequest) -> dict[str, Any]:
    """What you both said yes to (or yes and maybe, when you both chose that)."""
    user = current_user(request)
    services.ensure_shown(user=user)
    found = selectors.matches(user=user)
    return {
        "items": [_item(item) for item in found.items],
        "adult_shown": found.adult_shown,
        "maybe_shown": found.maybe_shown,
        "has_partner": found.has_partner,
    }


@router.get("/not-now", response={200: NotNowOut, **errors(409)})
def read_not_now(request: HttpRequest) -> dict[str, Any]:
    services.ensure_shown(user=current_user(request))
    return {
        "why_a_warm_no": [str(p) for p in words.WHY_A_WARM_NO],
        "phrases": [str(p) for p in words.NOT_NOW_PHRASES],
        "hearing_it": [str(p) for p in words.HEARING_NOT_NOW],
    }
