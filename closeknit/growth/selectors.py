"""Reading challenges, rounds and the learned log as one person sees them. The mutual
reveals (look-backs, round answers) are enforced here for the web pages and the API."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from closeknit.goals.selectors import in_current_space, row_shown
from closeknit.goals.spaces import Space, visible_q
from closeknit.growth.models import (
    Challenge,
    ChallengeRun,
    KnowItem,
    KnowRound,
    LearnedEntry,
    Reflection,
    StepCheck,
    Verdict,
)
from closeknit.growth.pairs import pair_round_views
from closeknit.growth.questions import QUESTIONS
from closeknit.growth.rounds import rounds_of

PAGE = 30


@dataclass(frozen=True)
class Step:
    number: int
    label: str
    mine: bool
    theirs: bool


@dataclass
class RunView:
    run: ChallengeRun
    steps: list[Step]
    my_reflection: Reflection | None
    their_reflection: Reflection | None  # only once both have written
    partner_reflected: bool  # before the reveal: your partner has written theirs
    current: bool
    has_partner: bool

    @property
    def challenge(self) -> Challenge:
        return self.run.challenge

    @property
    def my_done(self) -> int:
        return sum(1 for s in self.steps if s.mine)

    @property
    def their_done(self) -> int:
        return sum(1 for s in self.steps if s.theirs)

    @property
    def can_check(self) -> bool:
        return self.current and not self.run.is_finished

    @property
    def can_reflect(self) -> bool:
        return self.current and self.run.is_finished and self.run.reflections_shown_at is None

    @property
    def reflections_shown(self) -> bool:
        return self.run.reflections_shown_at is not None


def step_labels(run: ChallengeRun) -> list[str]:
    if run.step_labels:
        return [str(label) for label in run.step_labels]
    return [_("Day %(n)d") % {"n": n} for n in range(1, run.step_count + 1)]


def _with_content(runs: QuerySet[ChallengeRun]) -> QuerySet[ChallengeRun]:
    return runs.select_related("challenge", "couple").prefetch_related(
        Prefetch("checks", queryset=StepCheck.objects.all()),
        Prefetch("reflections", queryset=Reflection.objects.all()),
    )


def _run_view(space: Space, run: ChallengeRun) -> RunView:
    me = space.user.pk

    def shown(row: StepCheck | Reflection) -> bool:
        return row_shown(
            space=space, couple=run.couple, author_id=row.created_by_id, withdrawn=row.withdrawn
        )

    checks = [c for c in run.checks.all() if shown(c)]
    mine = {c.step for c in checks if c.created_by_id == me}
    theirs = {c.step for c in checks if c.created_by_id != me}
    reflections = list(run.reflections.all())
    my_reflection = next((r for r in reflections if r.created_by_id == me), None)
    other = next((r for r in reflections if r.created_by_id != me), None)
    revealed = run.reflections_shown_at is not None
    current = in_current_space(space, couple_id=run.couple_id, author_id=run.created_by_id)
    return RunView(
        run=run,
        steps=[
            Step(number=n, label=label, mine=n in mine, theirs=n in theirs)
            for n, label in enumerate(step_labels(run), start=1)
        ],
        my_reflection=my_reflection,
        their_reflection=other if revealed and other is not None and shown(other) else None,
        partner_reflected=other is not None and not revealed and current,
        current=current,
        has_partner=run.couple_id is not None and (space.partner is not None or not current),
    )


def run_view(*, space: Space, run_id: int) -> RunView | None:
    run = _with_content(ChallengeRun.objects.filter(visible_q(space), pk=run_id)).first()
    return _run_view(space, run) if run is not None else None


def runs(*, space: Space, finished: bool, limit: int = 20) -> list[RunView]:
    rows = ChallengeRun.objects.filter(visible_q(space), finished_at__isnull=not finished)
    ordered = rows.order_by("-finished_at" if finished else "-created_at", "-pk")
    return [_run_view(space, r) for r in _with_content(ordered)[:limit]]


def library(*, category: str = "", max_days: int | None = None) -> list[Challenge]:
    found = Challenge.objects.filter(retired=False)
    if category:
        found = found.filter(category=category)
    if max_days:
        found = found.filter(days__lte=max_days)
    return list(found.order_by("days", "id"))


@dataclass(frozen=True)
class ItemView:
    position: int
    question: str
    answer: str | None  # None: not yours to see (yet)
    guess: str | None
    verdict: str
    verdict_label: str
    skipped: bool


@dataclass
class RoundView:
    round: KnowRound
    items: list[ItemView]
    role: str  # "subject" or "guesser"
    current: bool
    subject_name: str
    guesser_name: str

    @property
    def revealed(self) -> bool:
        return self.round.revealed_at is not None

    @property
    def stage(self) -> str:
        """answer, wait_for_answers, guess, wait_for_guesses or revealed, for this person."""
        r = self.round
        if r.revealed_at is not None:
            return "revealed"
        if r.answered_at is None:
            return "answer" if self.role == "subject" else "wait_for_answers"
        return "guess" if self.role == "guesser" else "wait_for_guesses"

    @property
    def knew(self) -> int:
        """How many things the guesser knew this time, for a warm line; never totalled."""
        return sum(1 for i in self.items if i.verdict in (Verdict.SPOT_ON, Verdict.CLOSE))

    @property
    def marked(self) -> bool:
        return any(i.verdict for i in self.items)


def question_text(key: str) -> str:
    return str(QUESTIONS.get(key, _("A question that is no longer in the list")))


def _round_view(space: Space, round_: KnowRound) -> RoundView:
    me = space.user.pk
    role = "subject" if round_.subject_id == me else "guesser"
    revealed = round_.revealed_at is not None
    couple = round_.couple
    subject_shown = row_shown(
        space=space, couple=couple, author_id=round_.subject_id, withdrawn=round_.subject_withdrawn
    )
    guesser_shown = row_shown(
        space=space, couple=couple, author_id=round_.guesser_id, withdrawn=round_.guesser_withdrawn
    )
    see_answers = role == "subject" or (revealed and subject_shown)
    see_guesses = role == "guesser" or (revealed and guesser_shown)
    items = [
        ItemView(
            position=i.position,
            question=question_text(i.question),
            answer=i.answer if see_answers else None,
            guess=i.guess if see_guesses and revealed else None,
            verdict=i.verdict if revealed and see_answers and see_guesses else "",
            verdict_label=str(Verdict(i.verdict).label) if i.verdict else "",
            skipped=round_.answered_at is not None and not i.answer,
        )
        for i in round_.items.all()
    ]
    names = {m.pk: m.name for m in space.members}
    return RoundView(
        round=round_,
        items=items,
        role=role,
        current=space.couple is not None and round_.couple_id == space.couple.pk,
        subject_name=names.get(round_.subject_id, round_.subject.name),
        guesser_name=names.get(round_.guesser_id, round_.guesser.name),
    )


def _rounds_with_content(rows: QuerySet[KnowRound]) -> QuerySet[KnowRound]:
    return rows.select_related("couple", "subject", "guesser").prefetch_related(
        Prefetch("items", queryset=KnowItem.objects.order_by("position"))
    )


def round_view(*, space: Space, round_id: int) -> RoundView | None:
    found = _rounds_with_content(rounds_of(space.user).filter(pk=round_id)).first()
    return _round_view(space, found) if found is not None else None


def rounds(*, space: Space, limit: int = 20) -> list[RoundView]:
    rows = rounds_of(space.user).order_by("-created_at", "-pk")
    return [_round_view(space, r) for r in _rounds_with_content(rows)[:limit]]


@dataclass
class LearnedPage:
    entries: list[LearnedEntry]
    page: int
    has_next: bool


def learned(*, space: Space, page: int = 1) -> LearnedPage:
    page = max(page, 1)
    start = (page - 1) * PAGE
    rows = list(
        LearnedEntry.objects.filter(visible_q(space))
        .select_related("couple")
        .order_by("-on", "-pk")[start : start + PAGE + 1]
    )
    return LearnedPage(entries=rows[:PAGE], page=page, has_next=len(rows) > PAGE)


def learned_entry(*, space: Space, entry_id: int) -> LearnedEntry | None:
    return LearnedEntry.objects.filter(visible_q(space), pk=entry_id).first()


def overview(*, space: Space) -> dict[str, Any]:
    """What the growth index shows: what's active now."""
    active = runs(space=space, finished=False, limit=10)
    recent_rounds = rounds(space=space, limit=5)
    return {
        "active_runs": active,
        "open_rounds": [r for r in recent_rounds if not r.revealed and r.current],
        "open_pair_rounds": [
            r for r in pair_round_views(space=space, limit=5) if not r.revealed and r.current
        ],
        "learned": learned(space=space).entries[:5],
    }
