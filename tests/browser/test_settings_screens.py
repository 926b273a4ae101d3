"""Phone-size screenshots of the notifications page and the settings pages, in light
and dark mode, saved under test-artifacts/screenshots/ for review; and the icons on the
home and a practice page at both sizes."""

import pytest

from closeknit.nudges import services as nudges
from tests.browser.conftest import DESKTOP, PHONE

SCREENS = {
    "notifications": "/notifications/",
    "notification-settings": "/notifications/settings/",
    "settings": "/settings/",
    "security": "/settings/security/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_notifications_and_settings_at_phone_size(chromium, signed_in, shoot, scheme):
    robin = signed_in.robin
    nudges.notify(user=robin, event="partner_answered", url="/today/", dedupe_key="shot:1")
    nudges.notify(user=robin, event="weekly_plan", url="/insights/", dedupe_key="shot:2")
    context = chromium.new_context(
        storage_state=signed_in.state, viewport=PHONE, color_scheme=scheme
    )
    page = context.new_page()
    for name, path in SCREENS.items():
        response = page.goto(signed_in.url + path)
        assert response is not None and response.status == 200, path
        page.locator("h1").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        shoot(page, f"phone-{scheme}-{name}")
    page.goto(signed_in.url + "/notifications/")
    assert page.get_by_text("This week's plan is ready").count() >= 1
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_icons_sit_beside_their_labels(chromium, signed_in, shoot, viewport, scheme):
    size = "phone" if viewport == PHONE else "desktop"
    context = chromium.new_context(
        storage_state=signed_in.state, viewport=viewport, color_scheme=scheme
    )
    page = context.new_page()
    for name, path in {"home": "/", "trust": "/trust/"}.items():
        page.goto(signed_in.url + path)
        icons = page.locator("svg.icon")
        assert icons.count() >= 7
        # Shown icons only: on a phone the header's four places are hidden (the bottom bar
        # has them), and a hidden SVG still reports a 0 x 0 box.
        shown = [icons.nth(i) for i in range(icons.count()) if icons.nth(i).is_visible()]
        assert len(shown) >= 4
        for box in (icon.bounding_box() for icon in shown):
            assert box is None or 12 <= box["width"] <= 40, box  # sized by CSS, not 0 or huge
        # Every shown navigation link (the header's on a desktop, the bottom bar's on a
        # phone) still has its text, and a 44 px target.
        links = [link for link in page.locator("nav a").all() if link.is_visible()]
        assert len(links) >= 4
        for link in links:
            assert link.inner_text().strip()
            assert link.bounding_box()["height"] >= 44
        shoot(page, f"{size}-{scheme}-icons-{name}")
    context.close()
