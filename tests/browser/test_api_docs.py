"""The API docs page loads from Closeknit's own static files (django-ninja ships Swagger
UI; no CDN), so it works offline, and shows the API quickly: the schema it asks for is
built once per process."""

import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP

WAIT = 30000  # ms


def test_the_api_docs_load_from_our_own_assets_with_no_other_host(chromium, live_server):
    own = urlsplit(live_server.url).netloc
    context = chromium.new_context(viewport=DESKTOP)
    foreign: list[str] = []

    def only_ours(route):  # as if offline: anything from another host fails
        if urlsplit(route.request.url).netloc != own:
            foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", only_ours)
    page = context.new_page()
    started = time.monotonic()
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=WAIT)
    first = time.monotonic() - started
    page.reload()
    started = time.monotonic()
    expect(page.locator(".opblock").first).to_be_visible(timeout=WAIT)
    again = time.monotonic() - started
    print(f"api docs: first {first:.2f}s, again {again:.2f}s")
    expect(page.get_by_text("Closeknit API").first).to_be_visible()
    assert foreign == []
    context.close()
