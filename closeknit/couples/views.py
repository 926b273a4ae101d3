from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from closeknit.accounts.models import User
from closeknit.couples import services
from closeknit.couples.forms import JoinForm, LeaveForm
from closeknit.couples.links import invitation_link
from closeknit.couples.qr import qr_svg
from closeknit.lib import ratelimit
from closeknit.lib.errors import RateLimited, ServiceError

FRESH_KEY = "fresh_invitation"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def remember_invitation(request: HttpRequest, new: services.NewInvitation) -> None:
    """The link and code are shown only to the session that made them (docs/couples.md):
    they live in this session, never in the database."""
    request.session[FRESH_KEY] = {
        "id": new.invitation.pk,
        "link": invitation_link(request, new.token),
        "code": new.display_code,
    }


def fresh_invitation(request: HttpRequest) -> dict[str, Any] | None:
    """The live invitation this session made, with its QR code, while it still works."""
    fresh = request.session.get(FRESH_KEY)
    if not fresh:
        return None
    invitations = services.invitations_for(user=_user(request))
    pending = next((i for i in invitations if i.status == "pending"), None)
    if pending is None or pending.pk != fresh.get("id"):
        return None
    return {**fresh, "qr": qr_svg(fresh["link"], label=_("A code to scan with the other phone"))}


def _space_context(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    couple = services.couple_for(user)
    context: dict[str, Any] = {"couple": couple, "partner": None, "invitations": []}
    if couple is None:
        return context
    context["partner"] = services.partner_of(user=user, couple=couple)
    invitations = services.invitations_for(user=user)
    context["invitations"] = invitations
    pending = next((i for i in invitations if i.status == "pending"), None)
    if pending is not None:
        context["fresh"] = fresh_invitation(request)
    context["pending"] = pending
    return context


@login_required
@vary_on_headers("HX-Request")
def couple_view(request: HttpRequest) -> HttpResponse:
    return render(request, "couples/space.html", _space_context(request))


@login_required
@require_POST
def couple_create_view(request: HttpRequest) -> HttpResponse:
    try:
        services.couple_create(user=_user(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("couples:space")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def invite_view(request: HttpRequest) -> HttpResponse:
    try:
        new = services.invitation_start(user=_user(request))
    except ServiceError as exc:
        if _is_htmx(request):
            return render(
                request,
                "couples/space.html#invite-panel",
                {**_space_context(request), "error": exc.message},
                status=exc.status,
            )
        messages.error(request, exc.message)
        return redirect("couples:space")
    remember_invitation(request, new)
    if _is_htmx(request):
        return render(request, "couples/space.html#invite-panel", _space_context(request))
    return redirect("couples:space")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def invitation_revoke_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    try:
        services.invitation_revoke(user=_user(request), invitation_id=invitation_id)
        request.session.pop(FRESH_KEY, None)
    except ServiceError as exc:
        if not _is_htmx(request):
            messages.error(request, exc.message)
            return redirect("couples:space")
        return render(
            request,
            "couples/space.html#invite-panel",
            {**_space_context(request), "error": exc.message},
            status=exc.status,
        )
    if _is_htmx(request):
        return render(request, "couples/space.html#invite-panel", _space_context(request))
    messages.success(request, _("The invitation was withdrawn; it no longer works."))
    return redirect("couples:space")


@login_required
@require_http_methods(["GET", "POST"])
def leave_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    couple = services.couple_for(user)
    if couple is None:
        messages.info(request, _("You are not in a shared space."))
        return redirect("couples:space")
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.couple_leave(user=user, entries_stay=form.cleaned_data["entries"] == "stay")
        request.session.pop(FRESH_KEY, None)
        messages.success(request, _("You have left the shared space. It is yours alone again."))
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    partner = services.partner_of(user=user, couple=couple)
    return render(request, "couples/leave.html", {"form": form, "partner": partner}, status=status)


def _accept(request: HttpRequest, *, token: str = "", code: str = "") -> None:
    for key in (ratelimit.client_ip(request), f"user:{request.user.pk}"):
        if not ratelimit.allow(scope="accept", key=key, limit=10, period_seconds=600):
            raise RateLimited(_("Too many attempts. Wait ten minutes and try again."))
    services.invitation_accept(user=_user(request), token=token, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def join_view(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _accept(request, code=form.cleaned_data["code"])
            except ServiceError as exc:
                form.add_error("code", exc.message)
                status = exc.status
            else:
                # The welcome says it: "You're in, with …".
                return redirect("welcome")
    return render(request, "couples/join.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def join_link_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link a partner opens. Works before signing up: it offers signup or login."""
    error = None
    status = 200
    inviter = None
    try:
        invitation = services.invitation_check(token=token)
        inviter = invitation.created_by
    except ServiceError as exc:
        error, status = exc.message, exc.status
    if request.method == "POST" and error is None:
        if not request.user.is_authenticated:
            return redirect(f"{request.path}")
        try:
            _accept(request, token=token)
        except ServiceError as exc:
            error, status = exc.message, exc.status
        else:
            return redirect("welcome")
    return render(
        request,
        "couples/join_link.html",
        {"error": error, "inviter": inviter, "token": token},
        status=status,
    )
