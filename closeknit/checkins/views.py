from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from closeknit.accounts.models import User
from closeknit.checkins import drafts, items, selectors, services
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


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _step_number(raw: str | None) -> int | None:
    value = _int(raw)
    return value if value is not None and value > 0 else None


# Measured by reading and rating each statement with care: about twelve seconds each,
# plus the picture and an optional line of note. Said honestly on the page.
SECONDS_PER_STATEMENT = 12
SECONDS_TO_CLOSE = 45


def _minutes(statements: int) -> int:
    return max(1, -(-(statements * SECONDS_PER_STATEMENT + SECONDS_TO_CLOSE) // 60))


def _context(
    request: HttpRequest,
    *,
    values: dict[str, Any] | None = None,
    number: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The page around one step of the check-in: the step asked for, else where the
    person's own draft left off, else the first."""
    user = _user(request)
    space = space_for(user)
    status = selectors.checkin_status(user=user, space=space)
    draft = drafts.draft_for(user=user)
    if values is None:
        values = drafts.values_for(user=user, draft=draft, mine=status.mine)
    steps = drafts.steps_for(hidden=list(user.hidden_practices))
    number = number or (draft.step if draft is not None else 1)
    step = steps[max(1, min(number, len(steps))) - 1]
    missing = values.get("_missing", False)
    return {
        "status": status,
        "draft": draft,
        "steps": steps,
        "step": step,
        "statements": [
            {
                "id": item.id,
                "text": item.text,
                "value": values.get(item.id),
                "missing": missing and values.get(item.id) is None,
            }
            for item in step.statements
        ],
        "scale": range(items.SCALE_MIN, items.SCALE_MAX + 1),
        "scale_ends": items.SCALE_ENDS,
        "pictures": items.closeness_pictures(),
        "values": values,
        "history": selectors.my_checkins(user=user, limit=12),
        "frequencies": Frequency.choices,
        "minutes": _minutes(sum(len(s.statements) for s in steps)),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def index_view(request: HttpRequest) -> HttpResponse:
    """The check-in form for this fortnight, and your earlier check-ins."""
    if request.method == "GET":
        number = _step_number(request.GET.get("step"))
        return render(request, "checkins/index.html", _context(request, number=number))
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
        # Keep what came (gaps and all) and show the first step with something open.
        draft = drafts.draft_keep(
            user=user, answers=answers, closeness=posted["closeness"], note=posted["note"]
        )
        return render(
            request,
            "checkins/index.html",
            _context(request, error=exc.message, values=posted, number=draft.step),
            status=exc.status,
        )
    drafts.draft_discard(user=user)
    return _saved(request, result)


def _saved(request: HttpRequest, result: services.SubmitResult) -> HttpResponse:
    if result.revealed_now:
        messages.success(request, _("You've both checked in. Here's your map, side by side."))
    else:
        messages.success(request, _("Saved. Only you can see it for now."))
    return _go(request, reverse("checkins:detail", args=[result.checkin.pk]))


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect, or for htmx a full-page move to the same place."""
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _step_reply(
    request: HttpRequest, number: int, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """After a step: htmx swaps the next step in place (and puts it in the address, so
    back and reload land on it); without JavaScript, the page of that step."""
    url = f"{reverse('checkins:index')}?step={number}"
    if not _is_htmx(request):
        if status == 200:
            return redirect(url)
        return render(
            request, "checkins/index.html", _context(request, number=number, **extra), status=status
        )
    response = render(
        request,
        "checkins/_step.html",
        _context(request, number=number, swapped=True, **extra),
        status=status,
    )
    if status == 200:
        response["HX-Push-Url"] = url
    return response


@login_required
@require_POST
def step_view(request: HttpRequest) -> HttpResponse:
    """One step posted: kept in the person's draft, then the next (or previous) step.
    "Finish later" keeps it and leaves; the last step saves the check-in."""
    user = _user(request)
    number = _step_number(request.POST.get("step")) or 1
    go = request.POST.get("go", "next")
    steps = drafts.steps_for(hidden=list(user.hidden_practices))
    number = min(number, len(steps))
    last = steps[number - 1].is_last
    values: dict[str, str] = {k: str(v) for k, v in request.POST.items() if k in items.BY_ID}
    resume_at = {"back": number - 1, "later": number}.get(go)
    try:
        drafts.draft_save(
            user=user,
            step=number,
            answers=values,
            closeness=request.POST.get("closeness") if last else None,
            note=request.POST.get("note") if last else None,
            require=go == "next" and not last,
            resume_at=resume_at if resume_at is not None else (number if last else None),
        )
        if go == "later":
            messages.success(
                request,
                _("Kept for later, just for you. Pick up where you left off any time."),
            )
            return _go(request, reverse("home"))
        if go == "back":
            return _step_reply(request, max(1, number - 1))
        if not last:
            return _step_reply(request, number + 1)
        result = drafts.draft_finish(user=user)
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        draft = drafts.draft_for(user=user)
        open_step = number
        if exc.code == "missing_items" and last and draft is not None:
            open_step = drafts.first_open_step(user=user, answers=draft.answers)
        # Show what was picked on this step again, with what is still open marked.
        shown = drafts.values_for(
            user=user, draft=draft, mine=selectors.checkin_status(user=user).mine
        )
        shown.update({k: _int(v) for k, v in values.items()})
        if last:
            shown["closeness"] = _int(request.POST.get("closeness")) or shown.get("closeness")
            shown["note"] = request.POST.get("note", shown.get("note", ""))
        shown["_missing"] = True
        return _step_reply(request, open_step, status=exc.status, error=exc.message, values=shown)
    return _saved(request, result)


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
