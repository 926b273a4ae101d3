from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.appreciation import selectors, services
from closeknit.appreciation.models import LEVELS, QUALITIES, REACTIONS, CareKind, Note
from closeknit.appreciation.text import STARTER, STARTER_WITHOUT_QUALITY
from closeknit.couples.services import couple_for, partner_of
from closeknit.lib.errors import ServiceError
from closeknit.lib.web import page_number
from closeknit.nudges import waiting


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _partner(user: User) -> User | None:
    couple = couple_for(user)
    return partner_of(user=user, couple=couple) if couple else None


def _not_found_or(exc: ServiceError) -> ServiceError:
    if exc.status == 404:
        raise Http404(exc.message) from exc
    return exc


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    care = selectors.care_view(user=user)
    new_notes = selectors.new_notes(user=user)
    if new_notes:  # the new notes show here: the inbox item has been seen
        waiting.seen_on_page(request, refs=[services.INBOX_REF])
    return render(
        request,
        "appreciation/index.html",
        {
            "practice": practices.get("appreciation"),
            "partner": care.partner,
            "care": care,
            "new_notes": new_notes,
            "ideas": selectors.suggestions(user=user, care=care).ideas[:3],
        },
    )


def _note_form_context(user: User, **extra: Any) -> dict[str, Any]:
    return {
        "partner": _partner(user),
        "qualities": QUALITIES,
        "starter": STARTER,
        "starter_plain": STARTER_WITHOUT_QUALITY,
        "max_note": services.MAX_NOTE,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def note_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    template = "appreciation/note_new.html"
    if request.method == "GET":
        return render(request, template, _note_form_context(user, form_data={}))
    try:
        note = services.note_send(
            user=user,
            text=request.POST.get("text", ""),
            quality=request.POST.get("quality", ""),
        )
    except ServiceError as exc:
        context = _note_form_context(user, error=exc.message, form_data=request.POST)
        partial = f"{template}#form" if _is_htmx(request) else template
        return render(request, partial, context, status=exc.status)
    if _is_htmx(request):
        return render(request, f"{template}#sent", _note_form_context(user, note=note))
    return redirect(f"{request.path}?sent=1")


@login_required
@require_GET
def notes(request: HttpRequest) -> HttpResponse:
    box = request.GET.get("box", "received")
    if box not in ("received", "kept", "sent"):
        box = "received"
    page = selectors.notes_page(user=_user(request), box=box, page=page_number(request))
    return render(
        request,
        "appreciation/notes.html",
        {"page": page, "box": box, "partner": _partner(_user(request))},
    )


def _note_context(user: User, note: Note, **extra: Any) -> dict[str, Any]:
    return {
        "note": note,
        "responses": selectors.responses_for(user=user, note=note),
        "can_answer": selectors.can_answer(user=user, note=note),
        "reactions": REACTIONS,
        "max_reply": services.MAX_NOTE_REPLY,
        **extra,
    }


@login_required
@require_GET
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    user = _user(request)
    note = selectors.note_for(user=user, note_id=note_id)
    if note is None:
        raise Http404
    if note.recipient_id == user.pk and note.read_at is None:
        note = services.note_mark_read(user=user, note_id=note.pk)
    return render(request, "appreciation/note.html", _note_context(user, note))


def _after_answer(
    request: HttpRequest, note_id: int, error: ServiceError | None = None
) -> HttpResponse:
    """The note's answers again (htmx), or back to the note; errors show beside the form."""
    if error is None and not _is_htmx(request):
        return redirect("appreciation:note_detail", note_id)
    user = _user(request)
    note = selectors.note_for(user=user, note_id=note_id)
    if note is None:
        raise Http404
    extra = {"error": error.message, "form_data": request.POST} if error else {}
    template = "appreciation/note.html"
    return render(
        request,
        f"{template}#answers" if _is_htmx(request) else template,
        _note_context(user, note, **extra),
        status=error.status if error else 200,
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def note_react(request: HttpRequest, note_id: int) -> HttpResponse:
    error = None
    try:
        services.note_react(
            user=_user(request), note_id=note_id, kind=request.POST.get("kind") or None
        )
    except ServiceError as exc:
        error = _not_found_or(exc)
    return _after_answer(request, note_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def note_reply(request: HttpRequest, note_id: int) -> HttpResponse:
    error = None
    try:
        services.note_reply(user=_user(request), note_id=note_id, text=request.POST.get("text", ""))
    except ServiceError as exc:
        error = _not_found_or(exc)
    return _after_answer(request, note_id, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def note_keep(request: HttpRequest, note_id: int) -> HttpResponse:
    try:
        note = services.note_keep(
            user=_user(request), note_id=note_id, kept=request.POST.get("kept") == "1"
        )
    except ServiceError as exc:
        raise _not_found_or(exc) from exc
    if _is_htmx(request):
        return render(request, "appreciation/notes.html#note", {"note": note})
    return redirect("appreciation:note_detail", note.pk)


def _noticed_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    couple = couple_for(user)
    return {
        "page": selectors.noticed_page(user=user, page=page_number(request)),
        "partner": partner_of(user=user, couple=couple) if couple else None,
        "couple_id": couple.pk if couple else None,
        "max_noticed": services.MAX_NOTICED,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def noticed(request: HttpRequest) -> HttpResponse:
    template = "appreciation/noticed.html"
    if request.method == "GET":
        return render(request, template, _noticed_context(request, form_data={}))
    status, extra = 200, {}
    try:
        services.noticed_add(user=_user(request), text=request.POST.get("text", ""))
    except ServiceError as exc:
        status, extra = exc.status, {"error": exc.message, "form_data": request.POST}
    if status == 200 and not _is_htmx(request):
        return redirect("appreciation:noticed")
    partial = f"{template}#log" if _is_htmx(request) else template
    return render(request, partial, _noticed_context(request, **extra), status=status)


def _after_entry_action(request: HttpRequest, error: ServiceError | None) -> HttpResponse:
    if error is None and not _is_htmx(request):
        return redirect("appreciation:noticed")
    template = "appreciation/noticed.html"
    partial = f"{template}#log" if _is_htmx(request) else template
    extra = {"error": error.message} if error else {}
    return render(
        request, partial, _noticed_context(request, **extra), status=error.status if error else 200
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def noticed_share(request: HttpRequest, entry_id: int) -> HttpResponse:
    error = None
    try:
        services.noticed_share(user=_user(request), entry_id=entry_id)
    except ServiceError as exc:
        error = _not_found_or(exc)
    return _after_entry_action(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def noticed_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        services.noticed_delete(user=_user(request), entry_id=entry_id)
    except ServiceError as exc:
        raise _not_found_or(exc) from exc
    return _after_entry_action(request, None)


def _level(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # out of range on purpose: the service explains the scale


@login_required
@require_http_methods(["GET", "POST"])
def care(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    extra: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        try:
            services.care_save(
                user=user,
                levels={k.value: _level(request.POST.get(k.value)) for k in CareKind},
                in_my_words=request.POST.get("in_my_words", ""),
            )
            return redirect(f"{request.path}?saved=1")
        except ServiceError as exc:
            status, extra = exc.status, {"error": exc.message, "form_data": request.POST}
    view = selectors.care_view(user=user)
    current: dict[str, int | None] = dict(view.mine.levels()) if view.mine else {}
    if "form_data" in extra:
        current = {k.value: _level(request.POST.get(k.value)) for k in CareKind}
    rows = [(k.value, k.label, current.get(k.value)) for k in CareKind]
    return render(
        request,
        "appreciation/care.html",
        {"view": view, "rows": rows, "levels": LEVELS, **extra},
        status=status,
    )


@login_required
@require_GET
def ideas(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kind = request.GET.get("kind", "")
    if kind not in CareKind.values:
        kind = ""
    try:
        shuffle = max(0, min(int(request.GET.get("shuffle", "0")), 1000))
    except ValueError:
        shuffle = 0
    care = selectors.care_view(user=user)
    found = selectors.suggestions(user=user, kind=kind, shuffle=shuffle, care=care)
    return render(
        request,
        "appreciation/ideas.html",
        {
            "found": found,
            "kind": kind,
            "kinds": CareKind.choices,
            "next_shuffle": shuffle + 1,
            "partner": care.partner,
        },
    )
