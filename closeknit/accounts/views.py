import json

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.accounts import applock, export_html, services
from closeknit.accounts.forms import (
    AppLockForm,
    DeleteAccountForm,
    PracticesForm,
    ProfileForm,
    TokenForm,
    UnlockForm,
)
from closeknit.accounts.models import User
from closeknit.lib import ratelimit
from closeknit.lib.errors import ServiceError
from closeknit.lib.redirects import safe_next


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
def export_html_view(request: HttpRequest) -> HttpResponse:
    """The same export as a page to read or print, downloaded as a file to keep."""
    data = services.account_export(user=_user(request))
    response = render(
        request,
        "accounts/export.html",
        {"body": export_html.render(data), "exported_at": data["exported_at"]},
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="closeknit-export-{stamp}.html"'
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


@login_required
@require_http_methods(["GET", "POST"])
def security_view(request: HttpRequest) -> HttpResponse:
    """Sessions, sign-ins, tokens, two-step login, the app lock and a neutral name."""
    user = _user(request)
    lock_form = AppLockForm(initial={"minutes": user.lock_after_minutes})
    status = 200
    if request.method == "POST":
        if request.POST.get("section") == "neutral":
            user.neutral_name = request.POST.get("neutral_name") == "1"
            user.save(update_fields=["neutral_name"])
            messages.success(request, _("Saved."))
            return redirect("accounts:security")
        lock_form = AppLockForm(request.POST)
        if lock_form.is_valid():
            try:
                applock.lock_set(
                    user=user,
                    minutes=lock_form.cleaned_data["minutes"],
                    pin=lock_form.cleaned_data["pin"],
                )
            except ServiceError as exc:
                lock_form.add_error("pin", exc.message)
            else:
                applock.unlock(request)
                messages.success(request, _("Your app lock is saved."))
                return redirect("accounts:security")
        status = 400
    sessions = UserSession.objects.filter(user=user).order_by("-created_at")[:20]
    return render(
        request,
        "accounts/security.html",
        {
            "lock_form": lock_form,
            "sessions": sessions,
            "current_key": request.session.session_key,
            "mfa_on": Authenticator.objects.filter(user=user).exists(),
            "tokens": user.api_tokens.all()[:20],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lock_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    next_url = safe_next(request, reverse("home"))
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(scope="unlock", key=str(user.pk), limit=5, period_seconds=300):
            logout(request)
            messages.info(request, _("Too many tries. Please log in again."))
            return redirect("account_login")
        if applock.unlock_matches(user=user, secret=form.cleaned_data["secret"]):
            applock.unlock(request)
            return redirect(next_url)
        form.add_error("secret", _("That isn't right. Try again."))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/lock.html", {"form": form, "next": next_url}, status=status)
