"""Closeknit's URLs plus one bare view: the floor every page is measured against.

`/bench/baseline/<pk>` runs one indexed query (a couple by primary key) and returns a few
bytes of text, through the same middleware stack as every other page.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from closeknit import urls as closeknit_urls
from closeknit.couples.models import Couple
from closeknit.urls import handler400, handler403, handler404, handler500

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def baseline(request: HttpRequest, pk: int) -> HttpResponse:
    row = Couple.objects.filter(pk=pk).values_list("pk", "home_timezone").first()
    return HttpResponse(f"{row}\n", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/<int:pk>", baseline, name="bench-baseline"),
    *closeknit_urls.urlpatterns,
]
