"""Where a person's quality time lives, and which rows they may see.

A *space* is a couple, or one person using Closeknit alone. Rows of a couple that has
ended stay readable by both former members, with the leaving rule of docs/couples.md:
the leaver sees only their own entries, and the partner no longer sees the leaver's
entries if the leaver took them (`withdrawn`).
"""

from dataclasses import dataclass

from django.db.models import Q

from closeknit.accounts.models import User
from closeknit.couples.models import Couple, Membership
from closeknit.couples.services import couple_for, partner_of


@dataclass(frozen=True)
class Space:
    user: User
    couple: Couple | None
    partner: User | None

    @property
    def tz(self) -> str:
        return self.couple.home_timezone if self.couple else self.user.timezone

    def current(self, *, author: str) -> Q:
        """Rows of this space (the current couple's, or the person's own solo rows)."""
        if self.couple is not None:
            return Q(couple=self.couple)
        return Q(couple__isnull=True, **{author: self.user})

    def member_ids(self) -> list[int]:
        return [self.user.pk] + ([self.partner.pk] if self.partner else [])


def space_for(user: User) -> Space:
    couple = couple_for(user)
    partner = partner_of(user=user, couple=couple) if couple is not None else None
    return Space(user=user, couple=couple, partner=partner)


def visible(user: User, *, author: str) -> Q:
    """Every row `user` may read: their own, their current couple's, and what an ended
    couple's history still shows them."""
    couples = Membership.objects.filter(user=user).values("couple_id")
    return (
        Q(**{author: user})
        | Q(couple__in=couples, couple__ended_at__isnull=True)
        | (
            Q(couple__in=couples, couple__ended_at__isnull=False, withdrawn=False)
            & ~Q(couple__ended_by=user)
        )
    )
