from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Invitation, Membership


def export_user_data(*, user: User) -> dict[str, Any]:
    memberships = Membership.objects.filter(user=user).select_related("couple")
    return {
        "memberships": [
            {
                "couple_id": m.couple_id,
                "joined_at": m.joined_at.isoformat(),
                "left_at": m.left_at.isoformat() if m.left_at else None,
                "entries_stay": m.entries_stay,
                "couple_home_timezone": m.couple.home_timezone,
            }
            for m in memberships
        ],
        "invitations_sent": [
            {
                "couple_id": i.couple_id,
                "created_at": i.created_at.isoformat(),
                "expires_at": i.expires_at.isoformat(),
                "status": i.status,
            }
            for i in Invitation.objects.filter(created_by=user)
        ],
    }
