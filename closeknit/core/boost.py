"""Boosted navigation asks for whole pages.

hx-boost on the navigation (templates/base.html) turns a link into an htmx request, which
carries `HX-Request: true` like every htmx request. Views use that header to answer with a
partial (the card a form swaps), but a boosted link wants the whole page, whose body htmx
swaps in. So for boosted requests the partial-asking headers are taken away before any
view (or the kept-page key) sees them: the answer is exactly the page a plain visit gets.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PARTIAL_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER", "HTTP_HX_TRIGGER_NAME")


class BoostedIsAPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("HTTP_HX_BOOSTED") == "true":
            for name in PARTIAL_HEADERS:
                request.META.pop(name, None)
        return self.get_response(request)
