"""Writes for emotional support: mood check-ins and sharing one of them, support
preferences, the support signal with its answers, and good news with its replies.

Objects are looked up through the person's current couple: another couple's signal, or
the partner's private mood entry, is simply not found.
"""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for, partner_of
from closeknit.lib.errors import Conflict, Gone, Invalid, NotFound
from closeknit.nudges import waiting
from closeknit.support.models import (
    GOOD_NEWS_REACTIONS,
    MOODS,
    STRESS,
    AnswerKind,
    GoodNews,
    GoodNewsReaction,
    GoodNewsReply,
    MoodEntry,
    Signal,
    SignalAnswer,
    SupportPreference,
    Way,
)

PRACTICE = "support"
MAX_MOOD_NOTE = 1000
MAX_WORDS = 1000
MAX_SIGNAL_NOTE = 280
MAX_ANSWER = 500
MAX_GOOD_NEWS = 1000
MAX_REPLY = 500
MAX_REPLIES = 50
# A signal asks for support now; after this it rests in the history.
SIGNAL_OPEN_FOR = timedelta(hours=48)


# The places a signal and good news wait at (closeknit.nudges.waiting), and their pages.
def signal_ref(signal_id: int) -> str:
    return f"signal:{signal_id}"


def signal_url(signal_id: int) -> str:
    return f"/support/signals/{signal_id}/"


def good_news_ref(good_news_id: int) -> str:
    return f"good_news:{good_news_id}"


def good_news_url(good_news_id: int) -> str:
    return f"/support/good-news/{good_news_id}/"


def _text(text: str, *, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise Invalid(
            _("Keep it under %(n)d characters.") % {"n": limit},
            code="too_long",
        )
    return text


def _with_partner(user: User, message: str) -> tuple[Couple, User]:
    couple = couple_for(user)
    partner = partner_of(user=user, couple=couple) if couple else None
    if couple is None or partner is None:
        raise Conflict(message, code="no_partner")
    return couple, partner


def mood_add(*, user: User, mood: int | None, stress: int | None, note: str = "") -> MoodEntry:
    """A private check-in: mood and stress from 1 to 5, and a note if you like."""
    if mood not in MOODS:
        raise Invalid(_("Pick how you feel, from 1 (really low) to 5 (great)."), code="mood")
    if stress not in STRESS:
        raise Invalid(_("Pick your stress level, from 1 (calm) to 5 (overwhelmed)."), code="stress")
    note = _text(note, limit=MAX_MOOD_NOTE)
    couple = couple_for(user)
    entry = MoodEntry.objects.create(user=user, couple=couple, mood=mood, stress=stress, note=note)
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="mood_checkin")
    return entry


def _own_mood(*, user: User, mood_id: int) -> MoodEntry:
    entry = MoodEntry.objects.filter(pk=mood_id, user=user).first()
    if entry is None:
        raise NotFound(_("There is no such check-in of yours."))
    return entry


def mood_share(*, user: User, mood_id: int, shared: bool) -> MoodEntry:
    """Show this one check-in to your partner, or make it private again."""
    entry = _own_mood(user=user, mood_id=mood_id)
    if shared:
        couple, _partner = _with_partner(
            user, _("You can share a check-in once your partner has joined your space.")
        )
        entry.shared_with = couple
    else:
        entry.shared_with = None
    entry.save(update_fields=["shared_with"])
    if shared:
        activity_record(user=user, couple=entry.shared_with, practice=PRACTICE, kind="mood_shared")
    return entry


def mood_delete(*, user: User, mood_id: int) -> None:
    _own_mood(user=user, mood_id=mood_id).delete()


def preferences_save(*, user: User, ways: list[str], in_my_words: str = "") -> SupportPreference:
    """How you like to be supported when stressed. Your partner can read it."""
    unknown = [w for w in ways if w not in Way.values]
    if unknown:
        raise Invalid(
            _("Choose from: %(ways)s.") % {"ways": ", ".join(Way.values)}, code="invalid_way"
        )
    in_my_words = _text(in_my_words, limit=MAX_WORDS)
    if not ways and not in_my_words:
        raise Invalid(
            _("Pick at least one way, or say in your own words what helps."), code="way_required"
        )
    ordered = [w for w in Way.values if w in ways]
    preference, _created = SupportPreference.objects.update_or_create(
        user=user,
        defaults={"ways": ordered, "in_my_words": in_my_words, "updated_at": timezone.now()},
    )
    activity_record(
        user=user, couple=couple_for(user), practice=PRACTICE, kind="support_prefs_saved"
    )
    return preference


def signal_send(*, user: User, note: str = "") -> Signal:
    """'I could use some support': one tap, to your partner."""
    note = _text(note, limit=MAX_SIGNAL_NOTE)
    with transaction.atomic():
        couple, partner = _with_partner(
            user, _("This goes to your partner, so it opens once they have joined your space.")
        )
        Couple.objects.select_for_update().filter(pk=couple.pk).first()
        open_already = Signal.objects.filter(
            couple=couple,
            sender=user,
            withdrawn_at__isnull=True,
            answers__isnull=True,
            created_at__gte=timezone.now() - SIGNAL_OPEN_FOR,
        ).exists()
        if open_already:
            raise Conflict(
                _("Your partner can already see that you could use some support."),
                code="already_open",
            )
        signal = Signal.objects.create(couple=couple, sender=user, note=note)
        # Their turn: it stays on their list until they answer, or it is taken back.
        waiting.invite(
            actor=user,
            couple=couple,
            kind="support_signal",
            ref=signal_ref(signal.pk),
            url=signal_url(signal.pk),
            partner=partner,
        )
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="signal_sent")
    return signal


def _current[M: (Signal, GoodNews)](*, user: User, model: type[M], pk: int) -> M:
    couple = couple_for(user)
    found = model.objects.filter(pk=pk, couple=couple).first() if couple else None
    if found is None:
        raise NotFound(_("There is nothing like that in your space."))
    return found


def signal_withdraw(*, user: User, signal_id: int) -> Signal:
    """Take a signal back, for any reason or none."""
    signal = _current(user=user, model=Signal, pk=signal_id)
    if signal.sender_id != user.pk:
        raise NotFound(_("There is nothing like that in your space."))
    if signal.withdrawn_at is not None:
        raise Conflict(_("You already took this one back."), code="already_withdrawn")
    with transaction.atomic():
        signal.withdrawn_at = timezone.now()
        signal.save(update_fields=["withdrawn_at"])
        waiting.withdraw(ref=signal_ref(signal.pk), couple=signal.couple)
    activity_record(user=user, couple=signal.couple, practice=PRACTICE, kind="signal_withdrawn")
    return signal


def signal_answer(
    *, user: User, signal_id: int, kind: str, call_at: time | None = None, text: str = ""
) -> SignalAnswer:
    """Answer your partner's signal with one tap, or a short note."""
    signal = _current(user=user, model=Signal, pk=signal_id)
    if signal.sender_id == user.pk:
        raise Conflict(_("This is your own signal; your partner answers it."), code="own_signal")
    if kind not in AnswerKind.values:
        raise Invalid(
            _("Answer with one of: %(kinds)s.") % {"kinds": ", ".join(AnswerKind.values)},
            code="invalid_answer",
        )
    text = _text(text, limit=MAX_ANSWER)
    if kind == AnswerKind.NOTE and not text:
        raise Invalid(
            _("Write a few words, or pick one of the quick answers."), code="text_required"
        )
    if kind != AnswerKind.CALL:
        call_at = None
    if signal.withdrawn_at is not None:
        raise Gone(
            _("They took this one back, so there's nothing to answer right now."),
            code="withdrawn",
        )
    if signal.answers.count() >= MAX_REPLIES:
        raise Conflict(_("This one has plenty of answers already."), code="thread_full")
    with transaction.atomic():
        answer = SignalAnswer.objects.create(
            signal=signal, user=user, kind=kind, call_at=call_at, text=text
        )
        # Closes the answerer's own "could use some support" item: they were there.
        waiting.invite(
            actor=user,
            couple=signal.couple,
            kind="signal_answered",
            ref=signal_ref(signal.pk),
            url=signal_url(signal.pk),
            partner=signal.sender,
        )
    activity_record(user=user, couple=signal.couple, practice=PRACTICE, kind="signal_answered")
    return answer


def good_news_share(*, user: User, text: str) -> GoodNews:
    text = _text(text, limit=MAX_GOOD_NEWS)
    if not text:
        raise Invalid(_("Tell them what happened, even in a few words."), code="text_required")
    couple, partner = _with_partner(
        user, _("Good news goes to your partner, so this opens once they have joined your space.")
    )
    with transaction.atomic():
        news = GoodNews.objects.create(couple=couple, author=user, text=text)
        waiting.invite(
            actor=user,
            couple=couple,
            kind="good_news",
            ref=good_news_ref(news.pk),
            url=good_news_url(news.pk),
            partner=partner,
        )
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="good_news_shared")
    return news


def good_news_reply(*, user: User, good_news_id: int, text: str) -> GoodNewsReply:
    news = _current(user=user, model=GoodNews, pk=good_news_id)
    text = _text(text, limit=MAX_REPLY)
    if not text:
        raise Invalid(_("Write something before sending."), code="text_required")
    if news.replies.count() >= MAX_REPLIES:
        raise Conflict(_("This conversation is full."), code="thread_full")
    ref = good_news_ref(news.pk)
    with transaction.atomic():
        reply = GoodNewsReply.objects.create(good_news=news, user=user, text=text)
        # Whoever replies has seen the news and what was said before: those items close.
        waiting.seen(user=user, refs=[ref])
        waiting.invite(
            actor=user,
            couple=news.couple,
            kind="reply",
            ref=ref,
            url=good_news_url(news.pk),
            # The other of the two: the author, or their partner when the author replies.
            partner=news.author if news.author_id != user.pk else None,
        )
    activity_record(user=user, couple=news.couple, practice=PRACTICE, kind="good_news_replied")
    return reply


def good_news_react(*, user: User, good_news_id: int, kind: str | None) -> GoodNewsReaction | None:
    """Answer your partner's good news in one tap (or take it back with None)."""
    news = _current(user=user, model=GoodNews, pk=good_news_id)
    if news.author_id == user.pk:
        raise Conflict(_("This is your own good news; your partner reacts to it."), code="own_news")
    if kind is not None and kind not in GOOD_NEWS_REACTIONS:
        raise Invalid(
            _("Unknown reaction. Choose one of: %(kinds)s.")
            % {"kinds": ", ".join(GOOD_NEWS_REACTIONS)},
            code="invalid_reaction",
        )
    if kind is None:
        GoodNewsReaction.objects.filter(good_news=news, user=user).delete()
        return None
    ref = good_news_ref(news.pk)
    with transaction.atomic():
        reaction, created = GoodNewsReaction.objects.get_or_create(
            good_news=news, user=user, defaults={"couple": news.couple, "kind": kind}
        )
        if created or reaction.kind != kind:
            reaction.kind = kind
            reaction.save(update_fields=["kind"])
            waiting.seen(user=user, refs=[ref])
            waiting.invite(
                actor=user,
                couple=news.couple,
                kind="reaction",
                ref=ref,
                url=good_news_url(news.pk),
                partner=news.author,
            )
    return reaction
