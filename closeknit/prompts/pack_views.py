"""The page where a couple turns content packs on and off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from closeknit.accounts.models import User
from closeknit.couples.services import couple_for
from closeknit.lib.errors import ServiceError
from closeknit.prompts import packs


@login_required
@require_http_methods(["GET", "POST"])
def packs_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    couple = couple_for(user)
    error, status = None, 200
    if request.method == "POST":
        try:
            packs.packs_set(user=user, couple=couple, turned_on=request.POST.getlist("pack"))
        except ServiceError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, _("Saved. Your partner sees the same choice."))
            return redirect("prompts:packs")
    return render(
        request,
        "prompts/packs.html",
        {"packs": packs.packs_for(couple=couple), "couple": couple, "error": error},
        status=status,
    )
