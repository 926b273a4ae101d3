from django.conf import settings
from django.db import models
from django.utils import timezone

from closeknit.lib.crypto import EncryptedTextField


class Preferences(models.Model):
    """How and when a person hears from Closeknit. Created on first change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudge_preferences"
    )
    # event key -> {"app": bool, "email": bool, "push": bool}; missing keys use the
    # event's defaults.
    channels = models.JSONField(default=dict, blank=True)
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    daily_cap = models.PositiveSmallIntegerField(default=3)
    rich_text = models.BooleanField(default=False)
    email_off = models.BooleanField(default=False, help_text="Unsubscribed from all email.")
    # Pushes name the partner and the kind of thing, instead of only "something new".
    push_rich = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Preferences of {self.user_id}"


class Notification(models.Model):
    # No index of its own: the unique (user, dedupe_key) and the list index lead with it,
    # and every index costs the rollover a write per notification.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    event = models.CharField(max_length=32)
    url = models.CharField(max_length=200, default="/")
    # Richer words, shown only to people who opted in (e.g. the question itself).
    detail = EncryptedTextField(blank=True, default="")
    # The same happening never notifies twice, whichever worker gets there first.
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    in_app = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notify_once"),
        ]
        indexes = [
            # Newest first, in the lists' full order (web and API): a page reads its 21
            # rows whatever the history holds, skipping cleared ones, instead of sorting
            # every notification the person has. The daily cap's count since midnight
            # reads a range of it.
            models.Index(fields=["user", "-created_at", "-id"], name="notification_newest"),
            # The unread badge on every page counts only these (a handful per person),
            # instead of every notification someone has not cleared.
            models.Index(
                fields=["user", "in_app"],
                condition=models.Q(read_at__isnull=True, cleared_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} for {self.user_id}"


class EmailDelivery(models.Model):
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email"
    )
    send_after = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "send_after"])]

    def __str__(self) -> str:
        return f"Email for notification {self.notification_id}"


class PeriodicRun(models.Model):
    """One row per periodic job and time slot: the first worker to insert it runs it."""

    name = models.CharField(max_length=40)
    slot = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="run_slot_once")]

    def __str__(self) -> str:
        return f"{self.name}@{self.slot}"
