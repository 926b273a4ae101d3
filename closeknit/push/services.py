"""Push subscriptions (a person's devices) and the push deliveries of notifications.

A subscription is what a browser's PushManager hands over once the person tapped "Turn on
for this device" and allowed notifications. Deliveries are made in the same transaction
as their notifications (nudges.services.notify_many) and sent by the worker
(closeknit.push.delivery).
"""

import hmac
import ipaddress
from collections import defaultdict
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.lib.bulk import among
from closeknit.lib.devices import device_label
from closeknit.lib.errors import Invalid, NotFound
from closeknit.push.models import PushDelivery, PushSubscription
from closeknit.push.vapid import b64url_decode

MAX_DEVICES = 20  # per person: more is a runaway script, not a household


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(endpoint: str) -> None:
    """The worker will POST to this URL, so it must be a browser push service's: https,
    on a host listed in CLOSEKNIT_PUSH_SERVICES (else anyone could make the worker call
    addresses inside the operator's network). Loopback over http only where
    CLOSEKNIT_PUSH_ALLOW_LOOPBACK is on (DEBUG, or tests with a stand-in service)."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a port that isn't a number
    except ValueError:
        raise Invalid(_("That is not a push service address."), code="invalid_endpoint") from None
    if parts.username or parts.password or not host:
        raise Invalid(_("That is not a push service address."), code="invalid_endpoint")
    loopback_ok = settings.CLOSEKNIT_PUSH_ALLOW_LOOPBACK and _is_loopback(host)
    if loopback_ok and parts.scheme in ("http", "https"):
        return
    if parts.scheme != "https":
        raise Invalid(_("Push services are reached over https only."), code="invalid_endpoint")
    if not any(host == s or host.endswith("." + s) for s in settings.CLOSEKNIT_PUSH_SERVICES):
        raise Invalid(
            _("This server doesn't send to that push service (%(host)s).") % {"host": host},
            code="unknown_push_service",
        )


def _check_keys(*, p256dh: str, auth: str) -> None:
    try:
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
    except ValueError:
        point, secret = b"", b""
    # An uncompressed P-256 point is 65 bytes starting 0x04; the auth secret is 16 bytes.
    if len(point) != 65 or point[0] != 4 or len(secret) != 16:
        raise Invalid(_("The subscription's keys are not valid."), code="invalid_keys")


def subscription_create(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Save this device's subscription for `user`. The same browser subscribing again
    (same endpoint) replaces its row: if someone else used it before on this device,
    their pending pushes go with their row, never to the new person."""
    check_endpoint(endpoint)
    _check_keys(p256dh=p256dh, auth=auth)
    with transaction.atomic():
        PushSubscription.objects.filter(endpoint=endpoint).delete()
        if PushSubscription.objects.filter(user=user).count() >= MAX_DEVICES:
            raise Invalid(
                _("You have %(n)d devices with push on; remove one first.") % {"n": MAX_DEVICES},
                code="too_many_devices",
            )
        return PushSubscription.objects.create(
            user=user, endpoint=endpoint, p256dh=p256dh, auth=auth,
            label=device_label(user_agent),
        )  # fmt: skip


def subscription_delete(*, user: User, subscription_id: int) -> None:
    deleted, _rows = PushSubscription.objects.filter(user=user, pk=subscription_id).delete()
    if not deleted:  # someone else's or none at all: the same answer
        raise NotFound(_("There is no such device."))


def devices_of(user: User) -> list[PushSubscription]:
    return list(
        PushSubscription.objects.filter(user=user)
        .only("pk", "label", "created_at", "last_success_at")
        .order_by("created_at", "pk")
    )


def topic_for(delivery_id: int) -> str:
    """The web push Topic (and notification tag) of one delivery: stable across retries,
    so a resent push replaces the queued one and a shown one on the phone, instead of
    showing twice. Keyed, so the push service can't read a row count from it. 22
    url-safe characters (the header allows 32)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"push:{delivery_id}".encode(), "sha256")
    return digest.hexdigest()[:22]


def deliveries_create(*, wanted: dict[tuple[int, str], datetime], now: datetime) -> int:
    """Make the push deliveries of the notifications `notify_many` just created at `now`:
    `wanted` maps (person, dedupe key) to when it may go (after their quiet hours).
    People without a device cost one indexed query and nothing more."""
    devices: dict[int, list[int]] = defaultdict(list)
    for pk, user_id in PushSubscription.objects.filter(
        among("user_id", {uid for uid, _key in wanted})
    ).values_list("pk", "user_id"):
        devices[user_id].append(pk)
    if not devices:
        return 0
    from closeknit.nudges.models import Notification

    fresh = Notification.objects.filter(
        user_id__in=devices,
        dedupe_key__in={key for uid, key in wanted if uid in devices},
        created_at=now,
    ).values_list("pk", "user_id", "dedupe_key")
    rows = [
        PushDelivery(notification_id=pk, subscription_id=device, next_attempt_at=when)
        for pk, user_id, key in fresh
        if (when := wanted.get((user_id, key))) is not None
        for device in devices[user_id]
    ]
    PushDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.next_attempt_at <= now for row in rows):
        from closeknit.push import tasks

        # What waits out quiet hours goes with the periodic sweep.
        transaction.on_commit(tasks.send_push.enqueue)
    return len(rows)
