"""Growth pages: the index and couple challenges. Rounds and the log: views_rounds.py."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.goals.spaces import space_for
from closeknit.goals.web import attempt, is_htmx, user_of
from closeknit.growth import selectors, services
from closeknit.growth.library import MAX_DAYS
from closeknit.growth.models import ChallengeCategory
from closeknit.lib.errors import ServiceError

RUN_CARD = "growth/run.html#run"
LENGTHS = (
    (1, _("One evening")),
    (3, _("Up to 3 days")),
    (7, _("Up to a week")),
    (14, _("Up to two weeks")),
)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    space = space_for(user_of(request))
    return render(
        request,
        "growth/index.html",
        {
            "space": space,
            "partner": space.partner,
            **selectors.overview(space=space),
        },
    )


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_GET
def challenges(request: HttpRequest) -> HttpResponse:
    space = space_for(user_of(request))
    category = request.GET.get("category", "")
    if category not in ChallengeCategory.values:
        category = ""
    max_days = _int(request.GET.get("max_days"))
    if max_days is not None and not 1 <= max_days <= MAX_DAYS:
        max_days = None
    return render(
        request,
        "growth/challenges.html",
        {
            "space": space,
            "library": selectors.library(category=category, max_days=max_days),
            "categories": ChallengeCategory.choices,
            "category": category,
            "max_days": max_days,
            "lengths": LENGTHS,
            "active": selectors.runs(space=space, finished=False),
            "finished": selectors.runs(space=space, finished=True),
            "error": None,
        },
    )


@login_required
@require_POST
def challenge_start(request: HttpRequest) -> HttpResponse:
    made: list[Any] = []
    error = attempt(
        lambda: made.append(
            services.challenge_start(
                user=user_of(request), challenge_id=request.POST.get("challenge_id", "")
            )
        )
    )
    if error is None:
        return redirect("growth:run", made[0].pk)
    space = space_for(user_of(request))
    context = {
        "space": space,
        "library": selectors.library(),
        "categories": ChallengeCategory.choices,
        "category": "",
        "max_days": None,
        "lengths": LENGTHS,
        "active": selectors.runs(space=space, finished=False),
        "finished": selectors.runs(space=space, finished=True),
        "error": error.message,
    }
    return render(request, "growth/challenges.html", context, status=error.status)


def _run_response(
    request: HttpRequest, run_id: int, error: ServiceError | None = None
) -> HttpResponse:
    space = space_for(user_of(request))
    view = selectors.run_view(space=space, run_id=run_id)
    if view is None:
        raise Http404
    if error is None and request.method == "POST" and not is_htmx(request):
        return redirect("growth:run", run_id)
    context = {
        "view": view,
        "space": space,
        "partner": space.partner,
        "error": error.message if error else None,
        "form_data": request.POST if error else None,
    }
    template = RUN_CARD if is_htmx(request) else "growth/run.html"
    return render(request, template, context, status=error.status if error else 200)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    return _run_response(request, run_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def run_step(request: HttpRequest, run_id: int) -> HttpResponse:
    step = _int(request.POST.get("step"))
    error = attempt(
        lambda: services.step_set(
            user=user_of(request),
            run_id=run_id,
            step=step if step is not None else 0,
            done=request.POST.get("done") == "1",
        )
    )
    return _run_response(request, run_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def run_finish(request: HttpRequest, run_id: int) -> HttpResponse:
    error = attempt(lambda: services.run_finish(user=user_of(request), run_id=run_id))
    return _run_response(request, run_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def run_look_back(request: HttpRequest, run_id: int) -> HttpResponse:
    error = attempt(
        lambda: services.reflection_save(
            user=user_of(request), run_id=run_id, text=request.POST.get("text", "")
        )
    )
    return _run_response(request, run_id, error)


@login_required
@require_POST
def run_delete(request: HttpRequest, run_id: int) -> HttpResponse:
    error = attempt(lambda: services.run_delete(user=user_of(request), run_id=run_id))
    if error is None:
        return redirect("growth:challenges")
    return _run_response(request, run_id, error)
