"""The web side of a way back in (closeknit.nudges.wayback): home's button, and the
link's one light question, which works signed out until the answer is saved."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.accounts.models import User
from closeknit.lib.errors import Gone, Invalid, NotFound, ServiceError
from closeknit.nudges import wayback

# The words someone wrote before signing in: {"token": ..., "text": ...}, in their
# session only, until they save or write another.
HELD = "way_back_held"


@login_required
@require_POST
def send(request: HttpRequest) -> HttpResponse:
    try:
        wayback.way_back_send(user=request.user)  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.info(request, exc.message)
    else:
        # The same words whatever the partner's settings: what they chose is theirs.
        messages.success(request, _("Sent. It's theirs to pick up whenever they're ready."))
    return redirect(reverse("home") + "#way-back")


def _link_gone(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    heading = (
        _("This link has had its time") if isinstance(exc, Gone) else _("This link doesn't work")
    )
    context = {"heading": heading, "message": exc.message}
    return render(request, "nudges/way_back_gone.html", context, status=exc.status)


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, token: str) -> HttpResponse:
    """The one light question. Anyone with the link sees the question (library words,
    nothing anyone wrote); only the person it was sent to can save an answer, and
    signed in as anyone else the page does not exist."""
    try:
        invitation = wayback.invitation_read(token)
    except (Gone, Invalid) as exc:
        return _link_gone(request, exc)
    user: User | None = request.user if request.user.is_authenticated else None  # type: ignore[assignment]
    if user is not None and user.pk != invitation.recipient_id:
        raise Http404
    held = request.session.get(HELD) or {}
    text = held.get("text", "") if held.get("token") == token else ""
    error = ""
    if request.method == "POST":
        text = request.POST.get("text", "")[: wayback.MAX_ANSWER * 2]
        if user is None:
            if text.strip():
                # Keep the words through signing in; the page shows them again, ready to
                # save with one tap.
                request.session[HELD] = {"token": token, "text": text}
                login = reverse("account_login") + "?" + urlencode({"next": request.path})
                messages.info(request, _("Sign in to keep your answer. Your words will wait."))
                return redirect(login)
            error = _("Write a few words first, as few as you like.")
        else:
            try:
                entry = wayback.way_back_save(user=user, token=token, text=text)
            except (Invalid, NotFound) as exc:
                error = exc.message
            else:
                request.session.pop(HELD, None)
                messages.success(
                    request, _("Saved in your journal. Only you can see it unless you share it.")
                )
                return redirect("trust:journal_entry", entry_id=entry.pk)
    context = {
        "question": invitation.question,
        "text": text,
        "error": error,
        "max_length": wayback.MAX_ANSWER,
    }
    return render(request, "nudges/way_back.html", context, status=400 if error else 200)
