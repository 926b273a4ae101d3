from django.http import HttpRequest

from closeknit.accounts.models import User


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def page_or_partial(request: HttpRequest, page: str, partial: str) -> str:
    """The whole page, or only `partial` of it for an htmx request."""
    return f"{page}#{partial}" if is_htmx(request) else page
