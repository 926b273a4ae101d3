"""Planning dates together, and noting afterwards how each one felt."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.dates.models import DateLog, Idea, PlannedDate
from closeknit.dates.spaces import Space, space_for
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.nudges import waiting
from closeknit.nudges.models import WaitingItem

PRACTICE = "quality_time"
MAX_TITLE = 120
MAX_PLACE = 200
MAX_NOTE = 2000
MAX_WORDS = 500
MIN_MINUTES, MAX_MINUTES = 10, 1440
DEFAULT_MINUTES = 120
MAX_AHEAD = timedelta(days=3 * 366)
DATES_URL = "/quality-time/dates/"


def date_ref(date_id: int) -> str:
    """The place a date's news waits for the partner (closeknit.nudges.waiting)."""
    return f"date:{date_id}"


def date_url(date_id: int) -> str:
    return f"{DATES_URL}{date_id}/"


def local_to_utc(*, day: date, at: time, tz: str) -> datetime:
    """A wall-clock time in a person's time zone, as an aware datetime."""
    return datetime.combine(day, at).replace(tzinfo=ZoneInfo(tz))


def as_aware(value: datetime, *, tz: str) -> datetime:
    """Times without an offset are read in the person's own time zone."""
    if timezone.is_naive(value):
        return value.replace(tzinfo=ZoneInfo(tz))
    return value


@dataclass(frozen=True)
class DateInput:
    title: str = ""
    idea_id: str | None = None
    starts_at: datetime | None = None
    minutes: int | None = None
    place: str = ""
    note: str = ""


def _clean_text(value: str, *, limit: int, what: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise Invalid(
            _("Keep the %(what)s under %(n)d characters.") % {"what": what, "n": limit},
            code="too_long",
        )
    return value


def _check_time(starts_at: datetime | None, *, now: datetime) -> datetime:
    if starts_at is None:
        raise Invalid(_("Choose a day and a time."), code="time_required")
    if starts_at <= now:
        raise Invalid(
            _("That time has already passed. Pick a moment still to come."), code="in_the_past"
        )
    if starts_at > now + MAX_AHEAD:
        raise Invalid(_("Plan dates up to three years ahead."), code="too_far_ahead")
    return starts_at


def _check_minutes(minutes: int | None) -> int:
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise Invalid(
            _("A date lasts from %(lo)d minutes to a whole day (%(hi)d minutes).")
            % {"lo": MIN_MINUTES, "hi": MAX_MINUTES},
            code="bad_duration",
        )
    return minutes


def date_plan(*, user: User, data: DateInput, now: datetime | None = None) -> PlannedDate:
    """Put a date on the calendar of the person's space (both partners see it)."""
    now = now or timezone.now()
    space = space_for(user)
    idea = None
    if data.idea_id:
        idea = Idea.objects.filter(pk=data.idea_id, retired=False).first()
        if idea is None:
            raise Invalid(_("That idea isn't in the library."), code="unknown_idea")
    title = _clean_text(data.title, limit=MAX_TITLE, what=_("title")) or (
        idea.title if idea else ""
    )
    if not title:
        raise Invalid(_("Give the date a name, or choose an idea."), code="title_required")
    minutes = data.minutes
    if minutes is None:
        minutes = min(idea.minutes, MAX_MINUTES) if idea else DEFAULT_MINUTES
    planned = PlannedDate(
        couple=space.couple,
        created_by=user,
        idea=idea,
        title=title,
        starts_at=_check_time(data.starts_at, now=now),
        minutes=_check_minutes(minutes),
        place=_clean_text(data.place, limit=MAX_PLACE, what=_("place")),
        note=_clean_text(data.note, limit=MAX_NOTE, what=_("note")),
        created_at=now,
        updated_at=now,
    )
    with transaction.atomic():
        planned.save()
        waiting.invite(
            actor=user,
            couple=space.couple,
            kind="date_planned",
            ref=date_ref(planned.pk),
            url=date_url(planned.pk),
            partner=space.partner,
        )
        activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="date_planned")
    return planned


def _in_space(*, space: Space, date_id: int, lock: bool = False) -> PlannedDate:
    dates = PlannedDate.objects.filter(space.current(author="created_by"), pk=date_id)
    found = (dates.select_for_update() if lock else dates).first()
    if found is None:
        raise NotFound(_("There is no such date in your space."))
    return found


def date_update(
    *, user: User, date_id: int, changes: dict[str, object], now: datetime | None = None
) -> PlannedDate:
    """Change a date of the current space; either partner may. `changes` holds only the
    fields to change: title, starts_at, minutes, place, note."""
    now = now or timezone.now()
    space = space_for(user)
    unknown = set(changes) - {"title", "starts_at", "minutes", "place", "note"}
    if unknown:
        raise Invalid(_("These can't be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        planned = _in_space(space=space, date_id=date_id, lock=True)
        if "title" in changes:
            title = _clean_text(str(changes["title"] or ""), limit=MAX_TITLE, what=_("title"))
            if not title:
                raise Invalid(_("Give the date a name."), code="title_required")
            planned.title = title
        if "starts_at" in changes and changes["starts_at"] != planned.starts_at:
            planned.starts_at = _check_time(changes["starts_at"], now=now)  # type: ignore[arg-type]
        if "minutes" in changes:
            planned.minutes = _check_minutes(changes["minutes"])  # type: ignore[arg-type]
        if "place" in changes:
            planned.place = _clean_text(str(changes["place"] or ""), limit=MAX_PLACE, what="place")
        if "note" in changes:
            planned.note = _clean_text(str(changes["note"] or ""), limit=MAX_NOTE, what="note")
        planned.sequence += 1
        planned.updated_at = now
        planned.save()
        _tell_of_change(space=space, planned=planned)
        activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="date_changed")
    return planned


def _tell_of_change(*, space: Space, planned: PlannedDate) -> None:
    ref = date_ref(planned.pk)
    # Changing it, they have seen it: what waited for them about this date closes.
    waiting.seen(user=space.user, refs=[ref])
    if space.partner is None:
        return
    unseen_plan = WaitingItem.objects.filter(
        user=space.partner, ref=ref, kind="date_planned", closed_at=None
    ).exists()
    if unseen_plan:  # they have yet to look at it, and will see it as it is now
        return
    waiting.invite(
        actor=space.user,
        couple=space.couple,
        kind="date_changed",
        ref=ref,
        url=date_url(planned.pk),
        partner=space.partner,
    )


def date_cancel(*, user: User, date_id: int) -> None:
    """Take a date off the calendar (for both partners, and from calendar feeds)."""
    space = space_for(user)
    with transaction.atomic():
        planned = _in_space(space=space, date_id=date_id, lock=True)
        ref = date_ref(planned.pk)
        planned.delete()
        # What told of it is moot now; one line says it's off, on the list of dates.
        waiting.withdraw(ref=ref, couple=space.couple)
        waiting.invite(
            actor=user,
            couple=space.couple,
            kind="date_cancelled",
            ref=ref,
            url=DATES_URL,
            partner=space.partner,
        )
        activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="date_cancelled")


def date_log_save(
    *,
    user: User,
    date_id: int,
    feeling: int | None,
    words: str = "",
    shared: bool = False,
    now: datetime | None = None,
) -> DateLog:
    """How the date felt to this person: a 1-5 feeling and a few words. Private unless
    `shared`; the partner never sees an unshared log."""
    now = now or timezone.now()
    space = space_for(user)
    planned = _in_space(space=space, date_id=date_id)
    if planned.starts_at > now:
        raise Conflict(
            _("You can note how it felt once the date has begun."), code="not_yet_happened"
        )
    if feeling is None or not 1 <= feeling <= 5:
        raise Invalid(_("Pick how it felt, from 1 to 5."), code="feeling_required")
    words = _clean_text(words, limit=MAX_WORDS, what=_("words"))
    if shared and planned.couple_id is None:
        raise Conflict(_("You can share this once your partner has joined you."), code="no_partner")
    values = {"feeling": feeling, "words": words, "shared": shared, "updated_at": now}
    with transaction.atomic():
        log, created = DateLog.objects.update_or_create(
            planned_date=planned,
            user=user,
            defaults=values,
            create_defaults={**values, "couple": planned.couple, "created_at": now},
        )
        if created:
            activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="date_logged")
    return log


def date_log_delete(*, user: User, date_id: int) -> None:
    space = space_for(user)
    planned = _in_space(space=space, date_id=date_id)
    deleted, _rows = DateLog.objects.filter(planned_date=planned, user=user).delete()
    if not deleted:
        raise NotFound(_("You haven't noted anything for this date."))
