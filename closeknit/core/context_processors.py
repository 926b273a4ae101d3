from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from closeknit.core.live import version_token
from closeknit.nudges.services import unread_count

NEUTRAL_NAME = "Notes"


def closeknit(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "app_name": "Closeknit",
        "quick_exit_url": settings.CLOSEKNIT_QUICK_EXIT_URL,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.neutral_name:
            context["app_name"] = NEUTRAL_NAME
        # Lazy: pages that don't show the header (partials) don't pay for the query.
        context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
        context["live_version"] = version_token(user)
    return context
