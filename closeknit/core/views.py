import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.core import health, keys
from closeknit.core.context_processors import NEUTRAL_NAME
from closeknit.core.pagecache import cached_page, keep_until_new_day
from closeknit.insights.selectors import Viewer, week_start
from closeknit.insights.services import plan_for_week
from closeknit.nudges.waiting import waiting_for
from closeknit.nudges.wayback import offer_for
from closeknit.prompts import selectors
from closeknit.prompts.spaces import Space, space_for

logger = logging.getLogger(__name__)


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html", {"practices": practices.PRACTICES})
    user: User = request.user  # type: ignore[assignment]
    space = space_for(user)
    keep_until_new_day(request, tz=space.tz, starts_at=space.starts_at)
    couple = space.couple
    partner = space.partner_of(user)
    today = selectors.today_or_none(user=user, space=space)
    visible = user.visible_practices()
    focus = set(user.focus_practices)
    context: dict[str, Any] = {
        "couple": couple,
        "partner": partner,
        "today": today,
        "waiting": waiting_for(user=user, couple=couple),
        # A quiet partner: things that work alone, and a way back in to send them.
        "way_back": offer_for(user=user, partner=partner),
        "plan": week_plan(user=user, space=space, partner=partner),
        "practices": visible,
        "focus": focus,
        # The practice tiles are the same for everyone with the same choices, so they
        # are rendered once per process and language (see CACHES["fragments"]).
        "practices_key": f"{'-'.join(p.key for p in visible)}.{'-'.join(sorted(focus))}",
        "hidden_count": len(user.hidden_practices),
    }
    return render(request, "core/home.html", context)


PLAN_KEPT_FOR = 15 * 60  # seconds; a reloaded idea library shows within as long as pages


def week_plan(*, user: User, space: Space, partner: User | None) -> list[tuple[str, str]]:
    """This week's plan as (practice key, idea) pairs, for home's short list.

    The plan is chosen once a week per space (insights), so each process keeps it for a
    while rather than asking the database on every visit to home: home's queries stay
    what they were. The key holds what would change it: the space, the week, the
    practices either partner has hidden, and the language."""
    viewer = Viewer(user=user, space=space, now=timezone.now(), partner=partner)
    hidden = ",".join(sorted(viewer.hidden_by_anyone))
    week = week_start(viewer.today)
    key = f"home-plan:{space.key}:{week.isoformat()}:{hidden}:{translation.get_language()}"
    kept = caches["fragments"].get(key)
    if kept is None:
        kept = [(i.practice.key, i.idea.text) for i in plan_for_week(viewer, week=week).items]
        caches["fragments"].set(key, kept, PLAN_KEPT_FOR)
    return kept


@login_required
@require_GET
def practices_index(request: HttpRequest) -> HttpResponse:
    """The eight practices as tiles: one of the four places in the phone's bottom bar."""
    user: User = request.user  # type: ignore[assignment]
    visible = user.visible_practices()
    return render(
        request,
        "core/practices.html",
        {
            "practices": visible,
            "focus": set(user.focus_practices),
            "hidden_count": len(user.hidden_practices),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 only when this server can read, write and decrypt; see core/health.py."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        writes = health.probe_write()
        findings = keys.sampled_findings()
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    if writes == "read-only":
        return JsonResponse({"status": "unavailable", "database": "read-only"}, status=503)
    if findings.count:
        logger.error("Health check: %s", keys.unreadable_message(findings))
        body = {"status": "unavailable", "database": "ok", "keys": "unreadable",
                "unreadable_rows": findings.count}  # fmt: skip
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        # Something failed outside the API's own handlers (a middleware, the database
        # going away): API clients still get the API's one error shape, never HTML.
        from closeknit.api.base import error_body

        message = "Something went wrong on our side. Please try again."
        return JsonResponse(error_body("server_error", message), status=500)
    # No context processors: whatever broke must not break the error page too.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def manifest(request: HttpRequest) -> JsonResponse:
    """The installable app's manifest; a person may choose a plain name for it."""
    plain = request.user.is_authenticated and request.user.neutral_name  # type: ignore[union-attr]
    name = NEUTRAL_NAME if plain else "Closeknit"
    icons = [
        {"src": static(f"closeknit/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
        for n in (192, 512)
    ] + [
        {
            "src": static(f"closeknit/icon-maskable-{n}.png"),
            "sizes": f"{n}x{n}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for n in (192, 512)
    ]
    response = JsonResponse(
        {
            "name": name,
            "short_name": name,
            "description": "" if plain else "Small daily ways to grow closer, for two.",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#fbf7f2",
            "theme_color": "#9c4221",
            "icons": icons,
        },
        content_type="application/manifest+json",
    )
    patch_vary_headers(response, ["Cookie"])
    return response


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so it may control the whole site; static URLs are hashed."""
    names = ["closeknit/app.css", "closeknit/app.js", "vendor/htmx/htmx.min.js",
             "closeknit/icon.svg", "closeknit/icon-192.png"]  # fmt: skip
    precache = [static(name) for name in names]
    source = finders.find("closeknit/sw.js") or ""
    body = Path(source).read_text(encoding="utf-8")
    version = hashlib.sha256("".join(precache).encode()).hexdigest()[:12]
    body = body.replace("__VERSION__", version).replace("__PRECACHE__", json.dumps(precache))
    response = HttpResponse(body, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    # Anonymous and content-free: the service worker caches this page for everyone.
    return render(request, "core/offline.html")
