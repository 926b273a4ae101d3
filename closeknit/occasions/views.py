from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.accounts.models import User
from closeknit.couples.services import couple_for
from closeknit.lib.errors import ServiceError
from closeknit.occasions import services, yearly
from closeknit.occasions.forms import OccasionForm
from closeknit.prompts.packs import packs_for
from closeknit.prompts.scheduler import day_for
from closeknit.prompts.spaces import space_for


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def occasions_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OccasionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.occasion_add(
                    user=user,
                    data=services.OccasionInput(
                        kind=data["kind"],
                        name=data["name"],
                        month=data["month"],
                        day=data["day"],
                        person_id=services.birthday_person_id(user=user, who=data["birthday_of"]),
                    ),
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Added. You'll both see it here."))
                return redirect("occasions:list")
    space = space_for(user)
    today = day_for(now=timezone.now(), tz=space.tz, starts_at=space.starts_at)
    couple = couple_for(user)
    occasions = [
        (o, yearly.next_on(month=o.month, day=o.day, after=today))
        for o in services.occasions_for(user=user)
    ]
    pack_on = any(p.when == "dates" and p.turned_on for p in packs_for(couple=couple))
    return render(
        request,
        "occasions/list.html",
        {
            "form": form,
            "couple": couple,
            "occasions": occasions,
            "today": today,
            "dated_pack_on": pack_on,
        },
        status=status,
    )


@login_required
@require_POST
def occasion_delete_view(request: HttpRequest, occasion_id: int) -> HttpResponse:
    try:
        services.occasion_delete(user=_user(request), occasion_id=occasion_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Removed, for both of you."))
    return redirect("occasions:list")
