"""Export and leaving for the communication toolkit (see docs/couples.md)."""

from typing import Any

from closeknit.accounts.models import User
from closeknit.conversations.models import (
    Guide,
    ListeningSession,
    ObserverNote,
    Pause,
    Side,
    Turn,
)
from closeknit.couples.models import Couple


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own words only: never the partner's turns or sides."""
    turns = Turn.objects.filter(user=user).select_related("session").order_by("created_at", "pk")
    sides = Side.objects.filter(user=user).select_related("guide").order_by("created_at", "pk")
    notes = ObserverNote.objects.filter(user=user).order_by("created_at", "pk")
    guides = Guide.objects.filter(started_by=user).order_by("created_at", "pk")
    return {
        "disagreement_guides": [
            {"guide": g.pk, "label": g.label, "started_at": g.created_at.isoformat()}
            for g in guides
        ],
        "listening_turns": [
            {
                "session": t.session_id,
                "mode": t.session.mode,
                "round": t.round,
                "kind": t.kind,
                "feeling": t.feeling,
                "when": t.situation,
                "need": t.need,
                "text": t.text,
                "at": t.created_at.isoformat(),
            }
            for t in turns
        ],
        "disagreement_sides": [
            {
                "guide": s.guide_id,
                "felt": s.felt,
                "saw": s.saw,
                "touched": s.touched,
                "my_part": s.my_part,
                "request": s.request,
                "done_at": s.done_at.isoformat() if s.done_at else None,
                "written_at": s.created_at.isoformat(),
            }
            for s in sides
        ],
        "observer_reflections": [
            {
                "guide": n.guide_id,
                "text": n.text,
                "shared": n.shared,
                "written_at": n.created_at.isoformat(),
            }
            for n in notes
        ],
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    # The space has ended for both: nothing stays open and no pause waits.
    ListeningSession.objects.filter(couple=couple, ended_at__isnull=True).update(
        ended_at=couple.ended_at, ended_by=user
    )
    Pause.objects.filter(couple=couple).delete()
    if entries_stay:
        return
    Guide.objects.filter(started_by=user, couple=couple).update(label_withdrawn=True)
    Turn.objects.filter(user=user, couple=couple).update(withdrawn=True)
    Side.objects.filter(user=user, couple=couple).update(withdrawn=True)
    ObserverNote.objects.filter(user=user, couple=couple).update(withdrawn=True, shared=False)
