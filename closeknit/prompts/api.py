from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from closeknit import practices
from closeknit.api.base import In, current_user, errors
from closeknit.lib.errors import Invalid, NotFound
from closeknit.prompts import selectors, services
from closeknit.prompts.models import Answer, Prompt
from closeknit.prompts.selectors import QuestionView
from closeknit.prompts.spaces import Space

router = Router(tags=["daily question"])


class PromptOut(Schema):
    id: str
    text: str
    practice: str
    practice_name: str
    depth: str
    kind: str
    choices: list[str]
    scale: list[str]


class AnswerOut(Schema):
    text: str
    choice: int | None
    choice_label: str | None
    scale: int | None
    answered_at: datetime
    updated_at: datetime
    reaction: str | None = Field(description="The reaction the other person left on it.")


class ReplyOut(Schema):
    text: str
    mine: bool
    at: datetime


class QuestionOut(Schema):
    id: int
    day: date
    prompt: PromptOut
    is_today: bool
    can_answer: bool
    swapped: bool
    revealed: bool
    partner_answered: bool = Field(
        description="Before the reveal: your partner answered and is waiting for yours."
    )
    mine: AnswerOut | None
    theirs: AnswerOut | None = Field(description="Your partner's answer, once both answered.")
    replies: list[ReplyOut]


class AnsweredOut(QuestionOut):
    revealed_now: bool


class PageOut(Schema):
    items: list[QuestionOut]
    page: int
    has_next: bool
    total: int


class BriefOut(Schema):
    id: int
    day: date
    prompt: PromptOut


class StatsOut(Schema):
    days_both_answered_this_month: int | None
    waiting_to_catch_up: int


class AnswerIn(In):
    text: str = Field("", max_length=services.MAX_ANSWER)
    choice: int | None = Field(None, ge=0, le=10)
    scale: int | None = Field(None, ge=1, le=5)


class ReactionIn(In):
    reaction: str | None = Field(description="heart, hug, laugh, spark or thanks; null removes")


class ReplyIn(In):
    text: str = Field(max_length=services.MAX_REPLY)


class ShareIn(In):
    shared: bool


class ArchiveQuery(Schema):
    practice: str = ""
    q: str = Field("", max_length=100)
    page: int = Field(1, ge=1, le=10000)


def prompt_payload(prompt: Prompt) -> dict[str, Any]:
    return {
        "id": prompt.id,
        "text": prompt.text,
        "practice": prompt.practice,
        "practice_name": str(practices.get(prompt.practice).name),
        "depth": prompt.depth,
        "kind": prompt.kind,
        "choices": prompt.choices,
        "scale": prompt.scale,
    }


def _answer(answer: Answer | None, prompt: Prompt, reaction: str | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    label = prompt.choices[answer.choice] if answer.choice is not None else None
    return {
        "text": answer.text,
        "choice": answer.choice,
        "choice_label": label,
        "scale": answer.scale,
        "answered_at": answer.created_at,
        "updated_at": answer.updated_at,
        "reaction": reaction,
    }


def view_payload(view: QuestionView, *, user_id: int) -> dict[str, Any]:
    prompt = view.question.prompt
    return {
        "id": view.question.pk,
        "day": view.question.day,
        "prompt": prompt_payload(prompt),
        "is_today": view.is_today,
        "can_answer": view.can_answer,
        "swapped": view.question.swapped_from_id is not None,
        "revealed": view.revealed,
        "partner_answered": view.partner_answered,
        "mine": _answer(view.mine, prompt, view.their_reaction),
        "theirs": _answer(view.theirs, prompt, view.my_reaction),
        "replies": [
            {"text": r.text, "mine": r.user_id == user_id, "at": r.created_at} for r in view.replies
        ],
    }


def _view_or_404(
    request: HttpRequest, question_id: int, space: Space | None = None
) -> dict[str, Any]:
    user = current_user(request)
    view = selectors.question_view(user=user, question_id=question_id, space=space)
    if view is None:
        raise NotFound("There is no such question in your space.")
    return view_payload(view, user_id=user.pk)


@router.get("/today", response={200: QuestionOut, **errors()})
def read_today(request: HttpRequest) -> dict[str, Any]:
    """Today's question for your space (your couple, or you alone)."""
    user = current_user(request)
    return view_payload(selectors.today_view(user=user), user_id=user.pk)


@router.post("/today/swap", response={200: QuestionOut, **errors(409)})
def swap_today(request: HttpRequest) -> dict[str, Any]:
    """'Not this one': a different question for today, once a day, before anyone answers."""
    user = current_user(request)
    services.question_swap(user=user)
    return view_payload(selectors.today_view(user=user), user_id=user.pk)


@router.get("/catch-up", response={200: list[BriefOut], **errors()})
def list_catch_up(request: HttpRequest) -> list[dict[str, Any]]:
    """Earlier questions still open for you. No penalty, no rush."""
    return [
        {"id": q.pk, "day": q.day, "prompt": prompt_payload(q.prompt)}
        for q in selectors.catch_up(user=current_user(request))
    ]


@router.get("/stats", response={200: StatsOut, **errors()})
def read_stats(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    return {
        "days_both_answered_this_month": selectors.days_both_answered_this_month(user=user),
        "waiting_to_catch_up": len(selectors.catch_up(user=user)),
    }


@router.get("", response={200: PageOut, **errors(400)})
def list_history(request: HttpRequest, filters: Query[ArchiveQuery]) -> dict[str, Any]:
    """Your history, newest first; filter by practice, search your words and theirs."""
    if filters.practice and filters.practice not in practices.KEYS:
        raise Invalid(
            f"Unknown practice {filters.practice!r}; use one of {', '.join(practices.KEYS)}."
        )
    user = current_user(request)
    page = selectors.archive(
        user=user, practice=filters.practice, query=filters.q, page=filters.page
    )
    return {
        "items": [view_payload(v, user_id=user.pk) for v in page.items],
        "page": page.page,
        "has_next": page.has_next,
        "total": page.total,
    }


@router.get("/{question_id}", response={200: QuestionOut, **errors(404)})
def read_question(request: HttpRequest, question_id: int) -> dict[str, Any]:
    return _view_or_404(request, question_id)


@router.put("/{question_id}/answer", response={200: AnsweredOut, **errors(400, 404, 409)})
def put_answer(request: HttpRequest, question_id: int, payload: AnswerIn) -> dict[str, Any]:
    """Answer, or edit your answer until the reveal. Both show once both have answered."""
    result = services.answer_save(
        user=current_user(request),
        question_id=question_id,
        text=payload.text,
        choice=payload.choice,
        scale=payload.scale,
    )
    view = _view_or_404(request, question_id, space=result.space)
    return {**view, "revealed_now": result.revealed_now}


@router.put("/{question_id}/reaction", response={200: QuestionOut, **errors(400, 404, 409)})
def put_reaction(request: HttpRequest, question_id: int, payload: ReactionIn) -> dict[str, Any]:
    """React to your partner's revealed answer."""
    services.reaction_set(
        user=current_user(request), question_id=question_id, kind=payload.reaction
    )
    return _view_or_404(request, question_id)


@router.post("/{question_id}/replies", response={201: QuestionOut, **errors(400, 404, 409)})
def post_reply(request: HttpRequest, question_id: int, payload: ReplyIn) -> Status[Any]:
    services.reply_add(user=current_user(request), question_id=question_id, text=payload.text)
    return Status(201, _view_or_404(request, question_id))


@router.put("/{question_id}/share", response={200: QuestionOut, **errors(404, 409)})
def put_share(request: HttpRequest, question_id: int, payload: ShareIn) -> dict[str, Any]:
    """Share (or stop sharing) an answer you wrote alone, before your partner joined."""
    services.answer_share(
        user=current_user(request), question_id=question_id, shared=payload.shared
    )
    return _view_or_404(request, question_id)
