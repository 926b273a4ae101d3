"""Sending notification emails: HTML and plain text, a signed one-click unsubscribe,
content-free unless the person opted in to richer text.

At least once, never silently twice. Workers claim small batches of due rows with
`skip_locked` (so several share the queue) and record the attempt, in a transaction of
its own, BEFORE anything is sent; each email is then marked sent as soon as the SMTP
server has accepted it. A worker killed in between leaves the row attempted but not
sent, and it is claimed again once SENDING_TIMEOUT has passed. Only a kill in the
instant between the server's acceptance and that mark sends an email twice, and then
both copies carry the same Message-ID (one per notification), which mail systems and
people can recognise as one message.

One SMTP connection carries a whole run (a handshake, TLS and login per email capped
sending at a few hundred a minute), and a run that finds a full batch asks for one
more worker to help.
"""

import smtplib
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from closeknit.lib import faults
from closeknit.nudges.events import EVENTS, GENERIC_SUBJECT
from closeknit.nudges.models import EmailDelivery, Notification, Preferences
from closeknit.nudges.services import channel_on, preferences_for
from closeknit.nudges.titles import title_for

UNSUBSCRIBE_SALT = "closeknit.nudges.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 90  # links in old emails keep working for 90 days
BATCH = 50
# Far above what a batch may take with the SMTP timeout (20 s) on a slow relay: a row
# is taken over only when its worker is surely gone.
SENDING_TIMEOUT = timedelta(minutes=15)
MAX_ATTEMPTS = 5
RUN_SECONDS = 600.0  # a run stops claiming after this; the next minute's run goes on


def unsubscribe_token(*, user_id: int, event: str = "all") -> str:
    return signing.dumps({"u": user_id, "e": event}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> dict[str, object]:
    """Raises signing.SignatureExpired or signing.BadSignature."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)


def site_url() -> str:
    return settings.CLOSEKNIT_SITE_URL or "http://127.0.0.1:8000"


def message_id(notification: Notification) -> str:
    """The same for every try at sending one notification's email, so a copy sent again
    after a crash is recognisably the same message; not guessable from the outside."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "closeknit"
    mac = salted_hmac(
        "closeknit.nudges.message-id", str(notification.pk), algorithm="sha256"
    ).hexdigest()[:20]
    return f"<closeknit.{notification.pk}.{mac}@{domain}>"


def render_email(
    notification: Notification, *, prefs: Preferences | None = None
) -> EmailMultiAlternatives:
    user = notification.user
    prefs = prefs or preferences_for(user)
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
                "Message-ID": message_id(notification),
            },
        )
        message.attach_alternative(
            render_to_string("nudges/email/notification.html", context), "text/html"
        )
    return message


def _claim(now: datetime, size: int) -> list[EmailDelivery]:
    """Take up to `size` due rows nobody is sending, and record the attempt (committed
    when this returns). Rows out of attempts are given up as "failed"."""
    with transaction.atomic():
        rows = list(
            EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True, skipped="", send_after__lte=now)
            .filter(Q(attempted_at__isnull=True) | Q(attempted_at__lt=now - SENDING_TIMEOUT))
            .select_related("notification__user", "notification__item__actor")
            .order_by("send_after", "pk")[:size]
        )
        spent = [row.pk for row in rows if row.attempts >= MAX_ATTEMPTS]
        EmailDelivery.objects.filter(pk__in=spent).update(skipped="failed")
        rows = [row for row in rows if row.attempts < MAX_ATTEMPTS]
        EmailDelivery.objects.filter(pk__in=[row.pk for row in rows]).update(
            attempts=F("attempts") + 1, attempted_at=now
        )
    for row in rows:
        row.attempts += 1
    return rows


def deliver_due(
    *,
    now: datetime | None = None,
    limit: int | None = None,
    batch: int = BATCH,
    on_full_batch: Callable[[], object] | None = None,
) -> int:
    """Send emails that are due, until none are (or `limit` were tried, or RUN_SECONDS
    passed). Returns how many went out. `on_full_batch` is called once, when the first
    batch claimed is full: the task uses it to enqueue a second sender."""
    sent = tried = 0
    started = time.monotonic()
    connection = mailers.default
    opened = False
    try:
        while limit is None or tried < limit:
            if time.monotonic() - started > RUN_SECONDS:
                break
            size = batch if limit is None else min(batch, limit - tried)
            rows = _claim(now or timezone.now(), size)
            if not rows:
                break
            if tried == 0 and len(rows) == size and on_full_batch is not None:
                on_full_batch()
            tried += len(rows)
            faults.point("email.claimed")
            users = {row.notification.user_id for row in rows}
            prefs = {p.user_id: p for p in Preferences.objects.filter(user_id__in=users)}
            off = []
            for index, row in enumerate(rows):
                notification = row.notification
                pref = prefs.get(notification.user_id) or Preferences(user=notification.user)
                if pref.email_off or not channel_on(pref, notification.event, "email"):
                    off.append(row.pk)
                    continue
                message = render_email(notification, prefs=pref)
                if not opened:
                    connection.open()
                    opened = True
                try:
                    connection.send_messages([message])
                except (smtplib.SMTPException, OSError):
                    # Perhaps accepted, perhaps not: tried again after the timeout (with
                    # the same Message-ID) rather than never. The rows not reached yet
                    # are released for the next run.
                    waiting = [r.pk for r in rows[index + 1 :]]
                    EmailDelivery.objects.filter(pk__in=waiting).update(
                        attempted_at=None, attempts=F("attempts") - 1
                    )
                    raise
                faults.point("email.sent")
                # Only this worker's attempt: a row taken over meanwhile stays the other's.
                EmailDelivery.objects.filter(pk=row.pk, attempts=row.attempts).update(
                    sent_at=timezone.now()
                )
                sent += 1
            EmailDelivery.objects.filter(pk__in=off).update(skipped="turned off")
    finally:
        if opened:
            connection.close()
    return sent
