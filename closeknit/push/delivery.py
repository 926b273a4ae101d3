"""Sending push deliveries on the task worker, several workers at once.

A delivery is claimed with its row locked (`skip_locked`, so workers share the queue) and
marked "sending", with its attempt counted, in a transaction of its own BEFORE the push
service is called; the outcome is recorded afterwards. A worker that dies in between
leaves the row "sending", and it is claimed again once SENDING_TIMEOUT has passed.

So the guarantee is at least once, not exactly once: a push may reach the push service
twice. Both copies carry the same Topic (the push service keeps only the newest of a
topic it still holds) and the same notification tag (the phone replaces a shown one), so
the person sees it once.
"""

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from closeknit.nudges.models import Notification
from closeknit.nudges.services import channel_on, preferences_for
from closeknit.nudges.titles import title_for
from closeknit.push import webpush
from closeknit.push.models import PushDelivery, PushSubscription
from closeknit.push.services import topic_for

MAX_ATTEMPTS = 6
RETRY_FIRST = timedelta(seconds=30)
RETRY_LONGEST = timedelta(hours=1)
SENDING_TIMEOUT = timedelta(minutes=5)  # far above webpush.TIMEOUT_SECONDS
TTL_SECONDS = 24 * 3600  # the push service may hold it a day for a phone that's off
State = PushDelivery.State


def backoff(attempts: int, *, retry_after: int | None = None) -> timedelta:
    """The wait after failed attempt number `attempts`: 30 s, 1, 2, 4, 8 min... at most an
    hour; longer if the push service asked for it (Retry-After), within that hour."""
    wait = min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_LONGEST)
    if retry_after:
        wait = max(wait, min(timedelta(seconds=retry_after), RETRY_LONGEST))
    return wait


def payload_for(notification: Notification, *, rich: bool, tag: str) -> dict[str, str]:
    """What the service worker shows. Content-free unless the person opted in to say the
    partner's name and the kind of thing; never what anyone wrote."""
    with translation.override(settings.LANGUAGE_CODE):
        if rich:
            return {"title": title_for(notification), "body": "", "url": notification.url,
                    "tag": tag}  # fmt: skip
        return {
            "title": "Closeknit",
            "body": _("Something new in Closeknit"),
            "url": "/notifications/",
            "tag": tag,
        }


def _claim(now: datetime) -> tuple[PushDelivery, dict[str, str] | None] | None:
    """Take the next due delivery: None when none is due, else the delivery and its
    payload, or no payload when it needs no sending (turned off, out of attempts)."""
    with transaction.atomic():
        delivery = (
            PushDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state__in=[State.PENDING, State.SENDING], next_attempt_at__lte=now)
            .select_related("notification__user", "subscription")
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if delivery is None:
            return None
        notification = delivery.notification
        prefs = preferences_for(notification.user)
        if not channel_on(prefs, notification.event, "push"):
            delivery.state = State.SKIPPED
        elif delivery.attempts >= MAX_ATTEMPTS:  # its last try never reported back
            delivery.state = State.FAILED
        else:
            delivery.state = State.SENDING
            delivery.attempts += 1
            delivery.next_attempt_at = now + SENDING_TIMEOUT
        delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
        if delivery.state != State.SENDING:
            return delivery, None
        return delivery, payload_for(notification, rich=prefs.push_rich, tag=topic_for(delivery.pk))


def _record(delivery: PushDelivery, outcome: webpush.Outcome, now: datetime) -> bool:
    status = outcome.status
    # Only if no other worker took the row over meanwhile (same attempt, still sending).
    mine = PushDelivery.objects.filter(
        pk=delivery.pk, state=State.SENDING, attempts=delivery.attempts
    )
    if 200 <= status < 300:
        mine.update(state=State.SENT, sent_at=now, last_status=status)
        PushSubscription.objects.filter(pk=delivery.subscription_id).update(last_success_at=now)
        return True
    if status in (404, 410):  # the browser unsubscribed, or the app was removed
        PushSubscription.objects.filter(pk=delivery.subscription_id).delete()
    elif (status == 0 or status == 429 or status >= 500) and delivery.attempts < MAX_ATTEMPTS:
        mine.update(
            state=State.PENDING,
            last_status=status or None,
            next_attempt_at=now + backoff(delivery.attempts, retry_after=outcome.retry_after),
        )
    else:  # refused for good (bad key, too large...) or out of attempts
        mine.update(state=State.FAILED, last_status=status or None)
    return False


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Send the pushes that are due. Returns how many the push services accepted.
    `now` is for tests; otherwise the clock is read at each step."""
    sent = 0
    for _i in range(limit):
        claimed = _claim(now or timezone.now())
        if claimed is None:
            break
        delivery, payload = claimed
        if payload is None:
            continue
        subscription = delivery.subscription
        outcome = webpush.send(
            endpoint=subscription.endpoint,
            p256dh=subscription.p256dh,
            auth=subscription.auth,
            payload=json.dumps(payload).encode(),
            topic=payload["tag"],
            ttl=TTL_SECONDS,
        )
        sent += _record(delivery, outcome, now or timezone.now())
    return sent
