from django.conf import settings
from django.db import models
from django.utils import timezone

from closeknit.nudges.models import Notification


class PushSubscription(models.Model):
    """One browser on one device that agreed to receive pushes for its person.

    `endpoint`, `p256dh` and `auth` are what the browser's PushManager gave: the push
    service URL to post to, the browser's public key and its auth secret (RFC 8291).
    They let anyone send this device a push, so they never leave the server (not in the
    API's answers, not in an export)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    label = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.label} of {self.user_id}"


class PushDelivery(models.Model):
    """One notification to one device: made with the notification, sent by the worker."""

    class State(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"  # claimed; a worker that died leaves it to be reclaimed
        SENT = "sent"
        FAILED = "failed"  # refused for good, or out of attempts
        SKIPPED = "skipped"  # the person turned push off for it before it went

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="push_deliveries"
    )
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When it may (next) be sent: the end of quiet hours, the next retry, or, while
    # "sending", when a worker may take it over from one that never finished.
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "subscription"], name="push_once_per_device"
            ),
        ]
        indexes = [
            # The worker's queue: only rows still to send, however many have gone out.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state__in=["pending", "sending"]),
                name="push_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Push of notification {self.notification_id} to {self.subscription_id}"
