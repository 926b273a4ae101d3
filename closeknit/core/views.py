import logging
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.lib.errors import Unavailable
from closeknit.prompts import selectors
from closeknit.prompts.selectors import QuestionView
from closeknit.prompts.spaces import Space, space_for

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html", {"practices": practices.PRACTICES})
    user: User = request.user  # type: ignore[assignment]
    space = space_for(user)
    couple = space.couple
    context: dict[str, Any] = {
        "couple": couple,
        "partner": space.partner_of(user),
        "today": _today_or_none(user=user, space=space),
        "practices": user.visible_practices(),
        "focus": set(user.focus_practices),
        "hidden_count": len(user.hidden_practices),
    }
    return render(request, "core/home.html", context)


def _today_or_none(*, user: User, space: Space) -> QuestionView | None:
    try:
        return selectors.today_view(user=user, space=space)
    except Unavailable:
        logger.warning("The prompt library is empty; run `closeknit content load`.")
        return None


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke must not break the error page too.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
