"""Learning and growing together as JSON: couple challenges, "how well do you know me"
rounds and the learned-together log. Same rules as the web pages."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.goals.spaces import Space, space_for
from closeknit.growth import rounds, selectors, services
from closeknit.growth.api_pairs import PairRoundOut, pair_round_payload
from closeknit.growth.api_pairs import router as pairs_router
from closeknit.growth.library import MAX_DAYS
from closeknit.growth.models import Challenge, ChallengeCategory, LearnedEntry
from closeknit.growth.questions import QUESTIONS_PER_ROUND
from closeknit.growth.selectors import RoundView, RunView
from closeknit.lib.errors import Invalid, NotFound

router = Router(tags=["growth"])
router.add_router("/pairs", pairs_router)


class ChallengeOut(Schema):
    id: str
    title: str
    text: str
    category: str
    category_name: str
    days: int
    steps: list[str] = Field(description="Check-offs; empty means one per day.")


class GrowthStepOut(Schema):
    number: int
    label: str
    mine: bool
    theirs: bool = Field(description="Your partner checked this one off.")


class ReflectionOut(Schema):
    text: str
    at: datetime


class RunOut(Schema):
    id: int
    challenge: ChallengeOut
    started_on: date
    finished: bool
    finished_at: datetime | None
    can_check: bool
    steps: list[GrowthStepOut]
    my_done: int
    their_done: int
    can_look_back: bool
    my_look_back: ReflectionOut | None
    their_look_back: ReflectionOut | None = Field(description="Shown once both have written.")
    partner_looked_back: bool = Field(description="Before the reveal: your partner wrote theirs.")


class LookedBackOut(RunOut):
    shown_now: bool


class GrowthItemOut(Schema):
    position: int
    question: str
    answer: str | None = Field(description="Hidden from the guesser until they have guessed.")
    guess: str | None
    verdict: str
    skipped: bool


class RoundOut(Schema):
    id: int
    role: str = Field(description="subject (it's about you) or guesser.")
    stage: str = Field(description="answer, wait_for_answers, guess, wait_for_guesses, revealed")
    subject_name: str
    guesser_name: str
    items: list[GrowthItemOut]
    knew: int = Field(description="Things the guesser knew this round; a warm line, not a score.")
    created_at: datetime


class LearnedOut(Schema):
    id: int
    kind: str
    title: str
    note: str
    on: date
    mine: bool
    created_at: datetime


class LearnedPageOut(Schema):
    items: list[LearnedOut]
    page: int
    has_next: bool


class GrowthOverviewOut(Schema):
    active_challenges: list[RunOut]
    open_rounds: list[RoundOut]
    open_pair_rounds: list[PairRoundOut]
    learned: list[LearnedOut]


class GrowthStartIn(In):
    challenge_id: str = Field(max_length=40)


class StepIn(In):
    step: int = Field(ge=1, le=MAX_DAYS)
    done: bool = True


class LookBackIn(In):
    text: str = Field(max_length=services.MAX_REFLECTION)


class TextAt(In):
    position: int = Field(ge=1, le=QUESTIONS_PER_ROUND)
    text: str = Field("", max_length=rounds.MAX_ANSWER)


class GrowthAnswersIn(In):
    answers: list[TextAt] = Field(max_length=QUESTIONS_PER_ROUND)


class GuessesIn(In):
    guesses: list[TextAt] = Field(max_length=QUESTIONS_PER_ROUND)


class VerdictAt(In):
    position: int = Field(ge=1, le=QUESTIONS_PER_ROUND)
    verdict: Literal["spot_on", "close", "new", ""]


class VerdictsIn(In):
    verdicts: list[VerdictAt] = Field(max_length=QUESTIONS_PER_ROUND)


class LearnedIn(In):
    title: str = Field(max_length=services.MAX_TITLE)
    kind: Literal["learned", "tried"] = "tried"
    note: str = Field("", max_length=services.MAX_NOTE)
    on: date | None = Field(None, description="Default: today.")


class LearnedPatch(In):
    title: str | None = Field(None, max_length=services.MAX_TITLE)
    kind: Literal["learned", "tried"] | None = None
    note: str | None = Field(None, max_length=services.MAX_NOTE)
    on: date | None = None


class LibraryQuery(Schema):
    category: str = ""
    max_days: int | None = Field(None, ge=1, le=MAX_DAYS)


class RunsQuery(Schema):
    finished: bool = False


class GrowthPageQuery(Schema):
    page: int = Field(1, ge=1, le=10000)


def challenge_payload(c: Challenge) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "text": c.text,
        "category": c.category,
        "category_name": str(ChallengeCategory(c.category).label),
        "days": c.days,
        "steps": list(c.steps),
    }


def _reflection(r: Any) -> dict[str, Any] | None:
    return {"text": r.text, "at": r.updated_at} if r is not None else None


def run_payload(view: RunView) -> dict[str, Any]:
    run = view.run
    return {
        "id": run.pk,
        "challenge": challenge_payload(run.challenge),
        "started_on": run.started_on,
        "finished": run.is_finished,
        "finished_at": run.finished_at,
        "can_check": view.can_check,
        "steps": [
            {"number": s.number, "label": s.label, "mine": s.mine, "theirs": s.theirs}
            for s in view.steps
        ],
        "my_done": view.my_done,
        "their_done": view.their_done,
        "can_look_back": view.can_reflect,
        "my_look_back": _reflection(view.my_reflection),
        "their_look_back": _reflection(view.their_reflection),
        "partner_looked_back": view.partner_reflected,
    }


def round_payload(view: RoundView) -> dict[str, Any]:
    return {
        "id": view.round.pk,
        "role": view.role,
        "stage": view.stage,
        "subject_name": view.subject_name,
        "guesser_name": view.guesser_name,
        "items": [
            {
                "position": i.position,
                "question": i.question,
                "answer": i.answer,
                "guess": i.guess,
                "verdict": i.verdict,
                "skipped": i.skipped,
            }
            for i in view.items
        ],
        "knew": view.knew,
        "created_at": view.round.created_at,
    }


def learned_payload(space: Space, e: LearnedEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "title": e.title,
        "note": e.note,
        "on": e.on,
        "mine": e.created_by_id == space.user.pk,
        "created_at": e.created_at,
    }


def _run_out(request: HttpRequest, run_id: int) -> dict[str, Any]:
    view = selectors.run_view(space=space_for(current_user(request)), run_id=run_id)
    if view is None:
        raise NotFound("There is no such challenge in your space.")
    return run_payload(view)


def _round_out(request: HttpRequest, round_id: int) -> dict[str, Any]:
    view = selectors.round_view(space=space_for(current_user(request)), round_id=round_id)
    if view is None:
        raise NotFound("There is no such round in your space.")
    return round_payload(view)


@router.get("", response={200: GrowthOverviewOut, **errors()})
def read_overview(request: HttpRequest) -> dict[str, Any]:
    """What's active now: challenges under way, rounds waiting, recent learning."""
    space = space_for(current_user(request))
    found = selectors.overview(space=space)
    return {
        "active_challenges": [run_payload(v) for v in found["active_runs"]],
        "open_rounds": [round_payload(v) for v in found["open_rounds"]],
        "open_pair_rounds": [pair_round_payload(v) for v in found["open_pair_rounds"]],
        "learned": [learned_payload(space, e) for e in found["learned"]],
    }


@router.get("/challenges/library", response={200: list[ChallengeOut], **errors(400)})
def list_library(request: HttpRequest, filters: Query[LibraryQuery]) -> list[dict[str, Any]]:
    """Challenges to pick from, shortest first; filter by category and length."""
    if filters.category and filters.category not in ChallengeCategory.values:
        raise Invalid(
            f"Unknown category {filters.category!r}; use one of "
            f"{', '.join(ChallengeCategory.values)}."
        )
    found = selectors.library(category=filters.category, max_days=filters.max_days)
    return [challenge_payload(c) for c in found]


@router.get("/challenges", response={200: list[RunOut], **errors()})
def list_runs(request: HttpRequest, filters: Query[RunsQuery]) -> list[dict[str, Any]]:
    space = space_for(current_user(request))
    return [run_payload(v) for v in selectors.runs(space=space, finished=filters.finished)]


@router.post("/challenges", response={201: RunOut, **errors(400, 409)})
def start_run(request: HttpRequest, payload: GrowthStartIn) -> Status[Any]:
    run = services.challenge_start(user=current_user(request), challenge_id=payload.challenge_id)
    return Status(201, _run_out(request, run.pk))


@router.get("/challenges/{int:challenge_run_id}", response={200: RunOut, **errors(404)})
def read_run(request: HttpRequest, challenge_run_id: int) -> dict[str, Any]:
    return _run_out(request, challenge_run_id)


@router.put(
    "/challenges/{int:challenge_run_id}/steps", response={200: RunOut, **errors(400, 404, 409)}
)
def put_step(request: HttpRequest, challenge_run_id: int, payload: StepIn) -> dict[str, Any]:
    """Check off one of your own steps (or days), or un-check it with `done: false`."""
    services.step_set(
        user=current_user(request), run_id=challenge_run_id, step=payload.step, done=payload.done
    )
    return _run_out(request, challenge_run_id)


@router.post(
    "/challenges/{int:challenge_run_id}/finish", response={200: RunOut, **errors(404, 409)}
)
def finish_run(request: HttpRequest, challenge_run_id: int) -> dict[str, Any]:
    """Wrap the challenge up, whenever it feels done. Looking back opens."""
    services.run_finish(user=current_user(request), run_id=challenge_run_id)
    return _run_out(request, challenge_run_id)


@router.put(
    "/challenges/{int:challenge_run_id}/look-back",
    response={200: LookedBackOut, **errors(400, 404, 409)},
)
def put_look_back(request: HttpRequest, challenge_run_id: int, payload: LookBackIn) -> Any:
    """A few words looking back. Both show once both of you have written."""
    _r, shown_now = services.reflection_save(
        user=current_user(request), run_id=challenge_run_id, text=payload.text
    )
    return {**_run_out(request, challenge_run_id), "shown_now": shown_now}


@router.delete("/challenges/{int:challenge_run_id}", response={204: None, **errors(403, 404, 409)})
def delete_run(request: HttpRequest, challenge_run_id: int) -> Status[None]:
    services.run_delete(user=current_user(request), run_id=challenge_run_id)
    return Status(204, None)


@router.get("/rounds", response={200: list[RoundOut], **errors()})
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    """Your recent rounds, both ways. Answers stay hidden from the guesser until they guess."""
    space = space_for(current_user(request))
    return [round_payload(v) for v in selectors.rounds(space=space)]


@router.post("/rounds", response={201: RoundOut, **errors(409)})
def start_round(request: HttpRequest) -> Status[Any]:
    """Start a round about yourself: five questions for you to answer and your partner
    to guess."""
    round_ = rounds.round_start(user=current_user(request))
    return Status(201, _round_out(request, round_.pk))


@router.get("/rounds/{int:know_round_id}", response={200: RoundOut, **errors(404)})
def read_round(request: HttpRequest, know_round_id: int) -> dict[str, Any]:
    return _round_out(request, know_round_id)


def _positions(pairs: list[Any], attr: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for pair in pairs:
        if pair.position in found:
            raise Invalid(f"Question {pair.position} is listed twice.", code="duplicate")
        found[pair.position] = getattr(pair, attr)
    return found


@router.put(
    "/rounds/{int:know_round_id}/answers", response={200: RoundOut, **errors(400, 403, 404, 409)}
)
def put_answers(request: HttpRequest, know_round_id: int, payload: GrowthAnswersIn) -> Any:
    """Your answers about yourself (blank skips a question). Final once saved."""
    rounds.answers_save(
        user=current_user(request),
        round_id=know_round_id,
        answers=_positions(payload.answers, "text"),
    )
    return _round_out(request, know_round_id)


@router.put(
    "/rounds/{int:know_round_id}/guesses", response={200: RoundOut, **errors(400, 403, 404, 409)}
)
def put_guesses(request: HttpRequest, know_round_id: int, payload: GuessesIn) -> Any:
    """Your guesses. Saving them shows both of you the answers and guesses side by side."""
    rounds.guesses_save(
        user=current_user(request),
        round_id=know_round_id,
        guesses=_positions(payload.guesses, "text"),
    )
    return _round_out(request, know_round_id)


@router.put(
    "/rounds/{int:know_round_id}/verdicts",
    response={200: RoundOut, **errors(400, 403, 404, 409)},
)
def put_verdicts(request: HttpRequest, know_round_id: int, payload: VerdictsIn) -> Any:
    """Mark your partner's guesses about you: spot_on, close or new."""
    rounds.verdicts_save(
        user=current_user(request),
        round_id=know_round_id,
        verdicts=_positions(payload.verdicts, "verdict"),
    )
    return _round_out(request, know_round_id)


@router.delete("/rounds/{int:know_round_id}", response={204: None, **errors(403, 404, 409)})
def delete_round(request: HttpRequest, know_round_id: int) -> Status[None]:
    """'Not now': remove a round about you before it is revealed."""
    rounds.round_delete(user=current_user(request), round_id=know_round_id)
    return Status(204, None)


@router.get("/learned", response={200: LearnedPageOut, **errors()})
def list_learned(request: HttpRequest, filters: Query[GrowthPageQuery]) -> dict[str, Any]:
    space = space_for(current_user(request))
    page = selectors.learned(space=space, page=filters.page)
    return {
        "items": [learned_payload(space, e) for e in page.entries],
        "page": page.page,
        "has_next": page.has_next,
    }


def _learned_out(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    space = space_for(current_user(request))
    entry = selectors.learned_entry(space=space, entry_id=entry_id)
    if entry is None:
        raise NotFound("There is no such entry in your log.")
    return learned_payload(space, entry)


@router.post("/learned", response={201: LearnedOut, **errors(400)})
def add_learned(request: HttpRequest, payload: LearnedIn) -> Status[Any]:
    entry = services.learned_add(
        user=current_user(request),
        title=payload.title,
        kind=payload.kind,
        note=payload.note,
        on=payload.on,
    )
    return Status(201, _learned_out(request, entry.pk))


@router.get("/learned/{int:learned_entry_id}", response={200: LearnedOut, **errors(404)})
def read_learned(request: HttpRequest, learned_entry_id: int) -> dict[str, Any]:
    return _learned_out(request, learned_entry_id)


@router.patch(
    "/learned/{int:learned_entry_id}", response={200: LearnedOut, **errors(400, 403, 404)}
)
def update_learned(request: HttpRequest, learned_entry_id: int, payload: LearnedPatch) -> Any:
    user = current_user(request)
    entry = selectors.learned_entry(space=space_for(user), entry_id=learned_entry_id)
    if entry is None:
        raise NotFound("There is no such entry in your log.")
    services.learned_update(
        user=user,
        entry_id=learned_entry_id,
        title=payload.title if payload.title is not None else entry.title,
        kind=payload.kind or entry.kind,
        note=payload.note if payload.note is not None else entry.note,
        on=payload.on or entry.on,
    )
    return _learned_out(request, learned_entry_id)


@router.delete("/learned/{int:learned_entry_id}", response={204: None, **errors(403, 404)})
def delete_learned(request: HttpRequest, learned_entry_id: int) -> Status[None]:
    services.learned_delete(user=current_user(request), entry_id=learned_entry_id)
    return Status(204, None)
