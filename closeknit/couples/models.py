import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Short codes avoid look-alike characters (0/O, 1/I/L) so they can be read over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalize_code(raw: str) -> str:
    """Accept codes typed with spaces, dashes or lower case."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class CoupleQuerySet(models.QuerySet["Couple"]):
    def active(self) -> "CoupleQuerySet":
        return self.filter(ended_at__isnull=True)


class Couple(models.Model):
    """A shared space for two people. It ends for both when either leaves."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who left, ending the space.",
    )
    home_timezone = models.CharField(max_length=64, default="UTC")
    # The daily question turns over at this local hour in home_timezone.
    day_starts_at = models.PositiveSmallIntegerField(default=4)

    objects = CoupleQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Couple #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> "MembershipQuerySet":
        return self.filter(left_at__isnull=True)


class Membership(models.Model):
    """A person's place in a couple. Rows stay after leaving, to keep the history rule."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    # Whether the leaver's entries stay in the shared history (see docs/couples.md).
    entries_stay = models.BooleanField(default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(left_at__isnull=True), name="one_current_couple"
            ),
        ]
        indexes = [models.Index(fields=["couple", "left_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.couple_id}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self, *, now: datetime | None = None) -> "InvitationQuerySet":
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    """A single-use way in: a link token and a short code, both stored only as hashes."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} to {self.couple_id}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def status_label(self) -> str:
        labels = {
            "accepted": _("accepted"),
            "revoked": _("revoked"),
            "expired": _("expired"),
            "pending": _("waiting"),
        }
        return str(labels[self.status])

    @staticmethod
    def new_secrets() -> tuple[str, str]:
        token = secrets.token_urlsafe(24)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        return token, code


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
