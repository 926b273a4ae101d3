"""The weekly couple meeting: one per space and week, with each person's notes for each
part. The meeting is joint, so both partners read both people's notes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.dates.models import Meeting, MeetingNote, Section
from closeknit.dates.spaces import Space, space_for
from closeknit.lib.errors import Invalid, NotFound

PRACTICE = "quality_time"
MAX_NOTE = 4000


def week_of(*, space: Space, now: datetime | None = None) -> date:
    """The Monday of this week, in the space's time zone."""
    today = (now or timezone.now()).astimezone(ZoneInfo(space.tz)).date()
    return today - timedelta(days=today.weekday())


def _scope(space: Space) -> dict[str, object]:
    if space.couple is not None:
        return {"couple": space.couple}
    return {"couple__isnull": True, "user": space.user}


def meeting_for_week(*, space: Space, week: date) -> Meeting:
    found = Meeting.objects.filter(**_scope(space), week=week).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Meeting.objects.create(
                couple=space.couple, user=None if space.couple else space.user, week=week
            )
    except IntegrityError:  # the partner opened it at the same instant
        return Meeting.objects.get(**_scope(space), week=week)


def meeting_current(*, user: User, now: datetime | None = None) -> Meeting:
    space = space_for(user)
    return meeting_for_week(space=space, week=week_of(space=space, now=now))


def meeting_note_save(
    *, user: User, meeting_id: int, section: str, text: str
) -> MeetingNote | None:
    """Write (or clear, with empty text) this person's notes for one part of a meeting of
    their current space."""
    if section not in Section.values:
        raise Invalid(
            _("Unknown part of the meeting. Use one of: %(s)s.") % {"s": ", ".join(Section.values)},
            code="unknown_section",
        )
    text = (text or "").strip()
    if len(text) > MAX_NOTE:
        raise Invalid(_("Keep notes under %(n)d characters.") % {"n": MAX_NOTE}, code="too_long")
    space = space_for(user)
    meeting = Meeting.objects.filter(**_scope(space), pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("There is no such meeting in your space."))
    with transaction.atomic():
        if not text:
            MeetingNote.objects.filter(meeting=meeting, user=user, section=section).delete()
            return None
        first = not MeetingNote.objects.filter(meeting=meeting, user=user).exists()
        note, _created = MeetingNote.objects.update_or_create(
            meeting=meeting,
            user=user,
            section=section,
            defaults={"text": text, "updated_at": timezone.now()},
            create_defaults={"text": text, "couple": meeting.couple, "updated_at": timezone.now()},
        )
        if first:
            activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="meeting_notes")
    return note
