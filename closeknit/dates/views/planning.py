"""Planning dates, how each felt, .ics downloads and the private calendar feed."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)
from django.views.decorators.vary import vary_on_headers

from closeknit.dates import ical
from closeknit.dates.forms import DateForm, LogForm
from closeknit.dates.selectors import planning as selectors
from closeknit.dates.selectors.ideas import idea_view
from closeknit.dates.selectors.planning import DateView
from closeknit.dates.services import feed as feed_services
from closeknit.dates.services import planning as services
from closeknit.dates.spaces import space_for
from closeknit.dates.views.common import is_htmx, user_of
from closeknit.lib import confirm, web
from closeknit.lib.errors import NotFound, ServiceError
from closeknit.nudges import waiting


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("dates:feed", args=[token]))


@login_required
@require_GET
def date_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    space = space_for(user)
    page_number = web.page_number(request)
    token = feed_services.feed_token_for(user=user)
    upcoming = selectors.upcoming(user=user, space=space)
    waiting.seen_on_page(request, refs=[services.date_ref(v.date.pk) for v in upcoming])
    return render(
        request,
        "dates/dates.html",
        {
            "space": space,
            "upcoming": upcoming,
            "past": selectors.past(user=user, page=page_number, space=space),
            "feed_url": _feed_url(request, token.token) if token else None,
        },
    )


def _date_or_404(request: HttpRequest, date_id: int) -> DateView:
    view = selectors.date_view(user=user_of(request), date_id=date_id)
    if view is None:
        raise Http404
    return view


def _form_context(request: HttpRequest, form: DateForm, **extra: Any) -> dict[str, Any]:
    return {"form": form, "tz": user_of(request).timezone, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def date_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    idea = None
    idea_id = request.POST.get("idea") or request.GET.get("idea") or ""
    if idea_id:
        try:
            idea = idea_view(user=user, idea_id=idea_id).idea
        except NotFound:
            idea = None
    if request.method == "GET":
        initial = {"idea": idea.pk if idea else "", "minutes": idea.minutes if idea else None}
        form = DateForm(initial=initial)
        return render(request, "dates/plan.html", _form_context(request, form, idea=idea))
    form = DateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            planned = services.date_plan(
                user=user,
                data=services.DateInput(
                    title=data["title"],
                    idea_id=data["idea"] or None,
                    starts_at=services.local_to_utc(
                        day=data["day"], at=data["time"], tz=user.timezone
                    ),
                    minutes=data["minutes"],
                    place=data["place"],
                    note=data["note"],
                ),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("It's on the calendar for both of you."))
            return redirect("dates:date", planned.pk)
    return render(request, "dates/plan.html", _form_context(request, form, idea=idea), status=400)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def date_detail(request: HttpRequest, date_id: int) -> HttpResponse:
    view = _date_or_404(request, date_id)
    return render(request, "dates/date.html", _detail_context(request, view))


def _detail_context(request: HttpRequest, view: DateView, **extra: Any) -> dict[str, Any]:
    mine = view.mine
    form = extra.pop("log_form", None) or LogForm(
        initial={"feeling": mine.feeling, "words": mine.words, "shared": mine.shared}
        if mine
        else None
    )
    if view.date.couple_id is None:
        form.fields.pop("shared", None)  # nobody to share with
    return {"view": view, "log_form": form, "space": space_for(user_of(request)), **extra}


@login_required
@require_http_methods(["GET", "POST"])
def date_edit(request: HttpRequest, date_id: int) -> HttpResponse:
    user = user_of(request)
    view = _date_or_404(request, date_id)
    if not view.can_change:
        raise Http404
    planned = view.date
    if request.method == "GET":
        local = timezone.localtime(planned.starts_at)
        form = DateForm(
            creating=False,
            initial={
                "title": planned.title,
                "day": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "minutes": planned.minutes,
                "place": planned.place,
                "note": planned.note,
            },
        )
        return render(request, "dates/plan.html", _form_context(request, form, view=view))
    form = DateForm(request.POST, creating=False)
    if form.is_valid():
        data = form.cleaned_data
        changes: dict[str, object] = {
            "title": data["title"],
            "minutes": data["minutes"] or planned.minutes,
            "place": data["place"],
            "note": data["note"],
        }
        starts_at = services.local_to_utc(day=data["day"], at=data["time"], tz=user.timezone)
        if starts_at != planned.starts_at.replace(second=0, microsecond=0):
            changes["starts_at"] = starts_at
        try:
            services.date_update(user=user, date_id=planned.pk, changes=changes)
        except ServiceError as exc:
            if exc.status == 404:
                raise Http404 from exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved. You both see the change."))
            return redirect("dates:date", planned.pk)
    return render(request, "dates/plan.html", _form_context(request, form, view=view), status=400)


@login_required
@require_POST
def date_cancel(request: HttpRequest, date_id: int) -> HttpResponse:
    view = _date_or_404(request, date_id)
    asked = confirm.ask_first(
        request,
        question=_("Call off this date?"),
        detail=_("It comes off the calendar for you both."),
        yes=_("Call it off"),
        back_url=reverse("dates:date", args=[view.date.pk]),
    )
    if asked is not None:
        return asked
    try:
        services.date_cancel(user=user_of(request), date_id=date_id)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The date is off the calendar."))
    return redirect("dates:dates")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def date_log(request: HttpRequest, date_id: int) -> HttpResponse:
    user = user_of(request)
    form: LogForm | None = LogForm(request.POST)
    status = 200
    if form is not None and form.is_valid():
        try:
            services.date_log_save(
                user=user,
                date_id=date_id,
                feeling=form.cleaned_data["feeling"],
                words=form.cleaned_data["words"],
                shared=form.cleaned_data["shared"],
            )
        except ServiceError as exc:
            if exc.status == 404:
                raise Http404 from exc
            form.add_error(None, exc.message)
            status = exc.status
        else:
            form = None
    else:
        status = 400
    view = _date_or_404(request, date_id)
    if not view.in_current_space:
        raise Http404
    if status == 200 and not is_htmx(request):
        return redirect("dates:date", date_id)
    context = _detail_context(request, view, log_form=form, saved=status == 200)
    template = "dates/date.html#log" if is_htmx(request) else "dates/date.html"
    return render(request, template, context, status=status)


def _ics_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def date_ics(request: HttpRequest, date_id: int) -> HttpResponse:
    view = _date_or_404(request, date_id)
    if view.hidden:
        raise Http404
    url = request.build_absolute_uri(reverse("dates:date", args=[date_id]))
    body = ical.calendar_bytes(
        [view.date], name=view.date.title, with_notes=True, urls={view.date.pk: url}
    )
    return _ics_response(body, filename=f"date-{view.date.starts_at:%Y-%m-%d}.ics")


@login_required
@require_POST
def feed_renew(request: HttpRequest) -> HttpResponse:
    feed_services.feed_token_renew(user=user_of(request))
    messages.success(
        request, _("Your calendar address is ready. Any older address has stopped working.")
    )
    return redirect(reverse("dates:dates") + "#calendar")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    if feed_services.feed_token_revoke(user=user_of(request)):
        messages.success(request, _("Your calendar address no longer works."))
    return redirect(reverse("dates:dates") + "#calendar")


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The public, token-protected calendar feed. A wrong or revoked token is a 404."""
    found = feed_services.feed_dates(token=token)
    if found is None:
        raise Http404
    _user, dates = found
    urls = {d.pk: request.build_absolute_uri(reverse("dates:date", args=[d.pk])) for d in dates}
    body = ical.calendar_bytes(dates, name=_("Our dates"), with_notes=False, urls=urls)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
