"""Each person's private calendar feed: a secret address calendar apps subscribe to.

The address holds a random token. Only its SHA-256 hash is used to find it; the token is
also kept encrypted so its owner can see and copy it again. Making a new one replaces
the old one at once; revoking removes it. A wrong or revoked token finds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.dates.models import FeedToken, PlannedDate, hash_feed_token
from closeknit.dates.spaces import space_for

PRACTICE = "quality_time"
# Recent dates stay in the feed a while, so they don't vanish from calendars as they start.
FEED_KEEPS = timedelta(days=30)


def feed_token_for(*, user: User) -> FeedToken | None:
    return FeedToken.objects.filter(user=user).first()


def feed_token_renew(*, user: User) -> str:
    """Make (or remake) the person's feed address; any older address stops working."""
    raw = FeedToken.new_raw()
    with transaction.atomic():
        FeedToken.objects.update_or_create(
            user=user,
            defaults={
                "token_hash": hash_feed_token(raw),
                "token": raw,
                "created_at": timezone.now(),
            },
        )
        activity_record(
            user=user, couple=space_for(user).couple, practice=PRACTICE, kind="calendar_feed"
        )
    return raw


def feed_token_revoke(*, user: User) -> bool:
    deleted, _rows = FeedToken.objects.filter(user=user).delete()
    return bool(deleted)


def feed_dates(*, token: str) -> tuple[User, list[PlannedDate]] | None:
    """The owner of `token` and their space's upcoming and recent dates, or None."""
    if not token or len(token) > 100:
        return None
    found = (
        FeedToken.objects.filter(token_hash=hash_feed_token(token)).select_related("user").first()
    )
    if found is None or not found.user.is_active:
        return None
    space = space_for(found.user)
    dates = (
        PlannedDate.objects.filter(
            space.current(author="created_by"), starts_at__gte=timezone.now() - FEED_KEEPS
        )
        .select_related("idea")
        .order_by("starts_at", "pk")
    )
    return found.user, list(dates)
