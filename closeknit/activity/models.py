from django.conf import settings
from django.db import models
from django.utils import timezone

from closeknit import practices


class ActivityRecord(models.Model):
    """That someone did something for a practice, and when. Never what they wrote.

    Every feature's services write one of these so insights can show which practices a
    couple actually lives. `kind` names the feature ("daily_answer", "date_planned", ...).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity"
    )
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="activity"
    )
    practice = models.CharField(max_length=20, choices=practices.choices)
    kind = models.CharField(max_length=40)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.practice}/{self.kind} at {self.occurred_at:%Y-%m-%d}"
