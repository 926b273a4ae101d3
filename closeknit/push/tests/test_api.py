"""Push over the API and the settings page: one's own devices only, bad input refused
in the API's error shape, never a 500."""

import json

from django.conf import settings
from django.test import Client

from closeknit.push.models import PushSubscription
from closeknit.push.tests.standin import Subscriber
from closeknit.push.vapid import public_key

FCM = "https://fcm.googleapis.com/fcm/send/abc123"
ANDROID = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


def _body(endpoint=FCM):
    return Subscriber(endpoint=endpoint).as_json()


def test_it_gives_the_server_key_to_people_who_are_logged_in(api, owner):
    answer = api(owner).get("/push/key")
    assert answer.status_code == 200
    assert answer.json() == {"public_key": public_key(settings.CLOSEKNIT_VAPID_PRIVATE_KEY)}
    assert api(None).get("/push/key").status_code == 401


def test_it_adds_lists_and_removes_my_devices(api, owner):
    client = api(owner)
    made = client.call("POST", "/push/subscriptions", _body(), HTTP_USER_AGENT=ANDROID)
    assert made.status_code == 201, made.content
    device = made.json()
    assert device["label"] == "Chrome on Android" and device["last_success_at"] is None
    listed = client.get("/push/subscriptions").json()
    assert listed == [device]
    assert "fcm.googleapis" not in json.dumps(listed) and "keys" not in listed[0]
    assert client.delete(f"/push/subscriptions/{device['id']}").status_code == 204
    assert client.get("/push/subscriptions").json() == []


def test_the_same_browser_subscribing_again_replaces_its_row(api, owner, partner):
    body = _body()
    api(owner).post("/push/subscriptions", body)
    api(owner).post("/push/subscriptions", body)
    assert PushSubscription.objects.filter(user=owner).count() == 1
    # Someone else logs in on that browser and turns push on: the device is theirs now.
    api(partner).post("/push/subscriptions", body)
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [partner.pk]


def test_nobody_else_can_see_or_remove_my_devices(api, owner, outsider, partner):
    device = api(owner).post("/push/subscriptions", _body()).json()
    for other in (outsider, partner):
        answer = api(other).delete(f"/push/subscriptions/{device['id']}")
        missing = api(other).delete("/push/subscriptions/999999")
        assert answer.status_code == missing.status_code == 404
        assert answer.json() == missing.json()  # nothing learned about my ids
        assert api(other).get("/push/subscriptions").json() == []
    assert api(None).delete(f"/push/subscriptions/{device['id']}").status_code == 401
    assert api(None).post("/push/subscriptions", _body()).status_code == 401
    assert PushSubscription.objects.filter(pk=device["id"]).exists()


def test_bad_subscriptions_are_refused_in_the_error_shape(api, owner):
    client = api(owner)
    good = _body()
    cases = [
        ({**good, "endpoint": "http://fcm.googleapis.com/fcm/send/x"}, 400, "invalid_endpoint"),
        ({**good, "endpoint": "https://push.example.org/x"}, 400, "unknown_push_service"),
        ({**good, "endpoint": "http://127.0.0.1:9/x"}, 400, "invalid_endpoint"),
        ({**good, "endpoint": "https://user:pw@fcm.googleapis.com/x"}, 400, "invalid_endpoint"),
        ({**good, "endpoint": "https://fcm.googleapis.com:port/x"}, 400, "invalid_endpoint"),
        ({**good, "endpoint": FCM + "/" + "a" * 1000}, 422, "invalid_input"),
        ({**good, "keys": {"p256dh": "A" * 87, "auth": "B" * 22}}, 400, "invalid_keys"),
        ({**good, "keys": {"p256dh": "!" * 87, "auth": "B" * 22}}, 400, "invalid_keys"),
        ({**good, "keys": {"p256dh": good["keys"]["p256dh"]}}, 422, "invalid_input"),
        ({**good, "keys": {**good["keys"], "auth": "x" * 500}}, 422, "invalid_input"),
        ({**good, "extra": 1}, 422, "invalid_input"),
        ({"endpoint": FCM}, 422, "invalid_input"),
    ]
    for body, status, code in cases:
        answer = client.post("/push/subscriptions", body)
        assert answer.status_code == status, (body, answer.content)
        assert answer.json()["error"]["code"] == code, (body, answer.json())
    broken = client.client.post(
        "/api/v1/push/subscriptions", "{not json", content_type="application/json",
        headers=client.headers,
    )  # fmt: skip
    assert broken.status_code == 400 and "error" in broken.json()
    assert not PushSubscription.objects.exists()


def test_loopback_endpoints_only_where_allowed(api, owner, settings):
    body = _body("http://127.0.0.1:9/push/x")
    assert api(owner).post("/push/subscriptions", body).status_code == 400
    settings.CLOSEKNIT_PUSH_ALLOW_LOOPBACK = True
    assert api(owner).post("/push/subscriptions", body).status_code == 201


def test_the_browser_session_needs_the_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    refused = client.post("/api/v1/push/subscriptions", _body(), content_type="application/json")
    assert refused.status_code in (401, 403) and "error" in refused.json()
    client.get("/notifications/settings/")  # sets the CSRF cookie, as the page does
    token = client.cookies["csrftoken"].value
    made = client.post(
        "/api/v1/push/subscriptions", _body(), content_type="application/json",
        headers={"X-CSRFToken": token},
    )  # fmt: skip
    assert made.status_code == 201


def test_the_settings_page_explains_push_and_lists_my_devices(web, owner, outsider, api):
    page = web(owner).get("/notifications/settings/").content.decode()
    assert "Push on this device" in page and "push/push.js" in page
    assert "Something new in Closeknit" in page and "No device gets pushes yet" in page
    assert "Turn on for this device" in page
    device = api(owner).call("POST", "/push/subscriptions", _body(), HTTP_USER_AGENT=ANDROID).json()
    page = web(owner).get("/notifications/settings/").content.decode()
    assert "Chrome on Android" in page and f"/push/devices/{device['id']}/remove/" in page
    assert "push/push.js" not in web(owner).get("/notifications/").content.decode()
    assert web(outsider).post(f"/push/devices/{device['id']}/remove/").status_code == 404
    removed = web(owner).post(f"/push/devices/{device['id']}/remove/")
    assert removed.status_code == 302 and not PushSubscription.objects.exists()


def test_the_push_preferences_save_from_the_page_and_the_api(web, api, owner):
    from closeknit.nudges import services as nudges

    web(owner).post(
        "/notifications/settings/",
        {"daily_cap": 3, "push_rich": "on", "support_signal__app": "on"},
    )
    prefs = nudges.preferences_for(owner)
    assert prefs.push_rich is True
    assert nudges.channel_on(prefs, "support_signal", "push") is False
    answer = api(owner).call(
        "PUT", "/notifications/preferences",
        {"push_rich": False, "channels": {"support_signal": {"push": True}}},
    )  # fmt: skip
    assert answer.json()["push_rich"] is False
    assert answer.json()["channels"]["support_signal"]["push"] is True
