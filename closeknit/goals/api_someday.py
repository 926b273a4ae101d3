"""Dream talks and the someday list as JSON (mounted under /api/v1/goals)."""

from datetime import date, datetime
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.goals import guide, selectors, someday
from closeknit.goals.models import DreamNote, DreamPrompt, DreamTheme, SomedayItem
from closeknit.goals.spaces import Space, space_for
from closeknit.lib.errors import Invalid, NotFound

dreams_router = Router(tags=["goals"])
someday_router = Router(tags=["goals"])

CategoryIn = Literal["travel", "project", "experience", "learn", "other"]


class DreamPromptOut(Schema):
    id: str
    theme: str
    theme_name: str
    text: str
    follow_up: str = Field(description="A curious question the listener can ask.")


class DreamLibraryOut(Schema):
    listener_guide: list[str]
    speaker_guide: list[str]
    suggested: DreamPromptOut | None
    prompts: list[DreamPromptOut]


class DreamNoteOut(Schema):
    id: int
    text: str
    about: str = Field(description="Whose dream: me, partner, or empty if unknown.")
    prompt: DreamPromptOut | None
    mine: bool
    can_edit: bool
    created_at: datetime
    updated_at: datetime


class DreamNotesOut(Schema):
    items: list[DreamNoteOut]
    page: int
    has_next: bool


class DreamNoteIn(In):
    text: str = Field(max_length=someday.MAX_NOTE)
    about: Literal["me", "partner"] = "me"
    prompt_id: str | None = Field(None, max_length=40)


class DreamNotePatch(In):
    text: str = Field(max_length=someday.MAX_NOTE)


class DreamQuery(Schema):
    theme: str = ""
    after: str = Field("", max_length=40)


class GoalPageQuery(Schema):
    page: int = Field(1, ge=1, le=10000)


class SomedayOut(Schema):
    id: int
    title: str
    category: str
    note: str
    position: int
    done_on: date | None
    archived: bool
    mine: bool
    only_me: bool = Field(description="Added before you shared a space: only you see it.")
    created_at: datetime


class SomedayListOut(Schema):
    open: list[SomedayOut]
    done: list[SomedayOut]
    archived: list[SomedayOut]


class SomedayIn(In):
    title: str = Field(max_length=someday.MAX_TITLE)
    category: CategoryIn = "experience"
    note: str = Field("", max_length=someday.MAX_SOMEDAY_NOTE)


class SomedayPatch(In):
    title: str | None = Field(None, max_length=someday.MAX_TITLE)
    category: CategoryIn | None = None
    note: str | None = Field(None, max_length=someday.MAX_SOMEDAY_NOTE)
    done: bool | None = None
    done_on: date | None = Field(None, description="When you did it (default: today).")
    archived: bool | None = None


class MoveIn(In):
    direction: Literal["up", "down"]


class SomedayQuery(Schema):
    archived: bool = False


def prompt_payload(prompt: DreamPrompt | None) -> dict[str, Any] | None:
    if prompt is None:
        return None
    return {
        "id": prompt.id,
        "theme": prompt.theme,
        "theme_name": str(DreamTheme(prompt.theme).label),
        "text": prompt.text,
        "follow_up": prompt.follow_up,
    }


def note_payload(space: Space, note: DreamNote) -> dict[str, Any]:
    about = ""
    if note.dreamer_id is not None:
        about = "me" if note.dreamer_id == space.user.pk else "partner"
    mine = note.created_by_id == space.user.pk
    return {
        "id": note.pk,
        "text": note.text,
        "about": about,
        "prompt": prompt_payload(note.prompt),
        "mine": mine,
        "can_edit": mine,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }


def item_payload(space: Space, item: SomedayItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "category": item.category,
        "note": item.note,
        "position": item.position,
        "done_on": item.done_on,
        "archived": item.archived_at is not None,
        "mine": item.created_by_id == space.user.pk,
        "only_me": item.couple_id is None and space.couple is not None,
        "created_at": item.created_at,
    }


@dreams_router.get("/prompts", response={200: DreamLibraryOut, **errors(400)})
def list_prompts(request: HttpRequest, filters: Query[DreamQuery]) -> dict[str, Any]:
    """The dream-talk prompts, the listener's part, and a suggestion for today."""
    if filters.theme and filters.theme not in DreamTheme.values:
        raise Invalid(
            f"Unknown theme {filters.theme!r}; use one of {', '.join(DreamTheme.values)}."
        )
    space = space_for(current_user(request))
    return {
        "listener_guide": [str(line) for line in guide.LISTENER_GUIDE],
        "speaker_guide": [str(line) for line in guide.SPEAKER_GUIDE],
        "suggested": prompt_payload(
            selectors.dream_prompt_suggested(space=space, after=filters.after)
        ),
        "prompts": [prompt_payload(p) for p in selectors.dream_prompts(theme=filters.theme)],
    }


@dreams_router.get("/notes", response={200: DreamNotesOut, **errors()})
def list_notes(request: HttpRequest, filters: Query[GoalPageQuery]) -> dict[str, Any]:
    """What came up in your dream talks, newest first. Both of you see these."""
    space = space_for(current_user(request))
    page = selectors.dream_notes(space=space, page=filters.page)
    return {
        "items": [note_payload(space, n) for n in page.notes],
        "page": page.page,
        "has_next": page.has_next,
    }


def _note_out(request: HttpRequest, note_id: int) -> dict[str, Any]:
    space = space_for(current_user(request))
    note = selectors.dream_note(space=space, note_id=note_id)
    if note is None:
        raise NotFound("There is no such note in your space.")
    return note_payload(space, note)


@dreams_router.post("/notes", response={201: DreamNoteOut, **errors(400, 409)})
def add_note(request: HttpRequest, payload: DreamNoteIn) -> Status[Any]:
    note = someday.dream_note_add(
        user=current_user(request),
        text=payload.text,
        about=payload.about,
        prompt_id=payload.prompt_id,
    )
    return Status(201, _note_out(request, note.pk))


@dreams_router.get("/notes/{int:dream_note_id}", response={200: DreamNoteOut, **errors(404)})
def read_note(request: HttpRequest, dream_note_id: int) -> dict[str, Any]:
    return _note_out(request, dream_note_id)


@dreams_router.patch(
    "/notes/{int:dream_note_id}", response={200: DreamNoteOut, **errors(400, 403, 404)}
)
def update_note(request: HttpRequest, dream_note_id: int, payload: DreamNotePatch) -> Any:
    someday.dream_note_update(user=current_user(request), note_id=dream_note_id, text=payload.text)
    return _note_out(request, dream_note_id)


@dreams_router.delete("/notes/{int:dream_note_id}", response={204: None, **errors(403, 404)})
def delete_note(request: HttpRequest, dream_note_id: int) -> Status[None]:
    someday.dream_note_delete(user=current_user(request), note_id=dream_note_id)
    return Status(204, None)


@someday_router.get("", response={200: SomedayListOut, **errors()})
def list_someday(request: HttpRequest, filters: Query[SomedayQuery]) -> dict[str, Any]:
    """Your someday list: open items in your order, done ones newest first."""
    space = space_for(current_user(request))
    found = selectors.someday_list(space=space, with_archived=filters.archived)
    return {
        "open": [item_payload(space, i) for i in found.open],
        "done": [item_payload(space, i) for i in found.done],
        "archived": [item_payload(space, i) for i in found.archived],
    }


def _item_out(request: HttpRequest, item_id: int) -> dict[str, Any]:
    space = space_for(current_user(request))
    item = selectors.someday_item(space=space, item_id=item_id)
    if item is None:
        raise NotFound("There is no such item on your list.")
    return item_payload(space, item)


@someday_router.post("", response={201: SomedayOut, **errors(400, 409)})
def add_someday(request: HttpRequest, payload: SomedayIn) -> Status[Any]:
    item = someday.someday_add(
        user=current_user(request),
        title=payload.title,
        category=payload.category,
        note=payload.note,
    )
    return Status(201, _item_out(request, item.pk))


@someday_router.get("/{int:someday_item_id}", response={200: SomedayOut, **errors(404)})
def read_someday(request: HttpRequest, someday_item_id: int) -> dict[str, Any]:
    return _item_out(request, someday_item_id)


@someday_router.patch("/{int:someday_item_id}", response={200: SomedayOut, **errors(400, 404, 409)})
def update_someday(request: HttpRequest, someday_item_id: int, payload: SomedayPatch) -> Any:
    """Edit, mark done (`done`, `done_on`) or archive (`archived`) an item."""
    user = current_user(request)
    item = selectors.someday_item(space=space_for(user), item_id=someday_item_id)
    if item is None:
        raise NotFound("There is no such item on your list.")
    with transaction.atomic():
        _someday_changes(user, item, payload)
    return _item_out(request, someday_item_id)


def _someday_changes(user: Any, item: SomedayItem, payload: SomedayPatch) -> None:
    someday_item_id = item.pk
    sent = payload.model_fields_set
    if sent & {"title", "category", "note"}:
        someday.someday_update(
            user=user,
            item_id=someday_item_id,
            title=payload.title if payload.title is not None else item.title,
            category=payload.category or item.category,
            note=payload.note if payload.note is not None else item.note,
        )
    if payload.done is not None or "done_on" in sent:
        done = payload.done if payload.done is not None else True
        someday.someday_set_done(
            user=user, item_id=someday_item_id, done=done, done_on=payload.done_on
        )
    if payload.archived is not None:
        someday.someday_set_archived(user=user, item_id=someday_item_id, archived=payload.archived)


@someday_router.post(
    "/{int:someday_item_id}/move", response={200: SomedayListOut, **errors(400, 404, 409)}
)
def move_someday(request: HttpRequest, someday_item_id: int, payload: MoveIn) -> Any:
    """Move an open item one place up or down."""
    someday.someday_move(
        user=current_user(request), item_id=someday_item_id, direction=payload.direction
    )
    return list_someday(request, SomedayQuery())


@someday_router.delete("/{int:someday_item_id}", response={204: None, **errors(403, 404)})
def delete_someday(request: HttpRequest, someday_item_id: int) -> Status[None]:
    someday.someday_delete(user=current_user(request), item_id=someday_item_id)
    return Status(204, None)
