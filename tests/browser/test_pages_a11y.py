"""Every main page in a real browser, at phone and desktop sizes, in light and dark mode:
axe-core finds no serious or critical problems (colour contrast included), nothing
overflows sideways, and each page's screenshot is saved under test-artifacts/screenshots/.
The signed-out pages (welcome, sign-up, login, an invitation) are checked first, before
signing in: a "Sign up" button at 2.24:1 went unnoticed while only signed-in pages were.
The secondary pages people reach from the main ones (SECONDARY_PAGES) get the same checks
at phone size only, to keep the run short."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from closeknit.appreciation import services as appreciation
from closeknit.checkins.tests.helpers import check_in
from closeknit.couples import services as couples
from closeknit.dates.services import planning
from closeknit.goals import services as goals
from closeknit.growth import services as growth
from closeknit.growth.library import CHALLENGES
from closeknit.prompts.content import load_library
from closeknit.safety.models import SafetyCheck
from closeknit.support import services as support
from closeknit.trust import services as trust
from conftest import answer_today, pair_up
from tests.browser.conftest import DESKTOP, PHONE

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a-long-enough-pass-phrase"

PAGES = [
    "/", "/today/", "/questions/", "/insights/", "/checkin/", "/couple/", "/settings/",
    "/settings/security/", "/notifications/", "/notifications/settings/",
    "/communication/", "/quality-time/", "/quality-time/ideas/", "/appreciation/",
    "/support/", "/goals/", "/growth/", "/intimacy/", "/trust/", "/trust/repair/",
    "/safety/",
]  # fmt: skip

# What someone sees before they have an account; {invitation} is a fresh invitation's token.
SIGNED_OUT_PAGES = [
    "/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
    "/join/{invitation}/", "/safety/",
]  # fmt: skip

# Pages reached from the main ones; {name} is the id of an object secondary_pages() makes.
SECONDARY_PAGES = [
    "/questions/{question}/", "/questions/catch-up/", "/checkin/{checkin}/",
    "/quality-time/dates/", "/quality-time/dates/new/", "/quality-time/dates/{date}/",
    "/quality-time/phone-free/", "/quality-time/meeting/",
    "/goals/{goal}/", "/goals/dreams/", "/goals/someday/",
    "/growth/challenges/", "/growth/challenges/{run}/", "/growth/rounds/", "/growth/learned/",
    "/trust/journal/", "/trust/journal/{entry}/", "/trust/sessions/",
    "/support/mood/", "/support/good-news/", "/support/preferences/",
    "/appreciation/notes/", "/appreciation/notes/{note}/", "/appreciation/notes/new/",
    "/appreciation/noticed/", "/appreciation/cared-for/", "/appreciation/ideas/",
    "/communication/phrases/", "/communication/listening/", "/communication/after/",
    "/intimacy/list/", "/intimacy/matches/", "/intimacy/affection/",
    "/insights/trends/", "/insights/week/", "/join/", "/join/{invitation}/",
    "/settings/tokens/", "/settings/delete/", "/accounts/password/change/", "/accounts/email/",
]  # fmt: skip


def secondary_pages(robin, kai, make_person) -> list[str]:
    """Give Robin and Kai one of each thing a secondary page shows (made through the
    services, as people would), and return SECONDARY_PAGES with the ids filled in."""
    question = answer_today(robin, kai)
    for person in (robin, kai):
        check_in(person, 5, note="A good fortnight", now=timezone.now() - timedelta(days=15))
    date = planning.date_plan(
        user=robin,
        data=planning.DateInput(
            title="Picnic by the river",
            starts_at=timezone.now() + timedelta(days=3),
            minutes=90,
            place="Riverside",
        ),
    )
    goal = goals.goal_create(user=robin, title="Walk the coast path", kind="shared", why="Air")
    goals.milestone_add(user=robin, goal_id=goal.pk, title="Buy boots")
    CHALLENGES.load()
    run = growth.challenge_start(user=robin, challenge_id="challenge-001")
    growth.learned_add(user=robin, title="Salsa class", note="Fun and clumsy")
    entry = trust.entry_create(user=robin, text="Something I find hard to say")
    support.mood_add(user=robin, mood=4, stress=2, note="A calm day")
    note = appreciation.note_send(user=kai, text="Thank you for the tea")
    sam = make_person("Sam")
    couples.couple_create(user=sam)
    invitation = couples.invitation_create(user=sam)
    ids = {
        "question": question.pk, "checkin": robin.checkins.latest("pk").pk, "date": date.pk,
        "goal": goal.pk, "run": run.pk, "entry": entry.pk, "note": note.pk,
        "invitation": invitation.token,
    }  # fmt: skip
    return [path.format(**ids) for path in SECONDARY_PAGES]


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    ran = {r["id"] for kind in ("violations", "passes", "incomplete") for r in result[kind]}
    # Contrast must be judged on every page, never quietly left out.
    assert "color-contrast" in ran, "axe did not check colour contrast"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_main_pages_are_accessible_and_fit(
    live_server, chromium, shoot, make_person, viewport, scheme
):
    load_library()
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    for person in (robin, kai):
        SafetyCheck.objects.create(user=person, concern=False)
    size = "phone" if viewport == PHONE else "desktop"
    paths = PAGES + (secondary_pages(robin, kai, make_person) if size == "phone" else [])
    # bypass_csp lets the test inject axe-core; the app itself never runs inline script.
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    problems = {}
    sam = make_person("Sam")
    couples.couple_create(user=sam)
    token = couples.invitation_create(user=sam).token
    for path in [p.format(invitation=token) for p in SIGNED_OUT_PAGES]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = serious_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"] + 1:
            found.append(f"page is {width}px wide on a {viewport['width']}px screen")
        if found:
            problems[f"signed out {path}"] = found
        name = path.strip("/").replace("/", "-")[:40] or "welcome"
        shoot(page, f"{size}-signed-out-{name}-{scheme}")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(robin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = serious_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"] + 1:
            found.append(f"page is {width}px wide on a {viewport['width']}px screen")
        if found:
            problems[path] = found
        name = path.strip("/").replace("/", "-") or "home"
        if scheme == "light":
            shoot(page, f"{size}-page-{name}")
    context.close()
    assert problems == {}
