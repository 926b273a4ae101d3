from datetime import datetime

from django.utils import timezone

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.activity.models import ActivityRecord
from closeknit.couples.models import Couple


def activity_record(
    *,
    user: User,
    practice: str,
    kind: str,
    couple: Couple | None = None,
    occurred_at: datetime | None = None,
) -> ActivityRecord:
    """Note that `user` did something for `practice`. Call it from feature services.

    `couple` is the space it happened in (None when alone). Never pass content here.
    """
    practices.get(practice)  # raises on an unknown key: a programming error, not input
    if not kind or len(kind) > 40:
        raise ValueError(f"Activity kind must be 1-40 characters, got {kind!r}")
    return ActivityRecord.objects.create(
        user=user,
        couple=couple,
        practice=practice,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
    )
