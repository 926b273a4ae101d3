"""Export and leaving for emotional support (see docs/couples.md)."""

from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.support.guidance import answer_text
from closeknit.support.models import (
    GoodNews,
    GoodNewsReaction,
    GoodNewsReply,
    MoodEntry,
    Signal,
    SignalAnswer,
    SupportPreference,
)


def _answer(a: SignalAnswer) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "text": answer_text(kind=a.kind, call_at=a.call_at, text=a.text),
        "at": a.created_at.isoformat(),
    }


def _seen(
    item: SignalAnswer | GoodNewsReply | GoodNewsReaction, couple: Couple, user: User
) -> bool:
    """Whether `user` may still see an answer or reply (theirs, or the partner's)."""
    if item.user_id == user.pk:
        return True
    return not item.left_with_author and couple.ended_by_id != user.pk


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own check-ins, preferences, signals and good news, with the answers
    and replies they received and can still see."""
    preference = SupportPreference.objects.filter(user=user).first()
    own_signals = (
        Signal.objects.filter(sender=user)
        .select_related("couple")
        .prefetch_related("answers")
        .order_by("created_at")
    )
    own_news = (
        GoodNews.objects.filter(author=user)
        .select_related("couple")
        .prefetch_related("replies", "reactions")
        .order_by("created_at")
    )
    return {
        "mood_checkins": [
            {
                "mood": m.mood,
                "mood_label": m.mood_label,
                "stress": m.stress,
                "stress_label": m.stress_label,
                "note": m.note,
                "at": m.created_at.isoformat(),
                "shared_with_partner": m.shared_with_id is not None,
            }
            for m in MoodEntry.objects.filter(user=user).order_by("created_at")
        ],
        "support_preferences": (
            {"ways": preference.ways, "in_my_words": preference.in_my_words} if preference else None
        ),
        "signals_sent": [
            {
                "note": s.note,
                "at": s.created_at.isoformat(),
                "withdrawn": s.withdrawn_at is not None,
                "answers": [_answer(a) for a in s.answers.all() if _seen(a, s.couple, user)],
            }
            for s in own_signals
        ],
        # With the words as written: a quick answer can carry some too.
        "answers_given": [
            {**_answer(a), "words": a.text}
            for a in SignalAnswer.objects.filter(user=user).order_by("created_at")
        ],
        "good_news_shared": [
            {
                "text": n.text,
                "at": n.created_at.isoformat(),
                "replies": [
                    {"text": r.text, "mine": r.user_id == user.pk, "at": r.created_at.isoformat()}
                    for r in n.replies.all()
                    if _seen(r, n.couple, user)
                ],
                "reactions": [r.kind for r in n.reactions.all() if _seen(r, n.couple, user)],
            }
            for n in own_news
        ],
        "replies_written": [
            {"text": r.text, "at": r.created_at.isoformat()}
            for r in GoodNewsReply.objects.filter(user=user).order_by("created_at")
        ],
        "good_news_reactions_given": [
            {"reaction": r.kind, "at": r.created_at.isoformat()}
            for r in GoodNewsReaction.objects.filter(user=user).order_by("created_at")
        ],
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    """Taking entries: the leaver's signals, answers, good news, replies, reactions and
    shared check-ins leave the partner's view of the ended space."""
    if entries_stay:
        return
    Signal.objects.filter(sender=user, couple=couple).update(left_with_author=True)
    SignalAnswer.objects.filter(user=user, signal__couple=couple).update(left_with_author=True)
    GoodNews.objects.filter(author=user, couple=couple).update(left_with_author=True)
    GoodNewsReply.objects.filter(user=user, good_news__couple=couple).update(left_with_author=True)
    GoodNewsReaction.objects.filter(user=user, couple=couple).update(left_with_author=True)
    MoodEntry.objects.filter(user=user, shared_with=couple).update(shared_with=None)
