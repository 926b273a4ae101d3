"""Emotional support: mood and stress check-ins, how each person likes to be supported,
the "I could use some support" signal, and sharing good news.

Privacy rules (docs/appreciation-and-support.md): a mood entry is its author's alone
unless they share that one entry. Nothing tells a sender whether the partner has seen a
signal or good news; they see an answer or reply when one is given.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare

# Words, never icons, carry the meaning of each point.
MOODS = {
    1: _("Really low"),
    2: _("A bit down"),
    3: _("Okay"),
    4: _("Good"),
    5: _("Great"),
}
STRESS = {
    1: _("Calm"),
    2: _("A little stretched"),
    3: _("Stretched"),
    4: _("Very stressed"),
    5: _("Overwhelmed"),
}


class Way(models.TextChoices):
    """Ways of being supported when stressed."""

    LISTENING = "listening", _("Listen to me, without fixing")
    SOLVING = "solving", _("Help me think it through")
    SPACE = "space", _("Give me some space, then check in")
    COMFORT = "comfort", _("Physical comfort, like a hug")
    DISTRACTION = "distraction", _("Take my mind off it")


class AnswerKind(models.TextChoices):
    ON_MY_WAY = "on_my_way", _("On my way")
    CALL = "call", _("I'll call you")
    THINKING = "thinking", _("Thinking of you")
    NOTE = "note", _("A note")


class MoodEntry(models.Model):
    WORDS = declare(
        note=Words(owner="user", leaving=Leaving.SHARED, export="support.mood_checkins"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mood_entries"
    )
    # The space the person was in when checking in (empty when alone).
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mood = models.PositiveSmallIntegerField()
    stress = models.PositiveSmallIntegerField()
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the author chose to show this one entry to their partner.
    shared_with = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["shared_with", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Mood {self.pk}"

    @property
    def mood_label(self) -> str:
        return str(MOODS[self.mood])

    @property
    def stress_label(self) -> str:
        return str(STRESS[self.stress])


class SupportPreference(models.Model):
    """How one person likes to be supported. Their current partner can read it."""

    WORDS = declare(
        in_my_words=Words(
            owner="user", leaving=Leaving.CURRENT, export="support.support_preferences"
        ),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_preference"
    )
    ways = models.JSONField(default=list)
    in_my_words = EncryptedTextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Support preferences of {self.user_id}"

    def way_labels(self) -> list[str]:
        labels = dict(Way.choices)
        return [str(labels[w]) for w in self.ways if w in labels]


class Signal(models.Model):
    """'I could use some support', sent to the partner with one tap."""

    WORDS = declare(
        note=Words(owner="sender", leaving=Leaving.SHARED, export="support.signals_sent"),
    )

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_signals"
    )
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The sender left the couple and took their entries with them.
    left_with_author = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["couple", "-created_at"])]

    def __str__(self) -> str:
        return f"Signal {self.pk}"


class SignalAnswer(models.Model):
    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="support.answers_given"),
    )

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    call_at = models.TimeField(null=True, blank=True)
    text = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    left_with_author = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Answer {self.pk} to signal {self.signal_id}"


class GoodNews(models.Model):
    WORDS = declare(
        text=Words(owner="author", leaving=Leaving.SHARED, export="support.good_news_shared"),
    )

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="good_news"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    left_with_author = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["couple", "-created_at"])]

    def __str__(self) -> str:
        return f"Good news {self.pk}"


class GoodNewsReply(models.Model):
    WORDS = declare(
        text=Words(owner="user", leaving=Leaving.SHARED, export="support.replies_written"),
    )

    good_news = models.ForeignKey(GoodNews, on_delete=models.CASCADE, related_name="replies")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    left_with_author = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Reply {self.pk} to good news {self.good_news_id}"


# Answering good news in one tap. Labels carry the meaning, with or without emoji.
GOOD_NEWS_REACTIONS = {
    "cheer": ("🎉", _("So happy for you")),
    "proud": ("🌟", _("Proud of you")),
    "heart": ("❤️", _("Love this")),
    "wow": ("😮", _("Wow")),
    "hug": ("🤗", _("Hug")),
}


class GoodNewsReaction(models.Model):
    """The partner's one-tap answer to good news (one each, changeable)."""

    good_news = models.ForeignKey(GoodNews, on_delete=models.CASCADE, related_name="reactions")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        max_length=10, choices=[(k, v[1]) for k, v in GOOD_NEWS_REACTIONS.items()]
    )
    created_at = models.DateTimeField(default=timezone.now)
    left_with_author = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["good_news", "user"], name="one_good_news_reaction_each"
            ),
        ]
        indexes = [models.Index(fields=["couple", "user"])]

    def __str__(self) -> str:
        return f"{self.kind} on good news {self.good_news_id}"

    @property
    def symbol(self) -> str:
        return GOOD_NEWS_REACTIONS[self.kind][0]

    @property
    def label(self) -> str:
        return str(GOOD_NEWS_REACTIONS[self.kind][1])
