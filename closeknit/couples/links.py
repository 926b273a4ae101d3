from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def invitation_link(request: HttpRequest, token: str) -> str:
    path = reverse("couples:join_link", args=[token])
    if settings.CLOSEKNIT_SITE_URL:
        return settings.CLOSEKNIT_SITE_URL + path
    return request.build_absolute_uri(path)
