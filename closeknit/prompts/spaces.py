"""Where a person's daily question lives: their couple, or just themselves."""

from dataclasses import dataclass, field

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_with_members


@dataclass(frozen=True)
class Space:
    couple: Couple | None
    solo: User | None
    tz: str
    starts_at: int
    members: list[User] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"c{self.couple.pk}" if self.couple else f"u{self.solo.pk}"  # type: ignore[union-attr]

    def filter(self) -> dict[str, object]:
        """Keyword arguments selecting this space's DailyQuestion rows."""
        if self.couple is not None:
            return {"couple": self.couple}
        return {"user": self.solo, "couple__isnull": True}

    def partner_of(self, user: User) -> User | None:
        return next((m for m in self.members if m.pk != user.pk), None)


def space_for(user: User) -> Space:
    couple, members = couple_with_members(user)
    if couple is None:
        return Space(
            couple=None, solo=user, tz=user.timezone, starts_at=user.day_starts_at, members=[user]
        )
    return Space(
        couple=couple,
        solo=None,
        tz=couple.home_timezone,
        starts_at=couple.day_starts_at,
        members=members,
    )
