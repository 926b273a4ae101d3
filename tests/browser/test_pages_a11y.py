"""Every main page in a real browser, at phone and desktop sizes, in light and dark mode:
axe-core finds no serious or critical problems, nothing overflows sideways, and each
page's screenshot is saved under test-artifacts/screenshots/."""

from pathlib import Path

import pytest

from closeknit.prompts.content import load_library
from closeknit.safety.models import SafetyCheck
from conftest import pair_up
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


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
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
    # bypass_csp lets the test inject axe-core; the app itself never runs inline script.
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(robin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    problems = {}
    for path in PAGES:
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
