from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.goals.models import Cheer, DreamNote, Goal, Milestone, SomedayItem


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own entries: goals they started, steps they added, cheers they sent,
    dream notes they wrote and someday items they added."""
    return {
        "goals": [
            {
                "kind": g.kind,
                "title": g.title,
                "why": g.why,
                "target_date": _day(g.target_date),
                "status": g.status,
                "reached_at": _day(g.reached_at),
                "shared_with_partner": g.kind == "shared" or g.shared,
                "created_at": g.created_at.isoformat(),
            }
            for g in Goal.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "milestones": [
            {
                "goal_id": m.goal_id,
                "title": m.title,
                "due_date": _day(m.due_date),
                "done_at": _day(m.done_at),
                "created_at": m.created_at.isoformat(),
            }
            for m in Milestone.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "cheers": [
            {"kind": c.kind, "note": c.note, "at": c.created_at.isoformat()}
            for c in Cheer.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "dream_notes": [
            {
                "prompt_id": n.prompt_id,
                "about_me": n.dreamer_id == user.pk,
                "text": n.text,
                "at": n.created_at.isoformat(),
            }
            for n in DreamNote.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "someday": [
            {
                "title": s.title,
                "category": s.category,
                "note": s.note,
                "done_on": _day(s.done_on),
                "archived": s.archived_at is not None,
                "created_at": s.created_at.isoformat(),
            }
            for s in SomedayItem.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    if entries_stay:
        return
    for model in (Goal, Milestone, Cheer, DreamNote, SomedayItem):
        model.objects.filter(created_by=user, couple=couple).update(withdrawn=True)  # type: ignore[attr-defined]
