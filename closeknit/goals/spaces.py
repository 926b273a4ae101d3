"""Where goals, dreams, someday items, challenges and logs live, and who may see them.

A row belongs to the space it was made in: the person's couple, or the person alone
(`couple` empty). The growth app shares these rules.

- In the current couple, both members see the shared rows and may change them.
- Rows made alone stay their author's own, private and changeable, also after joining a
  couple.
- An ended couple stays readable as history: everyone keeps their own rows; the partner
  who did not leave also keeps the leaver's rows unless the leaver took them
  (`withdrawn`); the leaver no longer sees the partner's rows (docs/couples.md).
"""

from dataclasses import dataclass, field

from django.db.models import Q

from closeknit.accounts.models import User
from closeknit.couples.models import Couple, Membership
from closeknit.couples.services import couple_for, members_of


@dataclass(frozen=True)
class Space:
    user: User
    couple: Couple | None
    members: list[User] = field(default_factory=list)

    @property
    def partner(self) -> User | None:
        return next((m for m in self.members if m.pk != self.user.pk), None)

    def name_of(self, user_id: int | None) -> str:
        for member in self.members:
            if member.pk == user_id:
                return member.name
        return ""


def space_for(user: User) -> Space:
    couple = couple_for(user)
    if couple is None:
        return Space(user=user, couple=None, members=[user])
    return Space(user=user, couple=couple, members=members_of(couple))


def editable_q(space: Space, *, author: str = "created_by", partners_too: bool = True) -> Q:
    """Rows this person may change: their own rows made alone, and the rows of their
    current couple (only their own there when `partners_too` is False)."""
    rows = Q(couple__isnull=True, **{author: space.user})
    if space.couple is not None:
        rows |= (
            Q(couple=space.couple)
            if partners_too
            else Q(couple=space.couple, **{author: space.user})
        )
    return rows


def visible_q(space: Space, *, author: str = "created_by", shared: Q | None = None) -> Q:
    """Rows this person may read: the current space, their own rows anywhere, and the
    partner's rows of ended couples under the leaving rule. `shared` narrows which of
    the partner's rows count at all (for instance only goals shared with them)."""
    user = space.user
    own = Q(**{author: user})
    past = Membership.objects.filter(user=user, couple__ended_at__isnull=False)
    kept_for_me = past.exclude(couple__ended_by=user).values("couple_id")
    partner_rows = Q(couple_id__in=kept_for_me, withdrawn=False)
    if space.couple is not None:
        partner_rows |= Q(couple=space.couple)
    if shared is not None:
        partner_rows &= shared
    return own | partner_rows
