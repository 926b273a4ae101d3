"""A push delivered to the real service worker (through Chromium's DevTools protocol,
as headless Chromium can't reach a push service here) shows a notification that says
only what the server put in it, and whose tap opens a Closeknit page, never elsewhere."""

import json
import time

import pytest

from closeknit.nudges import services as nudges
from closeknit.nudges.models import Notification
from closeknit.push.delivery import payload_for

pytestmark = pytest.mark.browser
WAIT_MS = 30_000  # a loaded two-core CI machine: wait on conditions, generously

NOTIFICATIONS_JS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({title: n.title, body: n.body, tag: n.tag, data: n.data}));
}"""


def _registration_id(cdp, page, origin: str) -> str:
    found: dict[str, str] = {}

    def seen(event: dict) -> None:
        for registration in event["registrations"]:
            if registration["scopeURL"] == origin + "/" and not registration["isDeleted"]:
                found["id"] = registration["registrationId"]

    cdp.on("ServiceWorker.workerRegistrationUpdated", seen)
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + WAIT_MS / 1000
    while "id" not in found and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright deliver the protocol's events
    assert "id" in found, "the service worker never registered"
    return found["id"]


def _deliver(cdp, origin: str, registration_id: str, payload: dict) -> None:
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": origin, "registrationId": registration_id, "data": json.dumps(payload)},
    )


def _push_until(page, cdp, origin: str, registration_id: str, payload: dict, found) -> list[dict]:
    """Deliver `payload` and wait until `found(shown)`. A push the protocol hands to a
    worker that is just stopping can be dropped on a loaded machine (CI saw it once):
    deliver it again every 10 s, as a push service would retry, within the same limit.
    Tags make a repeat replace, never add."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        _deliver(cdp, origin, registration_id, payload)
        retry = time.monotonic() + 10
        while time.monotonic() < retry:
            shown = page.evaluate(NOTIFICATIONS_JS)
            if found(shown):
                return shown
            page.wait_for_timeout(250)  # polls a condition, with a generous limit
        assert time.monotonic() < deadline, f"still showing only {shown}"


def _push_and_see(page, cdp, origin: str, registration_id: str, payload: dict) -> dict:
    tag = payload["tag"]
    shown = _push_until(
        page,
        cdp,
        origin,
        registration_id,
        payload,
        lambda shown: any(n["tag"] == tag for n in shown),
    )
    return next(n for n in shown if n["tag"] == tag)


def test_a_push_shows_a_content_free_notification_that_opens_closeknit(chromium, signed_in):
    origin = signed_in.url
    context = chromium.new_context(storage_state=signed_in.state)
    page = context.new_page()
    page.goto(origin + "/notifications/settings/")
    # Nothing is asked before the tap: the page loads with the permission untouched.
    assert page.evaluate("Notification.permission") == "default"
    assert page.get_by_role("button", name="Turn on for this device").is_visible()
    context.grant_permissions(["notifications"], origin=origin)
    assert page.evaluate(
        f"""Promise.race([navigator.serviceWorker.ready.then((r) => !!r.active),
                         new Promise((done) => setTimeout(() => done(false), {WAIT_MS}))])"""
    ), "the service worker never became active"
    cdp = context.new_cdp_session(page)
    registration = _registration_id(cdp, page, origin)

    # What the worker would send for a real notification, content-free by default.
    nudges.notify(user=signed_in.robin, event="support_signal", url="/support/",
                  dedupe_key="browser:1")  # fmt: skip
    plain = payload_for(Notification.objects.get(dedupe_key="browser:1"), rich=False, tag="a1")
    shown = _push_and_see(page, cdp, origin, registration, plain)
    assert shown["title"] == "Closeknit" and shown["body"] == "Something new in Closeknit"
    assert shown["data"] == {"url": "/notifications/"}  # where a tap leads

    # Opted in: the kind of thing, and a tap opens its page.
    rich = payload_for(Notification.objects.get(dedupe_key="browser:1"), rich=True, tag="a2")
    shown = _push_and_see(page, cdp, origin, registration, rich)
    assert shown["title"] == "Your partner could use some support"
    assert shown["data"] == {"url": "/support/"}

    # A payload pointing anywhere else still opens the notification list on this site.
    elsewhere = ["https://elsewhere.example/", "//elsewhere.example/x", "javascript:1"]
    for n, url in enumerate(elsewhere):
        payload = {"title": "T", "url": url, "tag": f"b{n}"}
        assert _push_and_see(page, cdp, origin, registration, payload)["data"] == {
            "url": "/notifications/"
        }

    # The same tag again replaces the shown notification instead of adding one.
    again = {**plain, "body": "again"}
    shown = _push_until(
        page,
        cdp,
        origin,
        registration,
        again,
        lambda shown: any(n["body"] == "again" for n in shown),
    )
    assert [n["tag"] for n in shown].count("a1") == 1
    context.close()
