"""The push channel's rules: who gets a delivery, when, what it says, and the worker's
bookkeeping (idempotence, backoff, reclaiming a dead worker's row)."""

from datetime import UTC, datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from closeknit.accounts.services import account_delete, account_export
from closeknit.lib.devices import device_label
from closeknit.nudges import services as nudges
from closeknit.nudges.models import Notification
from closeknit.push import delivery as push_delivery
from closeknit.push.delivery import backoff, deliver_due, payload_for
from closeknit.push.models import PushDelivery, PushSubscription
from closeknit.push.services import topic_for

PUSH_TABLES = '"push_push'  # push_pushsubscription, push_pushdelivery


def _device(person, n=1):
    return PushSubscription.objects.create(
        user=person, endpoint=f"https://fcm.googleapis.com/fcm/send/{person.pk}-{n}",
        p256dh="x", auth="y", label="Chrome on Android",
    )  # fmt: skip


def _notify(person, key="k", event="support_signal", now=None):
    return nudges.notify(user=person, event=event, url="/support/", dedupe_key=key, now=now)


def test_it_makes_one_delivery_per_new_notification_and_device(owner):
    _device(owner, 1), _device(owner, 2)
    assert _notify(owner) is True
    assert _notify(owner) is False  # the same happening again
    assert PushDelivery.objects.count() == 2
    assert {d.notification_id for d in PushDelivery.objects.all()} == {
        Notification.objects.get().pk
    }


def test_it_makes_none_where_push_is_off_or_there_is_no_device(owner, partner):
    _device(owner)
    nudges.preferences_update(user=owner, channels={"support_signal": {"push": False}})
    _notify(owner)
    _notify(partner)  # push on by default, but no device
    _notify(owner, key="q", event="question_ready")  # off by default
    assert Notification.objects.count() == 3
    assert PushDelivery.objects.count() == 0


def test_it_costs_no_query_when_nobody_has_push_on_and_one_when_some_do(owner, partner):
    with CaptureQueriesContext(connection) as queries:
        nudges.notify_many(
            [
                nudges.Nudge(user=p, event="question_ready", url="/", dedupe_key="q")
                for p in (owner, partner)
            ]
        )
    assert not [q for q in queries if PUSH_TABLES in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        _notify(owner)
    assert len([q for q in queries if PUSH_TABLES in q["sql"]]) == 1


def test_a_push_made_in_quiet_hours_waits_until_they_end(make_person):
    person = make_person(tz="UTC")
    _device(person)
    nudges.preferences_update(user=person, quiet=(time(22), time(7)))
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    _notify(person, now=late)
    delivery = PushDelivery.objects.get()
    assert delivery.next_attempt_at == datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    assert deliver_due(now=late + timedelta(hours=1)) == 0
    assert PushDelivery.objects.get().attempts == 0  # not even tried


def test_a_push_turned_off_before_it_went_is_skipped(owner):
    _device(owner)
    _notify(owner)
    nudges.preferences_update(user=owner, channels={"support_signal": {"push": False}})
    assert deliver_due() == 0
    assert PushDelivery.objects.get().state == "skipped"


def test_the_payload_is_content_free_unless_the_person_opted_in(owner):
    _notify(owner)
    notification = Notification.objects.get()
    plain = payload_for(notification, rich=False, tag="t")
    assert plain == {"title": "Closeknit", "body": "Something new in Closeknit",
                     "url": "/notifications/", "tag": "t"}  # fmt: skip
    rich = payload_for(notification, rich=True, tag="t")
    assert rich["title"] == "Your partner could use some support"
    assert rich["url"] == "/support/"
    assert nudges.preferences_for(owner).push_rich is False  # off unless chosen


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    waits = [backoff(n).total_seconds() for n in range(1, 10)]
    assert waits[:6] == [30, 60, 120, 240, 480, 960]
    assert max(waits) == 3600
    assert backoff(1, retry_after=300).total_seconds() == 300
    assert backoff(1, retry_after=10**6).total_seconds() == 3600


def test_a_row_left_sending_by_a_dead_worker_is_taken_over(owner):
    _device(owner)
    _notify(owner)
    start = timezone.now()
    # A worker claims the row and dies before the push service answers.
    claimed = push_delivery._claim(start)
    assert claimed is not None and claimed[1] is not None
    row = PushDelivery.objects.get()
    assert (row.state, row.attempts) == ("sending", 1)
    assert push_delivery._claim(start + timedelta(minutes=1)) is None  # still its own
    # After the timeout another worker takes it, counting a second attempt.
    taken = push_delivery._claim(start + push_delivery.SENDING_TIMEOUT)
    assert taken is not None and taken[0].pk == row.pk
    assert PushDelivery.objects.get().attempts == 2
    # The first worker reporting late changes nothing of the second one's row.
    push_delivery._record(claimed[0], push_delivery.webpush.Outcome(status=201), start)
    assert PushDelivery.objects.get().state == "sending"


def test_the_topic_is_stable_short_and_url_safe():
    assert topic_for(7) == topic_for(7) != topic_for(8)
    assert len(topic_for(7)) <= 32 and topic_for(7).isalnum()


def test_device_labels_are_readable():
    android = (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/130.0 "
        "Mobile Safari/537.36"
    )
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "Version/17.5 Mobile/15E148 Safari/604.1"
    )
    edge = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 "
        "Safari/537.36 Edg/130.0"
    )
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0"
    assert device_label(android) == "Chrome on Android"
    assert device_label(iphone) == "Safari on iPhone"
    assert device_label(edge) == "Edge on Windows"
    assert device_label(firefox) == "Firefox on Linux"
    assert device_label("") == "A browser"


def test_devices_are_exported_without_keys_and_deleted_with_the_account(owner):
    _device(owner)
    _notify(owner)
    exported = account_export(user=owner)["push"]
    assert exported["devices"][0]["label"] == "Chrome on Android"
    assert "endpoint" not in str(exported) and "fcm.googleapis" not in str(exported)
    account_delete(user=owner)
    assert not PushSubscription.objects.exists() and not PushDelivery.objects.exists()
