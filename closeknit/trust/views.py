from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.couples.services import couple_for
from closeknit.lib import confirm
from closeknit.lib.errors import ServiceError
from closeknit.lib.web import page_number
from closeknit.safety.guard import sensitive_tool
from closeknit.trust import guide, selectors, services
from closeknit.trust.models import JournalReaction, Mode

SESSION_CARD = "trust/session.html#card"
ENTRY = "trust/journal.html#entry"
THREAD = "trust/journal_entry.html#thread"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _int(raw: str | None, default: int = -1) -> int:
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        return default


@login_required
@require_GET
def index_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "trust/index.html",
        {
            "practice": practices.get(services.PRACTICE),
            "session_about": guide.SESSION_ABOUT,
            "journal_about": guide.JOURNAL_ABOUT,
        },
    )


# Closeness sessions (a sensitive tool)


@login_required
@sensitive_tool
@require_GET
def sessions_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "trust/sessions.html",
        {
            "sessions": selectors.session_list(user=user),
            "open": selectors.open_session(user=user),
            "in_couple": couple_for(user) is not None,
            "modes": Mode.choices,
            "about": guide.SESSION_ABOUT,
        },
    )


@login_required
@sensitive_tool
@require_POST
def session_start_view(request: HttpRequest) -> HttpResponse:
    try:
        session = services.session_start(user=_user(request), mode=request.POST.get("mode", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("trust:sessions")
    return redirect("trust:session", session.pk)


def _render_session(
    request: HttpRequest, session_id: int, *, error: ServiceError | None = None, **extra: Any
) -> HttpResponse:
    view = selectors.session_view(user=_user(request), session_id=session_id)
    if view is None:
        raise Http404
    context = {"view": view, "error": error.message if error else None, **extra}
    template = SESSION_CARD if _is_htmx(request) else "trust/session.html"
    return render(request, template, context, status=error.status if error else 200)


@login_required
@sensitive_tool
@require_GET
@vary_on_headers("HX-Request")
def session_view(request: HttpRequest, session_id: int) -> HttpResponse:
    return _render_session(request, session_id)


def _after(request: HttpRequest, session_id: int, error: ServiceError | None) -> HttpResponse:
    if error is not None and error.status == 404:
        raise Http404
    if error is None and not _is_htmx(request):
        return redirect("trust:session", session_id)
    return _render_session(
        request, session_id, error=error, form_text=request.POST.get("text", "") if error else ""
    )


@login_required
@sensitive_tool
@require_POST
@vary_on_headers("HX-Request")
def session_turn_view(request: HttpRequest, session_id: int) -> HttpResponse:
    error = None
    try:
        services.session_turn(
            user=_user(request),
            session_id=session_id,
            position=_int(request.POST.get("position")),
            text=request.POST.get("text", ""),
            skip=request.POST.get("skip") == "1",
        )
    except ServiceError as exc:
        error = exc
    return _after(request, session_id, error)


@login_required
@sensitive_tool
@require_POST
@vary_on_headers("HX-Request")
def session_pause_view(request: HttpRequest, session_id: int) -> HttpResponse:
    error = None
    try:
        services.session_pause(
            user=_user(request), session_id=session_id, paused=request.POST.get("paused") == "1"
        )
    except ServiceError as exc:
        error = exc
    return _after(request, session_id, error)


@login_required
@sensitive_tool
@require_POST
@vary_on_headers("HX-Request")
def session_end_view(request: HttpRequest, session_id: int) -> HttpResponse:
    if selectors.session_view(user=_user(request), session_id=session_id) is None:
        raise Http404
    asked = confirm.ask_first(
        request,
        question=_("Stop this session here?"),
        detail=_("Everything answered so far stays. You can start a new session any time."),
        yes=_("Stop here"),
        back_url=reverse("trust:session", args=[session_id]),
    )
    if asked is not None:
        return asked
    error = None
    try:
        services.session_end(user=_user(request), session_id=session_id)
    except ServiceError as exc:
        error = exc
    return _after(request, session_id, error)


# The journal


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def journal_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    error = None
    if request.method == "POST":
        try:
            services.entry_create(user=user, text=request.POST.get("text", ""))
        except ServiceError as exc:
            error = exc
        else:
            if not _is_htmx(request):
                return redirect("trust:journal")
    context = {
        "page": selectors.journal_page(user=user, page=page_number(request)),
        "error": error.message if error else None,
        "form_text": request.POST.get("text", "") if error else "",
        "about": guide.JOURNAL_ABOUT,
        "in_couple": couple_for(user) is not None,
    }
    template = "trust/journal.html#mine" if _is_htmx(request) else "trust/journal.html"
    return render(request, template, context, status=error.status if error else 200)


def _entry_or_404(request: HttpRequest, entry_id: int) -> Any:
    entry = selectors.journal_entry(user=_user(request), entry_id=entry_id)
    if entry is None:
        raise Http404
    return entry


@login_required
@require_GET
def journal_entry_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    user = _user(request)
    return render(
        request,
        "trust/journal_entry.html",
        {
            "entry": entry,
            "mine": entry.user_id == user.pk,
            "thread": selectors.journal_thread(user=user, entry=entry),
            "reaction_kinds": JournalReaction.KINDS,
        },
    )


def _thread_action(request: HttpRequest, entry_id: int, action: Any) -> HttpResponse:
    """Run a reply or reaction; answer with the thread (htmx) or back on the entry."""
    error = None
    try:
        action()
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        error = exc
    if not _is_htmx(request):
        if error:
            messages.error(request, error.message)
        return redirect("trust:journal_entry", entry_id)
    entry = _entry_or_404(request, entry_id)
    context = {
        "entry": entry,
        "thread": selectors.journal_thread(user=_user(request), entry=entry),
        "reaction_kinds": JournalReaction.KINDS,
        "thread_error": error.message if error else None,
        "reply_text": request.POST.get("text", "") if error else "",
    }
    return render(request, THREAD, context, status=error.status if error else 200)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def journal_react_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    kind = request.POST.get("kind") or None  # empty takes the reaction back
    return _thread_action(
        request,
        entry_id,
        lambda: services.entry_reaction_set(user=_user(request), entry_id=entry_id, kind=kind),
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def journal_reply_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    text = request.POST.get("text", "")
    return _thread_action(
        request,
        entry_id,
        lambda: services.entry_reply_add(user=_user(request), entry_id=entry_id, text=text),
    )


def _entry_action(request: HttpRequest, entry_id: int, action: Any) -> HttpResponse:
    error = None
    try:
        action()
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        error = exc
    entry = _entry_or_404(request, entry_id)
    if not _is_htmx(request):
        if error:
            messages.error(request, error.message)
        return redirect("trust:journal_entry", entry_id)
    return render(
        request,
        ENTRY,
        {
            "entry": entry,
            "entry_error": error.message if error else None,
            "in_couple": couple_for(_user(request)) is not None,
        },
        status=error.status if error else 200,
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def journal_edit_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = _user(request)
    try:
        services.entry_update(user=user, entry_id=entry_id, text=request.POST.get("text", ""))
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        entry = _entry_or_404(request, entry_id)
        return render(
            request,
            "trust/journal_entry.html",
            {
                "entry": entry,
                "mine": True,
                "error": exc.message,
                "form_text": request.POST.get("text", ""),
            },
            status=exc.status,
        )
    messages.success(request, _("Saved."))
    return redirect("trust:journal_entry", entry_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def journal_share_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    shared = request.POST.get("shared") == "1"
    return _entry_action(
        request,
        entry_id,
        lambda: services.entry_share(user=_user(request), entry_id=entry_id, shared=shared),
    )


@login_required
@require_POST
def journal_delete_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        services.entry_delete(user=_user(request), entry_id=entry_id)
    except ServiceError as exc:
        raise Http404 from exc
    messages.success(request, _("The entry is deleted."))
    return redirect("trust:journal")


# Repairing trust (a sensitive tool)


@login_required
@sensitive_tool
@require_GET
def repair_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "trust/repair.html",
        {
            "intro": guide.REPAIR_INTRO,
            "steps": guide.REPAIR_STEPS,
            "not_for": guide.REPAIR_NOT_FOR,
            "professional": guide.PROFESSIONAL_HELP,
            "safety": guide.SAFETY_HELP,
            "safety_url": guide.SAFETY_URL,
        },
    )
