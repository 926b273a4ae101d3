"""Reading the trust toolkit as one person sees it: the turn rules and the sharing rules
live here, for the web pages and the API alike."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from closeknit.accounts.models import User
from closeknit.couples.models import Membership
from closeknit.couples.services import couple_for
from closeknit.trust.models import (
    ClosenessSession,
    JournalEntry,
    JournalReaction,
    JournalReply,
    Mode,
    Status,
    Turn,
)
from closeknit.trust.questions import PER_SET, QUESTIONS, SET_TITLES, TOTAL, Question
from closeknit.trust.services import turn_holder

PAGE_SIZE = 20


def _couple_ids(user: User) -> QuerySet[Membership, int]:
    return Membership.objects.filter(user=user).values_list("couple_id", flat=True)


# Closeness sessions


@dataclass
class Exchange:
    """A question both have answered: both turns show (unless one was withdrawn)."""

    position: int
    question: Question
    mine: Turn | None
    theirs: Turn | None


@dataclass
class SessionView:
    session: ClosenessSession
    me: User
    partner: User | None
    in_current_space: bool
    holder: User | None  # whose turn it is at the open question
    my_current: Turn | None  # my answer to the open question, while waiting
    done: list[Exchange] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.session.status == Status.FINISHED

    @property
    def paused(self) -> bool:
        return self.session.status == Status.PAUSED

    @property
    def question(self) -> Question | None:
        position = self.session.position
        return QUESTIONS[position] if position < TOTAL and not self.finished else None

    @property
    def set_title(self) -> str:
        question = self.question
        return str(SET_TITLES[question.set_number]) if question else ""

    @property
    def number_in_set(self) -> int:
        return self.session.position % PER_SET + 1

    @property
    def together(self) -> bool:
        return self.session.mode == Mode.TOGETHER

    @property
    def can_act(self) -> bool:
        """This person may submit the open question's turn now."""
        if not self.in_current_space or self.question is None or self.paused:
            return False
        if self.holder is None:
            return False
        return self.together or self.holder.pk == self.me.pk

    @property
    def waiting(self) -> bool:
        """Apart, and it's the partner's turn: the page polls until it is mine again."""
        return (
            self.in_current_space
            and not self.together
            and self.question is not None
            and not self.paused
            and self.holder is not None
            and self.holder.pk != self.me.pk
        )


def sessions_visible(user: User) -> QuerySet[ClosenessSession]:
    """Sessions of every couple this person belongs or belonged to."""
    return ClosenessSession.objects.filter(couple_id__in=_couple_ids(user))


def session_list(*, user: User) -> list[ClosenessSession]:
    return list(sessions_visible(user).order_by("-started_at", "-pk")[:50])


def open_session(*, user: User) -> ClosenessSession | None:
    couple = couple_for(user)
    if couple is None:
        return None
    return ClosenessSession.objects.filter(couple=couple).exclude(status=Status.FINISHED).first()


def session_view(*, user: User, session_id: int) -> SessionView | None:
    session = (
        sessions_visible(user)
        .filter(pk=session_id)
        .select_related("couple", "first", "second")
        .first()
    )
    if session is None:
        return None
    couple = session.couple
    partner = session.second if session.first_id == user.pk else session.first
    # After leaving, the leaver no longer sees anything of the partner's.
    partner_visible = couple.ended_by_id != user.pk
    turns = list(Turn.objects.filter(session=session).order_by("position", "pk"))
    by_position: dict[int, dict[int, Turn]] = {}
    for turn in turns:
        by_position.setdefault(turn.position, {})[turn.user_id] = turn
    done = []
    for position in range(min(session.position, TOTAL)):
        pair = by_position.get(position, {})
        theirs = next((t for uid, t in pair.items() if uid != user.pk), None)
        if theirs is not None and (theirs.withdrawn or not partner_visible):
            theirs = None
        done.append(
            Exchange(
                position=position,
                question=QUESTIONS[position],
                mine=pair.get(user.pk),
                theirs=theirs,
            )
        )
    current = by_position.get(session.position, {})
    holder_id = turn_holder(session, set(current))
    people = {p.pk: p for p in (session.first, session.second) if p is not None}
    return SessionView(
        session=session,
        me=user,
        partner=partner,
        in_current_space=couple.ended_at is None and session.status != Status.FINISHED,
        holder=people.get(holder_id) if holder_id is not None else None,
        my_current=current.get(user.pk),
        done=done,
    )


# The journal


def journal_visible(user: User) -> QuerySet[JournalEntry]:
    """The person's own entries, and entries a partner shared with a couple they were in
    (unless they are the one who left it)."""
    shared = Q(shared_with_id__in=_couple_ids(user)) & ~Q(shared_with__ended_by=user)
    return JournalEntry.objects.filter(Q(user=user) | shared)


def journal_entry(*, user: User, entry_id: int) -> JournalEntry | None:
    return journal_visible(user).filter(pk=entry_id).select_related("user", "shared_with").first()


@dataclass
class JournalPage:
    mine: list[JournalEntry]
    shared_with_me: list[JournalEntry]
    page: int
    has_next: bool


def journal_page(*, user: User, page: int = 1) -> JournalPage:
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    mine = list(
        JournalEntry.objects.filter(user=user).order_by("-created_at", "-pk")[
            start : start + PAGE_SIZE + 1
        ]
    )
    theirs = list(
        journal_visible(user)
        .exclude(user=user)
        .select_related("user")
        .order_by("-shared_at", "-pk")[start : start + PAGE_SIZE + 1]
    )
    return JournalPage(
        mine=mine[:PAGE_SIZE],
        shared_with_me=theirs[:PAGE_SIZE],
        page=page,
        has_next=len(mine) > PAGE_SIZE or len(theirs) > PAGE_SIZE,
    )


@dataclass
class Thread:
    """What answers a shared entry, as one person may see it."""

    entry: JournalEntry
    viewer_id: int
    reactions: list[JournalReaction]
    replies: list[JournalReply]
    can_reply: bool  # shared with the person's current couple
    can_react: bool  # ... and written by their partner

    @property
    def my_reaction(self) -> str | None:
        return next((r.kind for r in self.reactions if r.user_id == self.viewer_id), None)


def journal_thread(*, user: User, entry: JournalEntry) -> Thread:
    """The reactions and replies under an entry the person can see. They show only while
    the entry is shared, and only those given in the space it is shared with: unsharing
    hides them from both, and a later partner never sees an earlier one's. Someone who
    left a space sees only their own words from it; a leaver's withdrawn replies are
    gone for the one who stayed."""
    couple = entry.shared_with
    if couple is None:
        return Thread(entry, user.pk, [], [], can_reply=False, can_react=False)
    replies = JournalReply.objects.filter(entry=entry, couple=couple).select_related("user")
    reactions = JournalReaction.objects.filter(entry=entry, couple=couple).select_related("user")
    if couple.ended_by_id == user.pk:
        replies, reactions = replies.filter(user=user), reactions.filter(user=user)
    else:
        replies = replies.filter(Q(user=user) | Q(withdrawn=False))
    current = couple.ended_at is None
    return Thread(
        entry,
        user.pk,
        list(reactions),
        list(replies),
        can_reply=current,
        can_react=current and entry.user_id != user.pk,
    )
