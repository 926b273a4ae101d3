"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.push.models import PushSubscription


def _device_of_owner(owner: Any, **_: Any) -> str:
    device = PushSubscription.objects.create(
        user=owner, endpoint="https://fcm.googleapis.com/fcm/send/matrix", p256dh="x", auth="y",
        label="Chrome on Android",
    )  # fmt: skip
    return str(device.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{subscription_id}": _device_of_owner}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES = {"push:remove": 302}
WEB_ARGS: dict[str, list[Any]] = {"push:remove": [1]}
