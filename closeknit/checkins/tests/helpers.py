"""Helpers for tests that need check-ins (used by the insights tests too)."""

from datetime import datetime
from typing import Any

from closeknit.checkins import items, services


def answers(value: int = 4, **per_practice: int) -> dict[str, int]:
    """Every statement rated `value`, except practices given as keyword arguments."""
    return {item.id: per_practice.get(item.practice, value) for item in items.ITEMS}


def check_in(
    user: Any,
    value: int = 4,
    *,
    closeness: int = 4,
    note: str = "",
    now: datetime | None = None,
    **per_practice: int,
) -> services.SubmitResult:
    hidden = set(user.hidden_practices)
    given = {
        k: v
        for k, v in answers(value, **per_practice).items()
        if items.BY_ID[k].practice not in hidden
    }
    return services.checkin_submit(
        user=user, answers=given, closeness=closeness, note=note, now=now
    )
