"""Two partners answer today's question in two browsers: the first waits, the second's
answer reveals both, and the first sees it without reloading (app.js asks /live/)."""

from closeknit.prompts.content import load_library
from conftest import pair_up
from tests.browser.conftest import LIVE_WAIT, PHONE, quick_live

PASSWORD = "a-long-enough-pass-phrase"


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Hello", exact=False).wait_for()


def answer(page, text: str) -> None:
    card = page.locator(".question-card")
    if card.locator("input[name=choice]").count():
        card.locator("input[name=choice]").first.check()
    if card.locator("input[name=scale]").count():
        card.locator("input[name=scale][value='4']").check()
    card.locator("textarea[name=text]").fill(text)
    card.get_by_role("button", name="Save my answer").click()


def test_answer_wait_and_reveal(live_server, chromium, shoot, make_person, settings):
    load_library()
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    base = live_server.url
    robin_page = quick_live(chromium.new_context(viewport=PHONE)).new_page()
    kai_page = quick_live(chromium.new_context(viewport=PHONE)).new_page()
    log_in(robin_page, base, robin.email)
    log_in(kai_page, base, kai.email)

    robin_page.locator("#waiting").get_by_role("link", name="Answer").click()
    shoot(robin_page, "phone-10-today")
    answer(robin_page, "The way you hum while cooking.")
    robin_page.get_by_text("Waiting for Kai").wait_for()
    shoot(robin_page, "phone-11-waiting")

    kai_page.goto(base + "/today/")
    kai_page.get_by_text("Robin has answered. Answer to see both.").wait_for()
    assert "hum while cooking" not in kai_page.content()
    answer(kai_page, "Your laugh at breakfast.")
    kai_page.get_by_text("The way you hum while cooking.").wait_for()
    shoot(kai_page, "phone-12-revealed")

    robin_page.get_by_text("Your laugh at breakfast.").wait_for(timeout=LIVE_WAIT)
    shoot(robin_page, "phone-13-revealed-by-polling")
    robin_page.get_by_role("button", name="Love this").click()
    # The reaction is saved once Robin's card shows it chosen; only then look at Kai's.
    robin_page.locator("button.reaction.chosen", has_text="Love this").wait_for()
    kai_page.reload()
    kai_page.locator(".reaction-received", has_text="Love this").wait_for()
