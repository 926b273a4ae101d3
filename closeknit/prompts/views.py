from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.core.pagecache import cached_page, keep_until_new_day
from closeknit.lib import web
from closeknit.lib.errors import ServiceError, Unavailable
from closeknit.nudges import waiting
from closeknit.prompts import selectors, services
from closeknit.prompts.models import Reaction
from closeknit.prompts.selectors import QuestionView
from closeknit.prompts.spaces import Space, space_for

CARD = "prompts/question.html#card"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # out of range on purpose: the service explains what is expected


def _card_context(
    request: HttpRequest, view: QuestionView, space: Space | None = None, **extra: Any
) -> dict[str, Any]:
    space = space or space_for(_user(request))
    return {
        "view": view,
        "partner": space.partner_of(_user(request)),
        "in_couple": space.couple is not None,
        "reactions": Reaction.KINDS,
        **extra,
    }


def _render_card(
    request: HttpRequest,
    view: QuestionView,
    *,
    status: int = 200,
    space: Space | None = None,
    **extra: Any,
) -> HttpResponse:
    context = _card_context(request, view, space, **extra)
    template = CARD if _is_htmx(request) else "prompts/question.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
@vary_on_headers("HX-Request")
@cached_page
def today_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    space = space_for(user)
    keep_until_new_day(request, tz=space.tz, starts_at=space.starts_at)
    try:
        view = selectors.today_view(user=user, space=space)
    except Unavailable as exc:
        return render(request, "prompts/unavailable.html", {"message": exc.message}, status=503)
    waiting.seen_on_page(request, refs=[services.question_ref(view.question.pk)])
    context = _card_context(
        request,
        view,
        space,
        days_both=selectors.days_both_answered_this_month(user=user, space=space),
        catch_up=selectors.catch_up(user=user, limit=5, space=space),
    )
    return render(request, CARD if _is_htmx(request) else "prompts/today.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    space = space_for(_user(request))
    view = selectors.question_view(user=_user(request), question_id=question_id, space=space)
    if view is None:
        raise Http404
    waiting.seen_on_page(request, refs=[services.question_ref(question_id)])
    return _render_card(request, view, space=space)


def _after_action(
    request: HttpRequest, question_id: int, error: ServiceError | None
) -> HttpResponse:
    view = selectors.question_view(user=_user(request), question_id=question_id)
    if view is None:
        raise Http404
    if error is None and not _is_htmx(request):
        if view.is_today:
            return redirect("prompts:today")
        return redirect("prompts:detail", question_id)
    return _render_card(
        request,
        view,
        status=error.status if error else 200,
        error=error.message if error else None,
        form_data=request.POST if error else None,
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def answer_view(request: HttpRequest, question_id: int) -> HttpResponse:
    error = None
    try:
        services.answer_save(
            user=_user(request),
            question_id=question_id,
            text=request.POST.get("text", ""),
            choice=_int_or_none(request.POST.get("choice")),
            scale=_int_or_none(request.POST.get("scale")),
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        error = exc
    return _after_action(request, question_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def react_view(request: HttpRequest, question_id: int) -> HttpResponse:
    error = None
    try:
        services.reaction_set(
            user=_user(request), question_id=question_id, kind=request.POST.get("reaction") or None
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        error = exc
    return _after_action(request, question_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def reply_view(request: HttpRequest, question_id: int) -> HttpResponse:
    error = None
    try:
        services.reply_add(
            user=_user(request), question_id=question_id, text=request.POST.get("text", "")
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        error = exc
    return _after_action(request, question_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def share_view(request: HttpRequest, question_id: int) -> HttpResponse:
    error = None
    try:
        services.answer_share(
            user=_user(request), question_id=question_id, shared=request.POST.get("shared") == "1"
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        error = exc
    return _after_action(request, question_id, error)


@login_required
@require_POST
def swap_view(request: HttpRequest) -> HttpResponse:
    try:
        services.question_swap(user=_user(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("prompts:today")


@login_required
@require_GET
def archive_view(request: HttpRequest) -> HttpResponse:
    practice = request.GET.get("practice", "")
    if practice not in practices.KEYS:
        practice = ""
    query = request.GET.get("q", "")[:100]
    page_number = web.page_number(request)
    space = space_for(_user(request))
    page = selectors.archive(
        user=_user(request), practice=practice, query=query, page=page_number, space=space
    )
    return render(
        request,
        "prompts/archive.html",
        {
            "page": page,
            "practice": practice,
            "query": query,
            "practices": practices.PRACTICES,
            "partner": space.partner_of(_user(request)),
            "in_couple": space.couple is not None,
            "reactions": Reaction.KINDS,
        },
    )


@login_required
@require_GET
def catch_up_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "prompts/catch_up.html", {"questions": selectors.catch_up(user=_user(request))}
    )
