"""Reading check-ins as one person sees them. The reveal rule lives here, for the web
pages and the API alike: a check-in is its author's; the partner's side of the same
period shows only once both are in, and never after the partner took it with them or
after the reader left the couple."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.checkins import items
from closeknit.checkins.models import Checkin, CheckinPeriod, CheckinScore
from closeknit.checkins.periods import Period, current_period, is_due, local_date
from closeknit.checkins.services import preference_for
from closeknit.prompts.spaces import Space, space_for

HISTORY_LIMIT = 52


def _with_scores(queryset):  # type: ignore[no-untyped-def]
    return queryset.select_related("period", "couple").prefetch_related(
        Prefetch("scores", queryset=CheckinScore.objects.order_by("pk"))
    )


def scores_of(checkin: Checkin) -> dict[str, int]:
    return {s.practice: s.score for s in checkin.scores.all()}


@dataclass
class CheckinView:
    mine: Checkin
    theirs: Checkin | None  # only once both are in, and while it may be shown
    partner_checked_in: bool  # before the reveal: the partner is waiting for yours
    closeness_levels: tuple[items.Closeness, ...] = items.CLOSENESS

    @property
    def revealed(self) -> bool:
        period = self.mine.period
        return period is not None and period.revealed_at is not None

    @property
    def my_scores(self) -> dict[str, int]:
        return scores_of(self.mine)

    @property
    def their_scores(self) -> dict[str, int]:
        return scores_of(self.theirs) if self.theirs is not None else {}

    def rows(self) -> list[dict[str, object]]:
        """One row per practice for side-by-side display."""
        from closeknit import practices

        mine, theirs = self.my_scores, self.their_scores
        return [
            {"practice": p, "mine": mine.get(p.key), "theirs": theirs.get(p.key)}
            for p in practices.PRACTICES
            if p.key in mine or p.key in theirs
        ]


def partner_side_visible(
    *, reader: User, period: CheckinPeriod | None, couple_ended_by: int | None
) -> bool:
    return period is not None and period.revealed_at is not None and couple_ended_by != reader.pk


def checkin_view(*, user: User, checkin_id: int) -> CheckinView | None:
    """The person's own check-in, with their partner's side of the same period when it
    may be shown. Someone else's check-in is simply not found."""
    mine = _with_scores(Checkin.objects.filter(pk=checkin_id, user=user)).first()
    if mine is None:
        return None
    theirs = None
    partner_checked_in = False
    if mine.period is not None:
        other = (
            _with_scores(Checkin.objects.filter(period=mine.period).exclude(user=user))
            .order_by("pk")
            .first()
        )
        ended_by = mine.couple.ended_by_id if mine.couple is not None else None
        visible = partner_side_visible(reader=user, period=mine.period, couple_ended_by=ended_by)
        if other is not None and visible and not other.withdrawn:
            theirs = other
        partner_checked_in = (
            other is not None and mine.period.revealed_at is None and ended_by is None
        )
    return CheckinView(mine=mine, theirs=theirs, partner_checked_in=partner_checked_in)


def my_checkins(*, user: User, limit: int = HISTORY_LIMIT, offset: int = 0) -> list[Checkin]:
    """The person's own check-ins, newest first, in any space."""
    return list(
        _with_scores(Checkin.objects.filter(user=user)).order_by("-starts_on", "-pk")[
            offset : offset + limit
        ]
    )


@dataclass
class Status:
    period: Period
    today: date
    in_couple: bool
    every_weeks: int
    mine: Checkin | None  # in the current period
    partner_checked_in: bool  # this period, before the reveal
    revealed: bool
    due: bool
    partner_name: str = ""
    hidden: list[str] = field(default_factory=list)


def checkin_status(
    *, user: User, space: Space | None = None, now: datetime | None = None
) -> Status:
    """Where the person stands in the current period, and whether to suggest a check-in."""
    now = now or timezone.now()
    space = space or space_for(user)
    period = current_period(space, now=now)
    today = local_date(now, space.tz)
    mine = (
        Checkin.objects.filter(user=user, couple=space.couple, number=period.number)
        .select_related("period")
        .first()
    )
    partner_checked_in = revealed = False
    if space.couple is not None:
        row = (
            CheckinPeriod.objects.filter(couple=space.couple, number=period.number)
            .annotate(
                other_in=Exists(Checkin.objects.filter(period=OuterRef("pk")).exclude(user=user))
            )
            .first()
        )
        if row is not None:
            revealed = row.revealed_at is not None
            partner_checked_in = bool(row.other_in) and not revealed  # type: ignore[attr-defined]
    last_start = (
        Checkin.objects.filter(user=user)
        .order_by("-starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    every_weeks = preference_for(user)
    due = is_due(
        today=today,
        every_weeks=every_weeks,
        last_period_start=last_start,
        current_updated_on=local_date(mine.updated_at, space.tz) if mine else None,
        current_revealed=revealed,
    )
    partner = space.partner_of(user)
    return Status(
        period=period,
        today=today,
        in_couple=space.couple is not None and partner is not None,
        every_weeks=every_weeks,
        mine=mine,
        partner_checked_in=partner_checked_in,
        revealed=revealed,
        due=due,
        partner_name=partner.name if partner else "",
        hidden=list(user.hidden_practices),
    )
