"""The first run on a phone, light and dark: the welcome's steps (and skipping each),
inviting in one tap (share or copy, the code, a QR code drawn as SVG), the partner who
joins by link landing in the same welcome, and asking before calling off a date."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.dates.models import PlannedDate
from closeknit.dates.services import planning
from conftest import PASSWORD, pair_up
from tests.browser.conftest import PHONE

SCHEMES = ["light", "dark"]


def sign_up(page, base: str, email: str, name: str, path: str = "/accounts/signup/") -> None:
    page.goto(base + path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_role("button", name="Sign up").click()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_welcome_step_by_step_and_the_invitation(live_server, chromium, shoot, scheme):
    from closeknit.prompts.content import load_library

    load_library()
    base = live_server.url
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    sign_up(page, base, f"ana-{scheme}@example.test", "Ana")

    page.wait_for_url(base + "/welcome/hello/")
    expect(page.get_by_role("heading", name="Welcome to Closeknit")).to_be_visible()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    shoot(page, f"phone-{scheme}-70-welcome")
    page.get_by_role("button", name="Let's begin").click()

    page.wait_for_url(base + "/welcome/focus/")
    page.locator("input[name=practice][value=trust]").check()
    page.locator("input[name=practice][value=growth]").check()
    shoot(page, f"phone-{scheme}-71-welcome-focus")
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(base + "/welcome/invite/")
    ana = User.objects.get(email=f"ana-{scheme}@example.test")
    assert ana.focus_practices == ["growth", "trust"]
    shoot(page, f"phone-{scheme}-72-welcome-invite")
    page.get_by_role("button", name="Invite my partner").click()

    # One tap: the live invitation is the focus. Share where the phone can, else copy.
    code = page.locator("#invite-code")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"), timeout=30000)
    qr = page.locator("svg.qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("el => el.namespaceURI") == "http://www.w3.org/2000/svg"
    share = page.get_by_role("button", name="Share the invitation")
    copy = page.get_by_role("button", name="Copy the link")
    expect(copy).to_be_visible()
    if page.evaluate("() => typeof navigator.share === 'function'"):
        expect(share).to_be_visible()
    else:  # no share sheet here: the copy button takes the lead
        expect(share).to_be_hidden()
        expect(copy).not_to_have_class("button secondary")
    size = code.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 30  # the code in large type, to read out or type in
    shoot(page, f"phone-{scheme}-73-invitation")
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(base + "/welcome/question/")
    shoot(page, f"phone-{scheme}-74-welcome-question")
    page.get_by_role("button", name="Answer today's question").click()
    page.wait_for_url(base + "/today/")
    ana.refresh_from_db()
    assert ana.welcome_step == "done"
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_step_can_be_skipped(live_server, chromium, scheme):
    base = live_server.url
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    sign_up(page, base, f"bo-{scheme}@example.test", "Bo")
    page.wait_for_url(base + "/welcome/hello/")
    page.get_by_role("button", name="Let's begin").click()
    page.get_by_role("button", name="Skip this step").click()
    page.wait_for_url(base + "/welcome/invite/")
    page.get_by_role("button", name="I'll start on my own for now").click()
    page.wait_for_url(base + "/welcome/question/")
    page.get_by_role("button", name="Maybe later: take me home").click()
    page.wait_for_url(base + "/")
    bo = User.objects.get(email=f"bo-{scheme}@example.test")
    assert bo.welcome_step == "done" and bo.focus_practices == []
    assert couples.couple_for(bo) is None  # on their own, and nothing nags

    # And the welcome as a whole, from its first page.
    other = context.new_page()
    context.clear_cookies()
    sign_up(other, base, f"cy-{scheme}@example.test", "Cy")
    other.wait_for_url(base + "/welcome/hello/")
    other.get_by_role("button", name="Skip the welcome").click()
    other.wait_for_url(base + "/")
    assert User.objects.get(email=f"cy-{scheme}@example.test").welcome_step == "done"
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_partner_joining_by_link_lands_in_the_welcome(
    live_server, chromium, shoot, make_person, scheme
):
    robin = make_person("Robin")
    new = couples.invitation_start(user=robin)
    base = live_server.url
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base}/join/{new.token}/")
    page.get_by_role("link", name="Create my account").click()
    page.get_by_label("Email").fill(f"kai-{scheme}@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("What should we call you?").fill("Kai")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("button", name="Join the shared space").click()

    page.wait_for_url(base + "/welcome/hello/")
    expect(page.get_by_role("heading", name="You're in, with Robin")).to_be_visible()
    expect(page.get_by_text("Step 1 of 3")).to_be_visible()  # nobody left to invite
    shoot(page, f"phone-{scheme}-75-joined-welcome")
    kai = User.objects.get(email=f"kai-{scheme}@example.test")
    assert couples.couple_for(kai) == couples.couple_for(robin)
    page.get_by_role("button", name="Let's begin").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(base + "/welcome/question/")
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_calling_off_a_date_asks_first(live_server, chromium, shoot, make_person, scheme):
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    planned = planning.date_plan(
        user=robin,
        data=planning.DateInput(
            title="Picnic by the river",
            starts_at=(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0),
        ),
    )
    base = live_server.url
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(robin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")
    page.goto(f"{base}/quality-time/dates/{planned.pk}/")

    page.get_by_role("button", name="Call it off").click()
    dialog = page.get_by_role("dialog", name="Call off this date?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="No, go back")).to_be_focused()
    shoot(page, f"phone-{scheme}-76-confirm-call-off")
    dialog.get_by_role("button", name="No, go back").click()
    expect(dialog).to_have_count(0)
    assert page.url == f"{base}/quality-time/dates/{planned.pk}/"
    assert PlannedDate.objects.filter(pk=planned.pk).exists()  # nothing changed

    page.get_by_role("button", name="Call it off").click()
    page.get_by_role("dialog").get_by_role("button", name="Call it off").click()
    page.wait_for_url(base + "/quality-time/dates/")
    expect(page.get_by_text("The date is off the calendar.")).to_be_visible()
    assert not PlannedDate.objects.filter(pk=planned.pk).exists()
    context.close()
