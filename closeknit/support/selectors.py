"""Reads for emotional support, with the visibility rules in one place.

- Mood entries: the author sees their own; the partner sees only entries shared with a
  couple they share(d), never a count or trace of the rest.
- Signals and good news: the author always; the partner unless the author left taking
  their entries, or the partner is the one who left. Answers and replies likewise.
- Nothing here records or returns whether the partner has seen anything.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Couple, Membership
from closeknit.couples.services import couple_for, partner_of
from closeknit.support.guidance import suggestions_for
from closeknit.support.models import (
    GoodNews,
    GoodNewsReaction,
    GoodNewsReply,
    MoodEntry,
    Signal,
    SignalAnswer,
    SupportPreference,
)
from closeknit.support.services import SIGNAL_OPEN_FOR

PAGE_SIZE = 20
RECENT_MOODS = 30
GOOD_NEWS_FRESH_FOR = timedelta(days=7)
SHARED_MOOD_FRESH_FOR = timedelta(days=3)


def _visible(user: User, author_field: str) -> Q:
    """Rows of a couple this person is or was in: their own, or their partner's when the
    partner did not take them on leaving and this person is not the one who left."""
    couples = Membership.objects.filter(user=user).values("couple_id")
    mine = Q(**{author_field: user})
    theirs = Q(couple_id__in=couples, left_with_author=False) & ~Q(couple__ended_by=user)
    return mine | theirs


def own_moods(*, user: User, limit: int = RECENT_MOODS) -> list[MoodEntry]:
    return list(MoodEntry.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])


def shared_moods(
    *, user: User, limit: int = 10, couple: Couple | None = None, since: datetime | None = None
) -> list[MoodEntry]:
    """Check-ins the partner chose to show this person, one by one."""
    entries = MoodEntry.objects.filter(
        shared_with_id__in=Membership.objects.filter(user=user).values("couple_id")
    )
    if couple is not None:
        entries = entries.filter(shared_with=couple)
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    return list(
        entries.exclude(user=user)
        .exclude(shared_with__ended_by=user)
        .select_related("user")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class PreferenceView:
    mine: SupportPreference | None
    partner: User | None
    theirs: SupportPreference | None


def preferences_view(*, user: User, couple: Couple | None = None) -> PreferenceView:
    couple = couple if couple is not None else couple_for(user)
    partner = partner_of(user=user, couple=couple) if couple else None
    people = [user.pk] + ([partner.pk] if partner else [])
    found = {p.user_id: p for p in SupportPreference.objects.filter(user_id__in=people)}
    return PreferenceView(
        mine=found.get(user.pk), partner=partner, theirs=found.get(partner.pk) if partner else None
    )


@dataclass
class SignalView:
    signal: Signal
    from_me: bool
    answers: list[SignalAnswer]
    in_current_couple: bool
    # The sender's preferences and ways to respond, for the partner only.
    preference: SupportPreference | None = None
    suggestions: list[str] = field(default_factory=list)

    @property
    def withdrawn(self) -> bool:
        return self.signal.withdrawn_at is not None

    @property
    def is_open(self) -> bool:
        fresh = self.signal.created_at >= timezone.now() - SIGNAL_OPEN_FOR
        return self.in_current_couple and not self.withdrawn and fresh

    @property
    def can_answer(self) -> bool:
        return self.in_current_couple and not self.from_me and not self.withdrawn


def _signals(user: User) -> QuerySet[Signal]:
    return (
        Signal.objects.filter(_visible(user, "sender"))
        .select_related("couple")
        .prefetch_related(Prefetch("answers", queryset=SignalAnswer.objects.all()))
        .order_by("-created_at", "-pk")
    )


def _signal_view(
    *, user: User, signal: Signal, couple: Couple | None, prefs: PreferenceView
) -> SignalView:
    from_me = signal.sender_id == user.pk
    in_current = couple is not None and signal.couple_id == couple.pk
    left_by_me = signal.couple.ended_by_id == user.pk
    answers = [
        a
        for a in signal.answers.all()
        if a.user_id == user.pk or (from_me and not a.left_with_author and not left_by_me)
    ]
    view = SignalView(signal=signal, from_me=from_me, answers=answers, in_current_couple=in_current)
    if not from_me and in_current:
        view.preference = prefs.theirs
        view.suggestions = suggestions_for(prefs.theirs.ways if prefs.theirs else [])
    return view


def signal_view(*, user: User, signal_id: int) -> SignalView | None:
    signal = _signals(user).filter(pk=signal_id).first()
    if signal is None:
        return None
    couple = couple_for(user)
    return _signal_view(
        user=user, signal=signal, couple=couple, prefs=preferences_view(user=user, couple=couple)
    )


@dataclass
class Page[T]:
    items: list[T]
    page: int
    has_next: bool


def signals_page(*, user: User, page: int = 1) -> Page[SignalView]:
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    rows = list(_signals(user)[start : start + PAGE_SIZE + 1])
    couple = couple_for(user)
    prefs = preferences_view(user=user, couple=couple)
    views = [_signal_view(user=user, signal=s, couple=couple, prefs=prefs) for s in rows]
    return Page(items=views[:PAGE_SIZE], page=page, has_next=len(rows) > PAGE_SIZE)


@dataclass
class GoodNewsView:
    news: GoodNews
    from_me: bool
    replies: list[GoodNewsReply]
    in_current_couple: bool
    replied_by_me: bool = False
    reaction: GoodNewsReaction | None = None  # the partner's, or your own

    @property
    def can_react(self) -> bool:
        return self.in_current_couple and not self.from_me


def _good_news(user: User) -> QuerySet[GoodNews]:
    return (
        GoodNews.objects.filter(_visible(user, "author"))
        .select_related("couple", "author")
        .prefetch_related(
            Prefetch("replies", queryset=GoodNewsReply.objects.all()),
            Prefetch("reactions", queryset=GoodNewsReaction.objects.all()),
        )
        .order_by("-created_at", "-pk")
    )


def _news_view(*, user: User, news: GoodNews, couple: Couple | None) -> GoodNewsView:
    left_by_me = news.couple.ended_by_id == user.pk
    replies = [
        r
        for r in news.replies.all()
        if r.user_id == user.pk or (not r.left_with_author and not left_by_me)
    ]
    reactions = [
        r
        for r in news.reactions.all()
        if r.user_id == user.pk or (not r.left_with_author and not left_by_me)
    ]
    return GoodNewsView(
        news=news,
        from_me=news.author_id == user.pk,
        replies=replies,
        in_current_couple=couple is not None and news.couple_id == couple.pk,
        replied_by_me=any(r.user_id == user.pk for r in replies),
        reaction=reactions[0] if reactions else None,
    )


def good_news_view(*, user: User, good_news_id: int) -> GoodNewsView | None:
    news = _good_news(user).filter(pk=good_news_id).first()
    if news is None:
        return None
    return _news_view(user=user, news=news, couple=couple_for(user))


def good_news_page(*, user: User, page: int = 1) -> Page[GoodNewsView]:
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    rows = list(_good_news(user)[start : start + PAGE_SIZE + 1])
    couple = couple_for(user)
    views = [_news_view(user=user, news=n, couple=couple) for n in rows]
    return Page(items=views[:PAGE_SIZE], page=page, has_next=len(rows) > PAGE_SIZE)


@dataclass
class Live:
    """What's new in the current space, for the index page and its polling partial."""

    partner: User | None
    prefs: PreferenceView | None
    their_signals: list[SignalView] = field(default_factory=list)
    my_signal: SignalView | None = None
    good_news: list[GoodNewsView] = field(default_factory=list)
    shared_moods: list[MoodEntry] = field(default_factory=list)


def live(*, user: User) -> Live:
    couple = couple_for(user)
    if couple is None:
        return Live(partner=None, prefs=None)
    prefs = preferences_view(user=user, couple=couple)
    now = timezone.now()
    signals = (
        Signal.objects.filter(
            couple=couple, withdrawn_at__isnull=True, created_at__gte=now - SIGNAL_OPEN_FOR
        )
        .select_related("couple")
        .prefetch_related("answers")
        .order_by("-created_at", "-pk")[:10]
    )
    views = [_signal_view(user=user, signal=s, couple=couple, prefs=prefs) for s in signals]
    news = (
        GoodNews.objects.filter(couple=couple, created_at__gte=now - GOOD_NEWS_FRESH_FOR)
        .select_related("couple", "author")
        .prefetch_related("replies", "reactions")
        .order_by("-created_at", "-pk")[:5]
    )
    return Live(
        partner=prefs.partner,
        prefs=prefs,
        their_signals=[v for v in views if not v.from_me],
        my_signal=next((v for v in views if v.from_me), None),
        good_news=[_news_view(user=user, news=n, couple=couple) for n in news],
        shared_moods=shared_moods(
            user=user, limit=3, couple=couple, since=now - SHARED_MOOD_FRESH_FOR
        ),
    )
