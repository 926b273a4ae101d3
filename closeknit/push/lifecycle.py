from typing import Any

from closeknit.accounts.models import User
from closeknit.push.models import PushSubscription


def export_user_data(*, user: User) -> dict[str, Any]:
    # The devices a person turned push on for, as they see them in settings. Not the
    # endpoint or keys: those let anyone push to the device and mean nothing to a person.
    return {
        "devices": [
            {
                "label": s.label,
                "created_at": s.created_at.isoformat(),
                "last_success_at": s.last_success_at.isoformat() if s.last_success_at else None,
            }
            for s in PushSubscription.objects.filter(user=user).order_by("created_at", "pk")
        ]
    }
