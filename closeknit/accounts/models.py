import hashlib
import secrets
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from closeknit import practices
from closeknit.lib import timezones
from closeknit.lib.words import Leaving, Words, declare


def validate_timezone(value: str) -> None:
    if not timezones.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a time zone we know; pick one like Europe/Berlin."),
            params={"value": value},
        )


def validate_practice_keys(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Expected a list of practice keys."))
    unknown = sorted(set(value) - set(practices.KEYS))
    if unknown:
        raise ValidationError(
            _("Unknown practice: %(keys)s. Valid keys: %(valid)s."),
            params={"keys": ", ".join(unknown), "valid": ", ".join(practices.KEYS)},
        )


class PersonManager(UserManager["User"]):
    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Everyone has their own account; couples link two of them."""

    WORDS = declare(
        display_name=Words(owner="pk", leaving=Leaving.ACCOUNT, export="accounts.display_name"),
    )

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    # When someone uses Closeknit alone, their daily question turns over at this hour.
    day_starts_at = models.PositiveSmallIntegerField(_("new day starts at"), default=4)
    # App lock: ask for a PIN again after this many idle minutes (0: off).
    lock_after_minutes = models.PositiveSmallIntegerField(default=0)
    lock_pin = models.CharField(max_length=128, blank=True, help_text="A hashed PIN.")
    # Show a plain name ("Notes") in the tab and the installed app instead of Closeknit.
    neutral_name = models.BooleanField(default=False)
    focus_practices = models.JSONField(
        _("practices to focus on"), default=list, blank=True, validators=[validate_practice_keys]
    )
    hidden_practices = models.JSONField(
        _("practices to hide"), default=list, blank=True, validators=[validate_practice_keys]
    )
    # Bumped whenever something this person can see changes; kept pages are keyed by it
    # (closeknit.core.pagecache), and it is read with the person at no extra cost.
    view_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Set when something may be waiting for this person (closeknit.nudges.waiting), so
    # that pages check for items to close only then; cleared when none is open.
    has_waiting = models.BooleanField(default=False, editable=False)
    # The last day (in the person's own time zone) they opened Closeknit: a date, never a
    # time, written at most once a day (closeknit.accounts.opened). Used only to notice a
    # partner has gone quiet (closeknit.nudges.wayback); never shown to anyone else, never
    # in the API, only in the person's own export.
    last_opened_on = models.DateField(null=True, blank=True, editable=False)
    # Where the person is in the first-run welcome (closeknit.accounts.firstrun). Only a
    # new sign-up starts it; "done" for everyone else, so nobody is ever sent back.
    welcome_step = models.CharField(max_length=12, default="done", editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[PersonManager] = PersonManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def visible_practices(self) -> list[practices.Practice]:
        return practices.ordered_for(focus=self.focus_practices, hidden=self.hidden_practices)


TOKEN_PREFIX = "ck_"  # noqa: S105 - a public prefix, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def for_raw(self, raw: str) -> "ApiToken | None":
        if not raw.startswith(TOKEN_PREFIX):
            return None
        return self.select_related("user").filter(token_hash=hash_token(raw)).first()


class ApiToken(models.Model):
    """A bearer token for API clients. Only its hash is stored; the owner sees it once."""

    WORDS = declare(
        name=Words(owner="user", leaving=Leaving.ACCOUNT, export="accounts.api_tokens"),
    )

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=8, help_text="The last characters, to tell tokens apart.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.hint})"

    @staticmethod
    def new_raw() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)


class Session(AbstractBaseSession):
    """Django's database session, plus whose it is, so that one query reads a signed-in
    request's session and person together (closeknit.accounts.sessions)."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls) -> type:
        from closeknit.accounts.sessions import SessionStore

        return SessionStore
