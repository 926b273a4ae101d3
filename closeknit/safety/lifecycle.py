from typing import Any

from closeknit.accounts.models import User


def export_user_data(*, user: User) -> list[dict[str, Any]]:
    # Only the date and outcome were ever kept; the answers never were.
    return [
        {"taken_at": c.taken_at.isoformat(), "raised_concern": c.concern, "country": c.country}
        for c in user.safety_checks.order_by("taken_at")
    ]
