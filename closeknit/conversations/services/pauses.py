"""'Pause and come back': either partner sets a time to return to a hard conversation.
It is stored on the couple, shown to both (each in their own time zone), and either can
clear it."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.conversations.models import Pause
from closeknit.conversations.services.common import PRACTICE, couple_of_two
from closeknit.couples.services import couple_for
from closeknit.lib.errors import Invalid

PAUSE_CHOICES = {
    "20min": gettext_lazy("In 20 minutes"),
    "1h": gettext_lazy("In an hour"),
    "evening": gettext_lazy("This evening"),
    "tomorrow": gettext_lazy("Tomorrow, at this time"),
    "custom": gettext_lazy("At a time I choose"),
}
EVENING = time(19, 0)
SHORTEST = timedelta(minutes=5)
LONGEST = timedelta(days=7)


def _tz(user: User) -> ZoneInfo:
    return ZoneInfo(user.timezone or "UTC")


def evening_for(*, user: User, now: datetime) -> datetime | None:
    """Seven this evening in the person's time zone, or None once that has passed."""
    local = now.astimezone(_tz(user))
    evening = datetime.combine(local.date(), EVENING, tzinfo=_tz(user))
    return evening if evening - now >= timedelta(minutes=20) else None


def parse_local_time(raw: str, *, user: User) -> datetime:
    """A date and time typed in a form ("2030-05-01T18:30"), in the person's time zone."""
    try:
        parsed = datetime.fromisoformat((raw or "").strip())
    except ValueError:
        raise Invalid(
            _("Pick a date and a time to come back, like 2030-05-01 18:30."), code="invalid_time"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_tz(user))
    return parsed


def return_time(*, user: User, choice: str, at: datetime | None, now: datetime) -> datetime:
    if choice == "20min":
        return now + timedelta(minutes=20)
    if choice == "1h":
        return now + timedelta(hours=1)
    if choice == "evening":
        evening = evening_for(user=user, now=now)
        if evening is None:
            raise Invalid(
                _("It's already evening. Choose tomorrow, or a time of your own."),
                code="evening_passed",
            )
        return evening
    if choice == "tomorrow":
        local = now.astimezone(_tz(user))
        return (local + timedelta(days=1)).astimezone(ZoneInfo("UTC"))
    if choice == "custom":
        if at is None:
            raise Invalid(_("Pick a date and a time to come back."), code="time_required")
        if at.tzinfo is None:
            at = at.replace(tzinfo=_tz(user))
        if at - now < SHORTEST:
            raise Invalid(_("Choose a time at least a few minutes from now."), code="time_too_soon")
        if at - now > LONGEST:
            raise Invalid(_("Choose a time within the next week."), code="time_too_far")
        return at
    raise Invalid(
        _("Choose when to come back: %(options)s.") % {"options": ", ".join(PAUSE_CHOICES)},
        code="invalid_choice",
    )


def pause_set(
    *, user: User, choice: str, at: datetime | None = None, now: datetime | None = None
) -> Pause:
    """Pause for both; setting it again moves the return time."""
    now = now or timezone.now()
    return_at = return_time(user=user, choice=choice, at=at, now=now)
    couple, _members = couple_of_two(user)
    pause, _created = Pause.objects.update_or_create(
        couple=couple, defaults={"set_by": user, "return_at": return_at, "created_at": now}
    )
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="pause_set")
    return pause


def pause_clear(*, user: User) -> None:
    """Either partner can clear the pause, whoever set it. Clearing none is fine too."""
    couple = couple_for(user)
    if couple is not None:
        Pause.objects.filter(couple=couple).delete()
