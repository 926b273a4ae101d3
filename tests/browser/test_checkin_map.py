"""Two partners do the connection check-in in two browsers: the first sees that the map
waits for the partner, and once the second has checked in, the couple map on /insights/
shows both sides to both of them."""

from playwright.sync_api import expect

from closeknit.checkins import items
from closeknit.checkins.models import Checkin, CheckinPeriod
from conftest import pair_up
from tests.browser.conftest import PHONE

PASSWORD = "a-long-enough-pass-phrase"

# Every statement rated the same, so each practice scores ((r + r - 2) / 12) * 100.
ROBIN_RATING, ROBIN_SCORE = 6, "83"
KAI_RATING, KAI_SCORE = 4, "50"
ROBIN_PICTURE = "6/7 · Two circles overlapping mostly"
KAI_PICTURE = "3/7 · Two circles overlapping a little"


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Hello", exact=False).wait_for()


def check_in(page, base: str, rating: int, closeness: int, note: str) -> None:
    """One step at a time: each practice's statements, Next, then the picture and note."""
    page.goto(base + "/checkin/")
    step = page.locator("#checkin-step")
    total = len({item.practice for item in items.ITEMS}) + 1
    for number in range(1, total):
        expect(step.locator("#step-count")).to_have_text(f"{number} of {total}")
        for item in items.ITEMS:
            statement = step.get_by_role("group", name=str(item.text), exact=True)
            if statement.count():
                statement.get_by_label(str(rating), exact=True).check()
        step.get_by_role("button", name="Next").click()
    expect(step.locator("#step-count")).to_have_text(f"{total} of {total}")
    level = items.CLOSENESS_BY_VALUE[closeness]
    step.get_by_label(f"{closeness}. {level.label}", exact=True).check()
    step.get_by_label("A note just for you (optional)").fill(note)
    step.get_by_role("button", name="Save my check-in").click()


def map_section(page):
    return page.get_by_role("region", name="Your couple map")


def assert_map_row(page, practice: str, cells: list[str]) -> None:
    section = map_section(page)
    section.get_by_text("Show as a table").click()
    row = section.get_by_role("row").filter(has=page.get_by_role("rowheader", name=practice))
    expect(row.get_by_role("cell")).to_have_text(cells)


def test_checkin_waits_then_map_shows_both(live_server, chromium, shoot, make_person):
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    base = live_server.url
    robin_ctx = chromium.new_context(viewport=PHONE)
    kai_ctx = chromium.new_context(viewport=PHONE)
    robin_page, kai_page = robin_ctx.new_page(), kai_ctx.new_page()
    log_in(robin_page, base, robin.email)
    log_in(kai_page, base, kai.email)

    # Robin checks in first: private, and the map waits for Kai.
    check_in(robin_page, base, ROBIN_RATING, closeness=6, note="Robin's private note.")
    robin_page.get_by_text("Saved. Only you can see it for now.").wait_for()
    robin_page.get_by_text(
        "Private for now. Once Kai checks in for this fortnight, you'll both see both."
    ).wait_for()
    shoot(robin_page, "phone-20-checkin-saved-private")
    robin_page.goto(base + "/insights/")
    expect(map_section(robin_page)).to_contain_text(
        "Only your side for now. Kai's side joins once you've both checked in"
    )
    expect(map_section(robin_page)).to_contain_text(f"Your closeness: {ROBIN_PICTURE}")
    expect(map_section(robin_page)).not_to_contain_text(f"Kai: {KAI_PICTURE}")
    shoot(robin_page, "phone-21-map-waiting-for-partner")
    period = CheckinPeriod.objects.get()
    assert period.revealed_at is None

    # Kai is told Robin has checked in, without seeing any of Robin's answers.
    kai_page.goto(base + "/checkin/")
    kai_page.get_by_text("Robin has checked in. Check in to see both.").wait_for()
    assert ROBIN_PICTURE not in kai_page.content()
    shoot(kai_page, "phone-22-partner-checked-in")

    check_in(kai_page, base, KAI_RATING, closeness=3, note="Kai's private note.")
    kai_page.get_by_text("You've both checked in. Here's your map, side by side.").wait_for()
    expect(kai_page.locator(".closeness-pair")).to_contain_text(f"Robin: {ROBIN_PICTURE}")
    expect(kai_page.get_by_text("Kai's private note.")).to_be_visible()
    assert "Robin's private note." not in kai_page.content()
    shoot(kai_page, "phone-23-revealed-side-by-side")
    period.refresh_from_db()
    assert period.revealed_at is not None
    assert Checkin.objects.filter(period=period).count() == 2

    # The couple map shows both partners, to both of them.
    kai_page.get_by_role("link", name="Open your couple map").click()
    kai_page.get_by_role("heading", name="Insights").wait_for()
    expect(map_section(kai_page)).to_contain_text(f"Your closeness: {KAI_PICTURE}")
    expect(map_section(kai_page)).to_contain_text(f"Robin: {ROBIN_PICTURE}")
    expect(map_section(kai_page)).not_to_contain_text("Only your side for now")
    assert_map_row(kai_page, "Communication", [KAI_SCORE, ROBIN_SCORE, "33"])
    shoot(kai_page, "phone-24-couple-map-kai")

    robin_page.goto(base + "/insights/")
    expect(map_section(robin_page)).to_contain_text(f"Your closeness: {ROBIN_PICTURE}")
    expect(map_section(robin_page)).to_contain_text(f"Kai: {KAI_PICTURE}")
    expect(map_section(robin_page)).not_to_contain_text("Only your side for now")
    assert_map_row(robin_page, "Trust", [ROBIN_SCORE, KAI_SCORE, "33"])
    shoot(robin_page, "phone-25-couple-map-robin")
    robin_ctx.close()
    kai_ctx.close()
