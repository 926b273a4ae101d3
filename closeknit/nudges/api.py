from datetime import datetime, time
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from closeknit.api.base import In, current_user, errors
from closeknit.nudges import services, waiting
from closeknit.nudges.events import EVENTS

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    url: str
    created_at: datetime
    read: bool


class ChannelIn(In):
    app: bool | None = None
    email: bool | None = None
    push: bool | None = None


WALL_CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
WALL_CLOCK_HELP = "A wall-clock time in your own time zone, as HH:MM."


class NotificationPreferencesOut(Schema):
    channels: dict[str, dict[str, bool]]
    quiet_from: str | None = Field(description=WALL_CLOCK_HELP)
    quiet_until: str | None = Field(description=WALL_CLOCK_HELP)
    daily_cap: int
    rich_text: bool
    email_off: bool
    push_rich: bool = Field(
        description="Pushes name your partner and the kind of thing, not only 'something new'."
    )


class PreferencesIn(In):
    channels: dict[str, ChannelIn] | None = None
    quiet_from: str | None = Field(None, pattern=WALL_CLOCK, description=WALL_CLOCK_HELP)
    quiet_until: str | None = Field(None, pattern=WALL_CLOCK, description=WALL_CLOCK_HELP)
    clear_quiet_hours: bool = False
    daily_cap: int | None = Field(None, ge=1, le=services.MAX_CAP)
    rich_text: bool | None = None
    email_off: bool | None = None
    push_rich: bool | None = None


def _wall_clock(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _prefs_payload(request: HttpRequest) -> dict[str, Any]:
    prefs = services.preferences_for(current_user(request))
    return {
        "channels": {
            key: {c: services.channel_on(prefs, key, c) for c in services.CHANNELS}
            for key in EVENTS
        },
        "quiet_from": prefs.quiet_from.strftime("%H:%M") if prefs.quiet_from else None,
        "quiet_until": prefs.quiet_until.strftime("%H:%M") if prefs.quiet_until else None,
        "daily_cap": prefs.daily_cap,
        "rich_text": prefs.rich_text,
        "email_off": prefs.email_off,
        "push_rich": prefs.push_rich,
    }


@router.get("", response={200: list[NotificationOut], **errors()})
def list_notifications(request: HttpRequest) -> list[dict[str, Any]]:
    titles = {key: str(event.title) for key, event in EVENTS.items()}
    # Plain rows of the shown columns: no model instances, and `detail` (encrypted,
    # never shown here) is not read, so not decrypted. An item's kind, count and
    # partner's name come in the same query, for "Sam replied 3 times".
    rows = (
        services.visible(current_user(request))
        .order_by("-created_at", "-pk")
        .values_list(
            "pk", "event", "url", "created_at", "read_at",
            "item__kind", "item__count", "item__actor__display_name", "item__actor__email",
        )[:100]
    )  # fmt: skip
    return [
        {
            "id": pk,
            "event": event,
            "title": waiting.title(kind=kind, name=display or email.split("@")[0], count=count)
            if kind
            else titles.get(event, ""),
            "url": url,
            "created_at": created_at,
            "read": read_at is not None,
        }
        for pk, event, url, created_at, read_at, kind, count, display, email in rows
    ]


@router.get("/preferences", response={200: NotificationPreferencesOut, **errors()})
def read_preferences(request: HttpRequest) -> dict[str, Any]:
    return _prefs_payload(request)


@router.put("/preferences", response={200: NotificationPreferencesOut, **errors(400)})
def update_preferences(request: HttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    quiet: tuple[time | None, time | None] | None = None
    if payload.clear_quiet_hours:
        quiet = (None, None)
    elif payload.quiet_from is not None or payload.quiet_until is not None:
        quiet = (_wall_clock(payload.quiet_from), _wall_clock(payload.quiet_until))
    channels = None
    if payload.channels is not None:
        channels = {
            key: {c: v for c, v in value.model_dump().items() if v is not None}
            for key, value in payload.channels.items()
        }
    services.preferences_update(
        user=current_user(request),
        channels=channels,
        quiet=quiet,
        daily_cap=payload.daily_cap,
        rich_text=payload.rich_text,
        email_off=payload.email_off,
        push_rich=payload.push_rich,
    )
    return _prefs_payload(request)


@router.post("/read", response={200: dict[str, int], **errors()})
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_read(user=current_user(request))}


@router.post("/{notification_id}/read", response={200: dict[str, int], **errors(404)})
def read_one(request: HttpRequest, notification_id: int) -> dict[str, int]:
    marked = services.mark_read(user=current_user(request), notification_id=notification_id)
    return {"marked": marked}


@router.delete("", response={200: dict[str, int], **errors()})
def clear_all(request: HttpRequest) -> dict[str, int]:
    return {"cleared": services.clear(user=current_user(request))}


@router.delete("/{notification_id}", response={200: dict[str, int], **errors(404)})
def clear_one(request: HttpRequest, notification_id: int) -> dict[str, int]:
    cleared = services.clear(user=current_user(request), notification_id=notification_id)
    return {"cleared": cleared}


waiting_router = Router(tags=["waiting"])


class WaitingOut(Schema):
    id: int | None = Field(description="None for today's question, which is not stored")
    kind: str = Field(description="What waits: reply, note, round_turn, question_today, ...")
    title: str = Field(description="What your partner did, by name; never what they wrote")
    action: str
    url: str = Field(description="The page where it waits")
    count: int = Field(description="How many times it happened while you hadn't looked")
    actor: str | None = Field(description="Your partner's name")
    updated_at: datetime | None


@waiting_router.get("", response={200: list[WaitingOut], **errors()})
def list_waiting(request: HttpRequest) -> list[dict[str, Any]]:
    """What waits for you, most important first: the same list as home's "Waiting for
    you". Items close themselves when you open or do what they ask."""
    from closeknit.prompts.selectors import today_or_none
    from closeknit.prompts.spaces import space_for

    user = current_user(request)
    space = space_for(user)
    found: list[dict[str, Any]] = []
    today = today_or_none(user=user, space=space)
    if today is not None and today.mine is None and not today.partner_answered:
        found.append(
            {
                "id": None,
                "kind": "question_today",
                "title": str(_("Today's question, whenever you like")),
                "action": str(_("Answer")),
                "url": "/today/",
                "count": 1,
                "actor": None,
                "updated_at": None,
            }
        )
    found += [vars(w) for w in waiting.waiting_for(user=user, couple=space.couple)]
    return found


@waiting_router.post("/{item_id}/dismiss", response={200: WaitingOut, **errors(404)})
def dismiss_waiting(request: HttpRequest, item_id: int) -> dict[str, Any]:
    """ "Not now": close something that waits for you. Nothing asks again about it."""
    user = current_user(request)
    item = waiting.dismiss(user=user, item_id=item_id)
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": waiting.title(kind=item.kind, name=item.actor.name, count=item.count),
        "action": str(waiting.KINDS[item.kind].action) if item.kind in waiting.KINDS else "",
        "url": item.url,
        "count": item.count,
        "actor": item.actor.name,
        "updated_at": item.updated_at,
    }
