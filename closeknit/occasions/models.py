"""Days that matter to a couple: an anniversary of their own choosing, a birthday, any
day they name. On such a day the daily question comes from the occasions pack (when the
couple turned it on), and both partners hear about it the evening before.

An occasion belongs to the shared space: either partner adds or removes one, both see
it, and it ends with the space (closeknit.occasions.lifecycle).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Deletion, Leaving, Words, declare


class OccasionKind(models.TextChoices):
    ANNIVERSARY = "anniversary", _("An anniversary")
    BIRTHDAY = "birthday", _("A birthday")
    OTHER = "other", _("Another day that matters")


class Occasion(models.Model):
    # The space's days end with it (leaving or a deletion ends the space); an account
    # deleted another way still takes its words.
    WORDS = declare(
        name=Words(
            owner="created_by",
            leaving=Leaving.ENDS,
            export="occasions.days",
            deletion=Deletion.ERASED,
        ),
    )

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=OccasionKind.choices)
    # The couple's own words ("the day we met"), encrypted like everything people write.
    name = EncryptedTextField()
    # Every year on this month and day; 29 February falls on the 28th in other years.
    month = models.PositiveSmallIntegerField()
    day = models.PositiveSmallIntegerField()
    # Whose birthday, when it is one (either partner).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month", "day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                name="occasion_day_in_a_year",
            ),
        ]
        # The rollover and the reminders look up one calendar day across all couples.
        indexes = [models.Index(fields=["month", "day"], name="occasion_on")]

    def __str__(self) -> str:
        return f"Occasion {self.pk} of {self.couple_id} on {self.month}-{self.day}"
