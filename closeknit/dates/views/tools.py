"""Phone-free time and the weekly couple meeting."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.dates.selectors import meetings as meeting_selectors
from closeknit.dates.selectors.timer import timer_view
from closeknit.dates.services import meetings as meeting_services
from closeknit.dates.services import timer as timer_services
from closeknit.dates.spaces import space_for
from closeknit.dates.views.common import is_htmx, user_of
from closeknit.lib.errors import ServiceError


def _timer_response(
    request: HttpRequest, *, error: str | None = None, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    space = space_for(user)
    context = {"timer": timer_view(user=user, space=space), "space": space, "error": error}
    template = "dates/timer.html#timer" if is_htmx(request) else "dates/timer.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def timer(request: HttpRequest) -> HttpResponse:
    return _timer_response(request)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def timer_start(request: HttpRequest) -> HttpResponse:
    try:
        timer_services.timer_start(user=user_of(request))
    except ServiceError as exc:
        return _timer_response(request, error=exc.message, status=exc.status)
    return _timer_response(request) if is_htmx(request) else redirect("dates:timer")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def timer_stop(request: HttpRequest) -> HttpResponse:
    try:
        timer_services.timer_stop(user=user_of(request))
    except ServiceError as exc:
        return _timer_response(request, error=exc.message, status=exc.status)
    return _timer_response(request) if is_htmx(request) else redirect("dates:timer")


@login_required
@require_GET
def meeting(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    space = space_for(user)
    view = meeting_selectors.current_meeting_view(user=user, space=space)
    return render(
        request,
        "dates/meeting.html",
        {
            "view": view,
            "space": space,
            "earlier": meeting_selectors.earlier_meetings(user=user, before=view.meeting.week),
            "is_current": True,
        },
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = user_of(request)
    space = space_for(user)
    view = meeting_selectors.meeting_view(user=user, meeting_id=meeting_id, space=space)
    if view is None:
        raise Http404
    return render(request, "dates/meeting.html", {"view": view, "space": space, "earlier": []})


@login_required
@require_POST
@vary_on_headers("HX-Request")
def meeting_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = user_of(request)
    section = request.POST.get("section", "")
    text = request.POST.get("text", "")
    error = None
    try:
        meeting_services.meeting_note_save(
            user=user, meeting_id=meeting_id, section=section, text=text
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        error = exc
    space = space_for(user)
    view = meeting_selectors.meeting_view(user=user, meeting_id=meeting_id, space=space)
    if view is None:
        raise Http404
    if error is None and not is_htmx(request):
        return redirect("dates:meeting_detail", meeting_id)
    part = next((s for s in view.sections if s.key == section), None)
    if part is None:  # an unknown part: show the whole page with the message
        return render(
            request,
            "dates/meeting.html",
            {
                "view": view,
                "space": space,
                "earlier": [],
                "error": error.message if error else None,
            },
            status=error.status if error else 400,
        )
    context = {
        "view": view,
        "part": part,
        "space": space,
        "error": error.message if error else None,
        "typed": text if error else None,
        "saved": error is None,
    }
    template = "dates/meeting.html#section" if is_htmx(request) else "dates/meeting.html"
    return render(request, template, context, status=error.status if error else 200)
