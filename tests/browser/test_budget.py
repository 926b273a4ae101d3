"""Each main page, opened by a signed-in partner in a fresh browser (empty cache), loads
less than 100 KB of CSS and JavaScript in all and asks nothing of any other host."""

from urllib.parse import urlsplit

from tests.browser.conftest import PHONE

BUDGET = 100 * 1024  # bytes of CSS + JS per page, uncompressed response bodies
PAGES = [
    "/", "/today/", "/questions/", "/insights/", "/checkin/", "/couple/", "/notifications/",
    "/notifications/settings/", "/settings/", "/settings/security/", "/communication/",
    "/quality-time/", "/quality-time/ideas/", "/appreciation/", "/support/", "/goals/",
    "/growth/", "/intimacy/", "/trust/", "/safety/",
]  # fmt: skip
LOCAL_SCHEMES = {"data", "blob", "about"}


def test_main_pages_stay_within_the_css_and_js_budget_and_on_our_host(chromium, signed_in):
    own = urlsplit(signed_in.url).netloc
    measured, foreign = {}, {}
    for path in PAGES:
        # A new context per page: nothing cached, no service worker installed yet.
        context = chromium.new_context(storage_state=signed_in.state, viewport=PHONE)
        requested: list[str] = []
        assets: list = []
        context.on("request", lambda r, seen=requested: seen.append(r))  # page and service worker
        page = context.new_page()
        page.on(
            "response",
            lambda r, assets=assets: (
                assets.append(r) if r.request.resource_type in ("stylesheet", "script") else None
            ),
        )
        response = page.goto(signed_in.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        css = sum(len(r.body()) for r in assets if r.request.resource_type == "stylesheet")
        js = sum(len(r.body()) for r in assets if r.request.resource_type == "script")
        measured[path] = (css, js)
        print(f"budget {path}: css {css} B + js {js} B = {css + js} B ({len(assets)} files)")
        away = {
            r.url
            for r in requested
            if urlsplit(r.url).scheme not in LOCAL_SCHEMES and urlsplit(r.url).netloc != own
        }
        if away:
            foreign[path] = sorted(away)
        context.close()
    over = {path: css + js for path, (css, js) in measured.items() if css + js >= BUDGET}
    assert over == {}, f"over the {BUDGET} B CSS+JS budget: {over}"
    assert foreign == {}, f"requests to other hosts: {foreign}"
