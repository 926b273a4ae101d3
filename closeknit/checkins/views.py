from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.checkins import items, selectors, services
from closeknit.checkins.models import Frequency
from closeknit.lib.errors import ServiceError
from closeknit.prompts.spaces import space_for


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # out of range on purpose: the service explains what is expected


def _groups(hidden: list[str], values: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements grouped by practice, each with the rating to show as chosen."""
    by_practice: dict[str, list[dict[str, Any]]] = {}
    for item in items.items_for(hidden=hidden):
        by_practice.setdefault(item.practice, []).append(
            {
                "id": item.id,
                "text": item.text,
                "value": values.get(item.id),
                "missing": "_missing" in values and values.get(item.id) is None,
            }
        )
    return [{"practice": practices.get(key), "items": found} for key, found in by_practice.items()]


def _context(
    request: HttpRequest, *, values: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    user = _user(request)
    space = space_for(user)
    status = selectors.checkin_status(user=user, space=space)
    if values is None:
        values = {}
        if status.mine is not None:
            values = {
                **status.mine.answers,
                "closeness": status.mine.closeness,
                "note": status.mine.note,
            }
    return {
        "status": status,
        "groups": _groups(list(user.hidden_practices), values),
        "scale": range(items.SCALE_MIN, items.SCALE_MAX + 1),
        "scale_ends": items.SCALE_ENDS,
        "pictures": items.closeness_pictures(),
        "values": values,
        "history": selectors.my_checkins(user=user, limit=12),
        "frequencies": Frequency.choices,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def index_view(request: HttpRequest) -> HttpResponse:
    """The check-in form for this fortnight, and your earlier check-ins."""
    if request.method == "GET":
        return render(request, "checkins/index.html", _context(request))
    user = _user(request)
    answers = {
        item.id: value
        for item in items.items_for(hidden=list(user.hidden_practices))
        if (value := _int(request.POST.get(item.id))) is not None
    }
    try:
        result = services.checkin_submit(
            user=user,
            answers=answers,
            closeness=_int(request.POST.get("closeness")),
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        posted: dict[str, Any] = {k: _int(request.POST.get(k)) for k in items.BY_ID}
        posted["closeness"] = _int(request.POST.get("closeness"))
        posted["note"] = request.POST.get("note", "")
        posted["_missing"] = True  # mark statements still open
        return render(
            request,
            "checkins/index.html",
            _context(request, error=exc.message, values=posted),
            status=exc.status,
        )
    if result.revealed_now:
        messages.success(request, _("You've both checked in. Here's your map, side by side."))
    else:
        messages.success(request, _("Saved. Only you can see it for now."))
    return redirect("checkins:detail", result.checkin.pk)


@login_required
@require_GET
def detail_view(request: HttpRequest, checkin_id: int) -> HttpResponse:
    view = selectors.checkin_view(user=_user(request), checkin_id=checkin_id)
    if view is None:
        raise Http404
    space = space_for(_user(request))
    partner = space.partner_of(_user(request))
    return render(
        request,
        "checkins/detail.html",
        {
            "view": view,
            "partner_name": partner.name if partner else "",
            "closeness": {level.value: level.label for level in items.CLOSENESS},
            "pictures": {p["value"]: p for p in items.closeness_pictures()},
        },
    )


@login_required
@require_POST
def preference_view(request: HttpRequest) -> HttpResponse:
    try:
        services.preference_set(
            user=_user(request), every_weeks=_int(request.POST.get("every_weeks"))
        )
    except ServiceError as exc:
        return render(
            request,
            "checkins/index.html",
            _context(request, preference_error=exc.message),
            status=exc.status,
        )
    messages.success(request, _("Saved. This is only a suggestion; check in whenever you like."))
    return redirect("checkins:index")
