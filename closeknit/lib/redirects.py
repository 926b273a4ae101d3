"""One check for every "back to where you were" redirect (a `next` field or parameter).

A `next` value comes from the person's browser, so anyone can put anything in it: a link
to another site (an open redirect that borrows our name for phishing), a value Django's
`redirect()` would try as a view name (`next=abc` was a 500, `next=home` went to `/`), or
bytes a browser reads differently than we do (`/\\evil.example` is `//evil.example` to a
browser). Only a path on this site passes; anything else gives the caller's fallback.

    return redirect(safe_next(request, reverse("home")))
"""

import unicodedata
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

FIELD = "next"
MAX_LENGTH = 2000  # longer than any address of ours; browsers and proxies cut near here


def is_safe_path(value: str, *, host: str, secure: bool = False) -> bool:
    """True when `value` is a path on this site: "/" then not another "/" or "\\", no
    scheme or host, no backslash, whitespace or control character anywhere."""
    if not value or len(value) > MAX_LENGTH or not value.startswith("/"):
        return False
    if value.startswith(("//", "/\\")) or "\\" in value:
        return False
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value):
        return False  # control, format (e.g. right-to-left marks), unassigned, surrogate
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return False
    return url_has_allowed_host_and_scheme(value, allowed_hosts={host}, require_https=secure)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The request's `next` (POST first, then the query string) when it is a path on this
    site, else `fallback` (a URL, e.g. from `reverse()`; never a view name)."""
    value = request.POST.get(FIELD) or request.GET.get(FIELD) or ""
    if is_safe_path(value, host=request.get_host(), secure=request.is_secure()):
        return value
    return fallback
