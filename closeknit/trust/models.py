"""Trust and vulnerability: closeness sessions answered in turn, and a private journal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare


class Mode(models.TextChoices):
    TOGETHER = "together", _("Together, on one device")
    APART = "apart", _("Apart, each on our own device")


class Status(models.TextChoices):
    ACTIVE = "active", _("In progress")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


class ClosenessSession(models.Model):
    """A couple working through the 36 questions. `position` is the open question
    (0..35); it moves on only once both people have answered or passed."""

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, related_name="closeness_sessions"
    )
    # Who answers first on even questions; the other answers first on odd ones.
    first = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    mode = models.CharField(max_length=8, choices=Mode.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    position = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple"],
                condition=~Q(status="finished"),
                name="one_open_session_per_couple",
            ),
        ]
        indexes = [models.Index(fields=["couple", "-started_at"])]

    def __str__(self) -> str:
        return f"Session {self.pk}"


class Turn(models.Model):
    """One person's answer (or pass) to one question of a session."""

    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="trust.closeness_answers"),
    )

    session = models.ForeignKey(ClosenessSession, on_delete=models.CASCADE, related_name="turns")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    text = EncryptedTextField(blank=True, default="")
    skipped = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the author left the couple taking their entries with them.
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user", "position"], name="one_turn_each_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"Turn {self.pk}"


class JournalEntry(models.Model):
    """A private journal entry. `shared_with` is the couple it is shared with, if any."""

    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="trust.journal"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    shared_with = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["shared_with", "-shared_at"]),
        ]

    def __str__(self) -> str:
        return f"Journal entry {self.pk}"


class JournalReaction(models.Model):
    """The partner's small answer to an entry shared with them: one each, changeable.
    It belongs to the space it was given in, so a later partner never sees it."""

    # kind -> (symbol, label). The label carries the meaning everywhere, emoji or not.
    KINDS = {
        "hug": ("🤗", _("Sending a hug")),
        "heart": ("❤️", _("Love you")),
        "thanks": ("🙏", _("Thank you for telling me")),
        "here": ("🤝", _("I'm here")),
        "understand": ("💡", _("I understand you better")),
    }

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="reactions")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=[(k, v[1]) for k, v in KINDS.items()])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="one_journal_reaction_each"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on entry {self.entry_id}"

    @property
    def symbol(self) -> str:
        return self.KINDS[self.kind][0]

    @property
    def label(self) -> str:
        return str(self.KINDS[self.kind][1])


class JournalReply(models.Model):
    """A short reply under a shared entry, in its writer's own words. It shows only while
    the entry is shared with the space the reply was written in."""

    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="trust.journal_replies"),
    )

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="replies")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the writer left the space taking their entries with them.
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["entry", "created_at"]),
            models.Index(fields=["user", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Reply {self.pk} on entry {self.entry_id}"
