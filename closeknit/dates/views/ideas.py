"""The index page, the idea library (filters, surprise, likes) and the shortlist."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.dates.models import Cost, Energy, Novelty, Season, Setting
from closeknit.dates.selectors import ideas as selectors
from closeknit.dates.selectors.planning import upcoming
from closeknit.dates.selectors.timer import timer_view
from closeknit.dates.services import ideas as services
from closeknit.dates.spaces import space_for
from closeknit.dates.views.common import is_htmx, user_of
from closeknit.lib.errors import NotFound, ServiceError
from closeknit.lib.redirects import safe_next

LEGENDS = {
    "setting": (_("Where"), Setting),
    "cost": (_("Cost"), Cost),
    "energy": (_("Energy"), Energy),
    "novelty": (_("Familiar or new"), Novelty),
    "season": (_("Season"), Season),
}


def _groups(filters: selectors.IdeaFilters) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "legend": legend,
            "options": [
                (value, label, value in getattr(filters, name)) for value, label in tag.choices
            ],
        }
        for name, (legend, tag) in LEGENDS.items()
    ]


DURATIONS = [(30, "30"), (60, "60"), (120, "120"), (240, "240")]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    space = space_for(user)
    return render(
        request,
        "dates/index.html",
        {
            "space": space,
            "upcoming": upcoming(user=user, space=space, limit=3),
            "shortlist": selectors.shortlist(user=user, space=space)[:6],
            "timer": timer_view(user=user, space=space),
        },
    )


def _active(filters: selectors.IdeaFilters) -> int:
    """How many filters are set, for the folded panel's summary."""
    tags = sum(len(getattr(filters, name)) for name in selectors.TAGS)
    rest = (filters.long_distance is not None, bool(filters.max_minutes), bool(filters.q))
    return tags + sum(rest) + bool(filters.show)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def idea_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    space = space_for(user)
    error = None
    try:
        filters = selectors.parse_filters(request.GET)
    except ServiceError as exc:
        error, filters = exc, selectors.IdeaFilters()
    page = selectors.idea_page(user=user, filters=filters, space=space)
    context = {
        "page": page,
        "filters": filters,
        "groups": _groups(filters),
        "durations": DURATIONS,
        "space": space,
        "error": error.message if error else None,
        # Filters fold away so the first idea shows on a phone's first screen; the
        # address can ask for them open (?filters=open), and dates.js remembers the
        # person's choice for the visit.
        "filters_open": request.GET.get("filters") == "open",
        "active_filters": _active(filters),
    }
    template = "dates/ideas.html#list" if is_htmx(request) else "dates/ideas.html"
    return render(request, template, context, status=error.status if error else 200)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def idea_surprise(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    try:
        filters = selectors.parse_filters(request.GET)
        view = services.idea_surprise(user=user, filters=filters)
    except ServiceError as exc:
        return render(
            request,
            "dates/idea.html#surprise" if is_htmx(request) else "dates/idea.html",
            {"error": exc.message, "view": None},
            status=exc.status,
        )
    if not is_htmx(request):
        return redirect("dates:idea", view.idea.pk)
    return render(request, "dates/idea.html#surprise", {"view": view, "surprise": True})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def idea_detail(request: HttpRequest, idea_id: str) -> HttpResponse:
    try:
        view = selectors.idea_view(user=user_of(request), idea_id=idea_id)
    except NotFound as exc:
        raise Http404 from exc
    template = "dates/idea.html#card" if is_htmx(request) else "dates/idea.html"
    return render(request, template, {"view": view, "space": space_for(user_of(request))})


@login_required
@require_POST
@vary_on_headers("HX-Request")
def idea_like(request: HttpRequest, idea_id: str) -> HttpResponse:
    liked = request.POST.get("liked") == "1"
    try:
        view = services.idea_like_set(user=user_of(request), idea_id=idea_id, liked=liked)
    except NotFound as exc:
        raise Http404 from exc
    if not is_htmx(request):
        idea_url = reverse("dates:idea", args=[view.idea.pk])
        back = safe_next(request, idea_url)
        # Back to a like address would answer 405 on the GET that follows a redirect.
        return redirect(idea_url if back.split("?")[0].endswith("/like/") else back)
    return render(
        request, "dates/idea.html#card", {"view": view, "space": space_for(user_of(request))}
    )
