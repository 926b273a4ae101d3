"""Issue 16 in a real browser, two partners at phone size: pages where they act in turn
follow each other's moves by themselves (app.js asks /live/), the reveal arrives as a
moment (still when motion is reduced), and a send that fails says so, keeps the words
and sends them on "Try again"."""

from playwright.sync_api import expect

from closeknit.trust.models import ClosenessSession
from conftest import PASSWORD, answer_today
from tests.browser.conftest import LIVE_WAIT, PHONE, quick_live

# Resolves once every animation on the page has run its course (wait_for_function would
# evaluate a string, which the app's CSP refuses).
SETTLED = "() => Promise.all(document.getAnimations().map((a) => a.finished)).then(() => true)"
MOVING = """(el) => { const s = getComputedStyle(el);
  return s.animationName === "none" ? "none" : s.animationName + " " + s.animationDuration; }"""


def signed_in_page(chromium, base: str, person, **options):
    context = quick_live(chromium.new_context(viewport=PHONE, **options))
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")
    return page


def answer(page, text: str) -> None:
    card = page.locator(".question-card")
    if card.locator("input[name=choice]").count():
        card.locator("input[name=choice]").first.check()
    if card.locator("input[name=scale]").count():
        card.locator("input[name=scale][value='4']").check()
    card.locator("textarea[name=text]").fill(text)
    card.get_by_role("button", name="Save my answer").click()


def wait_then_reveal(chromium, signed_in, **robin_options):
    """Robin answers and waits on today's page; Kai answers in another browser. Returns
    Robin's page once the reveal has arrived there, unreloaded."""
    base = signed_in.url
    robin = signed_in_page(chromium, base, signed_in.robin, **robin_options)
    kai = signed_in_page(chromium, base, signed_in.kai)
    robin.goto(base + "/today/")
    answer(robin, "The way you hum while cooking.")
    robin.get_by_text("Waiting for Kai").wait_for()
    robin.evaluate("window.sameDocument = true")  # gone if the page reloads

    kai.goto(base + "/today/")
    answer(kai, "Your laugh at breakfast.")
    kai.get_by_text("The way you hum while cooking.").wait_for()

    robin.get_by_text("Your laugh at breakfast.").wait_for(timeout=LIVE_WAIT)
    assert robin.evaluate("window.sameDocument === true"), "the page was reloaded"
    expect(robin.get_by_text("Waiting for Kai")).to_have_count(0)
    return robin, kai


def test_the_reveal_arrives_by_itself_with_a_gentle_highlight(chromium, signed_in, shoot):
    robin, kai = wait_then_reveal(chromium, signed_in)
    thread = robin.locator(".thread")
    expect(thread).to_have_class("thread arriving")
    answers = thread.locator(".msg.answer")
    expect(answers).to_have_count(2)
    assert answers.first.evaluate(MOVING).startswith("ck-arrive")
    # Told apart at a glance: Robin's own side sits at the end, Kai's at the start.
    mine, theirs = thread.locator(".msg.mine"), thread.locator(".msg.theirs")
    expect(mine.locator(".who")).to_have_text("You")
    expect(theirs.locator(".who")).to_have_text("Kai")
    assert mine.bounding_box()["x"] > theirs.bounding_box()["x"]
    # Screen readers hear that something arrived.
    expect(robin.locator("[role=status][aria-live=polite]").last).to_contain_text(
        "Something new arrived", timeout=LIVE_WAIT
    )
    # Kai's own reveal came with the answer; it is a moment there too.
    expect(kai.locator(".thread")).to_have_class("thread arriving")
    # A second look is not a new moment.
    robin.reload()
    expect(robin.locator(".thread")).to_have_class("thread")
    robin.evaluate(SETTLED)
    shoot(robin, "phone-60-reveal-thread-light")
    robin.context.close()
    kai.context.close()


def test_with_reduced_motion_the_reveal_does_not_move(chromium, signed_in):
    robin, kai = wait_then_reveal(chromium, signed_in, reduced_motion="reduce")
    expect(robin.locator(".thread")).to_have_class("thread arriving")
    for n in range(2):
        assert robin.locator(".msg.answer").nth(n).evaluate(MOVING) == "none"
    assert robin.evaluate("document.getAnimations().length") == 0
    robin.context.close()
    kai.context.close()


def test_a_reply_sent_offline_stays_and_goes_on_try_again(chromium, signed_in, shoot):
    answer_today(signed_in.robin, signed_in.kai)
    robin = signed_in_page(chromium, signed_in.url, signed_in.robin, color_scheme="dark")
    robin.goto(signed_in.url + "/today/")
    robin.evaluate(SETTLED)
    words = "Breakfast laughs are the best laughs."
    robin.context.set_offline(True)
    robin.get_by_label("Reply").fill(words)
    robin.get_by_role("button", name="Send").click()
    failed = robin.locator(".send-failed")
    expect(failed).to_contain_text("you seem to be offline")
    expect(failed).to_have_attribute("role", "alert")
    expect(robin.get_by_label("Reply")).to_have_value(words)
    shoot(robin, "phone-61-reply-offline-dark")

    robin.context.set_offline(False)
    robin.get_by_role("button", name="Try again").click()
    expect(robin.locator(".msg.reply.mine")).to_contain_text(words)
    expect(failed).to_have_count(0)
    expect(robin.get_by_label("Reply")).to_have_value("")
    shoot(robin, "phone-62-reply-sent-dark")
    robin.context.close()


def test_a_reply_after_being_signed_out_says_so_and_keeps_the_words(chromium, signed_in):
    answer_today(signed_in.robin, signed_in.kai)
    robin = signed_in_page(chromium, signed_in.url, signed_in.robin)
    robin.goto(signed_in.url + "/today/")
    robin.context.clear_cookies()  # the session has ended (and its CSRF cookie with it)
    words = "Still here?"
    robin.get_by_label("Reply").fill(words)
    robin.get_by_role("button", name="Send").click()
    failed = robin.locator(".send-failed")
    expect(failed).to_contain_text("You've been signed out")
    expect(failed.get_by_role("link", name="Sign in")).to_be_visible()
    expect(robin.get_by_label("Reply")).to_have_value(words)
    expect(robin.locator(".question-card")).to_be_visible()  # no login page in the card
    robin.context.close()


def test_a_closeness_turn_shows_on_the_partners_page_by_itself(chromium, signed_in, shoot):
    base = signed_in.url
    robin = signed_in_page(chromium, base, signed_in.robin)
    kai = signed_in_page(chromium, base, signed_in.kai)
    robin.goto(base + "/trust/sessions/")
    robin.get_by_label("Apart, each on our own device").check()
    robin.get_by_role("button", name="Start", exact=True).click()
    expect(robin.locator(".turn-status")).to_have_text("Your turn.")
    session = ClosenessSession.objects.get()

    kai.goto(f"{base}/trust/sessions/{session.pk}/")
    expect(kai.locator(".turn-status")).to_contain_text("Robin's turn")
    kai.evaluate("window.sameDocument = true")
    robin.get_by_label("Your answer").fill("Your voice message, singing on purpose.")
    robin.get_by_role("button", name="Share my answer").click()
    expect(kai.locator(".turn-status")).to_have_text("Your turn.", timeout=LIVE_WAIT)
    assert kai.evaluate("window.sameDocument === true")

    # And back: once Kai has answered too, Robin's page moves on to the next question.
    expect(robin.locator(".turn-status")).to_contain_text("Kai's turn")
    robin.evaluate("window.sameDocument = true")
    kai.get_by_label("Your answer").fill("The cat in our flower box.")
    kai.get_by_role("button", name="Share my answer").click()
    expect(robin.locator(".question-meta")).to_contain_text("Question 2 of 12", timeout=LIVE_WAIT)
    expect(robin.locator(".session-card")).to_contain_text("The cat in our flower box.")
    assert robin.evaluate("window.sameDocument === true")
    shoot(robin, "phone-63-closeness-live")
    robin.context.close()
    kai.context.close()


def test_the_answer_form_survives_a_partners_move_while_typing(chromium, signed_in):
    """Robin is halfway through today's answer when Kai answers: the words stay."""
    base = signed_in.url
    robin = signed_in_page(chromium, base, signed_in.robin)
    kai = signed_in_page(chromium, base, signed_in.kai)
    robin.goto(base + "/today/")
    robin.locator(".question-card textarea[name=text]").fill("Halfway through a thought")
    kai.goto(base + "/today/")
    answer(kai, "Your laugh at breakfast.")
    kai.get_by_text("Waiting for Robin").wait_for()
    expect(robin.locator(".live-banner")).to_be_visible(timeout=LIVE_WAIT)
    expect(robin.locator(".question-card textarea[name=text]")).to_have_value(
        "Halfway through a thought"
    )
    robin.get_by_role("button", name="Show it").click()
    expect(robin.get_by_text("Kai has answered. Answer to see both.")).to_be_visible()
    robin.context.close()
    kai.context.close()
