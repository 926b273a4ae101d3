from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from closeknit.accounts.models import User
from closeknit.lib.redirects import safe_next
from closeknit.safety import resources, services
from closeknit.safety.forms import SafetyCheckForm


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def index(request: HttpRequest) -> HttpResponse:
    """What the check is, device safety, quick exit and its limits. Open to anyone."""
    country = ""
    if request.user.is_authenticated:
        found = services.latest(_user(request))
        country = found.country if found else ""
    return render(request, "safety/index.html", {"resources": resources.for_country(country)})


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, "")
    form = SafetyCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.check_record(
            user=_user(request), answers=form.answers(), country=form.cleaned_data["country"]
        )
        if result.concern:
            return redirect("safety:support")
        return redirect(next_url or reverse("home"))
    status = 400 if request.method == "POST" else 200
    return render(request, "safety/check.html", {"form": form, "next": next_url}, status=status)


@login_required
def support(request: HttpRequest) -> HttpResponse:
    found = services.latest(_user(request))
    return render(
        request,
        "safety/support.html",
        {"resources": resources.for_country(found.country if found else "")},
    )
