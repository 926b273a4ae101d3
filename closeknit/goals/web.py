"""Small helpers the goals and growth web views share."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.lib.errors import Invalid, ServiceError


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def date_or_none(raw: str | None) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        parsed = parse_date(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        raise Invalid(_("Use a date like 2030-06-21."), code="bad_date")
    return parsed


def attempt(call: Callable[[], Any]) -> ServiceError | None:
    """Run a service call; a 404 becomes the page's 404, other errors are returned to show."""
    try:
        call()
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        return exc
    return None
