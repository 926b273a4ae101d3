"""Sending notification emails: HTML and plain text, a signed one-click unsubscribe,
content-free unless the person opted in to richer text.

Each email is claimed, sent and marked in one transaction with the row locked
(`skip_locked`, so several workers share the queue). A worker killed mid-batch leaves
the unsent rows unclaimed, and they go out once when a worker next runs.
"""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from closeknit.nudges.events import EVENTS, GENERIC_SUBJECT
from closeknit.nudges.models import EmailDelivery, Notification
from closeknit.nudges.services import channel_on, preferences_for
from closeknit.nudges.titles import title_for

UNSUBSCRIBE_SALT = "closeknit.nudges.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 90  # links in old emails keep working for 90 days


def unsubscribe_token(*, user_id: int, event: str = "all") -> str:
    return signing.dumps({"u": user_id, "e": event}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> dict[str, object]:
    """Raises signing.SignatureExpired or signing.BadSignature."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)


def site_url() -> str:
    return settings.CLOSEKNIT_SITE_URL or "http://127.0.0.1:8000"


def render_email(notification: Notification) -> EmailMultiAlternatives:
    user = notification.user
    prefs = preferences_for(user)
    event = EVENTS[notification.event]
    rich = prefs.rich_text
    token = unsubscribe_token(user_id=user.pk, event=notification.event)
    everything = unsubscribe_token(user_id=user.pk)
    title = title_for(notification) if rich else event.title
    context = {
        "rich": rich,
        "title": title,
        "detail": notification.detail if rich else "",
        "open_url": site_url() + (notification.url if rich else "/notifications/"),
        "unsubscribe_url": site_url() + reverse("nudges:unsubscribe", args=[token]),
        "unsubscribe_all_url": site_url() + reverse("nudges:unsubscribe", args=[everything]),
        "settings_url": site_url() + reverse("nudges:preferences"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(title if rich else GENERIC_SUBJECT)
        message = EmailMultiAlternatives(
            subject=f"Closeknit: {subject}" if rich else subject,
            body=render_to_string("nudges/email/notification.txt", context),
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("nudges/email/notification.html", context), "text/html"
        )
    return message


def deliver_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send emails that are due. Returns how many went out."""
    now = now or timezone.now()
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            delivery = (
                EmailDelivery.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, skipped="", send_after__lte=now)
                .select_related("notification__user", "notification__item__actor")
                .order_by("send_after", "pk")
                .first()
            )
            if delivery is None:
                break
            notification = delivery.notification
            prefs = preferences_for(notification.user)
            if prefs.email_off or not channel_on(prefs, notification.event, "email"):
                delivery.skipped = "turned off"
            else:
                render_email(notification).send()
                delivery.sent_at = timezone.now()
                sent += 1
            delivery.save(update_fields=["sent_at", "skipped"])
    return sent
