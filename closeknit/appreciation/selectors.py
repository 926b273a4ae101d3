"""Reads for kindness and appreciation, with the visibility rules in one place.

- A note is seen by its author always, and by its recipient unless the author left the
  couple taking their entries (`left_with_author`) or the recipient is the one who left
  (the leaver no longer sees anything of the partner's).
- A noticed-it entry is seen by its author only. Nothing here counts them.
- Care preferences are seen by their owner and by their current partner.
- A reaction or reply to a note is seen by the one who wrote it always, and by the
  note's author unless the replier left taking their entries, or the author is the one
  who left.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Model, QuerySet
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.appreciation.models import (
    CARE_KINDS,
    CarePreference,
    KindnessIdea,
    Note,
    NoteReaction,
    NoteReply,
    NoticedEntry,
)
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for, partner_of

PAGE_SIZE = 20
SUGGESTIONS = 6


def received_notes(*, user: User) -> QuerySet[Note]:
    return (
        Note.objects.filter(recipient=user, left_with_author=False)
        .exclude(couple__ended_by=user)
        .select_related("author", "couple")
        .order_by("-created_at", "-pk")
    )


def sent_notes(*, user: User) -> QuerySet[Note]:
    return (
        Note.objects.filter(author=user)
        .select_related("recipient", "couple")
        .order_by("-created_at", "-pk")
    )


def note_for(*, user: User, note_id: int) -> Note | None:
    """A note this person wrote, or received and may still see."""
    mine = sent_notes(user=user).filter(pk=note_id).first()
    return mine or received_notes(user=user).filter(pk=note_id).first()


@dataclass
class Responses:
    """The recipient's answer to one note, as the reader may see it."""

    reaction: NoteReaction | None
    replies: list[NoteReply]


def responses_for(*, user: User, note: Note) -> Responses:
    """What the recipient answered to `note`, for its recipient or its author."""
    if note.recipient_id is None:  # they deleted their account, and their answers with it
        return Responses(reaction=None, replies=[])
    reactions = NoteReaction.objects.filter(note=note, user_id=note.recipient_id)
    replies = NoteReply.objects.filter(note=note, user_id=note.recipient_id)
    if note.author_id == user.pk and note.recipient_id != user.pk:
        if note.couple.ended_by_id == user.pk:  # the author left: nothing of theirs shows
            return Responses(reaction=None, replies=[])
        reactions = reactions.filter(left_with_author=False)
        replies = replies.filter(left_with_author=False)
    elif note.recipient_id != user.pk:
        return Responses(reaction=None, replies=[])
    return Responses(reaction=reactions.first(), replies=list(replies.order_by("created_at", "pk")))


def can_answer(*, user: User, note: Note) -> bool:
    """Only the recipient answers a note, and only while both are still in its space."""
    if note.recipient_id != user.pk:
        return False
    couple = couple_for(user)
    return couple is not None and couple.pk == note.couple_id


def new_notes(*, user: User, limit: int = 5) -> list[Note]:
    """Notes the person has not opened yet, newest first (a list, never a tally)."""
    return list(received_notes(user=user).filter(read_at__isnull=True)[:limit])


@dataclass
class Page[T]:
    items: list[T]
    page: int
    has_next: bool


def _page[M: Model](queryset: QuerySet[M], page: int) -> Page[M]:
    # One extra row tells whether there is a next page, without counting anything.
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    return Page(items=rows[:PAGE_SIZE], page=page, has_next=len(rows) > PAGE_SIZE)


def notes_page(*, user: User, box: str = "received", page: int = 1) -> Page[Note]:
    """`box` is received, kept (the keepsakes) or sent."""
    if box == "sent":
        return _page(sent_notes(user=user), page)
    notes = received_notes(user=user)
    if box == "kept":
        notes = notes.filter(kept=True)
    return _page(notes, page)


def noticed_page(*, user: User, page: int = 1) -> Page[NoticedEntry]:
    entries = NoticedEntry.objects.filter(user=user).order_by("-created_at", "-pk")
    return _page(entries, page)


@dataclass
class CareView:
    mine: CarePreference | None
    partner: User | None
    theirs: CarePreference | None


def care_view(*, user: User, couple: Couple | None = None) -> CareView:
    couple = couple if couple is not None else couple_for(user)
    partner = partner_of(user=user, couple=couple) if couple else None
    people = [user.pk] + ([partner.pk] if partner else [])
    found = {p.user_id: p for p in CarePreference.objects.filter(user_id__in=people)}
    return CareView(
        mine=found.get(user.pk),
        partner=partner,
        theirs=found.get(partner.pk) if partner else None,
    )


@dataclass
class Suggestions:
    ideas: list[KindnessIdea]
    # "partner": from the partner's preferences; "own": from your own (alone);
    # "mix": nobody has said yet, so a bit of everything.
    based_on: str
    kinds: list[str] = field(default_factory=list)  # the kinds drawn from, in order


def _slots(levels: dict[str, int]) -> list[str]:
    """Kinds to draw from, repeated by how much each means (0 never)."""
    ordered = sorted(CARE_KINDS, key=lambda k: (-levels[k], CARE_KINDS.index(k)))
    return [k for k in ordered for _n in range(levels[k])]


def _today_for(user: User) -> date:
    """The person's own date, whatever timezone the request happens to run in."""
    try:
        return timezone.localdate(timezone=ZoneInfo(user.timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.localdate()


def suggestions(
    *,
    user: User,
    kind: str = "",
    shuffle: int = 0,
    day: date | None = None,
    care: CareView | None = None,
) -> Suggestions:
    """Kindness ideas for this person to try, keyed to what their partner said makes
    them feel cared for (or, alone, to their own answers). Stable for a day; `shuffle`
    asks for another set."""
    view = care if care is not None else care_view(user=user)
    if view.partner is not None:
        preference, based_on = view.theirs, "partner"
    else:
        preference, based_on = view.mine, "own"
    if preference is None:
        based_on = "mix"
    levels = preference.levels() if preference else dict.fromkeys(CARE_KINDS, 1)
    slots = [kind] if kind else (_slots(levels) or list(CARE_KINDS))
    kinds = list(dict.fromkeys(slots))
    pool: dict[str, list[KindnessIdea]] = {k: [] for k in kinds}
    for idea in KindnessIdea.objects.filter(retired=False, kind__in=kinds).order_by("id"):
        pool[idea.kind].append(idea)
    day = day or _today_for(user)
    rng = random.Random(f"{user.pk}:{day.isoformat()}:{shuffle}")
    for ideas in pool.values():
        rng.shuffle(ideas)
    picked: list[KindnessIdea] = []
    want = PAGE_SIZE if kind else SUGGESTIONS
    while len(picked) < want and any(pool.values()):
        for k in slots:
            if pool[k] and len(picked) < want:
                picked.append(pool[k].pop())
    return Suggestions(ideas=picked, based_on=based_on, kinds=kinds)
