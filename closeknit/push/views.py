from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from closeknit.lib.errors import NotFound
from closeknit.push import services


@login_required
@require_POST
def remove(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """Remove one of my devices: a plain form, so it works without JavaScript."""
    try:
        services.subscription_delete(user=request.user, subscription_id=subscription_id)  # type: ignore[arg-type]
    except NotFound:
        raise Http404 from None
    messages.success(request, _("That device gets no more pushes from Closeknit."))
    return redirect("nudges:preferences")
