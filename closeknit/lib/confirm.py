"""Ask before a destructive action: one rule for every page.

A form that ends, deletes or calls something off carries `data-confirm` (and includes
"includes/confirm_assets.html"): with JavaScript, a small dialog asks first and, on yes,
adds `confirm=yes` to the form. Without it, or when the dialog never ran, the view asks
here instead: `ask_first` answers the first POST with a page that says what will happen,
and only a second POST with `confirm=yes` goes ahead. Cancelling changes nothing.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "yes"


def ask_first(
    request: HttpRequest, *, question: str, yes: str, back_url: str, detail: str = ""
) -> HttpResponse | None:
    """None when the person already said yes; otherwise the page that asks them."""
    if confirmed(request):
        return None
    # The fields of the first POST go along with the yes, so nothing typed is lost.
    carried = [
        (key, value)
        for key in request.POST
        if key not in {CONFIRM_FIELD, "csrfmiddlewaretoken"}
        for value in request.POST.getlist(key)
    ]
    context = {
        "question": question,
        "yes": yes,
        "detail": detail,
        "back_url": back_url,
        "action": request.get_full_path(),
        "carried": carried,
    }
    if request.headers.get("HX-Request") == "true":
        # An htmx form whose dialog did not run: show the question in place of the page.
        response = render(request, "includes/confirm_page.html#panel", context)
        response["HX-Retarget"] = "#main"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "includes/confirm_page.html", context)
