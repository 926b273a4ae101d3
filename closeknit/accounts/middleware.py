import zoneinfo
from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone

from closeknit.accounts import applock


class TimezoneMiddleware:
    """Show every time in the person's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class AppLockMiddleware:
    """Send a locked session to the lock page; API calls get a clear 423."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.lock_after_minutes
            and not request.path.startswith(applock.OPEN_PREFIXES)
            and "HTTP_AUTHORIZATION" not in request.META
            and applock.is_locked(request, user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "locked", "message": "Unlock Closeknit first."}},
                    status=423,
                )
            return redirect(f"/lock/?next={quote(request.get_full_path())}")
        return self.get_response(request)
