"""Issue 16's loop on two phones: what Kai does shows on Robin's home, under "Waiting
for you", without a reload; opening it closes it; "Not now" closes it too."""

from playwright.sync_api import expect

from closeknit.prompts import services as daily
from tests.browser.conftest import LIVE_WAIT, PHONE
from tests.browser.test_live import answer, signed_in_page


def test_home_shows_what_the_partner_did_as_it_happens(chromium, signed_in, shoot):
    base = signed_in.url
    robin = signed_in_page(chromium, base, signed_in.robin)
    kai = signed_in_page(chromium, base, signed_in.kai)
    waiting = robin.locator("#waiting")
    expect(waiting).to_contain_text("Today's question, whenever you like")
    robin.evaluate("window.sameDocument = true")  # gone if the page reloads

    # Kai answers first: Robin's home says so, by name, and whose turn it is.
    kai.goto(base + "/today/")
    answer(kai, "Slow Sunday mornings.")
    expect(waiting).to_contain_text("Kai answered: answer to see both", timeout=LIVE_WAIT)
    expect(waiting).not_to_contain_text("whenever you like")
    assert robin.evaluate("window.sameDocument === true"), "home was reloaded"
    shoot(robin, "partner-loop-home-phone")

    # Robin answers from home's link: the turn closes.
    waiting.get_by_role("link", name="Answer").click()
    answer(robin, "Our walk by the river.")
    robin.get_by_text("Slow Sunday mornings.").wait_for(timeout=LIVE_WAIT)

    # Kai replies twice: grouped into one line on Robin's home, which is still open.
    robin.goto(base + "/")
    robin.evaluate("window.sameDocument = true")
    question = daily.question_today(user=signed_in.kai)
    for words in ("That walk!", "Let's go again"):
        kai.goto(f"{base}/questions/{question.pk}/")
        kai.get_by_label("Reply").fill(words)
        kai.get_by_role("button", name="Send", exact=True).click()
        kai.get_by_text(words).wait_for(timeout=LIVE_WAIT)
    expect(waiting).to_contain_text("Kai replied 2 times", timeout=LIVE_WAIT)
    assert robin.evaluate("window.sameDocument === true"), "home was reloaded"

    # Opening it reads it: gone from home and not "new" in notifications.
    waiting.get_by_role("link", name="Read it").click()
    robin.get_by_text("Let's go again").wait_for()
    robin.goto(base + "/")
    expect(waiting).not_to_contain_text("Kai replied")
    robin.goto(base + "/notifications/")
    expect(robin.locator(".notification-list")).to_contain_text("Kai replied 2 times")
    expect(robin.locator(".notification-list .unread")).to_have_count(0)


def test_not_now_closes_a_waiting_line_in_dark_mode(chromium, signed_in, shoot):
    from closeknit.couples.services import couple_for
    from closeknit.nudges import waiting as items

    couple = couple_for(signed_in.kai)
    items.invite(actor=signed_in.kai, couple=couple, kind="note", ref="notes", url="/appreciation/")
    robin = signed_in_page(chromium, signed_in.url, signed_in.robin, color_scheme="dark")
    line = robin.locator("#waiting .waiting-item[data-kind=note]")
    expect(line).to_contain_text("Kai sent you a note")
    shoot(robin, "partner-loop-home-phone-dark")
    line.get_by_role("button", name="Not now").click()
    expect(robin.locator("#waiting")).not_to_contain_text("Kai sent you a note")
    assert robin.viewport_size == PHONE
