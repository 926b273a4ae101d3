"""People: creating accounts outside allauth's forms (the API), settings, tokens,
export and deletion."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit import practices
from closeknit.accounts.models import ApiToken, User, hash_token, validate_practice_keys
from closeknit.accounts.opened import local_today, note_opened
from closeknit.lib import lifecycle, timezones, words
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.lib.sqlite import wal_checkpoint

TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)
MAX_TOKENS = 20


def _first_message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def account_create(*, email: str, password: str, display_name: str = "", tz: str = "UTC") -> User:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(_("Enter a valid email address."), code="invalid_email") from None
    if not timezones.is_valid(tz):
        raise Invalid(_("Unknown time zone %(tz)s.") % {"tz": tz}, code="invalid_timezone")
    display_name = display_name.strip()
    if len(display_name) > 60:
        raise Invalid(_("Keep the display name to 60 characters."), code="invalid_name")
    candidate = User(email=email, display_name=display_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise Invalid(_first_message(exc), code="weak_password") from None
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise Conflict(
                _("An account with this email already exists. Log in instead."),
                code="email_taken",
            )
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name,
            timezone=tz,
            last_opened_on=local_today(tz=tz),  # signing up is opening it
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


def account_update(
    *,
    user: User,
    display_name: str | None = None,
    tz: str | None = None,
    focus_practices: list[str] | None = None,
    hidden_practices: list[str] | None = None,
) -> User:
    fields: list[str] = []
    if display_name is not None:
        display_name = display_name.strip()
        if len(display_name) > 60:
            raise Invalid(_("Keep the display name to 60 characters."), code="invalid_name")
        user.display_name = display_name
        fields.append("display_name")
    if tz is not None:
        if not timezones.is_valid(tz):
            raise Invalid(
                _("Unknown time zone %(tz)s; pick one like Europe/Berlin.") % {"tz": tz},
                code="invalid_timezone",
            )
        user.timezone = tz
        fields.append("timezone")
    for name, value in (
        ("focus_practices", focus_practices),
        ("hidden_practices", hidden_practices),
    ):
        if value is None:
            continue
        try:
            validate_practice_keys(value)
        except ValidationError as exc:
            raise Invalid(_first_message(exc), code="invalid_practice") from None
        setattr(user, name, [k for k in practices.KEYS if k in value])
        fields.append(name)
    if set(user.focus_practices) & set(user.hidden_practices):
        raise Invalid(
            _("A practice can't be both a focus and hidden; choose one for each."),
            code="focus_and_hidden",
        )
    if fields:
        user.save(update_fields=fields)
    return user


def account_export(*, user: User) -> dict[str, Any]:
    """Everything a person has in Closeknit, each app contributing its own part."""
    return {
        "format": "closeknit-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        **lifecycle.collect_exports(user=user),
    }


def account_delete(*, user: User) -> None:
    """Delete the person and their content. Their partner's own content stays intact."""
    # Deferred import: couples depends on accounts, not the other way round.
    from closeknit.couples.services import couple_for, couple_leave

    with transaction.atomic():
        if couple_for(user) is not None:
            couple_leave(user=user, entries_stay=False)
        # Words kept in a row that outlives the person (a guide both wrote in) are
        # blanked; everything else they wrote goes with the row (closeknit.lib.words).
        words.erase(user=user)
        user.delete()
        # SQLite: the WAL still holds pages from before the deletion; fold them into the
        # file (where secure_delete has zeroed the rows) and empty it, once committed.
        transaction.on_commit(wal_checkpoint)


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name or len(name) > 80:
        raise Invalid(_("Give the token a name of 1 to 80 characters."), code="invalid_name")
    if user.api_tokens.count() >= MAX_TOKENS:
        raise Conflict(
            _("You have %(n)d tokens already; revoke one you no longer use.") % {"n": MAX_TOKENS},
            code="too_many_tokens",
        )
    raw = ApiToken.new_raw()

    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(raw), hint=raw[-4:])
    return token, raw


def token_revoke(*, user: User, token_id: int) -> None:
    deleted, _n = ApiToken.objects.filter(pk=token_id, user=user).delete()
    if not deleted:
        raise NotFound(_("You have no token with that id."))


def token_authenticate(raw: str) -> User | None:
    token = ApiToken.objects.for_raw(raw)
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    note_opened(user=token.user, now=now)  # an app on a phone is opening Closeknit too
    return token.user
