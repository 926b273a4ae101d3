"""Gates for the conflict and vulnerability tools (after-a-disagreement guide, trust
repair, closeness sessions). Every such view and API endpoint goes through these."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.lib.errors import Conflict, Forbidden
from closeknit.safety import services


def ensure_sensitive_tools_open(*, user: User) -> None:
    """For the API: raise a clear error unless this person may use a sensitive tool."""
    if services.needs_check(user):
        raise Conflict(
            _(
                "Before this exercise, please take the short private check at /safety/check/. "
                "Only you see it."
            ),
            code="safety_check_needed",
        )
    if not services.tools_open(user):
        raise Forbidden(_("This exercise isn't available right now."), code="tool_unavailable")


def sensitive_tool(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For web views (put it under @login_required): ask for the private check first,
    and show a neutral 'not available' page when the tools are switched off."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if services.needs_check(user):
            return redirect(f"/safety/check/?next={quote(request.get_full_path())}")
        if not services.tools_open(user):
            return render(request, "safety/unavailable.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
