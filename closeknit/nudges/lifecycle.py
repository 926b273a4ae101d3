from typing import Any

from closeknit.accounts.models import User
from closeknit.nudges.models import Notification, Preferences


def export_user_data(*, user: User) -> dict[str, Any]:
    prefs = Preferences.objects.filter(user=user).first()
    return {
        "preferences": {
            "channels": prefs.channels,
            "quiet_from": prefs.quiet_from.isoformat() if prefs.quiet_from else None,
            "quiet_until": prefs.quiet_until.isoformat() if prefs.quiet_until else None,
            "daily_cap": prefs.daily_cap,
            "rich_text": prefs.rich_text,
            "email_off": prefs.email_off,
            "push_rich": prefs.push_rich,
        }
        if prefs
        else None,
        "notifications": [
            {"event": n.event, "created_at": n.created_at.isoformat(), "read": bool(n.read_at)}
            for n in Notification.objects.filter(user=user).order_by("created_at")
        ],
    }
