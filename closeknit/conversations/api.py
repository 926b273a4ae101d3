"""The communication toolkit as JSON: listening turns, the pause, the phrase library and
the after-a-disagreement guide (which goes through the private safety check)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from closeknit.accounts.models import User
from closeknit.api.base import In, current_user, errors
from closeknit.conversations import selectors, services
from closeknit.conversations.models import ListeningSession, ObserverNote, Side
from closeknit.conversations.models import PhraseGroup as GroupChoices
from closeknit.conversations.selectors import GuideView, SessionView
from closeknit.couples.services import couple_for
from closeknit.lib.errors import Invalid, NotFound
from closeknit.safety.guard import ensure_sensitive_tools_open

router = Router(tags=["communication"])


# Schemas -----------------------------------------------------------------------------


class TalkTurnOut(Schema):
    round: int
    kind: str = Field(description="statement, reflection, clarify or confirmed")
    mine: bool
    name: str
    feeling: str
    when: str
    need: str
    sentence: str = Field(description="The fill-in parts as one sentence.")
    text: str
    at: datetime


class TalkSessionBriefOut(Schema):
    id: int
    mode: str
    round: int
    step: str
    open: bool
    started_at: datetime
    ended_at: datetime | None


class TalkSessionOut(TalkSessionBriefOut):
    version: int = Field(description="Goes up with every move; poll and compare.")
    speaker: str
    listener: str
    i_am_speaking: bool
    your_move: bool = Field(
        description="Apart: whether it's your move. Together: always, while open."
    )
    turns: list[TalkTurnOut]


class TalkStartIn(In):
    mode: str = Field(description="together (one device) or apart (each on their own)")
    first_speaker: str = Field("me", description="me or partner")


class StatementIn(In):
    feeling: str = Field("", max_length=services.MAX_PART)
    when: str = Field("", max_length=services.MAX_PART)
    need: str = Field("", max_length=services.MAX_PART)
    text: str = Field("", max_length=services.MAX_TEXT)


class ReflectionIn(In):
    text: str = Field(max_length=services.MAX_TEXT)


class ConfirmationIn(In):
    heard: bool = Field(description="true: 'yes, that's it'; false: clarify and try again")
    clarification: str = Field("", max_length=services.MAX_TEXT)


class PauseOut(Schema):
    paused: bool
    return_at: datetime | None
    return_at_local: str | None = Field(description="The return time in your own time zone.")
    time_zone: str
    due: bool = Field(description="The return time has come.")
    set_by_me: bool | None


class TalkPauseIn(In):
    choice: str = Field(description="20min, 1h, evening, tomorrow or custom")
    at: datetime | None = Field(
        None, description="For custom; without an offset it is read in your time zone."
    )


class PhraseOut(Schema):
    id: str
    text: str


class PhraseGroupOut(Schema):
    key: str
    label: str
    phrases: list[PhraseOut]


class PhraseQuery(Schema):
    group: str = Field("", max_length=30)


class SideOut(Schema):
    felt: str
    saw: str
    touched: str
    my_part: str
    request: str
    done: bool


class TalkNoteOut(Schema):
    text: str
    shared: bool


class GuideBriefOut(Schema):
    id: int
    label: str
    started_at: datetime
    revealed: bool
    mine_done: bool


class TalkGuideOut(Schema):
    id: int
    label: str
    started_at: datetime
    revealed: bool
    can_write: bool
    partner_done: bool = Field(description="Before the reveal: your partner is done.")
    mine: SideOut | None
    theirs: SideOut | None = Field(description="Your partner's side, once both are done.")
    my_reflection: TalkNoteOut | None
    their_reflection: TalkNoteOut | None = Field(description="Only when they shared it.")


class GuideSavedOut(TalkGuideOut):
    revealed_now: bool


class GuideIn(In):
    label: str = Field("", max_length=services.MAX_LABEL)


class SideIn(In):
    felt: str = Field("", max_length=services.MAX_FIELD)
    saw: str = Field("", max_length=services.MAX_FIELD)
    touched: str = Field("", max_length=services.MAX_FIELD)
    my_part: str = Field("", max_length=services.MAX_FIELD)
    request: str = Field("", max_length=services.MAX_FIELD)
    done: bool = Field(False, description="Ready to show; both show once both are done.")


class ReflectionNoteIn(In):
    text: str = Field(max_length=services.MAX_OBSERVER)
    shared: bool = False


class TalkShareIn(In):
    shared: bool


class TalkOverviewOut(Schema):
    in_couple: bool
    pause: PauseOut
    open_sessions: list[TalkSessionBriefOut]
    disagreement_guide: str = Field(
        description="open, check (take the private safety check first) or off"
    )


# Payloads ----------------------------------------------------------------------------


def _brief(session: ListeningSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "mode": session.mode,
        "round": session.round,
        "step": session.step,
        "open": session.is_open,
        "started_at": session.created_at,
        "ended_at": session.ended_at,
    }


def _session(view: SessionView) -> dict[str, Any]:
    session = view.session
    return {
        **_brief(session),
        "open": view.is_open,
        "version": session.version,
        "speaker": view.speaker.name if view.speaker else "",
        "listener": view.listener.name if view.listener else "",
        "i_am_speaking": session.speaker_id == view.me.pk,
        "your_move": view.my_move,
        "turns": [
            {
                "round": t.turn.round,
                "kind": t.turn.kind,
                "mine": t.by_me,
                "name": t.name,
                "feeling": t.turn.feeling,
                "when": t.turn.situation,
                "need": t.turn.need,
                "sentence": t.sentence,
                "text": t.turn.text,
                "at": t.turn.created_at,
            }
            for r in view.rounds
            for t in r.turns
        ],
    }


def _session_or_404(user: User, session_id: int) -> dict[str, Any]:
    view = selectors.session_view(user=user, session_id=session_id)
    if view is None:
        raise NotFound("There is no such listening session in your space.")
    return _session(view)


def _pause(user: User) -> dict[str, Any]:
    view = selectors.current_pause(user=user, couple=couple_for(user))
    if view is None:
        return {
            "paused": False,
            "return_at": None,
            "return_at_local": None,
            "time_zone": user.timezone,
            "due": False,
            "set_by_me": None,
        }
    local = timezone.localtime(view.return_at, timezone=ZoneInfo(user.timezone or "UTC"))
    return {
        "paused": True,
        "return_at": view.return_at,
        "return_at_local": local.isoformat(timespec="minutes"),
        "time_zone": user.timezone,
        "due": view.due,
        "set_by_me": view.set_by_me,
    }


def _side(side: Side | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {
        "felt": side.felt,
        "saw": side.saw,
        "touched": side.touched,
        "my_part": side.my_part,
        "request": side.request,
        "done": side.is_done,
    }


def _note(note: ObserverNote | None) -> dict[str, Any] | None:
    return None if note is None else {"text": note.text, "shared": note.shared}


def _guide(view: GuideView) -> dict[str, Any]:
    return {
        "id": view.guide.pk,
        "label": view.label,
        "started_at": view.guide.created_at,
        "revealed": view.revealed,
        "can_write": view.can_write,
        "partner_done": view.partner_done,
        "mine": _side(view.mine),
        "theirs": _side(view.theirs),
        "my_reflection": _note(view.my_note),
        "their_reflection": _note(view.their_note),
    }


def _gated_guide(request: HttpRequest, guide_id: int) -> User:
    """An outsider learns nothing (404) before the safety gate is even asked."""
    user = current_user(request)
    if not selectors.visible_guides(user).filter(pk=guide_id).exists():
        raise NotFound("There is no such guide in your space.")
    ensure_sensitive_tools_open(user=user)
    return user


def _guide_or_404(user: User, guide_id: int) -> dict[str, Any]:
    view = selectors.guide_view(user=user, guide_id=guide_id)
    if view is None:
        raise NotFound("There is no such guide in your space.")
    return _guide(view)


# Overview and listening turns --------------------------------------------------------


@router.get("", response={200: TalkOverviewOut, **errors()})
def read_overview(request: HttpRequest) -> dict[str, Any]:
    """The pause, open listening sessions, and whether the guide is open to you."""
    user = current_user(request)
    couple = couple_for(user)
    return {
        "in_couple": couple is not None,
        "pause": _pause(user),
        "open_sessions": [_brief(s) for s in selectors.open_sessions(couple=couple)],
        "disagreement_guide": selectors.sensitive_tools_state(user),
    }


@router.get("/sessions", response={200: list[TalkSessionBriefOut], **errors()})
def list_sessions(request: HttpRequest) -> list[dict[str, Any]]:
    """Your listening sessions, newest first."""
    return [_brief(s) for s in selectors.recent_sessions(user=current_user(request), limit=50)]


@router.post("/sessions", response={201: TalkSessionOut, **errors(400, 409)})
def start_session(request: HttpRequest, payload: TalkStartIn) -> Status[Any]:
    """Start listening turns with your partner, together or apart."""
    user = current_user(request)
    session = services.session_start(
        user=user, mode=payload.mode, first_speaker=payload.first_speaker
    )
    return Status(201, _session_or_404(user, session.pk))


@router.get("/sessions/{session_id}", response={200: TalkSessionOut, **errors(404)})
def read_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    return _session_or_404(current_user(request), session_id)


@router.post(
    "/sessions/{session_id}/statement", response={200: TalkSessionOut, **errors(400, 404, 409)}
)
def post_statement(request: HttpRequest, session_id: int, payload: StatementIn) -> dict[str, Any]:
    """The speaker's turn: 'I feel ... when ... and I need ...', their own words, or both."""
    user = current_user(request)
    services.statement_add(
        user=user,
        session_id=session_id,
        feeling=payload.feeling,
        situation=payload.when,
        need=payload.need,
        text=payload.text,
    )
    return _session_or_404(user, session_id)


@router.post(
    "/sessions/{session_id}/reflection", response={200: TalkSessionOut, **errors(400, 404, 409)}
)
def post_reflection(request: HttpRequest, session_id: int, payload: ReflectionIn) -> dict[str, Any]:
    """The listener's turn: what they heard, in their own words."""
    user = current_user(request)
    services.reflection_add(user=user, session_id=session_id, text=payload.text)
    return _session_or_404(user, session_id)


@router.post(
    "/sessions/{session_id}/confirmation", response={200: TalkSessionOut, **errors(400, 404, 409)}
)
def post_confirmation(
    request: HttpRequest, session_id: int, payload: ConfirmationIn
) -> dict[str, Any]:
    """The speaker: 'yes, that's it' (roles swap) or a clarification (reflect again)."""
    user = current_user(request)
    services.confirmation_add(
        user=user, session_id=session_id, heard=payload.heard, text=payload.clarification
    )
    return _session_or_404(user, session_id)


@router.post("/sessions/{session_id}/end", response={200: TalkSessionOut, **errors(404, 409)})
def end_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """Either of you can stop at any moment."""
    user = current_user(request)
    services.session_end(user=user, session_id=session_id)
    return _session_or_404(user, session_id)


# The pause ---------------------------------------------------------------------------


@router.get("/pause", response={200: PauseOut, **errors()})
def read_pause(request: HttpRequest) -> dict[str, Any]:
    return _pause(current_user(request))


@router.put("/pause", response={200: PauseOut, **errors(400, 409)})
def put_pause(request: HttpRequest, payload: TalkPauseIn) -> dict[str, Any]:
    """Pause for both of you, with a time to come back."""
    user = current_user(request)
    services.pause_set(user=user, choice=payload.choice, at=payload.at)
    return _pause(user)


@router.delete("/pause", response={200: PauseOut, **errors()})
def delete_pause(request: HttpRequest) -> dict[str, Any]:
    """Either of you can clear the pause."""
    user = current_user(request)
    services.pause_clear(user=user)
    return _pause(user)


# Phrases -----------------------------------------------------------------------------


@router.get("/phrases", response={200: list[PhraseGroupOut], **errors(400)})
def list_phrases(request: HttpRequest, filters: Query[PhraseQuery]) -> list[dict[str, Any]]:
    """Gentle start-up and repair phrases, by group."""
    if filters.group and filters.group not in GroupChoices.values:
        raise Invalid(
            f"Unknown group {filters.group!r}; use one of {', '.join(GroupChoices.values)}."
        )
    return [
        {
            "key": g.key,
            "label": g.label,
            "phrases": [{"id": p.id, "text": p.text} for p in g.phrases],
        }
        for g in selectors.phrase_groups(group=filters.group)
    ]


# The after-a-disagreement guide ------------------------------------------------------


@router.get("/guides", response={200: list[GuideBriefOut], **errors(403, 409)})
def list_guides(request: HttpRequest) -> list[dict[str, Any]]:
    user = current_user(request)
    ensure_sensitive_tools_open(user=user)
    return [
        {
            "id": s.guide.pk,
            "label": s.label,
            "started_at": s.guide.created_at,
            "revealed": s.guide.is_revealed,
            "mine_done": s.mine_done,
        }
        for s in selectors.recent_guides(user=user, limit=50)
    ]


@router.post("/guides", response={201: TalkGuideOut, **errors(400, 403, 409)})
def start_guide(request: HttpRequest, payload: GuideIn) -> Status[Any]:
    """Start an after-a-disagreement guide for the two of you."""
    user = current_user(request)
    ensure_sensitive_tools_open(user=user)
    guide = services.guide_start(user=user, label=payload.label)
    return Status(201, _guide_or_404(user, guide.pk))


@router.get("/guides/{guide_id}", response={200: TalkGuideOut, **errors(403, 404, 409)})
def read_guide(request: HttpRequest, guide_id: int) -> dict[str, Any]:
    user = _gated_guide(request, guide_id)
    return _guide_or_404(user, guide_id)


@router.put("/guides/{guide_id}/side", response={200: GuideSavedOut, **errors(400, 403, 404, 409)})
def put_side(request: HttpRequest, guide_id: int, payload: SideIn) -> dict[str, Any]:
    """Write your side privately; with done=true it shows to both once both are done."""
    user = _gated_guide(request, guide_id)
    result = services.side_save(user=user, guide_id=guide_id, **payload.model_dump())
    return {**_guide_or_404(user, guide_id), "revealed_now": result.revealed_now}


@router.put(
    "/guides/{guide_id}/reflection", response={200: TalkGuideOut, **errors(400, 403, 404, 409)}
)
def put_reflection(
    request: HttpRequest, guide_id: int, payload: ReflectionNoteIn
) -> dict[str, Any]:
    """The disagreement as a caring onlooker would tell it. Private unless shared."""
    user = _gated_guide(request, guide_id)
    services.observer_save(user=user, guide_id=guide_id, text=payload.text, shared=payload.shared)
    return _guide_or_404(user, guide_id)


@router.put(
    "/guides/{guide_id}/reflection/shared", response={200: TalkGuideOut, **errors(403, 404, 409)}
)
def put_reflection_shared(
    request: HttpRequest, guide_id: int, payload: TalkShareIn
) -> dict[str, Any]:
    user = _gated_guide(request, guide_id)
    services.observer_share(user=user, guide_id=guide_id, shared=payload.shared)
    return _guide_or_404(user, guide_id)
