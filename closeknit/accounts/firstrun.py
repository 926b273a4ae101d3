"""The first run: a short welcome after sign-up, in four small steps.

hello (what Closeknit is, what stays private) → focus (up to three practices) → invite
(the partner; left out for someone who joined by a partner's link) → question (the first
daily question). Every step can be skipped, and "Skip the rest" ends the welcome for
good. Progress is kept on `User.welcome_step` so that coming back to /welcome/ resumes
where the person left; nothing ever sends them back here.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from closeknit import practices
from closeknit.accounts import services
from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.couples.views import fresh_invitation, remember_invitation
from closeknit.lib.errors import ServiceError

STEPS = ("hello", "focus", "invite", "question")
DONE = "done"
START = "hello"  # what a new sign-up starts at
MAX_FOCUS = 3


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def steps_for(user: User) -> list[str]:
    """Someone who already shares a space has nobody to invite."""
    _couple, members = couples.couple_with_members(user)
    return [s for s in STEPS if not (s == "invite" and len(members) > 1)]


def _order(step: str) -> int:
    return STEPS.index(step) if step in STEPS else len(STEPS)  # DONE comes last


def _advance(user: User, *, past: str) -> str:
    """The step after `past`, or DONE. The stored progress only ever moves forward, so
    going through a step again after finishing changes nothing."""
    later = [s for s in steps_for(user) if _order(s) > _order(past)]
    following = later[0] if later else DONE
    if _order(following) > _order(user.welcome_step):
        user.welcome_step = following
        user.save(update_fields=["welcome_step"])
    return following


def _go(step: str) -> HttpResponse:
    if step == DONE:
        return redirect("home")
    return redirect("welcome_step", step=step)


@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """Resume where the person left off (from the start once it is finished)."""
    step = _user(request).welcome_step
    return _go(step if step in STEPS else START)


@login_required
@require_http_methods(["GET", "POST"])
def welcome_step(request: HttpRequest, step: str) -> HttpResponse:
    user = _user(request)
    steps = steps_for(user)
    if step not in STEPS:
        raise Http404
    if step not in steps:  # the invite step, for someone already in a shared space
        return _go(_advance(user, past=step))
    context: dict[str, Any] = {"step": step, "number": steps.index(step) + 1, "total": len(steps)}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if action == "skip_all":
            user.welcome_step = DONE
            user.save(update_fields=["welcome_step"])
            messages.info(request, _("Welcome in. Everything is here whenever you want it."))
            return redirect("home")
        if step == "focus" and action == "next":
            chosen = [k for k in request.POST.getlist("practice") if k in practices.KEYS]
            if len(chosen) > MAX_FOCUS:
                context["error"] = _("Choose up to three; you can change them any time.")
                status = 400
            else:
                try:
                    services.account_update(user=user, focus_practices=chosen)
                except ServiceError as exc:
                    context["error"], status = exc.message, exc.status
        if step == "invite" and action == "invite":
            try:
                new = couples.invitation_start(user=user)
            except ServiceError as exc:
                context["error"], status = exc.message, exc.status
            else:
                remember_invitation(request, new)
                return redirect("welcome_step", step="invite")
        if status == 200:
            following = _advance(user, past=step)
            if step == "question" and action == "answer":
                return redirect("prompts:today")
            return _go(following)
    if step == "focus":
        context["practices"] = practices.PRACTICES
        context["chosen"] = request.POST.getlist("practice") or user.focus_practices
    if step == "invite":
        context["fresh"] = fresh_invitation(request)
    if step == "hello":
        _couple, members = couples.couple_with_members(user)
        context["partner"] = next((m for m in members if m.pk != user.pk), None)
    context["action"] = reverse("welcome_step", args=[step])
    return render(request, "accounts/welcome.html", context, status=status)
