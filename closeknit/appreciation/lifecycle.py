"""Export and leaving for kindness and appreciation (see docs/couples.md)."""

from typing import Any

from closeknit.accounts.models import User
from closeknit.appreciation.models import (
    CarePreference,
    Note,
    NoteReaction,
    NoteReply,
    NoticedEntry,
)
from closeknit.appreciation.selectors import received_notes
from closeknit.couples.models import Couple


def _note(note: Note) -> dict[str, Any]:
    return {
        "quality": note.quality,
        "text": note.text,
        "from_noticed_log": note.from_noticed,
        "at": note.created_at.isoformat(),
    }


def _answers_received(note: Note, user: User) -> dict[str, Any]:
    """The recipient's answer to a note the person sent, as far as they may still see it
    (the rule of selectors.responses_for, on prefetched rows)."""
    left_by_me = note.couple.ended_by_id == user.pk
    reactions = [r for r in note.reactions.all() if not (r.left_with_author or left_by_me)]
    replies = [r for r in note.replies.all() if not (r.left_with_author or left_by_me)]
    return {
        "reaction": reactions[0].kind if reactions else None,
        "replies": [{"text": r.text, "at": r.created_at.isoformat()} for r in replies],
    }


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own notes, log and preferences, their answers to notes, and the
    notes (and answers to their notes) they received that they can still see."""
    preference = CarePreference.objects.filter(user=user).first()
    sent = (
        Note.objects.filter(author=user)
        .select_related("couple")
        .prefetch_related("reactions", "replies")
        .order_by("created_at")
    )
    return {
        "notes_sent": [{**_note(n), "answers": _answers_received(n, user)} for n in sent],
        "notes_received": [
            {**_note(n), "kept": n.kept} for n in received_notes(user=user).order_by("created_at")
        ],
        "note_reactions_given": [
            {"reaction": r.kind, "at": r.created_at.isoformat()}
            for r in NoteReaction.objects.filter(user=user).order_by("created_at")
        ],
        "note_replies_written": [
            {"text": r.text, "at": r.created_at.isoformat()}
            for r in NoteReply.objects.filter(user=user).order_by("created_at")
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
    """Taking entries: the leaver's notes leave the partner's inbox and keepsakes, and
    their reactions and replies leave the partner's notes. The noticed-it log and
    preferences were never the partner's to see."""
    if entries_stay:
        return
    Note.objects.filter(author=user, couple=couple).update(left_with_author=True)
    NoteReaction.objects.filter(user=user, couple=couple).update(left_with_author=True)
    NoteReply.objects.filter(user=user, couple=couple).update(left_with_author=True)
