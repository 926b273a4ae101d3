"""Insights hold no one's own entries: scores live in the check-in app (whose lifecycle
handles them) and activity in the activity app. What is kept here is per space: the
weekly plans, made of library ids and reason codes."""

from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Couple, Membership
from closeknit.insights.models import WeeklyPlan


def export_user_data(*, user: User) -> dict[str, Any]:
    couple_ids = Membership.objects.filter(user=user).values("couple_id")
    plans = WeeklyPlan.objects.filter(couple_id__in=couple_ids) | WeeklyPlan.objects.filter(
        user=user
    )
    return {
        "weekly_plans": [
            {"week": p.week.isoformat(), "ideas": [pick["idea"] for pick in p.picks]}
            for p in plans.order_by("week")
        ]
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    # Nothing personal to withdraw: the ended space's plans hold only library ids, and
    # every insight about the ended space is computed from check-ins and activity, which
    # their own apps withdraw. The leaver's next plans start fresh in their new space.
    return None
