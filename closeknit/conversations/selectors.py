"""Reading the communication toolkit as one person sees it. The visibility rules live
here, for the web pages and the API alike:

- a session or guide is visible to the members of its couple (current or past); anyone
  else gets None, which the interfaces turn into 404;
- after the space ended, the leaver sees only their own words, and the partner no
  longer sees the words of a leaver who took their entries with them;
- a side of a guide shows to the partner only after both are done; an observer
  reflection only when its author shares it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.conversations.models import (
    Guide,
    ListeningSession,
    Mode,
    ObserverNote,
    Pause,
    Phrase,
    PhraseGroup,
    Side,
    Step,
    Turn,
)
from closeknit.conversations.services.listening import compose_statement
from closeknit.couples.models import Couple, Membership
from closeknit.safety import services as safety

RECENT = 5
# A pause whose time has come still shows for a while, as "time to come back".
PAUSE_LINGERS = timedelta(hours=6)


def _couple_ids(user: User) -> Any:
    return Membership.objects.filter(user=user).values("couple_id")


def _can_see_partner(couple: Couple, user: User) -> bool:
    return couple.ended_by_id != user.pk


def label_shown(guide: Guide, *, user: User) -> str:
    """A guide's label is its starter's words: the starter always sees it; the other
    person only while the starter's entries stay and they did not leave themselves."""
    if guide.started_by_id == user.pk:
        return guide.label
    if guide.started_by_id is None or guide.label_withdrawn:
        return ""
    return guide.label if _can_see_partner(guide.couple, user) else ""


def _shown(row: Turn | Side | ObserverNote, *, user: User, couple: Couple) -> bool:
    if row.user_id == user.pk:
        return True
    return _can_see_partner(couple, user) and not row.withdrawn


# Listening sessions ------------------------------------------------------------------


@dataclass
class TurnView:
    turn: Turn
    by_me: bool
    name: str

    @property
    def sentence(self) -> str:
        return compose_statement(
            feeling=self.turn.feeling, situation=self.turn.situation, need=self.turn.need
        )


@dataclass
class Round:
    number: int
    turns: list[TurnView]


@dataclass
class SessionView:
    session: ListeningSession
    me: User
    speaker: User | None
    listener: User | None
    rounds: list[Round]
    in_current_couple: bool

    @property
    def is_open(self) -> bool:
        return self.session.is_open and self.in_current_couple

    @property
    def apart(self) -> bool:
        return self.session.mode == Mode.APART

    @property
    def actor(self) -> User | None:
        return self.listener if self.session.step == Step.REFLECT else self.speaker

    @property
    def my_move(self) -> bool:
        """Apart: whether it's this person's move. Together: always (one device)."""
        if not self.is_open:
            return False
        return not self.apart or (self.actor is not None and self.actor.pk == self.me.pk)

    @property
    def partner(self) -> User | None:
        return next(
            (p for p in (self.speaker, self.listener) if p is not None and p.pk != self.me.pk),
            None,
        )

    @property
    def last_reflection(self) -> TurnView | None:
        turns = self.rounds[-1].turns if self.rounds else []
        return next((t for t in reversed(turns) if t.turn.kind == "reflection"), None)


def visible_sessions(user: User) -> QuerySet[ListeningSession]:
    return ListeningSession.objects.filter(couple_id__in=_couple_ids(user))


def session_view(*, user: User, session_id: int) -> SessionView | None:
    session = (
        visible_sessions(user)
        .filter(pk=session_id)
        .select_related("couple", "speaker", "listener")
        .prefetch_related(Prefetch("turns", queryset=Turn.objects.order_by("created_at", "pk")))
        .first()
    )
    if session is None:
        return None
    couple = session.couple
    names = {p.pk: p.name for p in (session.speaker, session.listener) if p is not None}
    rounds: dict[int, list[TurnView]] = {}
    for turn in session.turns.all():
        if _shown(turn, user=user, couple=couple):
            view = TurnView(
                turn=turn, by_me=turn.user_id == user.pk, name=names.get(turn.user_id, "")
            )
            rounds.setdefault(turn.round, []).append(view)
    if session.round not in rounds and session.is_open:
        rounds[session.round] = []
    return SessionView(
        session=session,
        me=user,
        speaker=session.speaker,
        listener=session.listener,
        rounds=[Round(number=n, turns=t) for n, t in sorted(rounds.items())],
        in_current_couple=couple.ended_at is None,
    )


def session_state(*, user: User, session_id: int) -> ListeningSession | None:
    """Just the session row, for the partner's poll: no turns, no decryption."""
    return (
        visible_sessions(user)
        .filter(pk=session_id)
        .select_related("speaker", "listener", "couple")
        .first()
    )


def open_sessions(*, couple: Couple | None) -> list[ListeningSession]:
    if couple is None:
        return []
    return list(
        ListeningSession.objects.filter(couple=couple, ended_at__isnull=True)
        .select_related("speaker", "listener")
        .order_by("-updated_at")[:RECENT]
    )


def recent_sessions(*, user: User, limit: int = 20) -> list[ListeningSession]:
    return list(
        visible_sessions(user)
        .select_related("speaker", "listener")
        .order_by("-created_at", "-pk")[:limit]
    )


# The pause --------------------------------------------------------------------------


@dataclass
class PauseView:
    pause: Pause
    set_by_me: bool
    now: datetime

    @property
    def return_at(self) -> datetime:
        return self.pause.return_at

    @property
    def due(self) -> bool:
        return self.pause.return_at <= self.now


def current_pause(
    *, user: User, couple: Couple | None, now: datetime | None = None
) -> PauseView | None:
    if couple is None:
        return None
    now = now or timezone.now()
    pause = Pause.objects.filter(couple=couple, return_at__gt=now - PAUSE_LINGERS).first()
    if pause is None:
        return None
    return PauseView(pause=pause, set_by_me=pause.set_by_id == user.pk, now=now)


# The after-a-disagreement guide -----------------------------------------------------


@dataclass
class GuideView:
    guide: Guide
    mine: Side | None
    theirs: Side | None  # only once both are done, and while it may be shown
    partner_done: bool  # before the reveal: they are ready and waiting for you
    my_note: ObserverNote | None
    their_note: ObserverNote | None  # only when they shared it
    partner: User | None
    in_current_couple: bool
    label: str

    @property
    def revealed(self) -> bool:
        return self.guide.revealed_at is not None

    @property
    def can_write(self) -> bool:
        return self.in_current_couple and not self.revealed


@dataclass
class GuideSummary:
    guide: Guide
    mine_done: bool
    partner_done: bool
    label: str


def visible_guides(user: User) -> QuerySet[Guide]:
    return Guide.objects.filter(couple_id__in=_couple_ids(user))


def _partner_in(couple: Couple, user: User) -> User | None:
    membership = (
        Membership.objects.filter(couple=couple).exclude(user=user).select_related("user").first()
    )
    return membership.user if membership else None


def guide_view(*, user: User, guide_id: int) -> GuideView | None:
    guide = (
        visible_guides(user)
        .filter(pk=guide_id)
        .select_related("couple")
        .prefetch_related("sides", "observer_notes")
        .first()
    )
    if guide is None:
        return None
    couple = guide.couple
    sides = list(guide.sides.all())
    notes = list(guide.observer_notes.all())
    mine = next((s for s in sides if s.user_id == user.pk), None)
    other = next((s for s in sides if s.user_id != user.pk), None)
    theirs = (
        other if other and guide.is_revealed and _shown(other, user=user, couple=couple) else None
    )
    their_note = next(
        (
            n
            for n in notes
            if n.user_id != user.pk and n.shared and _shown(n, user=user, couple=couple)
        ),
        None,
    )
    return GuideView(
        guide=guide,
        mine=mine,
        theirs=theirs,
        partner_done=(
            other is not None and other.is_done and not guide.is_revealed and couple.is_active
        ),
        my_note=next((n for n in notes if n.user_id == user.pk), None),
        their_note=their_note,
        partner=_partner_in(couple, user) if _can_see_partner(couple, user) else None,
        in_current_couple=couple.is_active,
        label=label_shown(guide, user=user),
    )


def recent_guides(*, user: User, limit: int = RECENT) -> list[GuideSummary]:
    """Newest first, with who is done: never anyone's words."""
    guides = list(
        visible_guides(user)
        .select_related("couple")
        .prefetch_related(Prefetch("sides", queryset=Side.objects.only("guide", "user", "done_at")))
        .order_by("-created_at", "-pk")[:limit]
    )
    summaries = []
    for guide in guides:
        sides = list(guide.sides.all())
        summaries.append(
            GuideSummary(
                guide=guide,
                mine_done=any(s.user_id == user.pk and s.is_done for s in sides),
                partner_done=any(s.user_id != user.pk and s.is_done for s in sides),
                label=label_shown(guide, user=user),
            )
        )
    return summaries


def sensitive_tools_state(user: User) -> str:
    """'open', 'check' (take the private check first) or 'off' (shown quietly as
    unavailable, never why)."""
    if not safety.tools_open(user):
        return "off"
    return "check" if safety.needs_check(user) else "open"


# Phrases ----------------------------------------------------------------------------


@dataclass
class PhraseGroupView:
    key: str
    label: str
    phrases: list[Phrase]


def phrase_groups(*, group: str = "", limit_each: int | None = None) -> list[PhraseGroupView]:
    queryset = Phrase.objects.filter(retired=False).order_by("id")
    if group:
        queryset = queryset.filter(group=group)
    by_group: dict[str, list[Phrase]] = {}
    for phrase in queryset:
        by_group.setdefault(phrase.group, []).append(phrase)
    return [
        PhraseGroupView(
            key=key,
            label=str(label),
            phrases=by_group[key][:limit_each] if limit_each else by_group[key],
        )
        for key, label in PhraseGroup.choices
        if key in by_group
    ]
