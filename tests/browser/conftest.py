"""Real-browser tests: Playwright driving Debian's Chromium against a live server."""

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Live pages ask /live/ every 5 s, easing off to 30 s (app.js). Tests quicken the pace
# so that a partner's move shows within a second or two, and wait on what shows, with
# LIVE_WAIT to spare for a loaded machine.
LIVE_PACE = "window.closeknitLivePace = {fast: 400, slow: 1500};"
LIVE_WAIT = 30000  # ms


def quick_live(context: object) -> object:
    """This browser context's live pages ask for changes at the quickened pace."""
    context.add_init_script(LIVE_PACE)  # type: ignore[attr-defined]
    return context


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the
    # tests make in that thread are still synchronous and safe. Set only while browser
    # tests run (deploy checks refuse the variable; subprocesses must not inherit it).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: install Debian's chromium (make test does this as root), "
            "or run the other tests with -m 'not browser'."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def shoot() -> object:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: object, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return take


@pytest.fixture
def signed_in(live_server: object, chromium: object, make_person: object) -> object:
    """Robin and Kai, a couple with the prompt library loaded and the safety check done,
    and Robin's signed-in browser state: pass `state` as `storage_state` to a new context
    to open pages logged in with an empty cache."""
    from types import SimpleNamespace

    from closeknit.prompts.content import load_library
    from closeknit.safety.models import SafetyCheck
    from conftest import PASSWORD, pair_up

    load_library()
    robin, kai = make_person("Robin"), make_person("Kai")  # type: ignore[operator]
    pair_up(robin, kai)
    for person in (robin, kai):
        SafetyCheck.objects.create(user=person, concern=False)
    context = chromium.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(robin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")
    state = context.storage_state()
    context.close()
    return SimpleNamespace(robin=robin, kai=kai, state=state, url=url)
