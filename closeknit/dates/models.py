"""The Quality-time toolkit: the date idea library, private likes, planned dates with
how each felt, the calendar feed, phone-free time and the weekly couple meeting.

Rows that belong to a couple carry `couple` (empty for someone using Closeknit alone)
and their author. `withdrawn` marks the entries of someone who left a couple and took
their entries with them (docs/couples.md): the partner no longer sees those.
"""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare


class Setting(models.TextChoices):
    HOME = "home", _("At home")
    OUT = "out", _("Out and about")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    LOW = "low", _("Costs a little")
    MEDIUM = "medium", _("A small treat")
    HIGH = "high", _("A splurge")


class Energy(models.TextChoices):
    CALM = "calm", _("Calm")
    LIVELY = "lively", _("Lively")


class Novelty(models.TextChoices):
    FAMILIAR = "familiar", _("Familiar and cosy")
    NEW = "new", _("Something new")


class Season(models.TextChoices):
    ANY = "any", _("Any time of year")
    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")
    AUTUMN = "autumn", _("Autumn")
    WINTER = "winter", _("Winter")


def duration_label(minutes: int) -> str:
    """'45 minutes', 'about 2 hours', 'most of a day or more'."""
    if minutes < 60:
        return gettext_now("%(n)d minutes") % {"n": minutes}
    if minutes < 720:
        hours = round(minutes / 30) / 2
        if hours == 1:
            return gettext_now("about an hour")
        return gettext_now("about %(n)s hours") % {"n": f"{hours:g}"}
    return gettext_now("most of a day or more")


class Idea(models.Model):
    """One date idea from the library in content/dates/ (loaded by `closeknit content load`)."""

    id = models.CharField(primary_key=True, max_length=40)
    title = models.CharField(max_length=80)
    text = models.CharField(max_length=300)
    setting = models.CharField(max_length=8, choices=Setting.choices)
    cost = models.CharField(max_length=8, choices=Cost.choices)
    minutes = models.PositiveIntegerField()
    energy = models.CharField(max_length=8, choices=Energy.choices)
    novelty = models.CharField(max_length=8, choices=Novelty.choices)
    season = models.CharField(max_length=8, choices=Season.choices)
    long_distance = models.BooleanField(default=False)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["retired", "setting", "cost"])]

    def __str__(self) -> str:
        return f"{self.id}: {self.title}"

    @property
    def duration_label(self) -> str:
        return duration_label(self.minutes)


class IdeaLike(models.Model):
    """Someone would like to try an idea. Private: only mutual likes are ever shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="date_likes"
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "idea"], name="one_like_per_idea")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.idea_id}"


class PlannedDate(models.Model):
    """A date on the calendar. Both partners see it; times are stored in UTC."""

    WORDS = declare(
        title=Words(owner="created_by", leaving=Leaving.SHARED, export="dates.dates_planned"),
        place=Words(owner="created_by", leaving=Leaving.SHARED, export="dates.dates_planned"),
        note=Words(owner="created_by", leaving=Leaving.SHARED, export="dates.dates_planned"),
    )

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_dates"
    )
    idea = models.ForeignKey(
        Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = EncryptedTextField()
    starts_at = models.DateTimeField()
    minutes = models.PositiveIntegerField(default=120)
    place = EncryptedTextField(blank=True, default="")
    note = EncryptedTextField(blank=True, default="")
    sequence = models.PositiveIntegerField(default=0, help_text="Bumped on each change (iCal).")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "starts_at"]),
            models.Index(fields=["created_by", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"Date #{self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class DateLog(models.Model):
    """How a date felt to one person. Private unless they share it with their partner."""

    WORDS = declare(
        words=Words(owner="user", leaving=Leaving.SHARED, export="dates.date_logs"),
    )

    planned_date = models.ForeignKey(PlannedDate, on_delete=models.CASCADE, related_name="logs")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="date_logs"
    )
    words = EncryptedTextField(blank=True, default="")
    feeling = models.PositiveSmallIntegerField()
    shared = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["planned_date", "user"], name="one_log_per_date"),
            models.CheckConstraint(
                condition=Q(feeling__gte=1, feeling__lte=5), name="feeling_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Log by {self.user_id} on date {self.planned_date_id}"


def hash_feed_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class FeedToken(models.Model):
    """A person's private calendar feed address. Looked up by hash; the token itself is
    kept encrypted so the person can see and copy it again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="date_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    @staticmethod
    def new_raw() -> str:
        return secrets.token_urlsafe(32)


class PhoneFreeSession(models.Model):
    """Undistracted time together: started and stopped by either partner."""

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_free_sessions"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes = models.PositiveIntegerField(null=True, blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple"],
                condition=Q(ended_at__isnull=True, couple__isnull=False),
                name="one_running_timer_per_couple",
            ),
            models.UniqueConstraint(
                fields=["started_by"],
                condition=Q(ended_at__isnull=True, couple__isnull=True),
                name="one_running_solo_timer",
            ),
        ]
        indexes = [models.Index(fields=["couple", "started_at"])]

    def __str__(self) -> str:
        return f"Phone-free time #{self.pk}"


class Section(models.TextChoices):
    APPRECIATIONS = "appreciations", _("Appreciations")
    WENT_WELL = "went_well", _("What went well")
    TOPIC = "topic", _("One topic")
    FEEL_LOVED = "feel_loved", _("What would help you feel loved this week")


class Meeting(models.Model):
    """The weekly couple meeting of one space, for the week starting on `week` (a Monday)."""

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set for someone preparing alone (no couple).",
    )
    week = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "week"],
                condition=Q(couple__isnull=False),
                name="one_meeting_per_couple_week",
            ),
            models.UniqueConstraint(
                fields=["user", "week"],
                condition=Q(couple__isnull=True),
                name="one_meeting_per_solo_week",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting of week {self.week}"


class MeetingNote(models.Model):
    """One person's notes for one part of a meeting; the meeting is joint, so both see them."""

    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="dates.meeting_notes"),
    )

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_notes"
    )
    section = models.CharField(max_length=16, choices=Section.choices)
    text = EncryptedTextField()
    withdrawn = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "section"], name="one_note_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} note by {self.user_id}"
