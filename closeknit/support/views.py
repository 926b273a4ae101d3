from datetime import time
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.couples.services import couple_for, partner_of
from closeknit.lib import web
from closeknit.lib.errors import ServiceError
from closeknit.nudges import waiting
from closeknit.support import guidance, selectors, services
from closeknit.support.models import GOOD_NEWS_REACTIONS, MOODS, STRESS, Way

INDEX = "support/index.html"
SIGNAL = "support/signal.html"
NEWS = "support/good_news_detail.html"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _raise_404(exc: ServiceError) -> ServiceError:
    if exc.status == 404:
        raise Http404(exc.message) from exc
    return exc


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # out of range on purpose: the service explains what is expected


def _time(raw: str | None) -> time | None:
    try:
        return time.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _shown(live: selectors.Live) -> list[str]:
    """The places whose news the live parts show: answers to my signal, and the partner's
    good news not yet answered. The partner's signal waits for an answer, not a look."""
    refs = [
        services.good_news_ref(n.news.pk)
        for n in live.good_news
        if not n.from_me and not n.replied_by_me
    ]
    if live.my_signal is not None and live.my_signal.answers:
        refs.append(services.signal_ref(live.my_signal.signal.pk))
    return refs


def _live_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    live = selectors.live(user=_user(request))
    if request.method == "GET":
        waiting.seen_on_page(request, refs=_shown(live))
    return {
        "live": live,
        "answer_kinds": guidance.QUICK_ANSWERS,
        "max_signal_note": services.MAX_SIGNAL_NOTE,
        **extra,
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, INDEX, _live_context(request, practice=practices.get("support")))


@login_required
@require_GET
@vary_on_headers("HX-Request")
def live(request: HttpRequest) -> HttpResponse:
    """The parts of the index page that change as the partner acts (polled by htmx)."""
    part = request.GET.get("part", "incoming")
    if part not in ("incoming", "mine"):
        part = "incoming"
    return render(request, f"{INDEX}#{part}", _live_context(request))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def signal_send(request: HttpRequest) -> HttpResponse:
    try:
        services.signal_send(user=_user(request), note=request.POST.get("note", ""))
    except ServiceError as exc:
        context = _live_context(request, error=exc.message, form_data=request.POST)
        template = f"{INDEX}#mine" if _is_htmx(request) else INDEX
        return render(request, template, context, status=exc.status)
    if _is_htmx(request):
        return render(request, f"{INDEX}#mine", _live_context(request))
    return redirect("support:index")


def _signal_response(
    request: HttpRequest, signal_id: int, error: ServiceError | None = None
) -> HttpResponse:
    """After an action: the part of the page it came from, or a redirect without htmx."""
    source = request.POST.get("from", "")
    status = error.status if error else 200
    extra = {"error": error.message, "form_data": request.POST} if error else {}
    if _is_htmx(request) and source in ("incoming", "mine"):
        return render(request, f"{INDEX}#{source}", _live_context(request, **extra), status=status)
    if error is None and not _is_htmx(request):
        if source:
            return redirect("support:index")
        return redirect("support:signal", signal_id)
    view = selectors.signal_view(user=_user(request), signal_id=signal_id)
    if view is None:
        raise Http404
    template = f"{SIGNAL}#card" if _is_htmx(request) else SIGNAL
    return render(request, template, _signal_context(view, **extra), status=status)


def _signal_context(view: selectors.SignalView, **extra: Any) -> dict[str, Any]:
    return {
        "view": view,
        "answer_kinds": guidance.QUICK_ANSWERS,
        "max_answer": services.MAX_ANSWER,
        **extra,
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    view = selectors.signal_view(user=_user(request), signal_id=signal_id)
    if view is None:
        raise Http404
    template = f"{SIGNAL}#card" if _is_htmx(request) else SIGNAL
    return render(request, template, _signal_context(view))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def signal_answer(request: HttpRequest, signal_id: int) -> HttpResponse:
    error = None
    try:
        services.signal_answer(
            user=_user(request),
            signal_id=signal_id,
            kind=request.POST.get("kind", ""),
            call_at=_time(request.POST.get("call_at")),
            text=request.POST.get("text", ""),
        )
    except ServiceError as exc:
        error = _raise_404(exc)
    return _signal_response(request, signal_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def signal_withdraw(request: HttpRequest, signal_id: int) -> HttpResponse:
    error = None
    try:
        services.signal_withdraw(user=_user(request), signal_id=signal_id)
    except ServiceError as exc:
        error = _raise_404(exc)
    return _signal_response(request, signal_id, error)


def _mood_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    return {
        "moods": MOODS,
        "stress_levels": STRESS,
        "entries": selectors.own_moods(user=user),
        "shared_with_me": selectors.shared_moods(user=user),
        "prefs": selectors.preferences_view(user=user),
        "max_note": services.MAX_MOOD_NOTE,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def mood(request: HttpRequest) -> HttpResponse:
    template = "support/mood.html"
    if request.method == "GET":
        return render(request, template, _mood_context(request, form_data={}))
    try:
        services.mood_add(
            user=_user(request),
            mood=_int(request.POST.get("mood")),
            stress=_int(request.POST.get("stress")),
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        extra = {"error": exc.message, "form_data": request.POST}
        partial = f"{template}#checkin" if _is_htmx(request) else template
        return render(request, partial, _mood_context(request, **extra), status=exc.status)
    if _is_htmx(request):
        return render(request, f"{template}#checkin", _mood_context(request, saved=True))
    return redirect(f"{request.path}?saved=1")


def _after_mood_action(request: HttpRequest, error: ServiceError | None) -> HttpResponse:
    if error is None and not _is_htmx(request):
        return redirect("support:mood")
    template = "support/mood.html"
    partial = f"{template}#checkin" if _is_htmx(request) else template
    extra = {"entry_error": error.message} if error else {}
    return render(
        request, partial, _mood_context(request, **extra), status=error.status if error else 200
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def mood_share(request: HttpRequest, mood_id: int) -> HttpResponse:
    error = None
    try:
        services.mood_share(
            user=_user(request), mood_id=mood_id, shared=request.POST.get("shared") == "1"
        )
    except ServiceError as exc:
        error = _raise_404(exc)
    return _after_mood_action(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def mood_delete(request: HttpRequest, mood_id: int) -> HttpResponse:
    try:
        services.mood_delete(user=_user(request), mood_id=mood_id)
    except ServiceError as exc:
        raise _raise_404(exc) from exc
    return _after_mood_action(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    extra: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        try:
            services.preferences_save(
                user=user,
                ways=request.POST.getlist("ways"),
                in_my_words=request.POST.get("in_my_words", ""),
            )
            return redirect(f"{request.path}?saved=1")
        except ServiceError as exc:
            status, extra = exc.status, {"error": exc.message, "form_data": request.POST}
    view = selectors.preferences_view(user=user)
    chosen = (
        request.POST.getlist("ways")
        if "form_data" in extra
        else (view.mine.ways if view.mine else [])
    )
    return render(
        request,
        "support/preferences.html",
        {"view": view, "ways": Way.choices, "chosen": chosen, **extra},
        status=status,
    )


def _news_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "reactions": GOOD_NEWS_REACTIONS,
        "help": guidance.GOOD_NEWS_HELP,
        "avoid": guidance.GOOD_NEWS_AVOID,
        "examples": guidance.GOOD_NEWS_EXAMPLES,
        "max_reply": services.MAX_REPLY,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def good_news(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    extra: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        try:
            news = services.good_news_share(user=user, text=request.POST.get("text", ""))
            return redirect("support:good_news_detail", news.pk)
        except ServiceError as exc:
            status, extra = exc.status, {"error": exc.message, "form_data": request.POST}
    page_number = web.page_number(request)
    couple = couple_for(user)
    return render(
        request,
        "support/good_news.html",
        {
            "page": selectors.good_news_page(user=user, page=page_number),
            "partner": partner_of(user=user, couple=couple) if couple else None,
            "max_news": services.MAX_GOOD_NEWS,
            **extra,
        },
        status=status,
    )


@login_required
@require_GET
def good_news_detail(request: HttpRequest, good_news_id: int) -> HttpResponse:
    view = selectors.good_news_view(user=_user(request), good_news_id=good_news_id)
    if view is None:
        raise Http404
    return render(request, NEWS, _news_context(request, view=view))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def good_news_reply(request: HttpRequest, good_news_id: int) -> HttpResponse:
    error = None
    try:
        services.good_news_reply(
            user=_user(request), good_news_id=good_news_id, text=request.POST.get("text", "")
        )
    except ServiceError as exc:
        error = _raise_404(exc)
    if error is None and not _is_htmx(request):
        return redirect("support:good_news_detail", good_news_id)
    view = selectors.good_news_view(user=_user(request), good_news_id=good_news_id)
    if view is None:
        raise Http404
    extra = {"error": error.message, "form_data": request.POST} if error else {}
    template = f"{NEWS}#thread" if _is_htmx(request) else NEWS
    return render(
        request,
        template,
        _news_context(request, view=view, **extra),
        status=error.status if error else 200,
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def good_news_react(request: HttpRequest, good_news_id: int) -> HttpResponse:
    error = None
    try:
        services.good_news_react(
            user=_user(request), good_news_id=good_news_id, kind=request.POST.get("kind") or None
        )
    except ServiceError as exc:
        error = _raise_404(exc)
    if error is None and not _is_htmx(request):
        return redirect("support:good_news_detail", good_news_id)
    view = selectors.good_news_view(user=_user(request), good_news_id=good_news_id)
    if view is None:
        raise Http404
    extra = {"error": error.message} if error else {}
    template = f"{NEWS}#thread" if _is_htmx(request) else NEWS
    return render(
        request,
        template,
        _news_context(request, view=view, **extra),
        status=error.status if error else 200,
    )
