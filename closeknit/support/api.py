"""Emotional support as JSON: private check-ins, support preferences, the support signal,
and good news with replies."""

from datetime import datetime, time
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.lib.errors import NotFound
from closeknit.support import guidance, selectors, services
from closeknit.support.models import (
    GOOD_NEWS_REACTIONS,
    MOODS,
    STRESS,
    AnswerKind,
    MoodEntry,
    SignalAnswer,
    SupportPreference,
    Way,
)
from closeknit.support.selectors import GoodNewsView, SignalView

router = Router(tags=["support"])

WayKey = Literal["listening", "solving", "space", "comfort", "distraction"]
AnswerKey = Literal["on_my_way", "call", "thinking", "note"]


class SupportChoice(Schema):
    key: str
    label: str


class Point(Schema):
    value: int
    label: str


class SupportGuideOut(Schema):
    moods: list[Point]
    stress: list[Point]
    ways: list[SupportChoice]
    answers: list[SupportChoice]
    good_news_help: list[str]
    good_news_avoid: str
    good_news_examples: list[str]
    good_news_reactions: list[SupportChoice]


class MoodOut(Schema):
    id: int
    mood: int
    mood_label: str
    stress: int
    stress_label: str
    note: str
    created_at: datetime
    shared: bool


class SharedMoodOut(Schema):
    id: int
    name: str = Field(description="Who shared it with you.")
    mood: int
    mood_label: str
    stress: int
    stress_label: str
    note: str
    created_at: datetime


class MoodIn(In):
    mood: int = Field(ge=1, le=5, description="1 really low ... 5 great")
    stress: int = Field(ge=1, le=5, description="1 calm ... 5 overwhelmed")
    note: str = Field("", max_length=services.MAX_MOOD_NOTE)


class SupportShareIn(In):
    shared: bool


class SupportPreferenceOut(Schema):
    ways: list[str]
    way_labels: list[str]
    in_my_words: str
    updated_at: datetime


class SupportPreferencesOut(Schema):
    mine: SupportPreferenceOut | None
    partner_name: str | None
    partner: SupportPreferenceOut | None


class SupportPreferenceIn(In):
    ways: list[WayKey] = Field(default_factory=list, max_length=5)
    in_my_words: str = Field("", max_length=services.MAX_WORDS)


class SupportAnswerOut(Schema):
    from_me: bool
    kind: str
    call_at: time | None
    text: str = Field(description="How the answer reads, e.g. 'On my way.'")
    created_at: datetime


class SignalOut(Schema):
    id: int
    from_me: bool
    note: str
    created_at: datetime
    withdrawn: bool
    is_open: bool
    can_answer: bool
    answers: list[SupportAnswerOut]
    sender_preferences: SupportPreferenceOut | None = Field(
        description="For your partner's signal: how they like to be supported."
    )
    suggestions: list[str] = Field(description="Ways to respond, keyed to those preferences.")


class SignalPageOut(Schema):
    items: list[SignalOut]
    page: int
    has_next: bool


class SignalIn(In):
    note: str = Field("", max_length=services.MAX_SIGNAL_NOTE)


class SupportAnswerIn(In):
    kind: AnswerKey
    call_at: time | None = Field(None, description="With kind=call: when you'll call.")
    text: str = Field("", max_length=services.MAX_ANSWER)


class SupportReplyOut(Schema):
    from_me: bool
    text: str
    created_at: datetime


class GoodNewsReactionOut(Schema):
    from_me: bool
    kind: str
    symbol: str
    label: str


class GoodNewsOut(Schema):
    id: int
    from_me: bool
    author_name: str
    text: str
    created_at: datetime
    can_reply: bool
    replies: list[SupportReplyOut]
    can_react: bool = Field(description="It's your partner's, in the space you are in now.")
    reaction: GoodNewsReactionOut | None = Field(description="The partner's one-tap answer.")


class GoodNewsReactionIn(In):
    kind: str | None = Field(
        max_length=10,
        description="One of the guide's good_news_reactions keys, or null to take it back.",
    )


class GoodNewsPageOut(Schema):
    items: list[GoodNewsOut]
    page: int
    has_next: bool


class GoodNewsIn(In):
    text: str = Field(max_length=services.MAX_GOOD_NEWS)


class SupportReplyIn(In):
    text: str = Field(max_length=services.MAX_REPLY)


class SupportOverviewOut(Schema):
    partner_name: str | None
    partner_signals: list[SignalOut] = Field(description="Your partner's recent signals.")
    my_signal: SignalOut | None = Field(description="Your own recent signal, with answers.")
    good_news: list[GoodNewsOut] = Field(description="This week's good news between you.")


class SupportPageQuery(Schema):
    page: int = Field(1, ge=1, le=10000)


def _mood(entry: MoodEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "mood": entry.mood,
        "mood_label": entry.mood_label,
        "stress": entry.stress,
        "stress_label": entry.stress_label,
        "note": entry.note,
        "created_at": entry.created_at,
        "shared": entry.shared_with_id is not None,
    }


def _preference(preference: SupportPreference | None) -> dict[str, Any] | None:
    if preference is None:
        return None
    return {
        "ways": preference.ways,
        "way_labels": preference.way_labels(),
        "in_my_words": preference.in_my_words,
        "updated_at": preference.updated_at,
    }


def _answer(answer: SignalAnswer, *, user_id: int) -> dict[str, Any]:
    return {
        "from_me": answer.user_id == user_id,
        "kind": answer.kind,
        "call_at": answer.call_at,
        "text": guidance.answer_text(kind=answer.kind, call_at=answer.call_at, text=answer.text),
        "created_at": answer.created_at,
    }


def signal_payload(view: SignalView, *, user_id: int) -> dict[str, Any]:
    return {
        "id": view.signal.pk,
        "from_me": view.from_me,
        "note": view.signal.note,
        "created_at": view.signal.created_at,
        "withdrawn": view.withdrawn,
        "is_open": view.is_open,
        "can_answer": view.can_answer,
        "answers": [_answer(a, user_id=user_id) for a in view.answers],
        "sender_preferences": _preference(view.preference),
        "suggestions": view.suggestions,
    }


def news_payload(view: GoodNewsView, *, user_id: int) -> dict[str, Any]:
    return {
        "id": view.news.pk,
        "from_me": view.from_me,
        "author_name": view.news.author.name,
        "text": view.news.text,
        "created_at": view.news.created_at,
        "can_reply": view.in_current_couple,
        "replies": [
            {"from_me": r.user_id == user_id, "text": r.text, "created_at": r.created_at}
            for r in view.replies
        ],
        "can_react": view.can_react,
        "reaction": (
            {
                "from_me": view.reaction.user_id == user_id,
                "kind": view.reaction.kind,
                "symbol": view.reaction.symbol,
                "label": view.reaction.label,
            }
            if view.reaction
            else None
        ),
    }


@router.get("", response={200: SupportOverviewOut, **errors()})
def read_overview(request: HttpRequest) -> dict[str, Any]:
    """What's new between you: recent signals (with answers) and this week's good news."""
    user = current_user(request)
    live = selectors.live(user=user)
    return {
        "partner_name": live.partner.name if live.partner else None,
        "partner_signals": [signal_payload(v, user_id=user.pk) for v in live.their_signals],
        "my_signal": signal_payload(live.my_signal, user_id=user.pk) if live.my_signal else None,
        "good_news": [news_payload(v, user_id=user.pk) for v in live.good_news],
    }


@router.get("/guide", response={200: SupportGuideOut, **errors()})
def read_guide(request: HttpRequest) -> dict[str, Any]:
    """The words for each mood and stress level, the ways of support, the quick answers,
    and help for answering good news."""
    return {
        "moods": [{"value": k, "label": str(v)} for k, v in MOODS.items()],
        "stress": [{"value": k, "label": str(v)} for k, v in STRESS.items()],
        "ways": [{"key": w.value, "label": str(w.label)} for w in Way],
        "answers": [{"key": a.value, "label": str(a.label)} for a in AnswerKind],
        "good_news_help": [str(s) for s in guidance.GOOD_NEWS_HELP],
        "good_news_avoid": str(guidance.GOOD_NEWS_AVOID),
        "good_news_examples": [str(s) for s in guidance.GOOD_NEWS_EXAMPLES],
        "good_news_reactions": [
            {"key": k, "label": str(v[1])} for k, v in GOOD_NEWS_REACTIONS.items()
        ],
    }


@router.get("/moods", response={200: list[MoodOut], **errors()})
def list_moods(request: HttpRequest) -> list[dict[str, Any]]:
    """Your own recent check-ins, newest first. Only you see these unless you share one."""
    return [_mood(m) for m in selectors.own_moods(user=current_user(request))]


@router.post("/moods", response={201: MoodOut, **errors(400)})
def add_mood(request: HttpRequest, payload: MoodIn) -> Status[Any]:
    entry = services.mood_add(
        user=current_user(request), mood=payload.mood, stress=payload.stress, note=payload.note
    )
    return Status(201, _mood(entry))


@router.get("/shared-moods", response={200: list[SharedMoodOut], **errors()})
def list_shared_moods(request: HttpRequest) -> list[dict[str, Any]]:
    """Check-ins your partner chose to show you, one by one."""
    return [
        {**_mood(m), "name": m.user.name}
        for m in selectors.shared_moods(user=current_user(request))
    ]


def _own_mood(request: HttpRequest, mood_id: int) -> MoodEntry:
    entry = MoodEntry.objects.filter(pk=mood_id, user=current_user(request)).first()
    if entry is None:
        raise NotFound("There is no such check-in of yours.")
    return entry


@router.get("/moods/{mood_id}", response={200: MoodOut, **errors(404)})
def read_mood(request: HttpRequest, mood_id: int) -> dict[str, Any]:
    return _mood(_own_mood(request, mood_id))


@router.put("/moods/{mood_id}/share", response={200: MoodOut, **errors(404, 409)})
def put_mood_share(request: HttpRequest, mood_id: int, payload: SupportShareIn) -> dict[str, Any]:
    """Show this one check-in to your partner, or make it private again."""
    entry = services.mood_share(user=current_user(request), mood_id=mood_id, shared=payload.shared)
    return _mood(entry)


@router.delete("/moods/{mood_id}", response={204: None, **errors(404)})
def delete_mood(request: HttpRequest, mood_id: int) -> Status[Any]:
    services.mood_delete(user=current_user(request), mood_id=mood_id)
    return Status(204, None)


@router.get("/preferences", response={200: SupportPreferencesOut, **errors()})
def read_preferences(request: HttpRequest) -> dict[str, Any]:
    """How you, and your partner, like to be supported when stressed."""
    view = selectors.preferences_view(user=current_user(request))
    return {
        "mine": _preference(view.mine),
        "partner_name": view.partner.name if view.partner else None,
        "partner": _preference(view.theirs),
    }


@router.put("/preferences", response={200: SupportPreferencesOut, **errors(400)})
def put_preferences(request: HttpRequest, payload: SupportPreferenceIn) -> dict[str, Any]:
    services.preferences_save(
        user=current_user(request), ways=list(payload.ways), in_my_words=payload.in_my_words
    )
    return read_preferences(request)


@router.get("/signals", response={200: SignalPageOut, **errors()})
def list_signals(request: HttpRequest, filters: Query[SupportPageQuery]) -> dict[str, Any]:
    user = current_user(request)
    page = selectors.signals_page(user=user, page=filters.page)
    return {
        "items": [signal_payload(v, user_id=user.pk) for v in page.items],
        "page": page.page,
        "has_next": page.has_next,
    }


@router.post("/signals", response={201: SignalOut, **errors(400, 409)})
def send_signal(request: HttpRequest, payload: SignalIn) -> Status[Any]:
    """'I could use some support': your partner sees it with how you like to be supported."""
    user = current_user(request)
    signal = services.signal_send(user=user, note=payload.note)
    return Status(201, _signal_or_404(request, signal.pk))


def _signal_or_404(request: HttpRequest, signal_id: int) -> dict[str, Any]:
    user = current_user(request)
    view = selectors.signal_view(user=user, signal_id=signal_id)
    if view is None:
        raise NotFound("There is nothing like that in your space.")
    return signal_payload(view, user_id=user.pk)


@router.get("/signals/{signal_id}", response={200: SignalOut, **errors(404)})
def read_signal(request: HttpRequest, signal_id: int) -> dict[str, Any]:
    return _signal_or_404(request, signal_id)


@router.post(
    "/signals/{signal_id}/answers", response={201: SignalOut, **errors(400, 404, 409, 410)}
)
def answer_signal(request: HttpRequest, signal_id: int, payload: SupportAnswerIn) -> Status[Any]:
    """Answer with one tap (on_my_way, call with an optional call_at, thinking) or a note."""
    services.signal_answer(
        user=current_user(request),
        signal_id=signal_id,
        kind=payload.kind,
        call_at=payload.call_at,
        text=payload.text,
    )
    return Status(201, _signal_or_404(request, signal_id))


@router.post("/signals/{signal_id}/withdraw", response={200: SignalOut, **errors(404, 409)})
def withdraw_signal(request: HttpRequest, signal_id: int) -> dict[str, Any]:
    """Take your signal back, for any reason or none."""
    services.signal_withdraw(user=current_user(request), signal_id=signal_id)
    return _signal_or_404(request, signal_id)


@router.get("/good-news", response={200: GoodNewsPageOut, **errors()})
def list_good_news(request: HttpRequest, filters: Query[SupportPageQuery]) -> dict[str, Any]:
    user = current_user(request)
    page = selectors.good_news_page(user=user, page=filters.page)
    return {
        "items": [news_payload(v, user_id=user.pk) for v in page.items],
        "page": page.page,
        "has_next": page.has_next,
    }


@router.post("/good-news", response={201: GoodNewsOut, **errors(400, 409)})
def share_good_news(request: HttpRequest, payload: GoodNewsIn) -> Status[Any]:
    news = services.good_news_share(user=current_user(request), text=payload.text)
    return Status(201, _news_or_404(request, news.pk))


def _news_or_404(request: HttpRequest, good_news_id: int) -> dict[str, Any]:
    user = current_user(request)
    view = selectors.good_news_view(user=user, good_news_id=good_news_id)
    if view is None:
        raise NotFound("There is nothing like that in your space.")
    return news_payload(view, user_id=user.pk)


@router.get("/good-news/{good_news_id}", response={200: GoodNewsOut, **errors(404)})
def read_good_news(request: HttpRequest, good_news_id: int) -> dict[str, Any]:
    return _news_or_404(request, good_news_id)


@router.post(
    "/good-news/{good_news_id}/replies", response={201: GoodNewsOut, **errors(400, 404, 409)}
)
def reply_good_news(
    request: HttpRequest, good_news_id: int, payload: SupportReplyIn
) -> Status[Any]:
    """Reply to good news. The guide has help: enthusiasm, and questions about it."""
    services.good_news_reply(
        user=current_user(request), good_news_id=good_news_id, text=payload.text
    )
    return Status(201, _news_or_404(request, good_news_id))


@router.put(
    "/good-news/{good_news_id}/reaction", response={200: GoodNewsOut, **errors(400, 404, 409)}
)
def react_good_news(
    request: HttpRequest, good_news_id: int, payload: GoodNewsReactionIn
) -> dict[str, Any]:
    """React to your partner's good news in one tap (null takes it back)."""
    services.good_news_react(
        user=current_user(request), good_news_id=good_news_id, kind=payload.kind
    )
    return _news_or_404(request, good_news_id)
