from typing import Any

from closeknit.accounts.models import User
from closeknit.activity.models import ActivityRecord
from closeknit.couples.models import Couple


def export_user_data(*, user: User) -> list[dict[str, Any]]:
    return [
        {"practice": r.practice, "kind": r.kind, "occurred_at": r.occurred_at.isoformat()}
        for r in ActivityRecord.objects.filter(user=user).order_by("occurred_at")
    ]


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    if not entries_stay:
        # The leaver's activity no longer counts toward the ended space's insights.
        ActivityRecord.objects.filter(user=user, couple=couple).update(couple=None)
