"""Dates and times written one way everywhere, in the person's language and locale.

The language is Django's active one; the region comes from the browser's first
Accept-Language entry in that language (so "en-GB" reads "5 Mar 2026" and "en-US"
"Mar 5, 2026"), kept for the request by `LocaleMiddleware` below. The patterns are
CLDR's, through Babel, so a new translation brings its own way of writing dates without
anyone writing format strings. Times are shown in the person's own time zone (Django's
current one, set by closeknit.accounts.middleware.TimezoneMiddleware).

Shapes: `day` (5 Mar 2026), `day_short` (5 Mar), `weekday` (Thursday), `moment`
(Thu, 5 Mar 2026, 15:00), `moment_short` (Thu 5 Mar, 15:00), `clock` (15:00).
"""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

_region: ContextVar[str] = ContextVar("closeknit_region", default="")


@lru_cache(maxsize=64)
def _locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def current_locale() -> Locale:
    language = (translation.get_language() or "en").lower()
    region = _region.get()
    if region and region.split("-")[0] == language.split("-")[0]:
        return _locale(region)
    return _locale(language)


def region_from(accept_language: str) -> str:
    """The first language-region tag the browser asks for, like "en-gb" (or "")."""
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()
        if "-" in tag and len(tag) <= 16:
            return tag
        if tag:
            return ""  # the person's first choice names no region: don't guess one
    return ""


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: date | datetime) -> str:
    return babel_dates.format_date(_local(value), "medium", locale=current_locale())


def day_short(value: date | datetime) -> str:
    return babel_dates.format_skeleton("MMMd", _local(value), locale=current_locale())


def weekday(value: date | datetime) -> str:
    return babel_dates.format_date(_local(value), "EEEE", locale=current_locale())


def clock(value: datetime) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return babel_dates.format_time(local, "short", locale=current_locale())


def _join(date_text: str, time_text: str) -> str:
    pattern = babel_dates.get_datetime_format("medium", locale=current_locale())
    return str(pattern).replace("'", "").format(time_text, date_text)


def moment(value: datetime) -> str:
    local = _local(value)
    locale = current_locale()
    return _join(babel_dates.format_skeleton("yMMMEd", local, locale=locale), clock(value))


def moment_short(value: datetime) -> str:
    local = _local(value)
    locale = current_locale()
    return _join(babel_dates.format_skeleton("MMMEd", local, locale=locale), clock(value))


class LocaleMiddleware:
    """Remember the browser's region for this request (after Django's LocaleMiddleware
    chose the language), so dates follow "en-GB" or "en-US" within English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _region.set(region_from(request.headers.get("Accept-Language", "")))
        try:
            return self.get_response(request)
        finally:
            _region.reset(token)
