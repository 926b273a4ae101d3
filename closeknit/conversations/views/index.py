"""The communication index, the pause, and the phrase library."""

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.conversations import selectors, services
from closeknit.conversations.models import Mode, PhraseGroup
from closeknit.conversations.services.pauses import PAUSE_CHOICES, evening_for
from closeknit.conversations.views.common import is_htmx, user_of
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for, members_of
from closeknit.lib.errors import ServiceError

INDEX = "conversations/index.html"


def pause_context(user: User, couple: Couple | None, partner: User | None) -> dict[str, Any]:
    now = timezone.now()
    evening = evening_for(user=user, now=now)
    options = [(key, label) for key, label in PAUSE_CHOICES.items() if key != "evening" or evening]
    return {
        "pause": selectors.current_pause(user=user, couple=couple, now=now),
        "pause_options": options,
        "evening": evening,
        "partner": partner,
        "in_couple": partner is not None,
    }


def _couple_and_partner(user: User) -> tuple[Couple | None, User | None]:
    couple = couple_for(user)
    members = members_of(couple) if couple is not None else []
    return couple, next((m for m in members if m.pk != user.pk), None)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    couple, partner = _couple_and_partner(user)
    tools = selectors.sensitive_tools_state(user)
    context = {
        **pause_context(user, couple, partner),
        "practice": practices.get("communication"),
        "open_sessions": selectors.open_sessions(couple=couple),
        "guides": selectors.recent_guides(user=user) if tools == "open" else [],
        "tools": tools,
        "phrase_groups": selectors.phrase_groups(limit_each=2),
        "modes": Mode.choices,
    }
    return render(request, INDEX, context)


def _pause_response(
    request: HttpRequest, error: ServiceError | None = None, form_data: Any = None
) -> HttpResponse:
    if error is None and not is_htmx(request):
        return redirect("conversations:index")
    user = user_of(request)
    couple, partner = _couple_and_partner(user)
    context = {
        **pause_context(user, couple, partner),
        "pause_error": error.message if error else None,
        "form_data": form_data,
    }
    status = error.status if error else 200
    if is_htmx(request):
        return render(request, f"{INDEX}#pause", context, status=status)
    return render(request, "conversations/pause.html", context, status=status)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def pause_set(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    choice = request.POST.get("choice", "")
    try:
        at: datetime | None = None
        if choice == "custom":
            at = services.parse_local_time(request.POST.get("at", ""), user=user)
        services.pause_set(user=user, choice=choice, at=at)
    except ServiceError as exc:
        return _pause_response(request, exc, request.POST)
    return _pause_response(request)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def pause_clear(request: HttpRequest) -> HttpResponse:
    services.pause_clear(user=user_of(request))
    return _pause_response(request)


@login_required
@require_GET
def phrases(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "")
    if group not in PhraseGroup.values:
        group = ""
    return render(
        request,
        "conversations/phrases.html",
        {
            "groups": selectors.phrase_groups(group=group),
            "group": group,
            "all_groups": PhraseGroup.choices,
        },
    )
