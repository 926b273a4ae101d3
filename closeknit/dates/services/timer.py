"""Phone-free time: a shared timer either partner starts and either stops. It notes the
minutes spent, nothing more: no targets, no streaks."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.dates.models import PhoneFreeSession
from closeknit.dates.spaces import Space, space_for
from closeknit.lib.errors import Conflict

PRACTICE = "quality_time"
# A timer left running overnight is noted as this much at most.
MAX_MINUTES = 12 * 60


def running_session(space: Space) -> PhoneFreeSession | None:
    return (
        PhoneFreeSession.objects.filter(space.current(author="started_by"), ended_at__isnull=True)
        .select_related("started_by")
        .first()
    )


def timer_start(*, user: User, now: datetime | None = None) -> PhoneFreeSession:
    space = space_for(user)
    try:
        with transaction.atomic():
            if running_session(space) is not None:
                raise IntegrityError
            session = PhoneFreeSession.objects.create(
                couple=space.couple, started_by=user, started_at=now or timezone.now()
            )
            activity_record(
                user=user, couple=space.couple, practice=PRACTICE, kind="phone_free_started"
            )
    except IntegrityError:
        raise Conflict(
            _("Your phone-free time is already running. Enjoy it."), code="timer_running"
        ) from None
    return session


def timer_stop(*, user: User, now: datetime | None = None) -> PhoneFreeSession:
    now = now or timezone.now()
    space = space_for(user)
    with transaction.atomic():
        session = (
            PhoneFreeSession.objects.select_for_update()
            .filter(space.current(author="started_by"), ended_at__isnull=True)
            .first()
        )
        if session is None:
            raise Conflict(_("There is no phone-free time running."), code="timer_not_running")
        elapsed = max(0, int((now - session.started_at).total_seconds() // 60))
        session.ended_at = now
        session.ended_by = user
        session.minutes = min(elapsed, MAX_MINUTES)
        session.save(update_fields=["ended_at", "ended_by", "minutes"])
        activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="phone_free_ended")
    return session
