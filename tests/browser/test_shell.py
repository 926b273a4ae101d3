"""The phone shell, in a real browser at phone size, light and dark: the bottom bar on
every main page (and never on the lock screen or signed-out pages), home's first screen,
boosted navigation that keeps Back working, and the lock screen showing nothing of the
app. Screenshots go to test-artifacts/screenshots/shell-*."""

import pytest
from playwright.sync_api import expect

from closeknit.accounts import applock
from closeknit.nudges.services import notify
from tests.browser.conftest import PHONE

MAIN = ["/", "/today/", "/practices/", "/insights/", "/communication/", "/quality-time/",
        "/appreciation/", "/support/", "/goals/", "/growth/", "/intimacy/", "/trust/",
        "/couple/", "/settings/", "/notifications/"]  # fmt: skip
WAIT = 30000  # ms


def _bar_is_fixed_at_the_bottom(page) -> None:
    bar = page.locator("nav.bottom-bar")
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - PHONE["height"]) <= 1
    assert bar.get_by_role("link").count() == 4


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_bottom_bar_is_on_every_main_page_and_marks_where_you_are(
    chromium, signed_in, shoot, scheme
):
    context = chromium.new_context(
        storage_state=signed_in.state, viewport=PHONE, color_scheme=scheme
    )
    page = context.new_page()
    current = {"/": "Us", "/today/": "Today", "/practices/": "Practices", "/insights/": "Insights",
               "/trust/": "Practices"}  # fmt: skip
    for path in MAIN:
        page.goto(signed_in.url + path)
        _bar_is_fixed_at_the_bottom(page)
        marked = page.locator('nav.bottom-bar a[aria-current="page"]')
        if path in current:
            expect(marked).to_have_text(current[path])
        elif path in ("/couple/", "/settings/", "/notifications/"):
            expect(marked).to_have_count(0)
        # Quick exit in the same place on every page: the top right corner.
        exit_box = page.get_by_role("link", name="Quick exit").bounding_box()
        assert exit_box is not None and exit_box["y"] < 60
        assert exit_box["x"] + exit_box["width"] > PHONE["width"] - 40
        header = page.locator("header.site-header").bounding_box()
        assert header is not None and header["height"] <= 64, (path, header)
    page.goto(signed_in.url + "/practices/")
    shoot(page, f"shell-practices-{scheme}")
    page.goto(signed_in.url + "/trust/")
    shoot(page, f"shell-trust-{scheme}")
    page.goto(signed_in.url + "/")
    page.get_by_text("Menu").click()
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.screenshot(path=_path(f"shell-menu-{scheme}"))
    context.close()


def _path(name: str) -> str:
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_homes_first_screen_shows_what_waits_and_todays_question(
    chromium, signed_in, shoot, scheme
):
    context = chromium.new_context(
        storage_state=signed_in.state, viewport=PHONE, color_scheme=scheme
    )
    page = context.new_page()
    page.goto(signed_in.url + "/")
    for heading in ("Waiting for you", "Today's question"):
        box = page.get_by_role("heading", name=heading).bounding_box()
        assert box is not None and box["y"] + box["height"] < PHONE["height"] - 64, heading
    answer = page.locator(".today-teaser").get_by_role("link").bounding_box()
    assert answer is not None and answer["y"] + answer["height"] < PHONE["height"] - 64
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"home is {height}px tall on a phone ({scheme})")
    assert height <= 2.2 * PHONE["height"], height
    page.screenshot(path=_path(f"shell-home-first-screen-{scheme}"))
    shoot(page, f"shell-home-{scheme}")
    context.close()


def test_boosted_navigation_swaps_the_page_and_back_goes_back(chromium, signed_in):
    context = chromium.new_context(storage_state=signed_in.state, viewport=PHONE)
    page = context.new_page()
    page.goto(signed_in.url + "/")
    page.evaluate("window.ckSamePage = true")
    page.locator("nav.bottom-bar").get_by_role("link", name="Practices").click()
    expect(page).to_have_url(signed_in.url + "/practices/", timeout=WAIT)
    expect(page.get_by_role("heading", name="Practices", level=1)).to_be_visible(timeout=WAIT)
    assert page.evaluate("window.ckSamePage === true")  # no full page load
    expect(page).to_have_title("Practices · Closeknit")
    # A practice page with its own stylesheet and script gets them on the way in.
    page.locator(".tiles").get_by_role("link", name="Quality time").click()
    expect(page).to_have_url(signed_in.url + "/quality-time/", timeout=WAIT)
    page.wait_for_function(
        "() => !!document.querySelector('link[href*=\"dates/dates\"]')", timeout=WAIT
    )
    expect(page.locator('nav.bottom-bar a[aria-current="page"]')).to_have_text("Practices")
    page.go_back()
    expect(page).to_have_url(signed_in.url + "/practices/", timeout=WAIT)
    expect(page.get_by_role("heading", name="Practices", level=1)).to_be_visible(timeout=WAIT)
    page.go_back()
    expect(page).to_have_url(signed_in.url + "/", timeout=WAIT)
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible(timeout=WAIT)
    # Nothing of a page is kept in the browser's storage for Back (htmx's history cache).
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('htmx'))")
    assert kept == [] or page.evaluate("localStorage.getItem('htmx-history-cache')") in (
        None,
        "[]",
    )
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_lock_screen_shows_nothing_of_the_app(chromium, signed_in, scheme):
    robin = signed_in.robin
    applock.lock_set(user=robin, minutes=1, pin="2468")
    notify(user=robin, event="checkin_due", url="/checkin/", dedupe_key="shell:1")
    context = chromium.new_context(
        storage_state=signed_in.state, viewport=PHONE, color_scheme=scheme
    )
    page = context.new_page()
    page.goto(signed_in.url + "/lock/")
    expect(page.get_by_label("Your PIN or password")).to_be_visible()
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    for hidden in ("nav.bottom-bar", "details.menu", ".top-nav", ".badge", ".site-footer"):
        expect(page.locator(hidden)).to_have_count(0)
    for words in ("Settings", "Notifications", "Insights", "Practices", "Closeknit keeps"):
        expect(page.get_by_text(words)).to_have_count(0)
    page.screenshot(path=_path(f"shell-lock-{scheme}"), full_page=True)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signed_out_pages_have_no_bottom_bar_and_a_one_line_sign_up(chromium, live_server, scheme):
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    for path in ("/", "/accounts/login/", "/accounts/signup/"):
        page.goto(live_server.url + path)
        expect(page.locator("nav.bottom-bar")).to_have_count(0)
        sign_up = page.locator("header").get_by_role("link", name="Sign up")
        log_in = page.locator("header").get_by_role("link", name="Log in")
        box = sign_up.bounding_box()
        line = float(sign_up.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24"))
        assert box is not None and box["height"] < 2 * line + 20, "Sign up wraps"
        size = log_in.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 15, size
        name = path.strip("/").replace("/", "-") or "welcome"
        page.screenshot(path=_path(f"shell-signed-out-{name}-{scheme}"))
    context.close()
