"""The prompt library and the daily question.

A *space* is where a daily question lives: a couple, or one person using Closeknit alone
(then `couple` is empty and `user` is set). Each space gets one question per day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit import practices
from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare


class Depth(models.TextChoices):
    LIGHT = "light", _("Light")
    DEEPER = "deeper", _("Deeper")
    DEEPEST = "deepest", _("Deepest")


class Kind(models.TextChoices):
    OPEN = "open", _("Open answer")
    CHOICE = "choice", _("Choice")
    SCALE = "scale", _("Scale")
    SENTENCE = "sentence", _("Finish the sentence")


class Prompt(models.Model):
    """One question from the library. Loaded from content/ by `closeknit content load`."""

    id = models.CharField(primary_key=True, max_length=64)
    practice = models.CharField(max_length=20, choices=practices.choices)
    depth = models.CharField(max_length=8, choices=Depth.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = models.CharField(max_length=300)
    choices = models.JSONField(default=list, blank=True)
    scale = models.JSONField(default=list, blank=True)
    pack = models.CharField(max_length=64, default="core")
    retired = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["retired", "practice", "depth"])]

    def __str__(self) -> str:
        return f"{self.id}: {self.text[:50]}"


class PackWhen(models.TextChoices):
    EVERY_DAY = "every-day", _("Every day")
    DATES = "dates", _("On the days you mark")


class Pack(models.Model):
    """A content pack's title and description, from `content/<pack>/pack.toml` (loaded
    with the prompts; docs/writing-prompts.md). Its prompts name it in `Prompt.pack`."""

    id = models.CharField(primary_key=True, max_length=64)
    title = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)
    order = models.IntegerField(default=100)
    when = models.CharField(max_length=10, choices=PackWhen.choices, default=PackWhen.EVERY_DAY)
    retired = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.id


class PackChoice(models.Model):
    """A couple's choice about one pack: on or off, and who changed it last (both
    partners see that). No row means off."""

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The pack's name, not a key to Pack: a pack gone from the files keeps the choice.
    pack = models.CharField(max_length=64)
    turned_on = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "pack"], name="one_choice_per_pack"),
        ]

    def __str__(self) -> str:
        return f"{self.pack} {'on' if self.turned_on else 'off'} for {self.couple_id}"


class DailyQuestion(models.Model):
    # No single-column indexes on the keys: the unique (couple, day) and (user, day)
    # indexes serve every lookup by couple or person, and plain btrees on the prompt keys
    # (without PostgreSQL's extra LIKE indexes for text keys) serve the PROTECT checks.
    # Each index is written on every insert, and the rollover inserts a row per couple.
    couple = models.ForeignKey(
        "couples.Couple",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="solo_questions",
        help_text="Set for someone answering alone (no couple).",
        db_index=False,
    )
    day = models.DateField()
    prompt = models.ForeignKey(Prompt, on_delete=models.PROTECT, related_name="+", db_index=False)
    swapped_from = models.ForeignKey(
        Prompt, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(couple__isnull=False) & Q(user__isnull=True))
                | (Q(couple__isnull=True) & Q(user__isnull=False)),
                name="question_has_one_space",
            ),
            models.UniqueConstraint(
                fields=["couple", "day"],
                condition=Q(couple__isnull=False),
                name="one_per_couple_day",
            ),
            models.UniqueConstraint(
                fields=["user", "day"], condition=Q(user__isnull=False), name="one_per_solo_day"
            ),
        ]
        # The unique (couple, day) and (person, day) indexes above also serve every
        # "newest first" read: a btree reads just as well backwards.
        indexes = [
            models.Index(fields=["prompt"], name="question_prompt"),
            models.Index(
                fields=["swapped_from"],
                name="question_swapped_from",
                condition=Q(swapped_from__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.prompt_id}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class Answer(models.Model):
    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="prompts.answers"),
    )

    question = models.ForeignKey(DailyQuestion, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_answers"
    )
    text = EncryptedTextField(blank=True, default="")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # A solo answer its author chose to show their partner after joining a couple.
    shared_with = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the author left the couple taking their entries with them.
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_answer_each"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"Answer {self.pk} to {self.question_id}"


class Reaction(models.Model):
    # kind -> (symbol, label). Labels are shown too: they carry the meaning everywhere,
    # including screens and screen readers without emoji.
    KINDS = {
        "heart": ("❤️", _("Love this")),
        "hug": ("🤗", _("Hug")),
        "laugh": ("😄", _("Made me laugh")),
        "spark": ("✨", _("Lovely")),
        "thanks": ("🙏", _("Thank you")),
    }
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=[(k, v[1]) for k, v in KINDS.items()])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="one_reaction_each"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.answer_id}"

    @property
    def symbol(self) -> str:
        return self.KINDS[self.kind][0]


class Reply(models.Model):
    """A short note in the thread under a revealed question."""

    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="prompts.replies"),
    )

    question = models.ForeignKey(DailyQuestion, on_delete=models.CASCADE, related_name="replies")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"])]

    def __str__(self) -> str:
        return f"Reply {self.pk} on {self.question_id}"
