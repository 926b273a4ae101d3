from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, Preferences, WaitingItem, WayBack


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
        # Only what the person was invited to, by whom they know: kinds and times.
        "waiting": [
            {
                "kind": w.kind,
                "count": w.count,
                "created_at": w.created_at.isoformat(),
                "closed_at": w.closed_at.isoformat() if w.closed_at else None,
            }
            for w in WaitingItem.objects.filter(user=user).order_by("created_at", "pk")
        ],
        # When the person sent a way back in (never whether it was read or answered).
        "ways_back_sent": [
            w.created_at.isoformat()
            for w in WayBack.objects.filter(sender=user).order_by("created_at")
        ],
        "notifications": [
            {"event": n.event, "created_at": n.created_at.isoformat(), "read": bool(n.read_at)}
            for n in Notification.objects.filter(user=user).order_by("created_at")
        ],
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    """Whoever left, nothing of the ended space waits for either person any more, and
    no notification names the former partner."""
    waiting.remove_for_couple(couple=couple)
    # Sends of a way back in are about the two of them: they end with the space.
    WayBack.objects.filter(couple=couple).delete()
