"""Export and leaving for the trust toolkit."""

from typing import Any

from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.trust.models import (
    ClosenessSession,
    JournalEntry,
    JournalReaction,
    JournalReply,
    Status,
    Turn,
)
from closeknit.trust.questions import QUESTIONS, TOTAL


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own journal, their own session answers, and their own replies and
    reactions to shared entries (on their partner's entries or their own); never the
    partner's words."""
    turns = Turn.objects.filter(user=user).order_by("session_id", "position")
    return {
        "journal": [
            {
                "text": e.text,
                "written_at": e.created_at.isoformat(),
                "updated_at": e.updated_at.isoformat(),
                "shared_with_partner": e.shared_with_id is not None,
            }
            for e in JournalEntry.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "closeness_answers": [
            {
                "session": t.session_id,
                "question": str(QUESTIONS[t.position].text) if t.position < TOTAL else "",
                "answer": t.text,
                "passed": t.skipped,
                "at": t.created_at.isoformat(),
            }
            for t in turns
        ],
        "journal_replies": [
            {
                "text": r["text"],
                "at": r["created_at"].isoformat(),
                "on_my_own_entry": r["entry__user_id"] == user.pk,
            }
            for r in JournalReply.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values("text", "created_at", "entry__user_id")
        ],
        "journal_reactions": [
            {"reaction": r.kind, "at": r.created_at.isoformat()}
            for r in JournalReaction.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    ClosenessSession.objects.filter(couple=couple).exclude(status=Status.FINISHED).update(
        status=Status.FINISHED, finished_at=timezone.now()
    )
    if entries_stay:
        return
    Turn.objects.filter(user=user, couple=couple).update(withdrawn=True)
    # Their answers to the partner's entries leave with them: replies are kept for their
    # own export (as Turn above), reactions simply go.
    JournalReply.objects.filter(user=user, couple=couple).update(withdrawn=True)
    JournalReaction.objects.filter(user=user, couple=couple).delete()
    JournalEntry.objects.filter(user=user, shared_with=couple).update(
        shared_with=None, shared_at=None
    )
