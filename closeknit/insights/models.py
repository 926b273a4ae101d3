"""Insights keep little of their own: the plan library (loaded from content/plan/) and
each space's weekly plan, chosen once per week so it stays put and varies over weeks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from closeknit import practices


class PlanIdea(models.Model):
    """One concrete thing to try this week. Loaded by `closeknit content load`."""

    id = models.CharField(primary_key=True, max_length=40)
    practice = models.CharField(max_length=20, choices=practices.choices)
    text = models.CharField(max_length=200)
    why = models.CharField(max_length=160)
    link = models.CharField(max_length=40)
    retired = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["retired", "practice"])]

    def __str__(self) -> str:
        return f"{self.id}: {self.text[:50]}"


class WeeklyPlan(models.Model):
    """Three things to try in an ISO week (Monday in the space's time zone). Holds only
    idea ids and reason codes, never anything a person wrote."""

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set for someone using Closeknit alone.",
    )
    week = models.DateField(help_text="The Monday the week starts on.")
    picks = models.JSONField(default=list, help_text='[{"idea", "practice", "reason"}]')
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(couple__isnull=False) & Q(user__isnull=True))
                | (Q(couple__isnull=True) & Q(user__isnull=False)),
                name="plan_has_one_space",
            ),
            models.UniqueConstraint(
                fields=["couple", "week"],
                condition=Q(couple__isnull=False),
                name="one_plan_per_couple_week",
            ),
            models.UniqueConstraint(
                fields=["user", "week"],
                condition=Q(user__isnull=False),
                name="one_plan_per_solo_week",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan for {self.week}"
