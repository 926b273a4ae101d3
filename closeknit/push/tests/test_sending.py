"""Pushes really sent over HTTP to the loopback stand-in, which checks the VAPID
signature and decrypts each payload with the device's own key."""

from datetime import timedelta

from django.utils import timezone

from closeknit.nudges import services as nudges
from closeknit.push.delivery import MAX_ATTEMPTS, deliver_due
from closeknit.push.models import PushDelivery, PushSubscription

CONTENT_FREE = {"title": "Closeknit", "body": "Something new in Closeknit",
                "url": "/notifications/"}  # fmt: skip


def _reach_out(person, key="support:1", event="support_signal"):
    nudges.notify(user=person, event=event, url="/support/", dedupe_key=key)


def test_it_sends_a_content_free_push_the_device_can_decrypt(owner, device, standin):
    subscriber, _row = device
    _reach_out(owner)
    assert deliver_due() == 1
    assert standin.problems == []
    [push] = standin.received
    assert push.endpoint == subscriber.endpoint
    assert {k: push.payload[k] for k in CONTENT_FREE} == CONTENT_FREE
    delivery = PushDelivery.objects.get()
    assert push.payload["tag"] == push.headers["topic"]
    assert delivery.state == "sent" and delivery.attempts == 1 and delivery.last_status == 201
    assert PushSubscription.objects.get().last_success_at is not None
    assert deliver_due() == 0  # nothing twice


def test_it_names_the_kind_only_for_people_who_opted_in(owner, device, standin):
    nudges.preferences_update(user=owner, push_rich=True)
    _reach_out(owner)
    deliver_due()
    [push] = standin.received
    assert push.payload["title"] == "Your partner could use some support"
    assert push.payload["url"] == "/support/"


def test_gone_and_not_found_subscriptions_are_removed(owner, device, standin):
    for status, key in ((410, "a"), (404, "b")):
        subscriber = standin.subscriber() if status == 404 else device[0]
        if status == 404:
            from closeknit.push.services import subscription_create

            subscription_create(user=owner, endpoint=subscriber.endpoint,
                                p256dh=subscriber.p256dh, auth=subscriber.auth)  # fmt: skip
        standin.statuses.append(status)
        _reach_out(owner, key=key)
        deliver_due()
        assert not PushSubscription.objects.filter(endpoint=subscriber.endpoint).exists()
    assert PushDelivery.objects.count() == 0


def test_server_errors_are_retried_with_backoff_under_the_same_topic(owner, device, standin):
    standin.statuses += [503, 429]
    _reach_out(owner)
    start = timezone.now()
    assert deliver_due(now=start) == 0
    delivery = PushDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, 503)
    assert delivery.next_attempt_at == start + timedelta(seconds=30)
    assert deliver_due(now=start + timedelta(seconds=29)) == 0  # not yet
    assert deliver_due(now=start + timedelta(seconds=30)) == 0  # 429, Retry-After: 120
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == start + timedelta(seconds=30 + 120)
    assert deliver_due(now=start + timedelta(seconds=150)) == 1
    topics = {push.headers["topic"] for push in standin.received}
    assert len(standin.received) == 3 and len(topics) == 1
    assert PushDelivery.objects.get().state == "sent"


def test_it_gives_up_after_the_last_attempt(owner, device, standin):
    standin.statuses += [500] * MAX_ATTEMPTS
    _reach_out(owner)
    at = timezone.now()
    for _ in range(MAX_ATTEMPTS + 1):
        deliver_due(now=at)
        at += timedelta(hours=2)
    delivery = PushDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(standin.received) == MAX_ATTEMPTS


def test_other_refusals_fail_for_good(owner, device, standin):
    standin.statuses.append(413)
    _reach_out(owner)
    deliver_due()
    deliver_due(now=timezone.now() + timedelta(days=1))
    assert PushDelivery.objects.get().state == "failed"
    assert len(standin.received) == 1
    assert PushSubscription.objects.exists()  # the device itself is fine


def test_an_unreachable_service_is_retried(owner, device, standin):
    _reach_out(owner)
    standin.server.shutdown()
    standin.server.server_close()  # connection refused from now on
    deliver_due()
    delivery = PushDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, None)
