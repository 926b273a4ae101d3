from collections.abc import Iterator
from typing import Any

import pytest

from closeknit.push.tests.standin import PushServiceStandIn
from closeknit.push.vapid import public_key


@pytest.fixture
def standin(settings: Any) -> Iterator[PushServiceStandIn]:
    """A push service on 127.0.0.1 that verifies and decrypts what it is sent."""
    settings.CLOSEKNIT_PUSH_ALLOW_LOOPBACK = True
    with PushServiceStandIn(server_key=public_key(settings.CLOSEKNIT_VAPID_PRIVATE_KEY)) as s:
        yield s


@pytest.fixture
def device(standin: PushServiceStandIn, owner: Any) -> Any:
    """The owner's phone, subscribed at the stand-in: (subscriber, subscription row)."""
    from closeknit.push.services import subscription_create

    subscriber = standin.subscriber()
    row = subscription_create(
        user=owner, endpoint=subscriber.endpoint, p256dh=subscriber.p256dh,
        auth=subscriber.auth, user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0",
    )  # fmt: skip
    return subscriber, row
