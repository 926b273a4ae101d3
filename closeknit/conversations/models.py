"""The communication toolkit: listening turns, the couple's pause, the after-a-disagreement
guide with its observer reflection, and the library of gentle phrases.

Every row people write carries the couple it belongs to; free text is encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Deletion, Leaving, Words, declare


class Mode(models.TextChoices):
    TOGETHER = "together", _("Together, on one device")
    APART = "apart", _("Apart, each on our own device")


class Step(models.TextChoices):
    SPEAK = "speak", _("Speaking")
    REFLECT = "reflect", _("Reflecting back")
    CONFIRM = "confirm", _("Checking it landed")


class ListeningSession(models.Model):
    """A guided exchange: the speaker says one thing, the listener reflects it back,
    the speaker confirms or clarifies; then they swap. It belongs to the couple."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.SPEAK)
    round = models.PositiveSmallIntegerField(default=1)
    # Goes up with every change, so a waiting partner's poll can tell when to redraw.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["couple", "-created_at"])]

    def __str__(self) -> str:
        return f"Listening session {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def actor_id(self) -> int | None:
        """Whose move it is: the speaker speaks and confirms, the listener reflects."""
        return self.listener_id if self.step == Step.REFLECT else self.speaker_id


class TurnKind(models.TextChoices):
    STATEMENT = "statement", _("Said")
    REFLECTION = "reflection", _("Heard")
    CLARIFY = "clarify", _("Clarified")
    CONFIRMED = "confirmed", _("Yes, that's it")


class Turn(models.Model):
    WORDS = declare(
        feeling=Words(owner="user", leaving=Leaving.SHARED, export="conversations.listening_turns"),
        situation=Words(
            owner="user", leaving=Leaving.SHARED, export="conversations.listening_turns"
        ),
        need=Words(owner="user", leaving=Leaving.SHARED, export="conversations.listening_turns"),
        text=Words(owner="user", leaving=Leaving.SHARED, export="conversations.listening_turns"),
    )

    session = models.ForeignKey(ListeningSession, on_delete=models.CASCADE, related_name="turns")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    # The person whose words these are (on one shared device, not always who typed).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listening_turns"
    )
    round = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=TurnKind.choices)
    feeling = EncryptedTextField(blank=True, default="")
    situation = EncryptedTextField(blank=True, default="")
    need = EncryptedTextField(blank=True, default="")
    text = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["session", "created_at"]),
            models.Index(fields=["user", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} in session {self.session_id}"


class Pause(models.Model):
    """'Pause and come back': one per couple, for both of them, until either clears it."""

    couple = models.OneToOneField(
        "couples.Couple", on_delete=models.CASCADE, related_name="conversation_pause"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    return_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Pause until {self.return_at:%Y-%m-%d %H:%M}"


class Guide(models.Model):
    """One after-a-disagreement guide. Each side stays private until both are done."""

    WORDS = declare(
        label=Words(
            owner="started_by",
            leaving=Leaving.SHARED,
            export="conversations.disagreement_guides",
            deletion=Deletion.ERASED,
        ),
    )

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    label = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)
    # The starter left and took their entries: the label is theirs and leaves with them.
    label_withdrawn = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["couple", "-created_at"])]

    def __str__(self) -> str:
        return f"Guide {self.pk}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class Side(models.Model):
    """One person's side of a disagreement."""

    WORDS = declare(
        felt=Words(owner="user", leaving=Leaving.SHARED, export="conversations.disagreement_sides"),
        saw=Words(owner="user", leaving=Leaving.SHARED, export="conversations.disagreement_sides"),
        touched=Words(
            owner="user", leaving=Leaving.SHARED, export="conversations.disagreement_sides"
        ),
        my_part=Words(
            owner="user", leaving=Leaving.SHARED, export="conversations.disagreement_sides"
        ),
        request=Words(
            owner="user", leaving=Leaving.SHARED, export="conversations.disagreement_sides"
        ),
    )

    FIELDS = ("felt", "saw", "touched", "my_part", "request")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sides")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_sides"
    )
    felt = EncryptedTextField(blank=True, default="")
    saw = EncryptedTextField(blank=True, default="")
    touched = EncryptedTextField(blank=True, default="")
    my_part = EncryptedTextField(blank=True, default="")
    request = EncryptedTextField(blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guide", "user"], name="one_side_each")]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"Side {self.pk} of guide {self.guide_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ObserverNote(models.Model):
    """The disagreement described as a caring onlooker who wants the best for both would
    see it. Private to its author unless they share it."""

    WORDS = declare(
        text=Words(
            owner="user", leaving=Leaving.SHARED, export="conversations.observer_reflections"
        ),
    )

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="observer_notes")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observer_notes"
    )
    text = EncryptedTextField()
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "user"], name="one_observer_note_each")
        ]

    def __str__(self) -> str:
        return f"Observer note {self.pk}"


class PhraseGroup(models.TextChoices):
    STARTING = "starting_gently", _("Starting gently")
    BREAK = "taking_a_break", _("Taking a break")
    REPAIRING = "repairing", _("Repairing")
    OWNING = "owning_your_part", _("Owning your part")
    REASSURING = "reassuring", _("Reassuring")


class Phrase(models.Model):
    """A gentle start-up or repair phrase. Loaded from content/phrases/ by
    `closeknit content load`."""

    id = models.CharField(primary_key=True, max_length=40)
    group = models.CharField(max_length=20, choices=PhraseGroup.choices)
    text = models.CharField(max_length=200)
    retired = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["retired", "group"])]

    def __str__(self) -> str:
        return f"{self.id}: {self.text[:50]}"
