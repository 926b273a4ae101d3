"""Two partners play a round of 'this or that' on two phones: each picks alone with big
taps, the partner's turn waits on their home, and the reveal arrives on the first one's
page by itself, side by side, with no score."""

from playwright.sync_api import expect

from closeknit.growth.library import PAIRS
from closeknit.growth.models import PairRound
from tests.browser.conftest import LIVE_WAIT, PHONE
from tests.browser.test_live import signed_in_page
from tests.browser.test_pages_a11y import serious_violations


def pick(page, choices: str) -> None:
    """Tap one side of each pair: `choices` like "abaaba" (a space skips one)."""
    options = page.locator("fieldset.pair-choice")
    expect(options).to_have_count(len(choices))
    for n, side in enumerate(choices):
        if side == " ":
            continue
        label = options.nth(n).locator("label.pair-option").nth(0 if side == "a" else 1)
        box = label.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 120, box
        label.click()
    page.get_by_role("button", name="These are my picks").click()


def test_two_partners_play_a_round_and_see_the_reveal(chromium, signed_in, shoot):
    PAIRS.load()
    base = signed_in.url
    robin = signed_in_page(chromium, base, signed_in.robin, bypass_csp=True)
    kai = signed_in_page(chromium, base, signed_in.kai, bypass_csp=True)

    robin.goto(base + "/growth/")
    robin.get_by_role("link", name="Play").click()
    assert serious_violations(robin) == []
    robin.get_by_role("button", name="Start a round").click()
    robin.locator("fieldset.pair-choice").first.wait_for()
    assert serious_violations(robin) == []
    shoot(robin, "this-or-that-pick-phone")
    pick(robin, "aaaaab")
    expect(robin.locator(".pair-round .waiting")).to_contain_text(
        "Your picks are in", timeout=LIVE_WAIT
    )
    robin.evaluate("window.sameDocument = true")  # gone if the page reloads

    # Kai's home says it's their turn; Kai picks from there, differently on the first two.
    kai.goto(base + "/")
    waiting = kai.locator("#waiting")
    expect(waiting).to_contain_text("Your turn in this or that with Robin", timeout=LIVE_WAIT)
    waiting.get_by_role("link", name="Take your turn").click()
    pick(kai, "bbaa a")
    reveal = kai.locator(".pair-reveal")
    expect(reveal).to_be_visible(timeout=LIVE_WAIT)
    expect(kai.locator(".is-same")).to_have_count(2)
    expect(kai.locator(".is-split")).to_have_count(3)
    expect(reveal).to_contain_text("You skipped this one.")
    assert serious_violations(kai) == []
    shoot(kai, "this-or-that-reveal-phone")

    # Robin's page turns into the reveal by itself, unreloaded, with both names on it.
    expect(robin.locator(".pair-reveal")).to_be_visible(timeout=LIVE_WAIT)
    assert robin.evaluate("window.sameDocument === true"), "the page was reloaded"
    expect(robin.locator(".is-same .chip-them").first).to_have_text("Kai")
    text = robin.locator(".pair-round").inner_text().lower()
    assert "score" not in text and "compatib" not in text and "out of" not in text
    shoot(robin, "this-or-that-reveal-robin-phone")
    assert robin.viewport_size == PHONE
    assert PairRound.objects.get().revealed_at is not None


def test_the_reveal_reads_well_in_dark_mode(chromium, signed_in, shoot):
    from closeknit.growth import pairs

    PAIRS.load()
    r = pairs.pair_round_start(user=signed_in.robin)
    pairs.picks_save(user=signed_in.robin, round_id=r.pk, picks={1: "a", 2: "b", 3: "a"})
    pairs.picks_save(user=signed_in.kai, round_id=r.pk, picks={1: "a", 2: "a", 4: "b"})
    robin = signed_in_page(
        chromium, signed_in.url, signed_in.robin, color_scheme="dark", bypass_csp=True
    )
    robin.goto(f"{signed_in.url}/growth/pairs/{r.pk}/")
    expect(robin.locator(".pair-reveal")).to_be_visible()
    assert serious_violations(robin) == []
    shoot(robin, "this-or-that-reveal-phone-dark")
