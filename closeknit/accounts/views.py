import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.accounts import services
from closeknit.accounts.forms import DeleteAccountForm, PracticesForm, ProfileForm, TokenForm
from closeknit.accounts.models import User
from closeknit.lib.errors import ServiceError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = ProfileForm(initial={"display_name": user.display_name, "timezone": user.timezone})
    practices_form = PracticesForm(user=user)
    if request.method == "POST":
        section = request.POST.get("section")
        try:
            if section == "profile":
                profile = ProfileForm(request.POST)
                if profile.is_valid():
                    services.account_update(
                        user=user,
                        display_name=profile.cleaned_data["display_name"],
                        tz=profile.cleaned_data["timezone"],
                    )
                    messages.success(request, _("Your profile is saved."))
                    return redirect("accounts:settings")
            elif section == "practices":
                practices_form = PracticesForm(request.POST, user=user)
                if practices_form.is_valid():
                    services.account_update(
                        user=user,
                        focus_practices=practices_form.chosen("focus"),
                        hidden_practices=practices_form.chosen("hidden"),
                    )
                    messages.success(request, _("Your practices are saved."))
                    return redirect("accounts:settings")
            else:
                messages.error(request, _("That form was not recognised; nothing was changed."))
                return redirect("accounts:settings")
        except ServiceError as exc:
            messages.error(request, exc.message)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/settings.html",
        {"profile_form": profile, "practices_form": practices_form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm()
    new_token = None
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_token = services.token_create(user=user, name=form.cleaned_data["name"])
                form = TokenForm()
            except ServiceError as exc:
                form.add_error(None, exc.message)
                status = exc.status
        else:
            status = 400
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": user.api_tokens.all(), "new_token": new_token},
        status=status,
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.token_revoke(user=_user(request), token_id=token_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:tokens")
    messages.success(request, _("The token was revoked. Anything using it is signed out."))
    return redirect("accounts:tokens")


@login_required
def export_view(request: HttpRequest) -> HttpResponse:
    data = services.account_export(user=_user(request))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="closeknit-export-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=user)
        logout(request)
        messages.success(request, _("Your account and everything you wrote are deleted."))
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
