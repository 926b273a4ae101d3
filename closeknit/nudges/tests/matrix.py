"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.couples.services import couple_for
from closeknit.nudges.models import Notification, WaitingItem


def _notification_of_owner(owner: Any, **_: Any) -> str:
    return str(Notification.objects.create(user=owner, event="weekly_plan", dedupe_key="m").pk)


def _item_waiting_for_owner(owner: Any, partner: Any, **_: Any) -> str:
    item = WaitingItem.objects.create(
        user=owner, actor=partner, couple=couple_for(owner), kind="note", ref="m", url="/"
    )
    return str(item.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {
    "{notification_id}": _notification_of_owner,
    "{item_id}": _item_waiting_for_owner,
}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES = {
    "nudges:centre": 302,
    "nudges:act": 302,
    "nudges:preferences": 302,
    "nudges:unsubscribe": 400,  # a bad token: a clear page, no login needed
    "nudges:dismiss": 302,
    "nudges:way_back_send": 302,
    "way_back": 400,  # a bad token: a calm page, no login needed
}
WEB_ARGS: dict[str, list[Any]] = {
    "nudges:unsubscribe": ["not-a-token"],
    "nudges:dismiss": [1],
    "way_back": ["not-a-token"],
}
