from typing import Any

from django.db.models import Q

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.growth.models import (
    ChallengeRun,
    KnowItem,
    KnowRound,
    LearnedEntry,
    PairItem,
    PairRound,
    Reflection,
    StepCheck,
)
from closeknit.growth.selectors import question_text


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own entries: challenges they started, their check-offs and look-backs,
    their answers and guesses in rounds, their picks in this-or-that rounds, and what they
    added to the learned log."""
    items = KnowItem.objects.filter(round__subject=user) | KnowItem.objects.filter(
        round__guesser=user
    )
    return {
        "challenges_started": [
            {
                "challenge_id": r.challenge_id,
                "started_on": r.started_on.isoformat(),
                "finished_at": r.finished_at.isoformat() if r.finished_at else None,
            }
            for r in ChallengeRun.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "check_offs": [
            {"run_id": c.run_id, "step": c.step, "at": c.created_at.isoformat()}
            for c in StepCheck.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "look_backs": [
            {"run_id": r.run_id, "text": r.text, "at": r.created_at.isoformat()}
            for r in Reflection.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "know_me": [
            {
                "round_id": i.round_id,
                "question": question_text(i.question),
                # Only your own words: your answer about yourself, or your guess.
                "my_answer": i.answer if i.round.subject_id == user.pk else None,
                "my_guess": i.guess if i.round.guesser_id == user.pk else None,
            }
            for i in items.select_related("round").order_by("round_id", "position")
        ],
        "this_or_that": [
            {
                "round_id": i.round_id,
                "a": i.pair.a,
                "b": i.pair.b,
                # Only your own pick: "a", "b", or "" when you skipped it.
                "my_pick": i.starter_pick if i.round.starter_id == user.pk else i.partner_pick,
            }
            for i in PairItem.objects.filter(Q(round__starter=user) | Q(round__partner=user))
            .select_related("round", "pair")
            .order_by("round_id", "position")
        ],
        "learned": [
            {
                "kind": e.kind,
                "title": e.title,
                "note": e.note,
                "on": e.on.isoformat(),
            }
            for e in LearnedEntry.objects.filter(created_by=user).order_by("on", "pk")
        ],
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    if entries_stay:
        return
    for model in (ChallengeRun, StepCheck, Reflection, LearnedEntry):
        model.objects.filter(created_by=user, couple=couple).update(withdrawn=True)  # type: ignore[attr-defined]
    KnowRound.objects.filter(couple=couple, subject=user).update(subject_withdrawn=True)
    KnowRound.objects.filter(couple=couple, guesser=user).update(guesser_withdrawn=True)
    PairRound.objects.filter(couple=couple, starter=user).update(starter_withdrawn=True)
    PairRound.objects.filter(couple=couple, partner=user).update(partner_withdrawn=True)
