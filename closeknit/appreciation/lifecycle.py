"""Export and leaving for kindness and appreciation (see docs/couples.md)."""

from typing import Any

from closeknit.accounts.models import User
from closeknit.appreciation.models import CarePreference, Note, NoticedEntry
from closeknit.appreciation.selectors import received_notes
from closeknit.couples.models import Couple


def _note(note: Note) -> dict[str, Any]:
    return {
        "quality": note.quality,
        "text": note.text,
        "from_noticed_log": note.from_noticed,
        "at": note.created_at.isoformat(),
    }


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own notes, log and preferences, and the notes they received that
    they can still see."""
    preference = CarePreference.objects.filter(user=user).first()
    return {
        "notes_sent": [_note(n) for n in Note.objects.filter(author=user).order_by("created_at")],
        "notes_received": [
            {**_note(n), "kept": n.kept} for n in received_notes(user=user).order_by("created_at")
        ],
        "noticed_log": [
            {"text": e.text, "at": e.created_at.isoformat(), "shared": e.shared_as_id is not None}
            for e in NoticedEntry.objects.filter(user=user).order_by("created_at")
        ],
        "what_makes_me_feel_cared_for": (
            {**preference.levels(), "in_my_words": preference.in_my_words} if preference else None
        ),
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    """Taking entries: the leaver's notes leave the partner's inbox and keepsakes. The
    noticed-it log and preferences were never the partner's to see."""
    if entries_stay:
        return
    Note.objects.filter(author=user, couple=couple).update(left_with_author=True)
