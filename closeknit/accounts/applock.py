"""The optional app lock: after a person's chosen idle time, Closeknit asks for their PIN
(or their password, if they set none) before showing anything, on top of the session.

For when someone else might pick up an unlocked phone. Closeknit's own pages are locked;
the quick exit, the help page, logging out and email links keep working.
"""

import time

from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.lib.errors import Invalid

SEEN_KEY = "ck_seen"
LOCKED_KEY = "ck_locked"
TOUCH_EVERY = 30  # seconds: don't write the session on every request
OPEN_PREFIXES = (
    "/lock/", "/accounts/logout/", "/static/", "/healthz", "/safety/",
    "/notifications/unsubscribe/", "/manifest.webmanifest", "/sw.js", "/offline/",
    "/live/",  # a page asking whether anything changed is not someone using the app
)  # fmt: skip


def lock_set(*, user: User, minutes: int, pin: str = "") -> None:
    if minutes not in (0, 1, 5, 15, 60):
        raise Invalid(_("Choose off, 1, 5, 15 or 60 minutes."), code="invalid_lock_time")
    pin = pin.strip()
    if pin and (not pin.isdigit() or not 4 <= len(pin) <= 8):
        raise Invalid(_("A PIN is 4 to 8 digits."), code="invalid_pin")
    user.lock_after_minutes = minutes
    if pin:
        user.lock_pin = make_password(pin)
    if minutes == 0:
        user.lock_pin = ""
    user.save(update_fields=["lock_after_minutes", "lock_pin"])


def unlock_matches(*, user: User, secret: str) -> bool:
    if user.lock_pin:
        return check_password(secret.strip(), user.lock_pin)
    return user.check_password(secret)


def is_locked(request: HttpRequest, user: User, *, now: float | None = None) -> bool:
    """Whether this request must unlock first; notes activity as a side effect."""
    if not user.lock_after_minutes:
        return False
    session = request.session
    now = now if now is not None else time.time()
    if session.get(LOCKED_KEY):
        return True
    seen = session.get(SEEN_KEY)
    if seen is not None and now - seen > user.lock_after_minutes * 60:
        session[LOCKED_KEY] = True
        return True
    if seen is None or now - seen > TOUCH_EVERY:
        session[SEEN_KEY] = now
    return False


def unlock(request: HttpRequest) -> None:
    request.session.pop(LOCKED_KEY, None)
    request.session[SEEN_KEY] = time.time()
