from typing import Any

from allauth.account.models import EmailAddress

from closeknit.accounts.models import User


def export_user_data(*, user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "timezone": user.timezone,
        "focus_practices": user.focus_practices,
        "hidden_practices": user.hidden_practices,
        "date_joined": user.date_joined.isoformat(),
        # Yours alone: no one else's export or page shows it (docs/notifications.md).
        "last_opened_on": user.last_opened_on.isoformat() if user.last_opened_on else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "api_tokens": [
            {"name": t.name, "hint": t.hint, "created_at": t.created_at.isoformat()}
            for t in user.api_tokens.all()
        ],
    }
