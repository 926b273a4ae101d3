"""Long forms one step at a time, on a phone in light and dark: the check-in (next,
back, resume after reload, keyboard only), the yes / maybe / no list one card at a time
(tap, keys, swipe, resume), and date ideas with the first idea on the first screen."""

import re

import pytest
from playwright.sync_api import expect

from closeknit.checkins.models import Checkin, CheckinDraft
from closeknit.intimacy.library import LIST_ITEMS
from tests.browser.conftest import PHONE

WAIT = 30000  # ms, for a loaded machine


def phone(chromium, signed_in, scheme: str):
    context = chromium.new_context(
        viewport=PHONE, color_scheme=scheme, storage_state=signed_in.state
    )
    return context, context.new_page()


def rate(page, name: str, value: int) -> None:
    page.locator(f'input[name="{name}"][value="{value}"]').check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_in_one_step_at_a_time(chromium, signed_in, shoot, scheme):
    context, page = phone(chromium, signed_in, scheme)
    base = signed_in.url
    page.goto(base + "/checkin/")
    step = page.locator("#checkin-step")
    expect(step.locator("#step-count")).to_have_text("1 of 9")
    expect(page.get_by_text("About two minutes")).to_have_count(0)
    # The whole first step, actions included, fits on the phone's first screen.
    shoot(page, f"phone-17-checkin-step-1-{scheme}")
    # The step's statements come first on the page: the first one is on the first screen.
    box = step.locator("fieldset.rating").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    rate(page, "communication_1", 5)
    rate(page, "communication_2", 6)
    step.get_by_role("button", name="Next").click()
    expect(step.locator("#step-count")).to_have_text("2 of 9", timeout=WAIT)
    expect(page).to_have_url(re.compile(r"/checkin/\?step=2$"))
    # Back keeps what was chosen.
    step.get_by_role("button", name="Back").click()
    expect(step.locator("#step-count")).to_have_text("1 of 9", timeout=WAIT)
    expect(page.locator('input[name="communication_2"][value="6"]')).to_be_checked()
    step.get_by_role("button", name="Next").click()
    expect(step.locator("#step-count")).to_have_text("2 of 9", timeout=WAIT)
    rate(page, "quality_time_1", 3)

    # Keyboard only: arrows choose within a statement, Tab moves on, Enter goes next.
    page.locator('input[name="quality_time_1"][value="3"]').focus()
    page.keyboard.press("ArrowRight")  # 4
    page.keyboard.press("Tab")  # into the second statement
    page.keyboard.press("Space")  # 1
    page.keyboard.press("ArrowRight")  # 2
    expect(page.locator('input[name="quality_time_2"][value="2"]')).to_be_checked()
    page.keyboard.press("Enter")
    expect(step.locator("#step-count")).to_have_text("3 of 9", timeout=WAIT)
    expect(page.locator("#step-heading")).to_be_focused()
    shoot(page, f"phone-18-checkin-step-3-keyboard-{scheme}")

    # Stop here; a reload (or coming back tomorrow) resumes at step 3.
    page.goto(base + "/checkin/")
    expect(step.locator("#step-count")).to_have_text("3 of 9", timeout=WAIT)
    draft = CheckinDraft.objects.get(user=signed_in.robin)
    assert draft.answers["quality_time_1"] == 4 and draft.answers["quality_time_2"] == 2
    for number in range(3, 9):
        for statement in step.locator("fieldset.rating").all():
            statement.locator('input[value="5"]').check()
        step.get_by_role("button", name="Next").click()
        expect(step.locator("#step-count")).to_have_text(f"{number + 1} of 9", timeout=WAIT)
    page.get_by_label("5. Two circles overlapping a good deal").check()
    shoot(page, f"phone-19-checkin-last-step-{scheme}")
    step.get_by_role("button", name="Save my check-in").click()
    page.wait_for_url(re.compile(r"/checkin/\d+/$"), timeout=WAIT)
    saved = Checkin.objects.get(user=signed_in.robin)
    assert saved.answers["communication_2"] == 6 and saved.closeness == 5
    assert not CheckinDraft.objects.filter(user=signed_in.robin).exists()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_list_one_card_at_a_time(chromium, signed_in, shoot, scheme):
    LIST_ITEMS.load()
    context, page = phone(chromium, signed_in, scheme)
    base = signed_in.url
    page.goto(base + "/intimacy/list/")
    card = page.locator("#list-card")
    expect(card).to_have_attribute("data-item", "tender-001")
    expect(card.locator("ul li")).to_have_count(0)  # no stray bullets
    shoot(page, f"phone-63-list-card-{scheme}")
    # Tap.
    card.get_by_role("button", name="Yes", exact=True).click()
    expect(card).to_have_attribute("data-item", "tender-002", timeout=WAIT)
    expect(page.locator("#card-announce")).to_contain_text("Saved: Yes.")
    # Keys: N answers no, the left arrow goes back and says what I answered.
    page.keyboard.press("n")
    expect(card).to_have_attribute("data-item", "tender-003", timeout=WAIT)
    expect(page.locator("#card-announce")).to_contain_text("Saved: No.")
    expect(page.locator("#card-heading")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(card).to_have_attribute("data-item", "tender-002", timeout=WAIT)
    expect(card.locator(".card-mine")).to_have_text("Your answer: No")
    page.keyboard.press("ArrowRight")
    expect(card).to_have_attribute("data-item", "tender-003", timeout=WAIT)
    page.keyboard.press("m")
    expect(card).to_have_attribute("data-item", "tender-004", timeout=WAIT)
    # Swipe right: yes.
    box = card.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 60, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(box["x"] + 60 + step * 25, y)
    page.mouse.up()
    expect(card).to_have_attribute("data-item", "tender-005", timeout=WAIT)
    shoot(page, f"phone-64-list-card-after-swipe-{scheme}")
    # Resume: the first item not answered yet.
    page.goto(base + "/intimacy/list/")
    expect(card).to_have_attribute("data-item", "tender-005", timeout=WAIT)
    from closeknit.intimacy.services import own_list

    answers = own_list(user=signed_in.robin, couple=None).answers or {}
    if not answers:
        from closeknit.couples.services import couple_for

        answers = own_list(user=signed_in.robin, couple=couple_for(signed_in.robin)).answers
    assert answers == {
        "tender-001": "yes",
        "tender-002": "no",
        "tender-003": "maybe",
        "tender-004": "yes",
    }
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_first_date_idea_on_the_first_screen(chromium, signed_in, shoot, scheme):
    from closeknit.dates.library import IDEAS

    IDEAS.load()
    context, page = phone(chromium, signed_in, scheme)
    page.goto(signed_in.url + "/quality-time/ideas/")
    panel = page.locator("#idea-filter-panel")
    expect(panel).not_to_have_attribute("open", "")
    first = page.locator(".idea-grid > li").first
    title = first.locator(".idea-title")
    expect(title).to_be_visible()
    box = title.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    shoot(page, f"phone-42-date-ideas-first-screen-{scheme}")
    # Opened, it stays open for the visit.
    panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    page.reload()
    expect(panel).to_have_attribute("open", "")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_settings_choose_practices_with_compact_switches(chromium, signed_in, shoot, scheme):
    context, page = phone(chromium, signed_in, scheme)
    page.goto(signed_in.url + "/settings/")
    switches = page.locator(".practice-toggle")
    expect(switches).to_have_count(8)
    goals = page.get_by_role("group", name="Goals and dreams", exact=False)
    goals.get_by_text("Focus", exact=True).click()
    expect(goals.get_by_role("radio", name="Focus")).to_be_checked()
    # Eight practices in about a phone screen (24 stacked radios with help took ~1,600 px).
    first, last = switches.first.bounding_box(), switches.last.bounding_box()
    assert first and last and last["y"] + last["height"] - first["y"] < 800
    shoot(page, f"phone-80-settings-practices-{scheme}")
    page.get_by_role("button", name="Save practices").click()
    page.wait_for_load_state()
    signed_in.robin.refresh_from_db()
    assert "goals" in signed_in.robin.focus_practices
    context.close()
