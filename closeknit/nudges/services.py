"""Telling people about things, kindly: in the app, by email, within their own rules.

Every notification passes the person's settings: the channel is on for that event, the
practice isn't hidden, the daily cap isn't reached; email and push wait out quiet hours. The
same happening (its `dedupe_key`) never notifies twice, however many workers race.
"""

import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.core.pagecache import refresh_people
from closeknit.lib.bulk import among, insert_ignoring_conflicts
from closeknit.lib.crypto import encrypt
from closeknit.lib.errors import Invalid, NotFound
from closeknit.nudges.events import EVENTS
from closeknit.nudges.models import EmailDelivery, Notification, Preferences
from closeknit.push.services import deliveries_create as push_deliveries_create

MAX_CAP = 20
CHANNELS = ("app", "email", "push")
# The columns notify_many writes (the rest keep their database defaults: NULL).
NOTIFICATION_FIELDS = ("user", "event", "url", "detail", "dedupe_key", "created_at", "in_app")
_USER, _IN_APP = NOTIFICATION_FIELDS.index("user"), NOTIFICATION_FIELDS.index("in_app")


def preferences_for(user: User) -> Preferences:
    found = Preferences.objects.filter(user=user).first()
    return found or Preferences(user=user)


def channel_on(prefs: Preferences, event: str, channel: str) -> bool:
    chosen = prefs.channels.get(event, {})
    default = getattr(EVENTS[event], channel)
    return bool(chosen.get(channel, default))


def in_quiet_hours(local: time, start: time | None, end: time | None) -> bool:
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the quiet spans midnight


def send_after(*, now: datetime, tz: str, start: time | None, end: time | None) -> datetime:
    """`now`, or the end of the person's quiet hours if they are in them."""
    zone = zoneinfo.ZoneInfo(tz)
    local = now.astimezone(zone)
    if end is None or not in_quiet_hours(local.time(), start, end):
        return now
    candidate = datetime.combine(local.date(), end, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=zone)
    return candidate


def _local_midnight(now: datetime, tz: str) -> datetime:
    zone = zoneinfo.ZoneInfo(tz)
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(0), tzinfo=zone)


class Recipient(Protocol):
    """What notify_many reads of a person: a User, or a plain row of these columns (the
    rollover reads 200,000 people and builds no model instances for them)."""

    @property
    def pk(self) -> Any: ...
    @property
    def email(self) -> str: ...
    @property
    def timezone(self) -> str: ...
    @property
    def hidden_practices(self) -> list[str]: ...


@dataclass(frozen=True)
class Nudge:
    user: Recipient
    event: str
    url: str
    dedupe_key: str
    detail: str = ""
    item: int | None = None  # the waiting item it tells about (closeknit.nudges.waiting)


def notify_many(
    nudges: list[Nudge],
    *,
    now: datetime | None = None,
    shared_detail: bool = False,
    refresh_pages: bool = True,
) -> int:
    """Create the notifications these people's settings allow, in bulk. Returns how
    many were new. Safe to call twice with the same nudges.

    Reads of each person only `pk`, `email`, `timezone` and `hidden_practices`.
    `detail` is encrypted once per row, except with `shared_detail` (the details are not
    what people wrote, e.g. the library's question text): then identical details share
    one ciphertext, which shows only that those rows hold the same words. Empty details
    always share one.

    `refresh_pages` makes the recipients' kept pages stale, for the unread count in
    their header (closeknit.core.pagecache); see the rollover for the one caller that
    may leave it off."""
    now = now or timezone.now()
    if not nudges:
        return 0
    user_ids = {n.user.pk for n in nudges}
    prefs = {p.user_id: p for p in Preferences.objects.filter(among("user_id", user_ids))}
    default = Preferences()  # for everyone who never changed theirs; only read
    since = min(_local_midnight(now, tz) for tz in {n.user.timezone for n in nudges})
    today_counts: Counter[int] = Counter(
        dict(
            Notification.objects.filter(among("user_id", user_ids), created_at__gte=since)
            .values("user_id")
            .annotate(n=Count("pk"))
            .values_list("user_id", "n")
            .order_by()
        )
    )
    new_rows: list[tuple[Any, ...]] = []
    sealed: dict[str, str] = {}  # detail -> its ciphertext, when shared
    created_at = Notification._meta.get_field("created_at").get_db_prep_save(
        now, connections[router.db_for_write(Notification)]
    )
    wants_email: set[tuple[int, str]] = set()
    wants_push: dict[tuple[int, str], datetime] = {}  # -> when it may go
    # Only notifications about waiting items name one: the rollover's bulk insert keeps
    # its columns.
    with_items = any(n.item is not None for n in nudges)
    fields = (*NOTIFICATION_FIELDS, "item") if with_items else NOTIFICATION_FIELDS
    # (in app, by email, by push) for each event under the default preferences, worked
    # out once
    default_channels: dict[str, tuple[bool, bool, bool]] = {}
    for nudge in nudges:
        user, event = nudge.user, EVENTS[nudge.event]
        pref = prefs.get(user.pk, default)
        if event.practice and event.practice in user.hidden_practices:
            continue
        if pref is not default:
            app = channel_on(pref, event.key, "app")
            email = channel_on(pref, event.key, "email")
            push = channel_on(pref, event.key, "push")
        else:
            if event.key not in default_channels:
                default_channels[event.key] = (
                    channel_on(default, event.key, "app"),
                    channel_on(default, event.key, "email"),
                    channel_on(default, event.key, "push"),
                )
            app, email, push = default_channels[event.key]
        email = email and not pref.email_off and bool(user.email)
        if not (app or email or push) or today_counts[user.pk] >= pref.daily_cap:
            continue
        today_counts[user.pk] += 1
        if nudge.detail and not shared_detail:
            detail = encrypt(nudge.detail)
        elif nudge.detail not in sealed:
            detail = sealed[nudge.detail] = encrypt(nudge.detail)
        else:
            detail = sealed[nudge.detail]
        row = (user.pk, event.key, nudge.url, detail, nudge.dedupe_key, created_at, app)
        new_rows.append((*row, nudge.item) if with_items else row)
        if email:
            wants_email.add((user.pk, nudge.dedupe_key))
        if push:  # only people with a device get a delivery (push_deliveries_create)
            wants_push[(user.pk, nudge.dedupe_key)] = send_after(
                now=now, tz=user.timezone, start=pref.quiet_from, end=pref.quiet_until
            )
    with transaction.atomic():
        created = insert_ignoring_conflicts(Notification, fields, new_rows)
        if created and refresh_pages:  # the unread count in everyone's header
            refresh_people(row[_USER] for row in new_rows if row[_IN_APP])
        if wants_email:
            keys = {key for _uid, key in wants_email}
            fresh = Notification.objects.filter(
                user_id__in={uid for uid, _k in wants_email},
                dedupe_key__in=keys,
                created_at=now,
                email__isnull=True,
            ).select_related("user")
            deliveries = []
            for notification in fresh:
                if (notification.user_id, notification.dedupe_key) not in wants_email:
                    continue
                pref = prefs.get(notification.user_id, default)
                deliveries.append(
                    EmailDelivery(
                        notification=notification,
                        send_after=send_after(
                            now=now,
                            tz=notification.user.timezone,
                            start=pref.quiet_from,
                            end=pref.quiet_until,
                        ),
                    )
                )
            EmailDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        if wants_push and created:
            push_deliveries_create(wanted=wants_push, now=now)
    return created


def notify(
    *, user: User, event: str, url: str, dedupe_key: str, detail: str = "",
    now: datetime | None = None,
) -> bool:  # fmt: skip
    return (
        notify_many(
            [Nudge(user=user, event=event, url=url, dedupe_key=dedupe_key, detail=detail)], now=now
        )
        == 1
    )


def visible(user: User):  # type: ignore[no-untyped-def]
    return Notification.objects.filter(user=user, in_app=True, cleared_at__isnull=True)


def unread_count(user: User) -> int:
    return visible(user).filter(read_at__isnull=True).count()


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    rows = visible(user).filter(read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
        if not visible(user).filter(pk=notification_id).exists():
            raise NotFound(_("There is no such notification."))
    return rows.update(read_at=timezone.now())


def clear(*, user: User, notification_id: int | None = None) -> int:
    rows = visible(user)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
        if not rows.exists():
            raise NotFound(_("There is no such notification."))
    return rows.update(cleared_at=timezone.now())


def preferences_update(
    *,
    user: User,
    channels: dict[str, dict[str, bool]] | None = None,
    quiet: tuple[time | None, time | None] | None = None,
    daily_cap: int | None = None,
    rich_text: bool | None = None,
    email_off: bool | None = None,
    push_rich: bool | None = None,
) -> Preferences:
    prefs = preferences_for(user)
    if channels is not None:
        cleaned: dict[str, dict[str, bool]] = {}
        for event, values in channels.items():
            if event not in EVENTS:
                raise Invalid(
                    _("Unknown event %(e)s; use one of %(all)s.")
                    % {"e": event, "all": ", ".join(EVENTS)},
                    code="invalid_event",
                )
            unknown = set(values) - set(CHANNELS)
            if unknown or not all(isinstance(v, bool) for v in values.values()):
                raise Invalid(_("Each event takes app, email and push, true or false."))
            cleaned[event] = dict(values)
        prefs.channels = {**prefs.channels, **cleaned}
    if quiet is not None:  # (None, None) turns quiet hours off
        if (quiet[0] is None) != (quiet[1] is None):
            raise Invalid(_("Give quiet hours both a start and an end, or neither."))
        # Quiet hours are wall-clock times in the person's own time zone; an offset
        # sent along (as in "22:00Z") has no meaning here and is dropped.
        start, end = (t.replace(tzinfo=None) if t else None for t in quiet)
        prefs.quiet_from, prefs.quiet_until = start, end
    if daily_cap is not None:
        if not 1 <= daily_cap <= MAX_CAP:
            raise Invalid(_("Choose between 1 and %(n)d a day.") % {"n": MAX_CAP})
        prefs.daily_cap = daily_cap
    if rich_text is not None:
        prefs.rich_text = rich_text
    if email_off is not None:
        prefs.email_off = email_off
    if push_rich is not None:
        prefs.push_rich = push_rich
    try:
        prefs.save()
    except IntegrityError:  # created by a parallel request: update that one
        existing = Preferences.objects.get(user=user)
        prefs.pk = existing.pk
        prefs.save()
    return prefs
