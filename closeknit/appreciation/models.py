"""Kindness and appreciation: notes to the partner, a private "noticed it" log, what makes
each person feel cared for, and the kindness-idea library.

Privacy rules (docs/appreciation-and-support.md): a noticed-it entry is only ever read by
its author; sharing one turns a copy of it into a note. Whether a note was read is stored
for the recipient's inbox and never shown to the sender.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare

# Qualities a note can name: what the kind act showed about the person, not the favour.
# Each reads after "You were so ... when", so keep them adjectives.
QUALITIES = {
    "patient": _("patient"),
    "thoughtful": _("thoughtful"),
    "generous": _("generous"),
    "brave": _("brave"),
    "funny": _("funny"),
    "gentle": _("gentle"),
    "steady": _("steady"),
    "honest": _("honest"),
    "playful": _("playful"),
    "attentive": _("attentive"),
    "determined": _("determined"),
    "warm": _("warm"),
}


class CareKind(models.TextChoices):
    """Ways a person can feel cared for. Kindness ideas carry the same tags."""

    WORDS = "words", _("Kind words")
    TIME = "time", _("Time together")
    HELP = "help", _("Practical help")
    GIFTS = "gifts", _("Small gifts")
    TOUCH = "touch", _("Touch")


CARE_KINDS = [k.value for k in CareKind]

# "How much it means to me", from 0 to 3.
LEVELS = {
    0: _("Not a big thing for me"),
    1: _("Nice"),
    2: _("Means a lot"),
    3: _("Means the most"),
}


class Effort(models.TextChoices):
    MOMENT = "moment", _("A moment")
    HOUR = "hour", _("An hour or so")
    PLAN = "plan", _("Worth planning")


class KindnessIdea(models.Model):
    """One idea from content/kindness/*.toml, loaded by `closeknit content load`."""

    id = models.CharField(primary_key=True, max_length=40)
    kind = models.CharField(max_length=8, choices=CareKind.choices)
    text = models.CharField(max_length=240)
    effort = models.CharField(max_length=8, choices=Effort.choices)
    retired = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["retired", "kind"])]

    def __str__(self) -> str:
        return f"{self.id}: {self.text[:50]}"


class Note(models.Model):
    """An appreciation note from one partner to the other."""

    WORDS = declare(
        text=Words(owner="author", leaving=Leaving.SHARED, export="appreciation.notes_sent"),
    )

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_sent"
    )
    # Null once the recipient deleted their account: the author keeps what they wrote.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="notes_received",
    )
    quality = models.CharField(max_length=20, blank=True, default="")
    text = EncryptedTextField()
    # Set when the note began as an entry of the author's "noticed it" log.
    from_noticed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The recipient's own state. Never shown to the author: no read receipts.
    read_at = models.DateTimeField(null=True, blank=True)
    kept = models.BooleanField(default=False)
    # The author left the couple and took their entries with them.
    left_with_author = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["couple", "author"]),
        ]

    def __str__(self) -> str:
        return f"Note {self.pk}"

    @property
    def quality_label(self) -> str:
        return str(QUALITIES.get(self.quality, ""))


class NoticedEntry(models.Model):
    """A small kind thing the partner did, noted privately by the author."""

    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.PRIVATE, export="appreciation.noticed_log"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="noticed_entries"
    )
    # The space the author was in when writing (empty when alone).
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    shared_as = models.OneToOneField(
        Note, on_delete=models.SET_NULL, null=True, blank=True, related_name="noticed_entry"
    )

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"Noticed {self.pk}"


class CarePreference(models.Model):
    """What makes one person feel cared for. Their current partner can read it."""

    WORDS = declare(
        in_my_words=Words(
            owner="user",
            leaving=Leaving.CURRENT,
            export="appreciation.what_makes_me_feel_cared_for",
        ),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_preference"
    )
    words = models.PositiveSmallIntegerField(default=1)
    time = models.PositiveSmallIntegerField(default=1)
    help = models.PositiveSmallIntegerField(default=1)
    gifts = models.PositiveSmallIntegerField(default=1)
    touch = models.PositiveSmallIntegerField(default=1)
    in_my_words = EncryptedTextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Care preferences of {self.user_id}"

    def levels(self) -> dict[str, int]:
        return {kind: getattr(self, kind) for kind in CARE_KINDS}

    def rows(self) -> list[tuple[str, str, int, str]]:
        """(kind, kind label, level, level label), most meaningful first."""
        labels = dict(CareKind.choices)
        ordered = sorted(CARE_KINDS, key=lambda k: -getattr(self, k))
        return [
            (k, str(labels[k]), getattr(self, k), str(LEVELS[getattr(self, k)])) for k in ordered
        ]


# The recipient's answer to a note in one tap. Labels carry the meaning everywhere,
# including screens and screen readers without emoji (like the daily question's).
REACTIONS = {
    "heart": ("❤️", _("Love this")),
    "hug": ("🤗", _("Hug")),
    "smile": ("😊", _("Made me smile")),
    "thanks": ("🙏", _("Thank you")),
    "spark": ("✨", _("Lovely")),
}


class NoteReaction(models.Model):
    """The recipient's one-tap answer to a note they received (one each, changeable)."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="reactions")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=[(k, v[1]) for k, v in REACTIONS.items()])
    created_at = models.DateTimeField(default=timezone.now)
    # The one who reacted left the couple and took their entries with them.
    left_with_author = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "user"], name="one_note_reaction_each"),
        ]
        indexes = [models.Index(fields=["couple", "user"])]

    def __str__(self) -> str:
        return f"{self.kind} on note {self.note_id}"

    @property
    def symbol(self) -> str:
        return REACTIONS[self.kind][0]

    @property
    def label(self) -> str:
        return str(REACTIONS[self.kind][1])


class NoteReply(models.Model):
    """A few words back from the recipient of a note, in their own words."""

    WORDS = declare(
        text=Words(
            owner="user", leaving=Leaving.SHARED, export="appreciation.note_replies_written"
        ),
    )

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="replies")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    left_with_author = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["note", "created_at"]),
            models.Index(fields=["couple", "user"]),
            models.Index(fields=["user", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Reply {self.pk} to note {self.note_id}"
