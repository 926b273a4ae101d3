"""'This or that' / 'would you rather' rounds on the web (closeknit/growth/pairs.py)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.goals.spaces import space_for
from closeknit.goals.web import attempt, is_htmx, user_of
from closeknit.growth import pairs
from closeknit.lib.errors import ServiceError

ROUND_CARD = "growth/pair_round.html#round"


def _picks(request: HttpRequest) -> dict[int, str]:
    """Form fields like pick-1 .. pick-6 as {position: "a" | "b"}."""
    found = {}
    for key in request.POST:
        if key.startswith("pick-"):
            try:
                found[int(key[len("pick-") :])] = request.POST.get(key, "")
            except ValueError:
                continue
    return found


def _list_context(request: HttpRequest) -> dict[str, Any]:
    space = space_for(user_of(request))
    return {
        "space": space,
        "partner": space.partner,
        "rounds": pairs.pair_round_views(space=space),
    }


@login_required
@require_GET
def pairs_page(request: HttpRequest) -> HttpResponse:
    return render(request, "growth/pairs.html", _list_context(request))


@login_required
@require_POST
def pair_round_start(request: HttpRequest) -> HttpResponse:
    made: list[Any] = []
    error = attempt(lambda: made.append(pairs.pair_round_start(user=user_of(request))))
    if error is None:
        return redirect("growth:pair_round", made[0].pk)
    context = _list_context(request) | {"error": error.message}
    return render(request, "growth/pairs.html", context, status=error.status)


def _round_response(
    request: HttpRequest, round_id: int, error: ServiceError | None = None
) -> HttpResponse:
    space = space_for(user_of(request))
    view = pairs.pair_round_view(space=space, round_id=round_id)
    if view is None:
        raise Http404
    if error is None and request.method == "POST" and not is_htmx(request):
        return redirect("growth:pair_round", round_id)
    picked = _picks(request) if error is not None else {}
    context = {
        "view": view,
        "rows": [(item, picked.get(item.position, "")) for item in view.items],
        "space": space,
        "partner": space.partner,
        "error": error.message if error else None,
    }
    template = ROUND_CARD if is_htmx(request) else "growth/pair_round.html"
    return render(request, template, context, status=error.status if error else 200)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def pair_round(request: HttpRequest, round_id: int) -> HttpResponse:
    return _round_response(request, round_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def pair_round_picks(request: HttpRequest, round_id: int) -> HttpResponse:
    error = attempt(
        lambda: pairs.picks_save(user=user_of(request), round_id=round_id, picks=_picks(request))
    )
    return _round_response(request, round_id, error)


@login_required
@require_POST
def pair_round_delete(request: HttpRequest, round_id: int) -> HttpResponse:
    error = attempt(lambda: pairs.pair_round_delete(user=user_of(request), round_id=round_id))
    if error is None:
        return redirect("growth:pairs")
    return _round_response(request, round_id, error)
