from django.conf import settings
from django.db import models
from django.utils import timezone


class SafetyCheck(models.Model):
    """That a person took the private safety check, and whether it raised concern.

    Only the outcome is kept, never the answers. Nobody else ever sees it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_checks"
    )
    taken_at = models.DateTimeField(default=timezone.now)
    concern = models.BooleanField()
    country = models.CharField(max_length=2, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-taken_at"])]

    def __str__(self) -> str:
        return f"Safety check {self.pk}"
