"""Kindness and appreciation as JSON: notes and the answers to them, the private
noticed-it log, what makes each of you feel cared for, and kindness ideas keyed to it."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.appreciation import selectors, services
from closeknit.appreciation.models import (
    LEVELS,
    QUALITIES,
    REACTIONS,
    CareKind,
    CarePreference,
    Effort,
    KindnessIdea,
    Note,
    NoticedEntry,
)
from closeknit.appreciation.text import STARTER
from closeknit.lib.errors import Invalid, NotFound

router = Router(tags=["appreciation"])


class AppreciationChoice(Schema):
    key: str
    label: str


class LevelOut(Schema):
    value: int
    label: str


class AppreciationGuideOut(Schema):
    qualities: list[AppreciationChoice]
    starter: str = Field(description="A sentence starter; {quality} is replaced by a quality.")
    kinds: list[AppreciationChoice]
    levels: list[LevelOut]


class ReceiptOut(Schema):
    """Only ever filled in for the recipient. Senders get no read receipts."""

    new: bool = Field(description="You have not opened this note yet.")
    kept: bool = Field(description="In your keepsakes.")


class AppreciationNoteOut(Schema):
    id: int
    from_me: bool
    partner_name: str = Field(description="The other person: the recipient or the author.")
    quality: str
    quality_label: str
    text: str
    from_noticed: bool
    created_at: datetime
    received: ReceiptOut | None = Field(
        description="Your own marks on a note you received; null on notes you sent."
    )


class NotePageOut(Schema):
    items: list[AppreciationNoteOut]
    page: int
    has_next: bool


class AppreciationOverviewOut(Schema):
    partner_name: str | None
    new_notes: list[AppreciationNoteOut]
    my_care_preferences_set: bool
    partner_care_preferences_set: bool


class AppreciationNoteIn(In):
    text: str = Field(max_length=services.MAX_NOTE)
    quality: str = Field("", max_length=20, description="One of the guide's quality keys.")


class ReadIn(In):
    read: bool


class KeepIn(In):
    kept: bool


class NotesQuery(Schema):
    box: Literal["received", "kept", "sent"] = "received"
    page: int = Field(1, ge=1, le=10000)


class NoteReactionOut(Schema):
    kind: str
    symbol: str
    label: str


class NoteReplyOut(Schema):
    id: int
    from_me: bool
    text: str
    created_at: datetime


class NoteAnswersOut(Schema):
    """The recipient's answer to a note: a reaction and a few words, seen by both."""

    note_id: int
    can_answer: bool = Field(description="You received this note in the space you are in now.")
    reaction: NoteReactionOut | None
    replies: list[NoteReplyOut]
    reaction_kinds: list[AppreciationChoice]


class NoteReactionIn(In):
    kind: str | None = Field(
        description="One of reaction_kinds' keys, or null to take your reaction back.",
        max_length=10,
    )


class NoteReplyIn(In):
    text: str = Field(max_length=services.MAX_NOTE_REPLY)


class NoticedOut(Schema):
    id: int
    text: str
    created_at: datetime
    shared: bool


class NoticedPageOut(Schema):
    """Your own entries, a page at a time. There is deliberately no total."""

    items: list[NoticedOut]
    page: int
    has_next: bool


class NoticedIn(In):
    text: str = Field(max_length=services.MAX_NOTICED)


class AppreciationPageQuery(Schema):
    page: int = Field(1, ge=1, le=10000)


class CareOut(Schema):
    words: int
    time: int
    help: int
    gifts: int
    touch: int
    in_my_words: str
    updated_at: datetime


class CareViewOut(Schema):
    mine: CareOut | None
    partner_name: str | None
    partner: CareOut | None


class CareIn(In):
    words: int = Field(ge=0, le=3)
    time: int = Field(ge=0, le=3)
    help: int = Field(ge=0, le=3)
    gifts: int = Field(ge=0, le=3)
    touch: int = Field(ge=0, le=3)
    in_my_words: str = Field("", max_length=services.MAX_CARE_WORDS)


class AppreciationIdeaOut(Schema):
    id: str
    kind: str
    kind_label: str
    text: str
    effort: str
    effort_label: str


class SuggestionsOut(Schema):
    based_on: Literal["partner", "own", "mix"] = Field(
        description="partner: from what your partner said; own: from your answers; mix: nobody "
        "has said yet."
    )
    kinds: list[str]
    ideas: list[AppreciationIdeaOut]


class IdeasQuery(Schema):
    kind: str = Field("", max_length=10)
    shuffle: int = Field(0, ge=0, le=1000)


def note_payload(note: Note, *, user_id: int) -> dict[str, Any]:
    from_me = note.author_id == user_id
    other = note.recipient if from_me else note.author
    return {
        "id": note.pk,
        "from_me": from_me,
        "partner_name": other.name if other else "",
        "quality": note.quality,
        "quality_label": note.quality_label,
        "text": note.text,
        "from_noticed": note.from_noticed,
        "created_at": note.created_at,
        "received": None if from_me else {"new": note.read_at is None, "kept": note.kept},
    }


def _noticed(entry: NoticedEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "text": entry.text,
        "created_at": entry.created_at,
        "shared": entry.shared_as_id is not None,
    }


def _care(preference: CarePreference | None) -> dict[str, Any] | None:
    if preference is None:
        return None
    return {
        **preference.levels(),
        "in_my_words": preference.in_my_words,
        "updated_at": preference.updated_at,
    }


def _idea(idea: KindnessIdea) -> dict[str, Any]:
    return {
        "id": idea.id,
        "kind": idea.kind,
        "kind_label": str(CareKind(idea.kind).label),
        "text": idea.text,
        "effort": idea.effort,
        "effort_label": str(Effort(idea.effort).label),
    }


def _note_or_404(request: HttpRequest, note_id: int) -> dict[str, Any]:
    user = current_user(request)
    note = selectors.note_for(user=user, note_id=note_id)
    if note is None:
        raise NotFound("There is no such note.")
    return note_payload(note, user_id=user.pk)


@router.get("", response={200: AppreciationOverviewOut, **errors()})
def read_overview(request: HttpRequest) -> dict[str, Any]:
    """What's new for you: notes you haven't opened yet, and whether preferences are set."""
    user = current_user(request)
    care = selectors.care_view(user=user)
    return {
        "partner_name": care.partner.name if care.partner else None,
        "new_notes": [note_payload(n, user_id=user.pk) for n in selectors.new_notes(user=user)],
        "my_care_preferences_set": care.mine is not None,
        "partner_care_preferences_set": care.theirs is not None,
    }


@router.get("/guide", response={200: AppreciationGuideOut, **errors()})
def read_guide(request: HttpRequest) -> dict[str, Any]:
    """The qualities and sentence starter for notes, and the kinds and levels of care."""
    return {
        "qualities": [{"key": k, "label": str(v)} for k, v in QUALITIES.items()],
        "starter": str(STARTER),
        "kinds": [{"key": k.value, "label": str(k.label)} for k in CareKind],
        "levels": [{"value": v, "label": str(label)} for v, label in LEVELS.items()],
    }


@router.get("/notes", response={200: NotePageOut, **errors()})
def list_notes(request: HttpRequest, filters: Query[NotesQuery]) -> dict[str, Any]:
    """Notes you received (box=received), your keepsakes (kept), or those you sent."""
    user = current_user(request)
    page = selectors.notes_page(user=user, box=filters.box, page=filters.page)
    return {
        "items": [note_payload(n, user_id=user.pk) for n in page.items],
        "page": page.page,
        "has_next": page.has_next,
    }


@router.post("/notes", response={201: AppreciationNoteOut, **errors(400, 409)})
def send_note(request: HttpRequest, payload: AppreciationNoteIn) -> Status[Any]:
    """Send your partner a note. Name the quality you saw, not only the favour."""
    user = current_user(request)
    note = services.note_send(user=user, text=payload.text, quality=payload.quality)
    return Status(201, note_payload(note, user_id=user.pk))


@router.get("/notes/{appreciation_note_id}", response={200: AppreciationNoteOut, **errors(404)})
def read_note(request: HttpRequest, appreciation_note_id: int) -> dict[str, Any]:
    return _note_or_404(request, appreciation_note_id)


@router.put(
    "/notes/{appreciation_note_id}/read", response={200: AppreciationNoteOut, **errors(404)}
)
def put_read(request: HttpRequest, appreciation_note_id: int, payload: ReadIn) -> dict[str, Any]:
    """Mark a note you received as opened (or new again). Only you ever see this."""
    services.note_mark_read(
        user=current_user(request), note_id=appreciation_note_id, read=payload.read
    )
    return _note_or_404(request, appreciation_note_id)


@router.put(
    "/notes/{appreciation_note_id}/keep", response={200: AppreciationNoteOut, **errors(404)}
)
def put_keep(request: HttpRequest, appreciation_note_id: int, payload: KeepIn) -> dict[str, Any]:
    """Add a note you received to your keepsakes, or take it out."""
    services.note_keep(user=current_user(request), note_id=appreciation_note_id, kept=payload.kept)
    return _note_or_404(request, appreciation_note_id)


def _answers(request: HttpRequest, note_id: int) -> dict[str, Any]:
    user = current_user(request)
    note = selectors.note_for(user=user, note_id=note_id)
    if note is None:
        raise NotFound("There is no such note.")
    found = selectors.responses_for(user=user, note=note)
    reaction = found.reaction
    return {
        "note_id": note.pk,
        "can_answer": selectors.can_answer(user=user, note=note),
        "reaction": (
            {"kind": reaction.kind, "symbol": reaction.symbol, "label": reaction.label}
            if reaction
            else None
        ),
        "replies": [
            {
                "id": r.pk,
                "from_me": r.user_id == user.pk,
                "text": r.text,
                "created_at": r.created_at,
            }
            for r in found.replies
        ],
        "reaction_kinds": [{"key": k, "label": str(v[1])} for k, v in REACTIONS.items()],
    }


@router.get("/notes/{appreciation_note_id}/answers", response={200: NoteAnswersOut, **errors(404)})
def read_answers(request: HttpRequest, appreciation_note_id: int) -> dict[str, Any]:
    """What the recipient answered to a note: for the recipient and for the author."""
    return _answers(request, appreciation_note_id)


@router.put(
    "/notes/{appreciation_note_id}/reaction",
    response={200: NoteAnswersOut, **errors(404, 409)},
)
def put_reaction(
    request: HttpRequest, appreciation_note_id: int, payload: NoteReactionIn
) -> dict[str, Any]:
    """React to a note you received in one tap (null takes it back). Its author sees it."""
    services.note_react(user=current_user(request), note_id=appreciation_note_id, kind=payload.kind)
    return _answers(request, appreciation_note_id)


@router.post(
    "/notes/{appreciation_note_id}/replies",
    response={201: NoteAnswersOut, **errors(404, 409)},
)
def add_reply(request: HttpRequest, appreciation_note_id: int, payload: NoteReplyIn) -> Status[Any]:
    """A few words back to the author of a note you received."""
    services.note_reply(user=current_user(request), note_id=appreciation_note_id, text=payload.text)
    return Status(201, _answers(request, appreciation_note_id))


@router.get("/noticed", response={200: NoticedPageOut, **errors()})
def list_noticed(request: HttpRequest, filters: Query[AppreciationPageQuery]) -> dict[str, Any]:
    """Your private noticed-it log, newest first. Only you can read it."""
    page = selectors.noticed_page(user=current_user(request), page=filters.page)
    return {
        "items": [_noticed(e) for e in page.items],
        "page": page.page,
        "has_next": page.has_next,
    }


@router.post("/noticed", response={201: NoticedOut, **errors(400)})
def add_noticed(request: HttpRequest, payload: NoticedIn) -> Status[Any]:
    entry = services.noticed_add(user=current_user(request), text=payload.text)
    return Status(201, _noticed(entry))


def _own_noticed(request: HttpRequest, noticed_id: int) -> NoticedEntry:
    entry = NoticedEntry.objects.filter(pk=noticed_id, user=current_user(request)).first()
    if entry is None:
        raise NotFound("There is no such entry in your log.")
    return entry


@router.get("/noticed/{noticed_id}", response={200: NoticedOut, **errors(404)})
def read_noticed(request: HttpRequest, noticed_id: int) -> dict[str, Any]:
    return _noticed(_own_noticed(request, noticed_id))


@router.post("/noticed/{noticed_id}/share", response={200: NoticedOut, **errors(404, 409)})
def share_noticed(request: HttpRequest, noticed_id: int) -> dict[str, Any]:
    """Show this one entry to your partner; it arrives as a note. The rest stay private."""
    entry = services.noticed_share(user=current_user(request), entry_id=noticed_id)
    return _noticed(entry)


@router.delete("/noticed/{noticed_id}", response={204: None, **errors(404)})
def delete_noticed(request: HttpRequest, noticed_id: int) -> Status[Any]:
    services.noticed_delete(user=current_user(request), entry_id=noticed_id)
    return Status(204, None)


@router.get("/care", response={200: CareViewOut, **errors()})
def read_care(request: HttpRequest) -> dict[str, Any]:
    """What makes you, and your partner, feel cared for."""
    view = selectors.care_view(user=current_user(request))
    return {
        "mine": _care(view.mine),
        "partner_name": view.partner.name if view.partner else None,
        "partner": _care(view.theirs),
    }


@router.put("/care", response={200: CareViewOut, **errors(400)})
def put_care(request: HttpRequest, payload: CareIn) -> dict[str, Any]:
    """Say how much each kind of care means to you (0 to 3). Your partner can read it."""
    services.care_save(
        user=current_user(request),
        levels={k.value: getattr(payload, k.value) for k in CareKind},
        in_my_words=payload.in_my_words,
    )
    return read_care(request)


@router.get("/ideas", response={200: SuggestionsOut, **errors(400)})
def list_ideas(request: HttpRequest, filters: Query[IdeasQuery]) -> dict[str, Any]:
    """Kindness ideas for you to try, keyed to what your partner said makes them feel cared
    for (alone: to your own answers). Pass shuffle=1, 2, ... for another set."""
    if filters.kind and filters.kind not in CareKind.values:
        raise Invalid(f"Unknown kind {filters.kind!r}; use one of {', '.join(CareKind.values)}.")
    found = selectors.suggestions(
        user=current_user(request), kind=filters.kind, shuffle=filters.shuffle
    )
    return {
        "based_on": found.based_on,
        "kinds": found.kinds,
        "ideas": [_idea(i) for i in found.ideas],
    }
