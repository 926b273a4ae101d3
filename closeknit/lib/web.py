"""Reading query parameters in the web views, the same way everywhere."""

from django.http import HttpRequest

# The API's pagination accepts the same range (`Field(1, ge=1, le=10000)`).
MAX_PAGE = 10_000


def page_number(request: HttpRequest) -> int:
    """`?page=` as a page from 1 to MAX_PAGE; anything else means page 1. The ceiling
    matters: a huge number would overflow the database's OFFSET (a 500, not a page)."""
    try:
        return max(1, min(int(request.GET.get("page", "1")), MAX_PAGE))
    except ValueError:
        return 1
