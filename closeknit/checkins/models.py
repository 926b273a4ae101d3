"""The connection check-in: each person rates their own experience, privately, until
both partners have checked in for the same period (see docs/insights.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit import practices
from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare


class CheckinPeriod(models.Model):
    """One two-week window of a couple, numbered from the couple's creation. Its row is
    locked when a check-in arrives, so the reveal happens exactly once."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    starts_on = models.DateField()
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "number"], name="one_period_per_number"),
        ]

    def __str__(self) -> str:
        return f"Period {self.number} of couple {self.couple_id}"


class Checkin(models.Model):
    WORDS = declare(
        note=Words(owner="user", leaving=Leaving.SHARED, export="checkins.checkins"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    # The space it was made in: a couple, or None when the person was alone.
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.ForeignKey(
        CheckinPeriod, on_delete=models.CASCADE, null=True, blank=True, related_name="checkins"
    )
    number = models.PositiveIntegerField(help_text="The period's number in its space.")
    starts_on = models.DateField(help_text="First day of the period, in the space's time zone.")
    answers = models.JSONField(default=dict, help_text="item id -> rating 1-7")
    closeness = models.PositiveSmallIntegerField()
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set when the author left the couple taking their entries with them.
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "couple", "number"],
                condition=Q(couple__isnull=False),
                name="one_checkin_per_couple_period",
            ),
            models.UniqueConstraint(
                fields=["user", "number"],
                condition=Q(couple__isnull=True),
                name="one_checkin_per_solo_period",
            ),
            models.CheckConstraint(
                condition=Q(closeness__gte=1, closeness__lte=7), name="closeness_1_to_7"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-starts_on"]),
            models.Index(fields=["couple", "number"]),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.pk} by {self.user_id} ({self.starts_on})"


class CheckinScore(models.Model):
    """A practice's 0-100 score from one check-in, stored so insights aggregate rows
    instead of rescoring answers. Copies the check-in's keys for index-only reads."""

    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="scores")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.ForeignKey(
        CheckinPeriod, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField()
    practice = models.CharField(max_length=20, choices=practices.choices)
    score = models.PositiveSmallIntegerField()
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "practice"], name="one_score_per_practice"),
            models.CheckConstraint(condition=Q(score__lte=100), name="score_0_to_100"),
        ]
        indexes = [
            models.Index(fields=["couple", "starts_on"]),
            models.Index(fields=["user", "starts_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.practice}={self.score} ({self.checkin_id})"


class Frequency(models.IntegerChoices):
    WEEKLY = 1, _("Every week")
    FORTNIGHTLY = 2, _("Every two weeks")
    MONTHLY = 4, _("Every four weeks")


class CheckinPreference(models.Model):
    """How often a person would like the check-in suggested. Never required."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_preference"
    )
    every_weeks = models.PositiveSmallIntegerField(
        choices=Frequency.choices, default=Frequency.FORTNIGHTLY
    )

    def __str__(self) -> str:
        return f"every {self.every_weeks} weeks for {self.user_id}"


class CheckinDraft(models.Model):
    """A check-in on its way: the steps answered so far, kept so a person can stop and
    come back. Only its author ever reads it (see drafts.py); it is discarded when the
    check-in is saved, or when it belongs to an earlier fortnight or another space."""

    WORDS = declare(
        note=Words(owner="user", leaving=Leaving.ENDS, export="checkins.draft"),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_draft"
    )
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    number = models.PositiveIntegerField(help_text="The period it was started in.")
    answers = models.JSONField(default=dict, help_text="item id -> rating 1-7, so far")
    closeness = models.PositiveSmallIntegerField(null=True, blank=True)
    note = EncryptedTextField(blank=True, default="")
    step = models.PositiveSmallIntegerField(default=1, help_text="Where to pick up again.")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Check-in draft of {self.user_id} (step {self.step})"
