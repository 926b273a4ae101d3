"""Export and leaving for the days a couple marks (see closeknit/lib/lifecycle.py).

An occasion belongs to the shared space, not to whoever typed it: it ends with the
space. Leaving (with entries staying or not) removes the space's days for both, since
neither may keep reminders about a shared life the other has left. Someone deleting
their account leaves first, so the same happens. The export holds the days a person
added themselves, in their own words."""

from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.occasions.models import Occasion


def export_user_data(*, user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": o.kind,
            "name": o.name,
            "month": o.month,
            "day": o.day,
            "added_at": o.created_at.isoformat(),
        }
        for o in Occasion.objects.filter(created_by=user).order_by("month", "day", "pk")
    ]


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    Occasion.objects.filter(couple=couple).delete()
