"""Export and leaving for the trust toolkit."""

from typing import Any

from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.trust.models import ClosenessSession, JournalEntry, Status, Turn
from closeknit.trust.questions import QUESTIONS, TOTAL


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own journal and their own session answers; never the partner's."""
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
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    ClosenessSession.objects.filter(couple=couple).exclude(status=Status.FINISHED).update(
        status=Status.FINISHED, finished_at=timezone.now()
    )
    if entries_stay:
        return
    Turn.objects.filter(user=user, couple=couple).update(withdrawn=True)
    JournalEntry.objects.filter(user=user, shared_with=couple).update(
        shared_with=None, shared_at=None
    )
