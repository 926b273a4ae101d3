"""Physical intimacy: affection preferences, and the private yes / maybe / no list.

Privacy design of the list (docs/intimacy-and-trust.md): each person's answers and
opt-ins live in one encrypted row of their own (`ListAnswers`), never in a row shared
with the partner. Matches are computed on the fly from the two rows and nothing else.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from closeknit.lib.crypto import EncryptedTextField
from closeknit.lib.words import Leaving, Words, declare


class Tier(models.TextChoices):
    TENDER = "tender", _("Tender")
    SENSUAL = "sensual", _("Sensual")
    ADULT = "adult", _("Adult")


TIER_ORDER = {Tier.TENDER: 0, Tier.SENSUAL: 1, Tier.ADULT: 2}


class ListItem(models.Model):
    """One item of the yes / maybe / no list, loaded from content/intimacy/."""

    id = models.CharField(primary_key=True, max_length=32)
    tier = models.CharField(max_length=8, choices=Tier.choices)
    text = models.CharField(max_length=160)
    retired = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["retired", "tier"])]

    def __str__(self) -> str:
        return self.id

    @property
    def sort_key(self) -> tuple[int, str]:
        return (TIER_ORDER[Tier(self.tier)], self.id)


class Level(models.TextChoices):
    LOVE = "love", _("Love it")
    SOMETIMES = "sometimes", _("Nice sometimes")
    NOT_FOR_ME = "not_for_me", _("Not for me")


# The kinds of closeness a person can describe, in the order shown.
AFFECTION_KINDS: dict[str, Promise] = {
    "holding_hands": _("Holding hands"),
    "hugs": _("Long hugs"),
    "cuddling": _("Cuddling on the sofa or in bed"),
    "kisses": _("Kisses"),
    "massage": _("Massage, back or foot rubs"),
    "hair": _("Playing with my hair"),
    "passing_touch": _("A hand on my back or arm in passing"),
    "sleeping_close": _("Falling asleep close"),
    "held_when_upset": _("Being held when I'm upset"),
    "dancing": _("Dancing together"),
    "near_not_touching": _("Being close without touching"),
    "public_affection": _("Affection in front of other people"),
    "playful_touch": _("Playful touch, like tickling or play-fighting"),
    "something_else": _("Something else (tell them below)"),
}


class AffectionPreference(models.Model):
    """How much a person enjoys one kind of closeness. Their partner can read it."""

    WORDS = declare(
        note=Words(owner="user", leaving=Leaving.CURRENT, export="intimacy.affection"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affection_preferences"
    )
    kind = models.CharField(max_length=24)
    level = models.CharField(max_length=12, choices=Level.choices)
    note = EncryptedTextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_affection_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.level}"

    @property
    def label(self) -> str:
        return str(AFFECTION_KINDS.get(self.kind, self.kind))


class ListAnswers(models.Model):
    """One person's whole yes / maybe / no list for one space, encrypted as one JSON
    document: {"answers": {item_id: "yes"|"maybe"|"no"}, "adult": bool, "maybe": bool}.

    `couple` is the space the answers belong to (empty when the person is on their own):
    a new relationship starts with a fresh list, so answers given with one partner are
    never matched against another.
    """

    WORDS = declare(
        data=Words(owner="user", leaving=Leaving.CURRENT, export="intimacy.yes_maybe_no_lists"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intimacy_lists"
    )
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data = EncryptedTextField(default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "couple"],
                condition=Q(couple__isnull=False),
                name="one_list_per_person_and_couple",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(couple__isnull=True), name="one_solo_list"
            ),
        ]

    def __str__(self) -> str:
        return f"List {self.pk}"
