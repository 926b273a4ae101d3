"""'How well do you know me' rounds and the learned-together log."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.goals.spaces import space_for
from closeknit.goals.web import attempt, date_or_none, is_htmx, user_of
from closeknit.growth import rounds, selectors, services
from closeknit.growth.models import LearnedKind, Verdict
from closeknit.lib.errors import ServiceError
from closeknit.lib.web import page_number

ROUND_CARD = "growth/round.html#round"


def _texts(request: HttpRequest, prefix: str) -> dict[int, str]:
    """Form fields like answer-1 .. answer-5 as {position: text}."""
    found = {}
    for key in request.POST:
        if key.startswith(prefix):
            try:
                found[int(key[len(prefix) :])] = request.POST.get(key, "")
            except ValueError:
                continue
    return found


@login_required
@require_GET
def rounds_page(request: HttpRequest) -> HttpResponse:
    space = space_for(user_of(request))
    return render(
        request,
        "growth/rounds.html",
        {"space": space, "partner": space.partner, "rounds": selectors.rounds(space=space)},
    )


@login_required
@require_POST
def round_start(request: HttpRequest) -> HttpResponse:
    made: list[Any] = []
    error = attempt(lambda: made.append(rounds.round_start(user=user_of(request))))
    if error is None:
        return redirect("growth:round", made[0].pk)
    space = space_for(user_of(request))
    context = {
        "space": space,
        "partner": space.partner,
        "rounds": selectors.rounds(space=space),
        "error": error.message,
    }
    return render(request, "growth/rounds.html", context, status=error.status)


def _round_response(
    request: HttpRequest, round_id: int, error: ServiceError | None = None
) -> HttpResponse:
    space = space_for(user_of(request))
    view = selectors.round_view(space=space, round_id=round_id)
    if view is None:
        raise Http404
    if error is None and request.method == "POST" and not is_htmx(request):
        return redirect("growth:round", round_id)
    typed: dict[int, str] = {}
    if error is not None:
        typed = _texts(request, "answer-" if view.stage == "answer" else "guess-")
    context = {
        "view": view,
        "rows": [(item, typed.get(item.position, "")) for item in view.items],
        "space": space,
        "partner": space.partner,
        "verdicts": Verdict.choices,
        "error": error.message if error else None,
        "form_data": request.POST if error else None,
    }
    template = ROUND_CARD if is_htmx(request) else "growth/round.html"
    return render(request, template, context, status=error.status if error else 200)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    return _round_response(request, round_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def round_answers(request: HttpRequest, round_id: int) -> HttpResponse:
    error = attempt(
        lambda: rounds.answers_save(
            user=user_of(request), round_id=round_id, answers=_texts(request, "answer-")
        )
    )
    return _round_response(request, round_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def round_guesses(request: HttpRequest, round_id: int) -> HttpResponse:
    error = attempt(
        lambda: rounds.guesses_save(
            user=user_of(request), round_id=round_id, guesses=_texts(request, "guess-")
        )
    )
    return _round_response(request, round_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def round_verdicts(request: HttpRequest, round_id: int) -> HttpResponse:
    error = attempt(
        lambda: rounds.verdicts_save(
            user=user_of(request), round_id=round_id, verdicts=_texts(request, "verdict-")
        )
    )
    return _round_response(request, round_id, error)


@login_required
@require_POST
def round_delete(request: HttpRequest, round_id: int) -> HttpResponse:
    error = attempt(lambda: rounds.round_delete(user=user_of(request), round_id=round_id))
    if error is None:
        return redirect("growth:rounds")
    return _round_response(request, round_id, error)


def _learned_context(request: HttpRequest) -> dict[str, Any]:
    space = space_for(user_of(request))
    return {
        "space": space,
        "partner": space.partner,
        "log": selectors.learned(space=space, page=page_number(request)),
        "kinds": LearnedKind.choices,
        "form_data": None,
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def learned(request: HttpRequest) -> HttpResponse:
    template = "growth/learned.html#log" if is_htmx(request) else "growth/learned.html"
    return render(request, template, _learned_context(request))


def _after_learned(request: HttpRequest, error: ServiceError | None) -> HttpResponse:
    if error is None and not is_htmx(request):
        return redirect("growth:learned")
    context = _learned_context(request)
    if error is not None:
        context |= {"error": error.message, "form_data": request.POST}
    template = "growth/learned.html#log" if is_htmx(request) else "growth/learned.html"
    return render(request, template, context, status=error.status if error else 200)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def learned_add(request: HttpRequest) -> HttpResponse:
    error = attempt(
        lambda: services.learned_add(
            user=user_of(request),
            title=request.POST.get("title", ""),
            kind=request.POST.get("kind", "tried"),
            note=request.POST.get("note", ""),
            on=date_or_none(request.POST.get("on")),
        )
    )
    return _after_learned(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def learned_update(request: HttpRequest, entry_id: int) -> HttpResponse:
    error = attempt(
        lambda: services.learned_update(
            user=user_of(request),
            entry_id=entry_id,
            title=request.POST.get("title", ""),
            kind=request.POST.get("kind", "tried"),
            note=request.POST.get("note", ""),
            on=date_or_none(request.POST.get("on")),
        )
    )
    return _after_learned(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def learned_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    error = attempt(lambda: services.learned_delete(user=user_of(request), entry_id=entry_id))
    return _after_learned(request, error)
