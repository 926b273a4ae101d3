"""Reading the intimacy toolkit as one person sees it.

The one place that reads a partner's list is `_partner_list`, and what leaves this module
about it is only (a) the items both accept, and (b) whether both opted in to adult items
and to the wider view. Whatever the partner answered outside a match, or whether they
answered at all, never changes anything returned here.
"""

from dataclasses import dataclass, field

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for, partner_of
from closeknit.intimacy.models import AFFECTION_KINDS, AffectionPreference, ListItem, Tier
from closeknit.intimacy.services import OwnList, own_list


@dataclass
class Space:
    couple: Couple | None
    partner: User | None


def space_of(user: User) -> Space:
    couple = couple_for(user)
    partner = partner_of(user=user, couple=couple) if couple is not None else None
    return Space(couple=couple, partner=partner)


def _partner_list(space: Space) -> OwnList:
    if space.partner is None or space.couple is None:
        return OwnList({}, False, False)
    return own_list(user=space.partner, couple=space.couple)


def _live_items(*, adult: bool) -> list[ListItem]:
    items = ListItem.objects.filter(retired=False)
    if not adult:
        items = items.exclude(tier=Tier.ADULT)
    return sorted(items, key=lambda item: item.sort_key)


def _agrees(mine: str | None, theirs: str | None, *, wide: bool) -> bool:
    accepted = ("yes", "maybe") if wide else ("yes",)
    return mine in accepted and theirs in accepted


@dataclass
class ListRow:
    item: ListItem
    answer: str | None  # the person's own answer


@dataclass
class ListState:
    items: list[ListItem]
    own: OwnList
    adult_shown: bool  # both opted in to adult items
    maybe_shown: bool  # both chose the wider view
    has_partner: bool

    @property
    def rows(self) -> list[ListRow]:
        return [ListRow(item=item, answer=self.own.answers.get(item.id)) for item in self.items]

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.id in self.own.answers)


def list_state(*, user: User, space: Space | None = None) -> ListState:
    space = space or space_of(user)
    own = own_list(user=user, couple=space.couple)
    theirs = _partner_list(space)
    adult_shown = own.adult and theirs.adult
    maybe_shown = own.maybe and theirs.maybe
    del theirs
    return ListState(
        items=_live_items(adult=adult_shown),
        own=own,
        adult_shown=adult_shown,
        maybe_shown=maybe_shown,
        has_partner=space.partner is not None,
    )


def visible_item_ids(*, user: User) -> set[str]:
    return {item.id for item in list_state(user=user).items}


@dataclass
class Matches:
    items: list[ListItem]
    adult_shown: bool
    maybe_shown: bool
    has_partner: bool


def matches(*, user: User, space: Space | None = None) -> Matches:
    """The items both partners accept, in library order (never in answer order)."""
    space = space or space_of(user)
    own = own_list(user=user, couple=space.couple)
    theirs = _partner_list(space)
    adult_shown = own.adult and theirs.adult
    wide = own.maybe and theirs.maybe
    found = [
        item
        for item in _live_items(adult=adult_shown)
        if _agrees(own.answers.get(item.id), theirs.answers.get(item.id), wide=wide)
    ]
    del theirs
    return Matches(
        items=found,
        adult_shown=adult_shown,
        maybe_shown=wide,
        has_partner=space.partner is not None,
    )


# Affection preferences


@dataclass
class AffectionRow:
    kind: str
    label: str
    level: str | None
    note: str


@dataclass
class Affection:
    mine: list[AffectionRow]
    partner: User | None
    theirs: list[AffectionRow] = field(default_factory=list)  # only what they filled in


def _rows(prefs: list[AffectionPreference], *, all_kinds: bool) -> list[AffectionRow]:
    by_kind = {p.kind: p for p in prefs}
    rows = []
    for kind, label in AFFECTION_KINDS.items():
        pref = by_kind.get(kind)
        if pref is None and not all_kinds:
            continue
        rows.append(
            AffectionRow(
                kind=kind,
                label=str(label),
                level=pref.level if pref else None,
                note=pref.note if pref else "",
            )
        )
    return rows


def affection(*, user: User, space: Space | None = None) -> Affection:
    space = space or space_of(user)
    ids = [user.pk] + ([space.partner.pk] if space.partner else [])
    prefs = list(AffectionPreference.objects.filter(user_id__in=ids))
    mine = [p for p in prefs if p.user_id == user.pk]
    theirs = [p for p in prefs if p.user_id != user.pk]
    return Affection(
        mine=_rows(mine, all_kinds=True),
        partner=space.partner,
        theirs=_rows(theirs, all_kinds=False) if space.partner else [],
    )
