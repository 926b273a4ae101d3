"""Dream talks and the someday list pages."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.goals import guide, selectors, someday
from closeknit.goals.models import DreamPrompt, DreamTheme, SomedayCategory
from closeknit.goals.spaces import space_for
from closeknit.goals.web import attempt, date_or_none, is_htmx, user_of
from closeknit.lib.errors import ServiceError
from closeknit.lib.web import page_number


def _dreams_context(request: HttpRequest) -> dict[str, Any]:
    space = space_for(user_of(request))
    chosen = request.GET.get("prompt", "")[:40]
    prompt = DreamPrompt.objects.filter(pk=chosen, retired=False).first() if chosen else None
    if prompt is None:
        prompt = selectors.dream_prompt_suggested(
            space=space, after=request.GET.get("after", "")[:40]
        )
    prompts = selectors.dream_prompts()
    themes = [
        (label, [p for p in prompts if p.theme == value]) for value, label in DreamTheme.choices
    ]
    return {
        "space": space,
        "partner": space.partner,
        "prompt": prompt,
        "themes": themes,
        "listener_guide": guide.LISTENER_GUIDE,
        "speaker_guide": guide.SPEAKER_GUIDE,
        "notes": selectors.dream_notes(space=space, page=page_number(request)),
        "form_data": None,
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def dreams(request: HttpRequest) -> HttpResponse:
    context = _dreams_context(request)
    template = "goals/dreams.html#notes" if is_htmx(request) else "goals/dreams.html"
    return render(request, template, context)


def _after(
    request: HttpRequest,
    error: ServiceError | None,
    *,
    page: str,
    partial: str,
    url_name: str,
    context: Callable[[HttpRequest], dict[str, Any]],
) -> HttpResponse:
    """After a write: back to the page, or the page (or its partial) with the error and
    what the person typed."""
    if error is None and not is_htmx(request):
        return redirect(url_name)
    values = context(request)
    if error is not None:
        values |= {"error": error.message, "form_data": request.POST}
    template = f"{page}#{partial}" if is_htmx(request) else page
    return render(request, template, values, status=error.status if error else 200)


def _after_note(request: HttpRequest, error: ServiceError | None) -> HttpResponse:
    return _after(
        request, error, page="goals/dreams.html", partial="notes",
        url_name="goals:dreams", context=_dreams_context,
    )  # fmt: skip


@login_required
@require_POST
@vary_on_headers("HX-Request")
def dream_note_add(request: HttpRequest) -> HttpResponse:
    error = attempt(
        lambda: someday.dream_note_add(
            user=user_of(request),
            text=request.POST.get("text", ""),
            about=request.POST.get("about", "me"),
            prompt_id=request.POST.get("prompt_id") or None,
        )
    )
    return _after_note(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def dream_note_update(request: HttpRequest, note_id: int) -> HttpResponse:
    error = attempt(
        lambda: someday.dream_note_update(
            user=user_of(request), note_id=note_id, text=request.POST.get("text", "")
        )
    )
    return _after_note(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def dream_note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    error = attempt(lambda: someday.dream_note_delete(user=user_of(request), note_id=note_id))
    return _after_note(request, error)


def _someday_context(request: HttpRequest) -> dict[str, Any]:
    space = space_for(user_of(request))
    show_archived = request.GET.get("archived") == "1" or request.POST.get("archived_view") == "1"
    return {
        "space": space,
        "partner": space.partner,
        "items": selectors.someday_list(space=space, with_archived=show_archived),
        "show_archived": show_archived,
        "categories": SomedayCategory.choices,
        "form_data": None,
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def someday_page(request: HttpRequest) -> HttpResponse:
    context = _someday_context(request)
    template = "goals/someday.html#list" if is_htmx(request) else "goals/someday.html"
    return render(request, template, context)


def _after_item(request: HttpRequest, error: ServiceError | None) -> HttpResponse:
    return _after(
        request, error, page="goals/someday.html", partial="list",
        url_name="goals:someday", context=_someday_context,
    )  # fmt: skip


@login_required
@require_POST
@vary_on_headers("HX-Request")
def someday_add(request: HttpRequest) -> HttpResponse:
    error = attempt(
        lambda: someday.someday_add(
            user=user_of(request),
            title=request.POST.get("title", ""),
            category=request.POST.get("category", ""),
            note=request.POST.get("note", ""),
        )
    )
    return _after_item(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def someday_update(request: HttpRequest, item_id: int) -> HttpResponse:
    error = attempt(
        lambda: someday.someday_update(
            user=user_of(request),
            item_id=item_id,
            title=request.POST.get("title", ""),
            category=request.POST.get("category", ""),
            note=request.POST.get("note", ""),
        )
    )
    return _after_item(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def someday_done(request: HttpRequest, item_id: int) -> HttpResponse:
    error = attempt(
        lambda: someday.someday_set_done(
            user=user_of(request),
            item_id=item_id,
            done=request.POST.get("done") == "1",
            done_on=date_or_none(request.POST.get("done_on")),
        )
    )
    return _after_item(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def someday_archive(request: HttpRequest, item_id: int) -> HttpResponse:
    error = attempt(
        lambda: someday.someday_set_archived(
            user=user_of(request), item_id=item_id, archived=request.POST.get("archived") == "1"
        )
    )
    return _after_item(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def someday_move(request: HttpRequest, item_id: int) -> HttpResponse:
    error = attempt(
        lambda: someday.someday_move(
            user=user_of(request), item_id=item_id, direction=request.POST.get("direction", "")
        )
    )
    return _after_item(request, error)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def someday_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    error = attempt(lambda: someday.someday_delete(user=user_of(request), item_id=item_id))
    return _after_item(request, error)
