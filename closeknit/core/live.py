"""`GET /live/?v=T`: has anything this person can see changed since the page showing
version token T was drawn?

Pages where two people act in turn (today's question, closeness sessions, rounds,
listening turns, guides, the support signal) ask this every few seconds while they are
open and visible (app.js). The answer comes from `User.view_version`, which the request
already read with its session (closeknit/accounts/sessions.py): one indexed query in
all, and nothing rendered. Only when the version moved does the page fetch itself again,
and that render is fresh because kept pages key on the same version
(closeknit/core/pagecache.py). docs/architecture.md says why this beats a stream.

Pages carry an opaque token of the version, not the number itself: the number counts
every write of the person and their partner, and a page must not tell anyone how busy
their partner has been, only that something changed.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from closeknit.accounts import applock
from closeknit.accounts.models import User


@never_cache
@require_GET
def live(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        # A poll is not a page: a clear answer the script can act on, never a redirect
        # to the login page's HTML.
        return JsonResponse({"signed_in": False}, status=401)
    assert isinstance(user, User)
    if _would_lock(request, user):
        # Polling is not activity (the lock middleware leaves /live/ alone), and a
        # locked app tells nothing about what changed behind it.
        return JsonResponse({"locked": True}, status=423)
    token = version_token(user)
    if request.GET.get("v") == token:
        return HttpResponse(status=204)
    return JsonResponse({"v": token})


def version_token(user: User) -> str:
    """The person's view version as a token that says only "same" or "changed"."""
    message = f"{user.pk}:{user.view_version}".encode()
    key = f"closeknit.live:{settings.SECRET_KEY}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


def _would_lock(request: HttpRequest, user: User) -> bool:
    """`applock.is_locked` without noting activity: reading never keeps the app open."""
    if not user.lock_after_minutes:
        return False
    session = request.session
    if session.get(applock.LOCKED_KEY):
        return True
    seen = session.get(applock.SEEN_KEY)
    return seen is not None and time.time() - seen > user.lock_after_minutes * 60
