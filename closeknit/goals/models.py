"""Shared goals and dreams: goals with milestones and cheers, dream talks, the someday list.

Every row carries its space (`couple`, empty when made alone) and its author. Free text
is encrypted at rest. `withdrawn` is set when the author left a couple taking their
entries with them (see closeknit/goals/spaces.py for who sees what).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare


class GoalKind(models.TextChoices):
    SHARED = "shared", _("Ours")
    INDIVIDUAL = "individual", _("Mine")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Under way")
    REACHED = "reached", _("Reached")
    ARCHIVED = "archived", _("Set aside")


class Goal(models.Model):
    WORDS = declare(
        title=Words(owner="created_by", leaving=Leaving.SHARED, export="goals.goals"),
        why=Words(owner="created_by", leaving=Leaving.SHARED, export="goals.goals"),
    )

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(max_length=10, choices=GoalKind.choices)
    title = EncryptedTextField()
    why = EncryptedTextField(blank=True, default="")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default="active")
    reached_at = models.DateTimeField(null=True, blank=True)
    # Individual goals only: whether the owner shows it to their partner.
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "status"]),
            models.Index(fields=["created_by", "status"]),
        ]

    def __str__(self) -> str:
        return f"Goal {self.pk}"

    @property
    def is_shared_goal(self) -> bool:
        return self.kind == GoalKind.SHARED


class Milestone(models.Model):
    WORDS = declare(
        title=Words(owner="created_by", leaving=Leaving.SHARED, export="goals.milestones"),
    )

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    title = EncryptedTextField()
    # Who is carrying this step; empty means both of you.
    carried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["goal", "position"])]

    def __str__(self) -> str:
        return f"Milestone {self.pk} of {self.goal_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Cheer(models.Model):
    """A partner's one-tap cheer, maybe with a short note, on an individual goal."""

    WORDS = declare(
        note=Words(owner="created_by", leaving=Leaving.SHARED, export="goals.cheers"),
    )

    KINDS = {
        "cheer": ("📣", _("Cheering you on")),
        "proud": ("🌟", _("Proud of you")),
        "go": ("💪", _("You've got this")),
        "hug": ("🤗", _("Here for you")),
    }
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="cheers")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=[(k, v[1]) for k, v in KINDS.items()])
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["goal", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} on {self.goal_id}"

    @property
    def symbol(self) -> str:
        return str(self.KINDS[self.kind][0])

    @property
    def label(self) -> str:
        return str(self.KINDS[self.kind][1])


class DreamTheme(models.TextChoices):
    SELF = "self", _("Who I'm becoming")
    PLACES = "places", _("Places and ways of living")
    MAKING = "making", _("Making and learning")
    TOGETHER = "together", _("Us, later on")
    EVERYDAY = "everyday", _("The everyday")


class DreamPrompt(models.Model):
    """A dream-talk prompt from the library (content/dreams/*.toml)."""

    id = models.CharField(primary_key=True, max_length=40)
    theme = models.CharField(max_length=10, choices=DreamTheme.choices)
    text = models.CharField(max_length=300)
    follow_up = models.CharField(max_length=300)
    retired = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.id


class DreamNote(models.Model):
    """What came up in a dream talk, kept for both of you."""

    WORDS = declare(
        text=Words(owner="created_by", leaving=Leaving.SHARED, export="goals.dream_notes"),
    )

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dream_notes"
    )
    prompt = models.ForeignKey(
        DreamPrompt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Whose dream this note is about.
    dreamer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "-created_at"]),
            models.Index(fields=["created_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Dream note {self.pk}"


class SomedayCategory(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    PROJECT = "project", _("Project")
    EXPERIENCE = "experience", _("Experience")
    LEARN = "learn", _("Something to learn")
    OTHER = "other", _("Something else")


class SomedayItem(models.Model):
    WORDS = declare(
        title=Words(owner="created_by", leaving=Leaving.SHARED, export="goals.someday"),
        note=Words(owner="created_by", leaving=Leaving.SHARED, export="goals.someday"),
    )

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="someday_items"
    )
    title = EncryptedTextField()
    note = EncryptedTextField(blank=True, default="")
    category = models.CharField(max_length=12, choices=SomedayCategory.choices)
    position = models.IntegerField(default=0)
    done_on = models.DateField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["couple", "position"]),
            models.Index(fields=["created_by", "position"]),
        ]

    def __str__(self) -> str:
        return f"Someday {self.pk}"


class CelebrationsSeen(models.Model):
    """When this person last put away the celebrations banner (theirs alone)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    cleared_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Celebrations seen by {self.user_id}"
