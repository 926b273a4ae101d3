"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.nudges.models import Notification


def _notification_of_owner(owner: Any, **_: Any) -> str:
    return str(Notification.objects.create(user=owner, event="weekly_plan", dedupe_key="m").pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{notification_id}": _notification_of_owner}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES = {
    "nudges:centre": 302,
    "nudges:act": 302,
    "nudges:preferences": 302,
    "nudges:unsubscribe": 400,  # a bad token: a clear page, no login needed
}
WEB_ARGS: dict[str, list[Any]] = {"nudges:unsubscribe": ["not-a-token"]}
