"""Whole pages kept for the person who saw them, until anything they could see changes.

The home page, today's question and insights are read far more often than anything on
them changes: a person comes back to home, and today's page asks again while they wait
for their partner. Rendering one costs 10 to 20 ms of CPU; serving it again from memory
costs the session and the person, which every page reads anyway.

Correctness rests on `User.view_version`, read with the person on every request:

- Every unsafe request (POST, PUT, PATCH, DELETE; pages and API alike) bumps the
  version of the person who made it and of everyone who shares or shared a couple with
  them, after the view has committed its writes (`PageVersionMiddleware`). The bump is
  not part of the view's transaction, so it must not decide the answer either: when it
  fails (a database that just went away, a full disk) the client still gets the view's
  own answer for the write that is stored, the failure is logged, and kept pages heal
  when they expire (FRESH, below).
- Writes that no request makes bump it themselves: notifications (`refresh_people` in
  `nudges.services`; the daily rollover's come with a new day, below), and leaving a
  couple or deleting an account, which bump both partners in the same transaction.
- A kept page lives 10 to 15 minutes (each its own, so they don't all expire at once
  and render again together), so anything changed outside the app (the admin site,
  `closeknit content load`) shows within 15 minutes at most. It never outlives the day
  it shows: a view tells `keep_until_new_day` when its space's next day starts, and no
  page is kept past midnight in its person's time zone, nor (for a view that says
  nothing) past the next quarter hour, when any time zone's day or hour may turn.
- Pending flash messages, a missing CSRF cookie, non-200 answers and answers that set a
  cookie are never served from or kept in the cache.

Each process keeps its own entries (CACHES["pages"]), compressed; any server can answer
any request because the version lives in the database. `CLOSEKNIT_PAGE_CACHE=false`
turns it off. Entries hold decrypted text in memory for at most 15 minutes and are never
written to disk; see docs/architecture.md.
"""

import hashlib
import logging
import math
import pickle
import random
import time
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from closeknit.accounts.models import User
from closeknit.lib.bulk import among
from closeknit.prompts import scheduler

QUARTER_HOUR = 15 * 60
FRESH = 15 * 60  # the longest a kept page may miss a change made outside the app
SPREAD = 5 * 60  # kept pages live FRESH - SPREAD to FRESH seconds, each its own
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

View = Callable[..., HttpResponse]

logger = logging.getLogger(__name__)


def refresh_people(user_ids: Iterable[int]) -> None:
    """Make every kept page of these people stale (and of no one else)."""
    ids = sorted(set(user_ids))
    if ids:
        User.objects.filter(among("id", ids)).update(view_version=F("view_version") + 1)


def refresh_circle(user_id: int) -> None:
    """A person and everyone who shares, or once shared, a couple with them: whatever
    the person changed, only these people can see it."""
    # Two indexed statements: one UPDATE with `id = x OR id IN (subquery)` made
    # PostgreSQL scan every person.
    partners = circle_of(user_id)
    refresh_people([user_id, *partners])


def circle_of(user_id: int) -> "QuerySet[Any, int]":
    """Everyone who shares, or once shared, a couple with this person (and the person,
    if they were ever in one)."""
    from closeknit.couples.models import Membership

    return Membership.objects.filter(couple__memberships__user_id=user_id).values_list(
        "user_id", flat=True
    )


class PageVersionMiddleware:
    """After any request that may have written something, the pages of the person who
    made it, and of their partner, are rendered afresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            # The API's bearer token sets request.auth; pages use the session's user.
            person = getattr(request, "auth", None)
            if not isinstance(person, User):
                person = getattr(request, "user", None)
            if person is not None and person.is_authenticated:
                try:
                    refresh_circle(person.pk)
                except DatabaseError:
                    # The view's writes are committed: answering 500 would tell the
                    # client they failed, and a retry would make them twice. Kept pages
                    # may show the old state until they expire (15 minutes at most);
                    # this process drops its own at once.
                    logger.exception("Could not mark pages stale after a write")
                    caches["pages"].clear()
        return response


def keep_until_new_day(request: HttpRequest, *, tz: str, starts_at: int) -> None:
    """This page shows the day of a space whose days begin at `starts_at` o'clock in
    `tz`: keep it no later than the next such start, nor past midnight there (dates it
    shows as "today" or "tomorrow")."""
    now = timezone.now()
    day = scheduler.day_for(now=now, tz=tz, starts_at=starts_at)
    ends = [
        scheduler.day_start(day=day + timedelta(days=1), tz=tz, starts_at=starts_at),
        _next_midnight(now, tz),
    ]
    limits: list[datetime] = getattr(request, "_page_limits", [])
    request._page_limits = [*limits, *ends]  # type: ignore[attr-defined]


def _next_midnight(now: datetime, tz: str) -> datetime:
    return scheduler.day_start(
        day=scheduler.day_for(now=now, tz=tz, starts_at=0) + timedelta(days=1), tz=tz, starts_at=0
    )


def _lifetime(request: HttpRequest) -> int:
    """Seconds to keep this page: 10 to 15 minutes, less if a day ends sooner."""
    now = time.time()
    until = now + FRESH - random.uniform(0, SPREAD)
    limits: list[datetime] = getattr(request, "_page_limits", [])
    if not limits:  # a view that said nothing about its days: the next quarter hour
        until = min(until, (now // QUARTER_HOUR + 1) * QUARTER_HOUR)
    instant = timezone.now()
    limits = [*limits, _next_midnight(instant, request.user.timezone)]  # type: ignore[union-attr]
    until = min(until, *(limit.timestamp() for limit in limits))
    return max(1, math.floor(until - now))


def _key(request: HttpRequest) -> str | None:
    """The cache key of this request, or None when it must be rendered."""
    user = request.user
    if not user.is_authenticated:
        return None
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf:  # the page would set a new CSRF cookie: not something to replay
        return None
    if len(get_messages(request)):  # shown once, on the next page rendered
        return None
    parts = (
        str(user.pk),
        str(user.view_version),  # type: ignore[union-attr]
        get_language() or "",
        user.timezone,  # type: ignore[union-attr]
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        csrf,
        request.get_full_path(),
    )
    return "page:" + hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()


def _pack(response: HttpResponse) -> bytes:
    headers = list(response.items())
    return zlib.compress(pickle.dumps((response.content, headers)), 1)


def _unpack(packed: bytes) -> HttpResponse:
    content, headers = pickle.loads(zlib.decompress(packed))  # noqa: S301 - our own bytes
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def cached_page(view: View) -> View:
    """Serve this GET view from the person's kept copy while it is still true."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.CLOSEKNIT_PAGE_CACHE or request.method != "GET":
            return view(request, *args, **kwargs)
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        store = caches["pages"]
        packed = store.get(key)
        if packed is not None:
            # As rendering would: the page's forms use the CSRF cookie, so it is sent
            # again and its expiry renewed.
            get_token(request)
            return _unpack(packed)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not len(get_messages(request))
        ):
            store.set(key, _pack(response), _lifetime(request))
        return response

    return wrapper
