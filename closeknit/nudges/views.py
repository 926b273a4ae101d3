from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.accounts.models import User
from closeknit.lib.errors import NotFound
from closeknit.lib.redirects import safe_next
from closeknit.lib.web import page_number
from closeknit.nudges import services, waiting
from closeknit.nudges.delivery import read_unsubscribe_token
from closeknit.nudges.events import EVENTS
from closeknit.nudges.forms import PreferencesForm
from closeknit.nudges.titles import title_for
from closeknit.push import services as push_services

PAGE = 20  # newest first; older ones a page at a time ("Older")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _centre(request: HttpRequest, status: int = 200) -> HttpResponse:
    page = page_number(request)
    start = (page - 1) * PAGE
    # The list never shows `detail`: deferring it saves decrypting it for every row. One
    # row more than the page tells whether there are older ones.
    items = list(
        services.visible(_user(request))
        .defer("detail")
        .select_related("item__actor")
        .order_by("-created_at", "-pk")[start : start + PAGE + 1]
    )
    has_next, items = len(items) > PAGE, items[:PAGE]
    for item in items:
        item.title = title_for(item)  # type: ignore[attr-defined]
    template = "nudges/centre.html"
    if request.headers.get("HX-Request") == "true":
        template += "#list"
    context = {"items": items, "page": page, "has_next": has_next}
    return render(request, template, context, status=status)


@login_required
@vary_on_headers("HX-Request")
def centre(request: HttpRequest) -> HttpResponse:
    return _centre(request)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def act(request: HttpRequest) -> HttpResponse:
    """Mark read or clear one notification (`id`) or all of them."""
    action = request.POST.get("action")
    raw_id = request.POST.get("id") or None
    try:
        notification_id = int(raw_id) if raw_id else None
    except ValueError:
        raise Http404 from None
    try:
        if action == "read":
            services.mark_read(user=_user(request), notification_id=notification_id)
        elif action == "clear":
            services.clear(user=_user(request), notification_id=notification_id)
        else:
            messages.error(request, _("That action isn't known; nothing changed."))
            return _centre(request, status=400)
    except NotFound:
        raise Http404 from None
    if request.headers.get("HX-Request") == "true":
        return _centre(request)
    return redirect("nudges:centre")


@login_required
@require_POST
def dismiss(request: HttpRequest, item_id: int) -> HttpResponse:
    """ "Not now" on something waiting: it closes, and nothing asks again about it."""
    try:
        waiting.dismiss(user=_user(request), item_id=item_id)
    except NotFound:
        raise Http404 from None
    return redirect(safe_next(request, reverse("home")))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    prefs = services.preferences_for(_user(request))
    form = PreferencesForm(request.POST or None, prefs=prefs)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            user=_user(request),
            channels=form.channels(),
            quiet=(form.cleaned_data["quiet_from"], form.cleaned_data["quiet_until"]),
            daily_cap=form.cleaned_data["daily_cap"],
            rich_text=form.cleaned_data["rich_text"],
            email_off=form.cleaned_data["email_off"],
            push_rich=form.cleaned_data["push_rich"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("nudges:preferences")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "devices": push_services.devices_of(_user(request))}
    return render(request, "nudges/preferences.html", context, status=status)


@csrf_exempt  # a signed link from an email, used without logging in (and by mail apps)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return render(request, "nudges/unsubscribe.html", {"problem": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "nudges/unsubscribe.html", {"problem": "invalid"}, status=400)
    user_id = data.get("u")
    user = (
        User.objects.filter(pk=user_id, is_active=True).first()
        if isinstance(user_id, int)
        else None
    )
    event = str(data.get("e", "all"))
    if user is None or (event != "all" and event not in EVENTS):
        return render(request, "nudges/unsubscribe.html", {"problem": "invalid"}, status=400)
    label = EVENTS[event].title if event in EVENTS else None
    if request.method == "POST":
        if event == "all":
            services.preferences_update(user=user, email_off=True)
        else:
            services.preferences_update(user=user, channels={event: {"email": False}})
        return render(request, "nudges/unsubscribe.html", {"done": True, "label": label})
    return render(request, "nudges/unsubscribe.html", {"label": label, "token": token})
