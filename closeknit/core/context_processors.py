from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from closeknit.core.live import version_token
from closeknit.nudges.services import unread_count

NEUTRAL_NAME = "Notes"

# Which of the four main places (header nav and phone bottom bar) a page belongs to,
# by the URL namespace of its app; pages of the menu (settings, notifications) mark none.
SECTIONS = {
    "prompts": "today",
    "insights": "insights",
    "checkins": "insights",
    **dict.fromkeys(
        ("conversations", "dates", "appreciation", "support", "goals", "intimacy", "growth",
         "trust"),
        "practices",
    ),
}  # fmt: skip


def nav_section(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.url_name in ("home", "practices") and not match.app_name:
        return match.url_name
    return SECTIONS.get(match.app_name, "")


def closeknit(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "app_name": "Closeknit",
        "quick_exit_url": settings.CLOSEKNIT_QUICK_EXIT_URL,
        "nav_section": nav_section(request),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.neutral_name:
            context["app_name"] = NEUTRAL_NAME
        # Lazy: pages that don't show the header (partials) don't pay for the query.
        context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
        context["live_version"] = version_token(user)
    return context
