from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.intimacy import selectors, services, words
from closeknit.intimacy.models import AFFECTION_KINDS, Level, Tier
from closeknit.lib.errors import ServiceError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def shown(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """When the person has hidden this practice, every page is one neutral page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if services.is_hidden(_user(request)):
            return render(request, "intimacy/hidden.html")
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_GET
@shown
def index_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "intimacy/index.html",
        {"practice": practices.get(services.PRACTICE)},
    )


@login_required
@require_POST
def privacy_view(request: HttpRequest) -> HttpResponse:
    services.privacy_set(user=_user(request), hidden=request.POST.get("hidden") == "1")
    return redirect("intimacy:index")


# Affection preferences


def _affection_inputs(request: HttpRequest) -> list[services.AffectionInput]:
    return [
        services.AffectionInput(
            kind=kind,
            level=request.POST.get(f"level-{kind}") or None,
            note=request.POST.get(f"note-{kind}", ""),
        )
        for kind in AFFECTION_KINDS
    ]


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@shown
def affection_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    error = None
    status = 200
    if request.method == "POST":
        try:
            services.affection_save(user=user, preferences=_affection_inputs(request))
        except ServiceError as exc:
            error, status = exc.message, exc.status
        else:
            if not _is_htmx(request):
                messages.success(request, _("Saved. Your partner can read this."))
                return redirect("intimacy:affection")
    view = selectors.affection(user=user)
    if error:
        # Keep what the person typed.
        for row in view.mine:
            row.level = request.POST.get(f"level-{row.kind}") or None
            row.note = request.POST.get(f"note-{row.kind}", "")
    context = {"view": view, "levels": Level.choices, "error": error, "saved": not error}
    template = "intimacy/affection.html#mine" if _is_htmx(request) else "intimacy/affection.html"
    return render(request, template, context, status=status)


# The yes / maybe / no list: one card at a time


ANSWER_WORDS = {"yes": _lazy("Yes"), "maybe": _lazy("Maybe"), "no": _lazy("No")}


def _card_context(
    state: selectors.ListState, item_id: str | None = None, **extra: Any
) -> dict[str, Any]:
    """The card to show: the one asked for, else the first the person hasn't answered
    (so the list picks up where they left off), else a last card saying it's done.
    Only the person's own answers go into it."""
    rows = state.rows
    index = next((n for n, r in enumerate(rows) if r.item.id == item_id), None)
    if index is None and item_id != "done":
        index = next((n for n, r in enumerate(rows) if r.answer is None), None)
    row = rows[index] if index is not None else None
    previous = None
    if index is None:
        previous = rows[-1].item.id if rows else None
    elif index > 0:
        previous = rows[index - 1].item.id
    return {
        "state": state,
        "rows": rows,
        "row": row,
        "position": index + 1 if index is not None else len(rows),
        "total": len(rows),
        "previous": previous,
        "next": rows[index + 1].item.id if index is not None and index + 1 < len(rows) else "done",
        "tier_label": dict(Tier.choices).get(row.item.tier) if row else "",
        "answer_words": ANSWER_WORDS,
        **extra,
    }


def _card_url(item_id: str) -> str:
    return f"{reverse('intimacy:list')}?item={item_id}"


@login_required
@require_GET
@vary_on_headers("HX-Request")
@shown
def list_view(request: HttpRequest) -> HttpResponse:
    state = selectors.list_state(user=_user(request))
    context = _card_context(state, request.GET.get("item"))
    if _is_htmx(request):
        return render(request, "intimacy/list.html#card", context)
    return render(request, "intimacy/list.html", context)


@login_required
@require_POST
@vary_on_headers("HX-Request")
@shown
def answer_view(request: HttpRequest) -> HttpResponse:
    """Save one answer, then show the next card. The reply carries only the person's own
    answers: it never says whether the item became a match."""
    user = _user(request)
    item_id = request.POST.get("item", "")
    answer = request.POST.get("answer") or None
    allowed = selectors.visible_item_ids(user=user)
    error = None
    try:
        services.list_answer(user=user, answers={item_id: answer}, allowed=allowed)
    except ServiceError as exc:
        error = exc
    state = selectors.list_state(user=user)
    answered = _card_context(state, item_id)
    if error is not None:
        if not _is_htmx(request):
            messages.error(request, error.message)
            return redirect(_card_url(item_id) if answered["row"] else reverse("intimacy:list"))
        if answered["row"] is None or answered["row"].item.id != item_id:
            return render(
                request, "intimacy/list.html#problem", {"error": error.message}, status=400
            )
        return render(
            request,
            "intimacy/list.html#card",
            {**answered, "error": error.message},
            status=error.status,
        )
    # Staying on the card (clearing an answer) or moving on to the next one.
    target = item_id if answer is None else answered["next"]
    if not _is_htmx(request):
        return redirect(_card_url(target))
    saved = str(ANSWER_WORDS[answer]) if answer else str(_("Cleared"))
    response = render(request, "intimacy/list.html#card", _card_context(state, target, saved=saved))
    response["HX-Push-Url"] = _card_url(target)
    return response


@login_required
@require_POST
@shown
def settings_view(request: HttpRequest) -> HttpResponse:
    services.list_settings(
        user=_user(request),
        adult=request.POST.get("adult") == "1",
        maybe=request.POST.get("maybe") == "1",
    )
    messages.success(request, _("Your choices are saved."))
    return redirect("intimacy:list")


@login_required
@require_POST
@shown
def clear_view(request: HttpRequest) -> HttpResponse:
    services.list_clear(user=_user(request))
    messages.success(request, _("Your list is empty again."))
    return redirect("intimacy:list")


@login_required
@require_GET
@shown
def matches_view(request: HttpRequest) -> HttpResponse:
    found = selectors.matches(user=_user(request))
    tiers = [
        (label, [item for item in found.items if item.tier == value])
        for value, label in Tier.choices
    ]
    return render(
        request,
        "intimacy/matches.html",
        {"found": found, "tiers": [t for t in tiers if t[1]]},
    )


@login_required
@require_GET
@shown
def not_now_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "intimacy/not_now.html",
        {
            "phrases": words.NOT_NOW_PHRASES,
            "hearing": words.HEARING_NOT_NOW,
            "why": words.WHY_A_WARM_NO,
        },
    )
