"""Two partners in two browser contexts: sign up, invite, join."""

import re

import pytest

from closeknit.accounts.models import User
from closeknit.couples import services
from tests.browser.conftest import DESKTOP, PHONE

PASSWORD = "a-long-enough-pass-phrase"


def sign_up(page, base: str, email: str, name: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_role("button", name="Sign up").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_signup_invite_join_in_two_browsers(live_server, chromium, shoot, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    robin_ctx = chromium.new_context(viewport=viewport, timezone_id="Europe/Paris")
    kai_ctx = chromium.new_context(viewport=viewport, timezone_id="America/Chicago")
    robin, kai = robin_ctx.new_page(), kai_ctx.new_page()
    base = live_server.url

    robin.goto(base + "/")
    shoot(robin, f"{size}-01-welcome")
    robin.get_by_role("link", name="Start for free").click()
    shoot(robin, f"{size}-02-signup")
    sign_up(robin, base, f"robin-{size}@example.test", "Robin")
    # A new account starts with the short welcome; Robin skips it to look around first.
    robin.get_by_role("heading", name="Welcome to Closeknit").wait_for()
    robin.get_by_role("button", name="Skip the welcome").click()
    robin.get_by_text("Hello, Robin").wait_for()
    shoot(robin, f"{size}-03-home-alone")
    assert User.objects.get(email=f"robin-{size}@example.test").timezone == "Europe/Paris"

    robin.get_by_role("link", name="Set up a shared space").click()
    # One tap makes the space and the invitation.
    robin.get_by_role("button", name="Invite my partner").click()
    link_input = robin.get_by_label("Invitation link")
    link_input.wait_for()
    link = link_input.input_value()
    code = robin.locator("#invite-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    shoot(robin, f"{size}-04-invitation")

    kai.goto(link)
    kai.get_by_text("Robin invited you to Closeknit").wait_for()
    shoot(kai, f"{size}-05-invited")
    kai.get_by_role("link", name="Create my account").click()
    sign_up(kai, base, f"kai-{size}@example.test", "Kai")
    kai.get_by_role("button", name="Join the shared space").click()
    kai.get_by_role("heading", name="You're in, with Robin").wait_for()
    kai.goto(base + "/")
    kai.get_by_text("You and Robin share this space.").wait_for()
    shoot(kai, f"{size}-06-joined")

    robin.goto(base + "/")
    robin.get_by_text("You and Kai share this space.").wait_for()
    shoot(robin, f"{size}-07-partner-home")
    robin_user = User.objects.get(email=f"robin-{size}@example.test")
    kai_user = User.objects.get(email=f"kai-{size}@example.test")
    assert services.couple_for(robin_user) == services.couple_for(kai_user) is not None
    robin_ctx.close()
    kai_ctx.close()
