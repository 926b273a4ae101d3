"""Learning and growing together: couple challenges with check-offs and a look back,
"how well do you know me" rounds, and a log of things learned or tried together.

Every row carries its space (`couple`, empty when made alone) and its author; free text is
encrypted at rest; `withdrawn` marks entries a leaver took with them (docs/couples.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare


class ChallengeCategory(models.TextChoices):
    SKILL = "skill", _("A new skill")
    PLACE = "place", _("A new place")
    ADVENTURE = "adventure", _("A small adventure")
    CREATIVE = "creative", _("Make something")
    CURIOUS = "curious", _("Get curious")


class Challenge(models.Model):
    """A challenge from the library (content/challenges/*.toml)."""

    id = models.CharField(primary_key=True, max_length=40)
    title = models.CharField(max_length=80)
    text = models.CharField(max_length=400)
    category = models.CharField(max_length=10, choices=ChallengeCategory.choices)
    days = models.PositiveSmallIntegerField()
    # Check-offs for short challenges; empty means one check-off per day.
    steps = models.JSONField(default=list, blank=True)
    retired = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["retired", "category", "days"])]

    def __str__(self) -> str:
        return self.id


class ChallengeRun(models.Model):
    """A challenge a couple (or one person) took on."""

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_runs"
    )
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="+")
    # The check-offs as they were when it started, so library edits never shift them.
    step_labels = models.JSONField(default=list, blank=True)
    step_count = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    finished_at = models.DateTimeField(null=True, blank=True)
    reflections_shown_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "-created_at"]),
            models.Index(fields=["created_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.challenge_id}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class StepCheck(models.Model):
    """One person checked off one of their own steps (or days)."""

    run = models.ForeignKey(ChallengeRun, on_delete=models.CASCADE, related_name="checks")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    step = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "created_by", "step"], name="one_check_each"),
        ]

    def __str__(self) -> str:
        return f"Step {self.step} of run {self.run_id}"


class Reflection(models.Model):
    """A few words looking back once a challenge ends; shown once both have written."""

    WORDS = declare(
        text=Words(owner="created_by", leaving=Leaving.SHARED, export="growth.look_backs"),
    )

    run = models.ForeignKey(ChallengeRun, on_delete=models.CASCADE, related_name="reflections")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "created_by"], name="one_reflection_each"),
        ]

    def __str__(self) -> str:
        return f"Reflection on run {self.run_id}"


class KnowRound(models.Model):
    """'How well do you know me': the subject answers about themselves, the guesser
    guesses, then both see both side by side."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    guesser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    # Set when that person left taking their entries with them.
    subject_withdrawn = models.BooleanField(default=False)
    guesser_withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "-created_at"]),
            models.Index(fields=["subject", "-created_at"]),
            models.Index(fields=["guesser", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Round {self.pk}"


class Verdict(models.TextChoices):
    SPOT_ON = "spot_on", _("Spot on")
    CLOSE = "close", _("Close enough")
    NEW = "new", _("Something new to learn")


class KnowItem(models.Model):
    WORDS = declare(
        answer=Words(owner="round__subject", leaving=Leaving.SHARED, export="growth.know_me"),
        guess=Words(owner="round__guesser", leaving=Leaving.SHARED, export="growth.know_me"),
    )

    round = models.ForeignKey(KnowRound, on_delete=models.CASCADE, related_name="items")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=40)
    answer = EncryptedTextField(blank=True, default="")
    guess = EncryptedTextField(blank=True, default="")
    verdict = models.CharField(max_length=8, choices=Verdict.choices, blank=True, default="")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="one_item_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.question} in round {self.round_id}"


class LearnedKind(models.TextChoices):
    LEARNED = "learned", _("Learned")
    TRIED = "tried", _("Tried")


class LearnedEntry(models.Model):
    WORDS = declare(
        title=Words(owner="created_by", leaving=Leaving.SHARED, export="growth.learned"),
        note=Words(owner="created_by", leaving=Leaving.SHARED, export="growth.learned"),
    )

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learned_entries"
    )
    kind = models.CharField(max_length=8, choices=LearnedKind.choices, default="tried")
    title = EncryptedTextField()
    note = EncryptedTextField(blank=True, default="")
    on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "-on"]),
            models.Index(fields=["created_by", "-on"]),
        ]

    def __str__(self) -> str:
        return f"Learned {self.pk}"


class PairKind(models.TextChoices):
    THIS_OR_THAT = "this-or-that", _("This or that")
    WOULD_YOU_RATHER = "would-you-rather", _("Would you rather")


class PairDepth(models.TextChoices):
    LIGHT = "light", _("Light")
    DEEPER = "deeper", _("Deeper")


class Pick(models.TextChoices):
    A = "a", "a"
    B = "b", "b"


class Pair(models.Model):
    """A 'this or that' or 'would you rather' pair from the library
    (content/this-or-that/*.toml)."""

    id = models.CharField(primary_key=True, max_length=40)
    kind = models.CharField(max_length=20, choices=PairKind.choices)
    depth = models.CharField(max_length=8, choices=PairDepth.choices)
    a = models.CharField(max_length=80)
    b = models.CharField(max_length=80)
    retired = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.id


class PairRound(models.Model):
    """A few pairs both pick from alone; both picks show side by side once both are in.

    `starter` began it and `partner` is the other one; each has their own picks, the time
    they finished, and a flag set when they left taking their entries with them."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    starter_done_at = models.DateTimeField(null=True, blank=True)
    partner_done_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    starter_withdrawn = models.BooleanField(default=False)
    partner_withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["couple", "-created_at"]),
            models.Index(fields=["starter", "-created_at"]),
            models.Index(fields=["partner", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Pair round {self.pk}"


class PairItem(models.Model):
    round = models.ForeignKey(PairRound, on_delete=models.CASCADE, related_name="items")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="+")
    # Blank: skipped (or not picked yet, before that person is done).
    starter_pick = models.CharField(max_length=1, choices=Pick.choices, blank=True, default="")
    partner_pick = models.CharField(max_length=1, choices=Pick.choices, blank=True, default="")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="one_pair_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.pair_id} in pair round {self.round_id}"
