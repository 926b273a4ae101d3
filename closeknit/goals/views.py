"""Goals pages: the board, one goal with its steps and cheers. Dreams and the someday
list are in views_someday.py."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.goals import selectors, services
from closeknit.goals.models import Cheer, GoalKind, GoalStatus, Milestone
from closeknit.goals.spaces import space_for
from closeknit.goals.web import attempt, date_or_none, is_htmx, user_of
from closeknit.lib.errors import ServiceError

GOAL_CARD = "goals/detail.html#goal"


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    space = space_for(user_of(request))
    show_done = request.GET.get("show") == "done"
    statuses = (GoalStatus.REACHED, GoalStatus.ARCHIVED) if show_done else (GoalStatus.ACTIVE,)
    someday_open = selectors.someday_list(space=space).open
    return render(
        request,
        "goals/index.html",
        {
            "space": space,
            "partner": space.partner,
            "board": selectors.goal_board(space=space, statuses=statuses),
            "show_done": show_done,
            "celebrations": selectors.celebrations(space=space),
            "someday_next": someday_open[:3],
            "someday_count": len(someday_open),
            "kinds": GoalKind.choices,
            "form_data": None,
        },
    )


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    made: list[Any] = []
    error = attempt(
        lambda: made.append(
            services.goal_create(
                user=user,
                title=request.POST.get("title", ""),
                kind=request.POST.get("kind", ""),
                why=request.POST.get("why", ""),
                target_date=date_or_none(request.POST.get("target_date")),
                shared=request.POST.get("shared") == "1",
            )
        )
    )
    if error is None:
        return redirect("goals:detail", made[0].pk)
    space = space_for(user)
    context = {
        "space": space,
        "partner": space.partner,
        "board": selectors.goal_board(space=space),
        "show_done": False,
        "celebrations": [],
        "someday_next": [],
        "someday_count": 0,
        "kinds": GoalKind.choices,
        "form_data": request.POST,
        "error": error.message,
    }
    return render(request, "goals/index.html", context, status=error.status)


def _goal_response(
    request: HttpRequest,
    goal_id: int,
    *,
    error: ServiceError | None = None,
    celebrate: str = "",
    action: str = "",
) -> HttpResponse:
    space = space_for(user_of(request))
    view = selectors.goal_view(space=space, goal_id=goal_id)
    if view is None:
        raise Http404
    if error is None and not is_htmx(request) and request.method == "POST":
        return redirect("goals:detail", goal_id)
    context = {
        "view": view,
        "space": space,
        "partner": space.partner,
        "cheer_kinds": Cheer.KINDS,
        "error": error.message if error else None,
        "form_data": request.POST if error else None,
        "failed": action if error else "",
        "celebrate": celebrate,
        "celebrations": [c for c in selectors.celebrations(space=space) if c.goal_id == goal_id],
    }
    template = GOAL_CARD if is_htmx(request) else "goals/detail.html"
    return render(request, template, context, status=error.status if error else 200)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def detail(request: HttpRequest, goal_id: int) -> HttpResponse:
    return _goal_response(request, goal_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def update(request: HttpRequest, goal_id: int) -> HttpResponse:
    error = attempt(
        lambda: services.goal_update(
            user=user_of(request),
            goal_id=goal_id,
            title=request.POST.get("title", ""),
            why=request.POST.get("why", ""),
            target_date=date_or_none(request.POST.get("target_date")),
        )
    )
    return _goal_response(request, goal_id, error=error, action="edit")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def set_status(request: HttpRequest, goal_id: int) -> HttpResponse:
    status = request.POST.get("status", "")
    error = attempt(
        lambda: services.goal_set_status(user=user_of(request), goal_id=goal_id, status=status)
    )
    celebrate = "goal" if error is None and status == GoalStatus.REACHED else ""
    return _goal_response(request, goal_id, error=error, celebrate=celebrate)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def share(request: HttpRequest, goal_id: int) -> HttpResponse:
    error = attempt(
        lambda: services.goal_share(
            user=user_of(request), goal_id=goal_id, shared=request.POST.get("shared") == "1"
        )
    )
    return _goal_response(request, goal_id, error=error)


@login_required
@require_POST
def delete(request: HttpRequest, goal_id: int) -> HttpResponse:
    error = attempt(lambda: services.goal_delete(user=user_of(request), goal_id=goal_id))
    if error is None:
        return redirect("goals:index")
    return _goal_response(request, goal_id, error=error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def milestone_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    error = attempt(
        lambda: services.milestone_add(
            user=user_of(request),
            goal_id=goal_id,
            title=request.POST.get("title", ""),
            carrier=request.POST.get("carrier", "both"),
            due_date=date_or_none(request.POST.get("due_date")),
        )
    )
    return _goal_response(request, goal_id, error=error, action="add_step")


def _milestone_goal_id(request: HttpRequest, milestone_id: int) -> int:
    space = space_for(user_of(request))
    goal_id = (
        Milestone.objects.filter(pk=milestone_id, goal__in=services.visible_goals(space))
        .values_list("goal_id", flat=True)
        .first()
    )
    if goal_id is None:
        raise Http404
    return goal_id


@login_required
@require_POST
@vary_on_headers("HX-Request")
def milestone_update(request: HttpRequest, milestone_id: int) -> HttpResponse:
    goal_id = _milestone_goal_id(request, milestone_id)
    error = attempt(
        lambda: services.milestone_update(
            user=user_of(request),
            milestone_id=milestone_id,
            title=request.POST.get("title", ""),
            carrier=request.POST.get("carrier", "both"),
            due_date=date_or_none(request.POST.get("due_date")),
        )
    )
    return _goal_response(request, goal_id, error=error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def milestone_toggle(request: HttpRequest, milestone_id: int) -> HttpResponse:
    goal_id = _milestone_goal_id(request, milestone_id)
    done = request.POST.get("done") == "1"
    error = attempt(
        lambda: services.milestone_set_done(
            user=user_of(request), milestone_id=milestone_id, done=done
        )
    )
    celebrate = "milestone" if error is None and done else ""
    return _goal_response(request, goal_id, error=error, celebrate=celebrate)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def milestone_delete(request: HttpRequest, milestone_id: int) -> HttpResponse:
    goal_id = _milestone_goal_id(request, milestone_id)
    error = attempt(
        lambda: services.milestone_delete(user=user_of(request), milestone_id=milestone_id)
    )
    return _goal_response(request, goal_id, error=error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def cheer(request: HttpRequest, goal_id: int) -> HttpResponse:
    error = attempt(
        lambda: services.cheer_add(
            user=user_of(request),
            goal_id=goal_id,
            kind=request.POST.get("kind", ""),
            note=request.POST.get("note", ""),
        )
    )
    return _goal_response(request, goal_id, error=error, action="cheer")


@login_required
@require_POST
def celebrations_clear(request: HttpRequest) -> HttpResponse:
    services.celebrations_clear(user=user_of(request))
    if is_htmx(request):
        return HttpResponse("")
    return redirect("goals:index")
