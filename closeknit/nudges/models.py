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


class WaitingItem(models.Model):
    """Something a partner did that invites this person to respond: "Sam replied", "your
    turn in a round". Holds who, what kind, where it leads and whether it is still open;
    never what anyone wrote (closeknit.nudges.waiting).

    One open item per person, kind and place (`ref`): a second reply to the same
    question counts on the open one ("Sam replied 2 times") instead of adding a row.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Items live and die with the shared space: leaving removes them (lifecycle.py).
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=32)
    ref = models.CharField(max_length=80)
    url = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "ref"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_waiting_item",
            ),
        ]
        indexes = [
            # Home reads a person's open items: a handful, whatever the history holds.
            models.Index(
                fields=["user", "-updated_at"],
                condition=models.Q(closed_at__isnull=True),
                name="waiting_open",
            ),
            # Closed items stay for the titles of their notifications ("Sam replied 3
            # times"); a person's whole list is read only for export.
            models.Index(fields=["user", "created_at"], name="waiting_user"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} for {self.user_id}"


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
    # The waiting item this tells about, if any: its title names the partner and counts
    # repeats, and the notification is read once the item is seen.
    item = models.ForeignKey(
        WaitingItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

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
            # Only notifications about an item are found by it; the rollover's many
            # others add no entry here.
            models.Index(
                fields=["item"], condition=models.Q(item__isnull=False), name="notification_item"
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
    # Recorded, and committed, before each try to send (closeknit.nudges.delivery): a
    # worker killed while sending leaves these set and sent_at empty, and the row is
    # tried again only once SENDING_TIMEOUT has passed, with the same Message-ID.
    attempts = models.PositiveSmallIntegerField(default=0)
    attempted_at = models.DateTimeField(null=True, blank=True)

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


class WayBack(models.Model):
    """One "way back in" a person sent their partner after a quiet while
    (closeknit.nudges.wayback). Kept so that a partner gets at most one a week, and so the
    sender's home can say it went out; it records nothing about whether it was read,
    opened or answered, and nothing here is shown to the partner who received it."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # "Has this person been sent one in the last week?": one short range read.
            models.Index(fields=["recipient", "-created_at"], name="way_back_recipient"),
            # Deleting an account removes what they sent (the foreign key's check).
            models.Index(fields=["sender"], name="way_back_sender"),
        ]

    def __str__(self) -> str:
        return f"Way back in for {self.recipient_id}"
