"""The after-a-disagreement guide on the web. Every view goes through the private
safety check (`sensitive_tool`)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.conversations import selectors, services
from closeknit.conversations.views.common import is_htmx, page_or_partial, user_of
from closeknit.lib.errors import ServiceError
from closeknit.safety.guard import sensitive_tool

PAGE = "conversations/guide.html"


@login_required
@sensitive_tool
@require_GET
def guides(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "conversations/guides.html",
        {"guides": selectors.recent_guides(user=user_of(request), limit=50)},
    )


@login_required
@sensitive_tool
@require_POST
def guide_start(request: HttpRequest) -> HttpResponse:
    try:
        guide = services.guide_start(user=user_of(request), label=request.POST.get("label", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("conversations:guides")
    return redirect("conversations:guide", guide.pk)


def _render_guide(
    request: HttpRequest,
    guide_id: int,
    *,
    partial: str = "card",
    error: ServiceError | None = None,
    form_data: Any = None,
) -> HttpResponse:
    view = selectors.guide_view(user=user_of(request), guide_id=guide_id)
    if view is None:
        raise Http404
    context = {
        "view": view,
        "side_error": error.message if error and partial == "card" else None,
        "note_error": error.message if error and partial == "observer" else None,
        "form_data": form_data,
    }
    status = error.status if error else 200
    return render(request, page_or_partial(request, PAGE, partial), context, status=status)


@login_required
@sensitive_tool
@require_GET
@vary_on_headers("HX-Request")
def guide_detail(request: HttpRequest, guide_id: int) -> HttpResponse:
    return _render_guide(request, guide_id)


def _after(
    request: HttpRequest, guide_id: int, partial: str, error: ServiceError | None
) -> HttpResponse:
    if error is not None and error.status == 404:
        raise Http404
    if error is None and not is_htmx(request):
        return redirect("conversations:guide", guide_id)
    return _render_guide(
        request, guide_id, partial=partial, error=error, form_data=request.POST if error else None
    )


@login_required
@sensitive_tool
@require_POST
@vary_on_headers("HX-Request")
def side(request: HttpRequest, guide_id: int) -> HttpResponse:
    post = request.POST
    error = None
    try:
        services.side_save(
            user=user_of(request),
            guide_id=guide_id,
            felt=post.get("felt", ""),
            saw=post.get("saw", ""),
            touched=post.get("touched", ""),
            my_part=post.get("my_part", ""),
            request=post.get("request", ""),
            done=post.get("done") == "1",
        )
    except ServiceError as exc:
        error = exc
    return _after(request, guide_id, "card", error)


@login_required
@sensitive_tool
@require_POST
@vary_on_headers("HX-Request")
def observer(request: HttpRequest, guide_id: int) -> HttpResponse:
    error = None
    try:
        services.observer_save(
            user=user_of(request),
            guide_id=guide_id,
            text=request.POST.get("text", ""),
            shared=request.POST.get("shared") == "1",
        )
    except ServiceError as exc:
        error = exc
    return _after(request, guide_id, "observer", error)


@login_required
@sensitive_tool
@require_POST
@vary_on_headers("HX-Request")
def observer_share(request: HttpRequest, guide_id: int) -> HttpResponse:
    error = None
    try:
        services.observer_share(
            user=user_of(request), guide_id=guide_id, shared=request.POST.get("shared") == "1"
        )
    except ServiceError as exc:
        error = exc
    return _after(request, guide_id, "observer", error)
