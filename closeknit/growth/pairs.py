"""'This or that' and 'would you rather' rounds: quick picks, then a side-by-side reveal.

1. Either of you starts a round: a few pairs from the library (content/this-or-that/),
   the ones this couple has seen least first, so none comes back before all have.
2. Each of you picks alone, one tap per pair (skip any). Your picks stay hidden from your
   partner until you have both picked.
3. The second one to finish reveals the round to both, exactly once (the round's row is
   locked). The same pick shows warmly, a different one as a fun split; nothing is
   counted or scored, in a round or across rounds.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from closeknit.accounts.models import User
from closeknit.goals.selectors import row_shown
from closeknit.goals.spaces import Space, space_for
from closeknit.growth.models import Pair, PairItem, PairRound, Pick
from closeknit.growth.rotation import least_used
from closeknit.growth.services import record
from closeknit.lib.errors import Conflict, Forbidden, Invalid, NotFound
from closeknit.nudges import waiting

PAIRS_PER_ROUND = 6
MAX_OPEN_ROUNDS = 3

# One line under each pair in the reveal, taken in turn: warm for the same pick, playful
# for a split. Never a tally.
SAME_LINES: tuple[Promise, ...] = (
    gettext_lazy("Same pick!"),
    gettext_lazy("In step on this one."),
    gettext_lazy("Great minds."),
)
SPLIT_LINES: tuple[Promise, ...] = (
    gettext_lazy("A split: ask each other why."),
    gettext_lazy("Different picks, and a story in each."),
    gettext_lazy("One each: you could take turns."),
)


def pair_round_ref(round_id: int) -> str:
    """The place a round's waiting items point at (closeknit.nudges.waiting)."""
    return f"pairs:{round_id}"


def pair_rounds_of(user: User) -> QuerySet[PairRound]:
    """Every round this person took part in (the only ones they can ever open)."""
    return PairRound.objects.filter(Q(starter=user) | Q(partner=user))


def pair_round_start(*, user: User) -> PairRound:
    space = space_for(user)
    partner = space.partner
    if space.couple is None or partner is None:
        raise Conflict(
            _("These rounds need two: they open once your partner has joined your space."),
            code="no_partner",
        )
    with transaction.atomic():
        open_rounds = PairRound.objects.select_for_update().filter(
            couple=space.couple, revealed_at__isnull=True
        )
        if open_rounds.count() >= MAX_OPEN_ROUNDS:
            raise Conflict(
                _("You have rounds waiting already. Finish or remove one first."),
                code="too_many",
            )
        live = list(Pair.objects.filter(retired=False).order_by("id").values_list("id", flat=True))
        if not live:
            raise Conflict(_("There are no pairs to play with yet."), code="no_pairs")
        seen = PairItem.objects.filter(couple=space.couple).values_list("pair_id", flat=True)
        chosen = least_used(live, seen, PAIRS_PER_ROUND)
        round_ = PairRound.objects.create(couple=space.couple, starter=user, partner=partner)
        PairItem.objects.bulk_create(
            PairItem(round=round_, couple=space.couple, position=n, pair_id=key)
            for n, key in enumerate(chosen, start=1)
        )
        record(space, "pairs_started")
    return round_


def _round_locked(*, user: User, round_id: int) -> tuple[Space, PairRound]:
    space = space_for(user)
    round_ = pair_rounds_of(user).select_for_update().filter(pk=round_id).first()
    if round_ is None:
        raise NotFound(_("There is no such round in your space."))
    if space.couple is None or round_.couple_id != space.couple.pk:
        raise Conflict(
            _("This round belongs to a space that has ended; it can't change now."),
            code="space_ended",
        )
    return space, round_


def picks_save(*, user: User, round_id: int, picks: Mapping[int, str]) -> PairRound:
    """One person's picks ("a" or "b" by position; blank or missing skips). The second
    person to finish reveals the round to both."""
    with transaction.atomic():
        space, round_ = _round_locked(user=user, round_id=round_id)
        mine = "starter" if round_.starter_id == user.pk else "partner"
        theirs = "partner" if mine == "starter" else "starter"
        if getattr(round_, f"{mine}_done_at") is not None:
            raise Conflict(_("Your picks are in already."), code="already_picked")
        items = list(round_.items.all())
        positions = {i.position for i in items}
        unknown = set(picks) - positions
        if unknown:
            raise Invalid(
                _("There is no pair %(n)s in this round.") % {"n": min(unknown)},
                code="bad_position",
            )
        bad = [p for p in picks.values() if p not in (*Pick.values, "")]
        if bad:
            raise Invalid(_("Pick a or b for each pair, or leave it blank."), code="bad_pick")
        if not any(picks.values()):
            raise Invalid(_("Pick at least one; skip the rest if you like."), code="empty")
        for item in items:
            setattr(item, f"{mine}_pick", picks.get(item.position, ""))
        PairItem.objects.bulk_update(items, [f"{mine}_pick"])
        now = timezone.now()
        setattr(round_, f"{mine}_done_at", now)
        both = getattr(round_, f"{theirs}_done_at") is not None
        if both:
            round_.revealed_at = now
        round_.save(update_fields=[f"{mine}_done_at", "revealed_at"])
        record(space, "pairs_picked")
        waiting.invite(
            actor=user,
            couple=space.couple,
            kind="reveal_ready" if both else "pairs_turn",
            ref=pair_round_ref(round_.pk),
            url=f"/growth/pairs/{round_.pk}/",
            partner=space.partner,
        )
    return round_


def pair_round_delete(*, user: User, round_id: int) -> None:
    """'Not now': whoever started a round can remove it until it is revealed."""
    with transaction.atomic():
        space, round_ = _round_locked(user=user, round_id=round_id)
        if round_.starter_id != user.pk:
            raise Forbidden(
                _("Only the one who started this round can remove it."), code="not_starter"
            )
        if round_.revealed_at is not None:
            raise Conflict(_("A revealed round stays in your history."), code="already_revealed")
        ref = pair_round_ref(round_.pk)
        round_.delete()
        record(space, "pairs_round_removed")
        waiting.withdraw(ref=ref, couple=space.couple)


# Reading, as one person sees it: the web pages and the API both go through here.


@dataclass(frozen=True)
class PairItemView:
    position: int
    pair_id: str
    kind: str
    a: str
    b: str
    mine: str  # "a", "b" or "" (skipped or not picked yet)
    theirs: str | None  # None: not yours to see (yet, or no longer)
    line: str  # the playful line in the reveal, "" when there is none

    @property
    def same(self) -> bool:
        return bool(self.mine) and self.mine == self.theirs

    @property
    def sides(self) -> list[tuple[str, str]]:
        return [("a", self.a), ("b", self.b)]


@dataclass
class PairRoundView:
    round: PairRound
    items: list[PairItemView]
    role: str  # "starter" or "partner"
    current: bool
    my_name: str
    their_name: str

    @property
    def revealed(self) -> bool:
        return self.round.revealed_at is not None

    @property
    def i_am_done(self) -> bool:
        return getattr(self.round, f"{self.role}_done_at") is not None

    @property
    def they_are_done(self) -> bool:
        other = "partner" if self.role == "starter" else "starter"
        return getattr(self.round, f"{other}_done_at") is not None

    @property
    def stage(self) -> str:
        """pick, wait or revealed, for this person."""
        if self.revealed:
            return "revealed"
        return "wait" if self.i_am_done else "pick"


def _line(position: int, mine: str, theirs: str | None) -> str:
    if not mine or not theirs:
        return ""
    lines = SAME_LINES if mine == theirs else SPLIT_LINES
    return str(lines[(position - 1) % len(lines)])


def _view(space: Space, round_: PairRound) -> PairRoundView:
    role = "starter" if round_.starter_id == space.user.pk else "partner"
    other = "partner" if role == "starter" else "starter"
    other_id = getattr(round_, f"{other}_id")
    shown = round_.revealed_at is not None and row_shown(
        space=space,
        couple=round_.couple,
        author_id=other_id,
        withdrawn=getattr(round_, f"{other}_withdrawn"),
    )
    items = []
    for i in round_.items.all():
        mine = getattr(i, f"{role}_pick")
        theirs = getattr(i, f"{other}_pick") if shown else None
        items.append(
            PairItemView(
                position=i.position,
                pair_id=i.pair_id,
                kind=i.pair.kind,
                a=i.pair.a,
                b=i.pair.b,
                mine=mine,
                theirs=theirs,
                line=_line(i.position, mine, theirs) if shown else "",
            )
        )
    names = {m.pk: m.name for m in space.members}
    other_user = getattr(round_, other)
    return PairRoundView(
        round=round_,
        items=items,
        role=role,
        current=space.couple is not None and round_.couple_id == space.couple.pk,
        my_name=space.user.name,
        their_name=names.get(other_id, other_user.name),
    )


def _with_content(rows: QuerySet[PairRound]) -> QuerySet[PairRound]:
    return rows.select_related("couple", "starter", "partner").prefetch_related(
        Prefetch("items", queryset=PairItem.objects.select_related("pair").order_by("position"))
    )


def pair_round_view(*, space: Space, round_id: int) -> PairRoundView | None:
    found = _with_content(pair_rounds_of(space.user).filter(pk=round_id)).first()
    return _view(space, found) if found is not None else None


def pair_round_views(*, space: Space, limit: int = 20) -> list[PairRoundView]:
    rows = pair_rounds_of(space.user).order_by("-created_at", "-pk")
    return [_view(space, r) for r in _with_content(rows)[:limit]]
