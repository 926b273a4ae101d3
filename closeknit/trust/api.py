"""The trust toolkit over JSON. Closeness sessions and the repair guide pass the safety
gate; an id that isn't the caller's is simply not found (404) before anything else."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.api.base import In, current_user, errors
from closeknit.lib.errors import NotFound
from closeknit.safety.guard import ensure_sensitive_tools_open
from closeknit.trust import guide, selectors, services
from closeknit.trust.models import ClosenessSession, JournalEntry, Turn
from closeknit.trust.questions import TOTAL, Question

router = Router(tags=["trust"])

SENSITIVE = (403, 409)


class TrustOverviewOut(Schema):
    name: str
    purpose: str
    why_this_helps: list[str]
    sessions: str
    journal: str


class TrustQuestionOut(Schema):
    key: str
    set_number: int
    number_in_set: int
    text: str


class TrustTurnOut(Schema):
    text: str = Field(description="Empty when answered out loud or passed.")
    passed: bool = Field(description='"Not ready for this one".')
    at: datetime


class ExchangeOut(Schema):
    position: int
    question: TrustQuestionOut
    mine: TrustTurnOut | None
    theirs: TrustTurnOut | None = Field(description="Null if no longer shared.")


class TrustSessionBriefOut(Schema):
    id: int
    mode: Literal["together", "apart"]
    status: Literal["active", "paused", "finished"]
    position: int = Field(description="Questions both have answered so far (0-36).")
    started_at: datetime
    finished_at: datetime | None


class TrustSessionOut(TrustSessionBriefOut):
    question: TrustQuestionOut | None = Field(description="The open question.")
    turn: Literal["mine", "partner"] | None = Field(description="Whose turn it is.")
    can_act: bool
    my_current: TrustTurnOut | None = Field(description="Your answer to the open question.")
    partner_name: str | None
    done: list[ExchangeOut]


class TrustStartIn(In):
    mode: Literal["together", "apart"]


class TurnIn(In):
    position: int = Field(ge=0, le=TOTAL - 1, description="The open question's position.")
    text: str = Field("", max_length=services.MAX_ANSWER)
    skip: bool = Field(False, description='"Not ready for this one".')


class TrustPauseIn(In):
    paused: bool


class EntryOut(Schema):
    id: int
    text: str
    mine: bool
    author: str
    written_at: datetime
    updated_at: datetime
    shared: bool
    shared_at: datetime | None


class JournalOut(Schema):
    mine: list[EntryOut]
    shared_with_me: list[EntryOut]
    page: int
    has_next: bool


class EntryIn(In):
    text: str = Field(max_length=services.MAX_ENTRY)


class TrustShareIn(In):
    shared: bool


class JournalReactionOut(Schema):
    kind: str
    symbol: str
    label: str
    mine: bool
    author: str


class JournalReplyOut(Schema):
    id: int
    text: str
    mine: bool
    author: str
    at: datetime


class JournalThreadOut(Schema):
    entry_id: int
    reactions: list[JournalReactionOut]
    replies: list[JournalReplyOut] = Field(description="Oldest first.")
    can_reply: bool = Field(description="Shared with your current partner.")
    can_react: bool = Field(description="...and written by your partner.")
    my_reaction: str | None


class JournalReactionIn(In):
    kind: str | None = Field(
        max_length=20,
        description="hug, heart, thanks, here or understand; null takes it back",
    )


class JournalReplyIn(In):
    text: str = Field(max_length=services.MAX_REPLY)


class TrustPageQuery(Schema):
    page: int = Field(1, ge=1, le=10000)


class TrustStepOut(Schema):
    title: str
    body: str


class SafetyOut(Schema):
    text: str
    url: str


class RepairOut(Schema):
    intro: str
    steps: list[TrustStepOut]
    not_for: str
    professional_help: str
    safety: SafetyOut


def _question(q: Question) -> dict[str, Any]:
    return {
        "key": q.key,
        "set_number": q.set_number,
        "number_in_set": q.number_in_set,
        "text": str(q.text),
    }


def _turn(turn: Turn | None) -> dict[str, Any] | None:
    if turn is None:
        return None
    return {"text": turn.text, "passed": turn.skipped, "at": turn.created_at}


def _brief(session: ClosenessSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "mode": session.mode,
        "status": session.status,
        "position": session.position,
        "started_at": session.started_at,
        "finished_at": session.finished_at,
    }


def _session_payload(user: User, session_id: int) -> dict[str, Any]:
    view = selectors.session_view(user=user, session_id=session_id)
    if view is None:
        raise NotFound("There is no such session in your space.")
    turn = None
    if view.question is not None and view.holder is not None:
        turn = "mine" if view.holder.pk == user.pk else "partner"
    return {
        **_brief(view.session),
        "question": _question(view.question) if view.question else None,
        "turn": turn,
        "can_act": view.can_act,
        "my_current": _turn(view.my_current),
        "partner_name": view.partner.name if view.partner else None,
        "done": [
            {
                "position": e.position,
                "question": _question(e.question),
                "mine": _turn(e.mine),
                "theirs": _turn(e.theirs),
            }
            for e in view.done
        ],
    }


def _gate_session(request: HttpRequest, session_id: int) -> User:
    """Not found for anyone outside the session's couple; then the safety gate."""
    user = current_user(request)
    if not selectors.sessions_visible(user).filter(pk=session_id).exists():
        raise NotFound("There is no such session in your space.")
    ensure_sensitive_tools_open(user=user)
    return user


def _entry(entry: JournalEntry, user: User) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "text": entry.text,
        "mine": entry.user_id == user.pk,
        "author": entry.user.name,
        "written_at": entry.created_at,
        "updated_at": entry.updated_at,
        "shared": entry.shared_with_id is not None,
        "shared_at": entry.shared_at,
    }


def _thread_payload(user: User, entry_id: int) -> dict[str, Any]:
    entry = selectors.journal_entry(user=user, entry_id=entry_id)
    if entry is None:
        raise NotFound("There is no such journal entry.")
    thread = selectors.journal_thread(user=user, entry=entry)
    return {
        "entry_id": entry.pk,
        "reactions": [
            {
                "kind": r.kind,
                "symbol": r.symbol,
                "label": r.label,
                "mine": r.user_id == user.pk,
                "author": r.user.name,
            }
            for r in thread.reactions
        ],
        "replies": [
            {
                "id": r.pk,
                "text": r.text,
                "mine": r.user_id == user.pk,
                "author": r.user.name,
                "at": r.created_at,
            }
            for r in thread.replies
        ],
        "can_reply": thread.can_reply,
        "can_react": thread.can_react,
        "my_reaction": thread.my_reaction,
    }


def _entry_payload(user: User, entry_id: int) -> dict[str, Any]:
    entry = selectors.journal_entry(user=user, entry_id=entry_id)
    if entry is None:
        raise NotFound("There is no such journal entry.")
    return _entry(entry, user)


@router.get("", response={200: TrustOverviewOut, **errors()})
def read_overview(request: HttpRequest) -> dict[str, Any]:
    practice = practices.get(services.PRACTICE)
    return {
        "name": str(practice.name),
        "purpose": str(practice.purpose),
        "why_this_helps": [str(p) for p in guide.WHY_THIS_HELPS],
        "sessions": str(guide.SESSION_ABOUT),
        "journal": str(guide.JOURNAL_ABOUT),
    }


# Closeness sessions


@router.get("/sessions", response={200: list[TrustSessionBriefOut], **errors(*SENSITIVE)})
def list_sessions(request: HttpRequest) -> list[dict[str, Any]]:
    user = current_user(request)
    ensure_sensitive_tools_open(user=user)
    return [_brief(s) for s in selectors.session_list(user=user)]


@router.post("/sessions", response={201: TrustSessionOut, **errors(400, *SENSITIVE)})
def start_session(request: HttpRequest, payload: TrustStartIn) -> Status[Any]:
    """Start the 36 questions, together on one device or apart. One open at a time."""
    user = current_user(request)
    ensure_sensitive_tools_open(user=user)
    session = services.session_start(user=user, mode=payload.mode)
    return Status(201, _session_payload(user, session.pk))


@router.get("/sessions/{session_id}", response={200: TrustSessionOut, **errors(404, *SENSITIVE)})
def read_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """Where the session stands: the open question, whose turn, and what both shared."""
    user = _gate_session(request, session_id)
    return _session_payload(user, session_id)


@router.post(
    "/sessions/{session_id}/turns", response={200: TrustSessionOut, **errors(400, 404, *SENSITIVE)}
)
def take_turn(request: HttpRequest, session_id: int, payload: TurnIn) -> dict[str, Any]:
    """Answer the open question, or pass with skip. Out of turn: 409 not_your_turn."""
    user = _gate_session(request, session_id)
    services.session_turn(
        user=user,
        session_id=session_id,
        position=payload.position,
        text=payload.text,
        skip=payload.skip,
    )
    return _session_payload(user, session_id)


@router.put(
    "/sessions/{session_id}/paused", response={200: TrustSessionOut, **errors(404, *SENSITIVE)}
)
def pause_session(request: HttpRequest, session_id: int, payload: TrustPauseIn) -> dict[str, Any]:
    user = _gate_session(request, session_id)
    services.session_pause(user=user, session_id=session_id, paused=payload.paused)
    return _session_payload(user, session_id)


@router.post(
    "/sessions/{session_id}/end", response={200: TrustSessionOut, **errors(404, *SENSITIVE)}
)
def end_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """Stop here; what you shared stays."""
    user = _gate_session(request, session_id)
    services.session_end(user=user, session_id=session_id)
    return _session_payload(user, session_id)


# The journal


@router.get("/journal", response={200: JournalOut, **errors()})
def list_journal(request: HttpRequest, query: Query[TrustPageQuery]) -> dict[str, Any]:
    """Your entries, and entries your partner shared with you, newest first."""
    user = current_user(request)
    page = selectors.journal_page(user=user, page=query.page)
    return {
        "mine": [_entry(e, user) for e in page.mine],
        "shared_with_me": [_entry(e, user) for e in page.shared_with_me],
        "page": page.page,
        "has_next": page.has_next,
    }


@router.post("/journal", response={201: EntryOut, **errors(400)})
def create_entry(request: HttpRequest, payload: EntryIn) -> Status[Any]:
    """A private entry. Share it later with PUT .../share."""
    user = current_user(request)
    entry = services.entry_create(user=user, text=payload.text)
    return Status(201, _entry_payload(user, entry.pk))


@router.get("/journal/{entry_id}", response={200: EntryOut, **errors(404)})
def read_entry(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    return _entry_payload(current_user(request), entry_id)


@router.patch("/journal/{entry_id}", response={200: EntryOut, **errors(400, 404)})
def update_entry(request: HttpRequest, entry_id: int, payload: EntryIn) -> dict[str, Any]:
    user = current_user(request)
    services.entry_update(user=user, entry_id=entry_id, text=payload.text)
    return _entry_payload(user, entry_id)


@router.delete("/journal/{entry_id}", response={204: None, **errors(404)})
def delete_entry(request: HttpRequest, entry_id: int) -> Status[Any]:
    services.entry_delete(user=current_user(request), entry_id=entry_id)
    return Status(204, None)


@router.put("/journal/{entry_id}/share", response={200: EntryOut, **errors(404, 409)})
def share_entry(request: HttpRequest, entry_id: int, payload: TrustShareIn) -> dict[str, Any]:
    """Share with your partner, or stop sharing (they then get 404 for it)."""
    user = current_user(request)
    services.entry_share(user=user, entry_id=entry_id, shared=payload.shared)
    return _entry_payload(user, entry_id)


@router.get("/journal/{entry_id}/thread", response={200: JournalThreadOut, **errors(404)})
def read_thread(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    """Reactions and replies under a shared entry. They show only while it is shared."""
    return _thread_payload(current_user(request), entry_id)


@router.put(
    "/journal/{entry_id}/reaction", response={200: JournalThreadOut, **errors(400, 403, 404)}
)
def put_reaction(request: HttpRequest, entry_id: int, payload: JournalReactionIn) -> dict[str, Any]:
    """React to an entry your partner shared with you; your partner is told (not what)."""
    user = current_user(request)
    services.entry_reaction_set(user=user, entry_id=entry_id, kind=payload.kind)
    return _thread_payload(user, entry_id)


@router.post(
    "/journal/{entry_id}/replies", response={201: JournalThreadOut, **errors(400, 404, 409)}
)
def post_reply(request: HttpRequest, entry_id: int, payload: JournalReplyIn) -> Status[Any]:
    """A short reply under a shared entry (500 characters at most)."""
    user = current_user(request)
    services.entry_reply_add(user=user, entry_id=entry_id, text=payload.text)
    return Status(201, _thread_payload(user, entry_id))


# Repairing trust


@router.get("/repair", response={200: RepairOut, **errors(*SENSITIVE)})
def read_repair(request: HttpRequest) -> dict[str, Any]:
    ensure_sensitive_tools_open(user=current_user(request))
    return {
        "intro": str(guide.REPAIR_INTRO),
        "steps": [{"title": str(s.title), "body": str(s.body)} for s in guide.REPAIR_STEPS],
        "not_for": str(guide.REPAIR_NOT_FOR),
        "professional_help": str(guide.PROFESSIONAL_HELP),
        "safety": {"text": str(guide.SAFETY_HELP), "url": guide.SAFETY_URL},
    }
