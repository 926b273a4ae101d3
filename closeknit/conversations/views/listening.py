"""Listening turns on the web: one page per session, a card that htmx swaps after each
move, and (apart) a small 'whose turn' partial the waiting partner polls."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.conversations import selectors, services
from closeknit.conversations.views.common import is_htmx, page_or_partial, user_of
from closeknit.lib import confirm as ask
from closeknit.lib.errors import ServiceError

PAGE = "conversations/session.html"
# htmx stops polling when it gets this status.
STOP_POLLING = 286


def _render_session(
    request: HttpRequest,
    session_id: int,
    *,
    error: ServiceError | None = None,
    form_data: Any = None,
) -> HttpResponse:
    view = selectors.session_view(user=user_of(request), session_id=session_id)
    if view is None:
        raise Http404
    context = {
        "view": view,
        "error": error.message if error else None,
        "error_code": error.code if error else None,
        "form_data": form_data,
    }
    status = error.status if error else 200
    return render(request, page_or_partial(request, PAGE, "card"), context, status=status)


@login_required
@require_POST
def session_start(request: HttpRequest) -> HttpResponse:
    try:
        session = services.session_start(
            user=user_of(request),
            mode=request.POST.get("mode", ""),
            first_speaker=request.POST.get("first_speaker", "me"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("conversations:index")
    return redirect("conversations:session", session.pk)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    return _render_session(request, session_id)


@login_required
@require_GET
def session_turn(request: HttpRequest, session_id: int) -> HttpResponse:
    """Polled every few seconds by the partner who is waiting (apart). While nothing
    has changed it answers 204, so htmx leaves the page (and anything being typed)
    alone; once the other has moved it redraws the whole card instead."""
    user = user_of(request)
    state = selectors.session_state(user=user, session_id=session_id)
    if state is None:
        raise Http404
    if request.GET.get("v") != str(state.version):
        response = _render_session(request, session_id)
        response["HX-Retarget"] = f"#session-{state.pk}"
        response["HX-Reswap"] = "outerHTML"
        return response
    is_open = state.is_open and state.couple.ended_at is None
    if is_htmx(request):
        return HttpResponse(status=204 if is_open else STOP_POLLING)
    view = selectors.SessionView(
        session=state,
        me=user,
        speaker=state.speaker,
        listener=state.listener,
        rounds=[],
        in_current_couple=state.couple.ended_at is None,
    )
    return render(request, f"{PAGE}#turn", {"view": view}, status=200 if is_open else STOP_POLLING)


def _act(request: HttpRequest, session_id: int, action: Callable[[], object]) -> HttpResponse:
    try:
        action()
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        return _render_session(request, session_id, error=exc, form_data=request.POST)
    if not is_htmx(request):
        return redirect("conversations:session", session_id)
    return _render_session(request, session_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def speak(request: HttpRequest, session_id: int) -> HttpResponse:
    post = request.POST
    return _act(
        request,
        session_id,
        lambda: services.statement_add(
            user=user_of(request),
            session_id=session_id,
            feeling=post.get("feeling", ""),
            situation=post.get("situation", ""),
            need=post.get("need", ""),
            text=post.get("text", ""),
        ),
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def reflect(request: HttpRequest, session_id: int) -> HttpResponse:
    return _act(
        request,
        session_id,
        lambda: services.reflection_add(
            user=user_of(request), session_id=session_id, text=request.POST.get("text", "")
        ),
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def confirm(request: HttpRequest, session_id: int) -> HttpResponse:
    return _act(
        request,
        session_id,
        lambda: services.confirmation_add(
            user=user_of(request),
            session_id=session_id,
            heard=request.POST.get("heard") == "1",
            text=request.POST.get("text", ""),
        ),
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def end(request: HttpRequest, session_id: int) -> HttpResponse:
    if selectors.session_view(user=user_of(request), session_id=session_id) is None:
        raise Http404
    asked = ask.ask_first(
        request,
        question=_("Stop this listening session?"),
        detail=_("What you both wrote stays. You can start a new one any time."),
        yes=_("Stop for now"),
        back_url=reverse("conversations:session", args=[session_id]),
    )
    if asked is not None:
        return asked
    return _act(
        request,
        session_id,
        lambda: services.session_end(user=user_of(request), session_id=session_id),
    )


@login_required
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "conversations/sessions.html",
        {"sessions": selectors.recent_sessions(user=user_of(request), limit=50)},
    )
