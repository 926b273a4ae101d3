"""The main daily flow with the keyboard alone: log in, reach today's question, answer
it, and see the waiting state. Focus is always visible."""

from closeknit.prompts.content import load_library
from closeknit.prompts.models import Answer
from conftest import pair_up
from tests.browser.conftest import DESKTOP

PASSWORD = "a-long-enough-pass-phrase"


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {selector}"
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_the_daily_flow_by_keyboard_alone(live_server, chromium, make_person):
    load_library()
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + "/accounts/login/")

    tab_to(page, "input[name=login]")
    page.keyboard.type(robin.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Hello, Robin").wait_for()

    tab_to(page, "a[href='/today/']")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Today's question").wait_for()
    # The page changed in place (hx-boost): reading starts at the main content once it
    # settles, which a loaded machine may take a while to do.
    page.locator("#main:focus").wait_for(state="attached")

    if page.locator("input[name=choice]").count():
        tab_to(page, "input[name=choice]")
        page.keyboard.press("Space")
    if page.locator("input[name=scale]").count():
        tab_to(page, "input[name=scale]")
        page.keyboard.press("Space")
    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, "form.answer-form button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Waiting for Kai").wait_for()
    assert Answer.objects.get(user=robin).text == "Typed without a mouse."
