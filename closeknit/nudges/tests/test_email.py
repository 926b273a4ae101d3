import threading
import time as clock
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import close_old_connections
from django.utils import timezone

from closeknit.nudges import delivery, services
from closeknit.nudges.events import EVENTS
from closeknit.nudges.models import EmailDelivery, Notification


def notify_all(user, n=1, event="checkin_due", detail=""):
    services.preferences_update(user=user, daily_cap=20)
    for i in range(n):
        services.notify(user=user, event=event, url="/x/", dedupe_key=f"{event}:{i}", detail=detail)


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_renders_as_html_and_text_without_content_by_default(owner, event):
    services.preferences_update(user=owner, channels={event: {"email": True}})
    notify_all(owner, event=event, detail="the secret question text")
    assert delivery.deliver_due() == 1
    message = mail.outbox[0]
    assert message.subject == "You have something new in Closeknit"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "the secret question text" not in body
        assert "/notifications/unsubscribe/" in body
    assert "<a href=" in html and "Open Closeknit" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_richer_text_only_for_those_who_ask(owner):
    services.preferences_update(user=owner, rich_text=True)
    notify_all(owner, event="weekly_plan", detail="Try a walk somewhere new")
    delivery.deliver_due()
    message = mail.outbox[0]
    assert message.subject == "Closeknit: This week's plan is ready"
    assert "Try a walk somewhere new" in message.body


def test_unsubscribe_links_valid_tampered_and_expired(web, owner, settings):
    token = delivery.unsubscribe_token(user_id=owner.pk, event="checkin_due")
    client = web(None)
    page = client.get(f"/notifications/unsubscribe/{token}/")
    assert page.status_code == 200 and "Stop these emails?" in page.content.decode()
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 200
    assert services.channel_on(services.preferences_for(owner), "checkin_due", "email") is False
    assert services.channel_on(services.preferences_for(owner), "weekly_plan", "email") is True

    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.post(f"/notifications/unsubscribe/{tampered}/").status_code == 400
    forged = signing.dumps({"u": owner.pk, "e": "all"}, salt="wrong-salt")
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 400
    assert services.preferences_for(owner).email_off is False

    old = signing.TimestampSigner(salt=delivery.UNSUBSCRIBE_SALT)
    stale = delivery.unsubscribe_token(user_id=owner.pk)
    settings_max = delivery.UNSUBSCRIBE_MAX_AGE
    try:
        delivery.UNSUBSCRIBE_MAX_AGE = -1
        expired = client.post(f"/notifications/unsubscribe/{stale}/")
    finally:
        delivery.UNSUBSCRIBE_MAX_AGE = settings_max
    assert expired.status_code == 410 and old is not None
    all_off = client.post(f"/notifications/unsubscribe/{stale}/")
    assert all_off.status_code == 200
    assert services.preferences_for(owner).email_off is True


def test_turning_email_off_after_queueing_skips_the_send(owner):
    notify_all(owner, n=2)
    services.preferences_update(user=owner, email_off=True)
    assert delivery.deliver_due() == 0
    assert EmailDelivery.objects.filter(skipped="turned off").count() == 2
    assert mail.outbox == []


def test_emails_in_quiet_hours_wait(owner):
    notify_all(owner, n=1)
    EmailDelivery.objects.update(send_after=timezone.now() + timedelta(hours=3))
    assert delivery.deliver_due() == 0
    assert delivery.deliver_due(now=timezone.now() + timedelta(hours=4)) == 1


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(owner, monkeypatch):
    """In-process; test_faults.py kills a real worker process at the same points."""
    from django.core.mail.backends.locmem import EmailBackend

    notify_all(owner, n=6)
    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def dying_send(self, messages):
        calls["n"] += 1
        if calls["n"] == 4:
            raise SystemExit("worker killed")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", dying_send)
    with pytest.raises(SystemExit):
        delivery.deliver_due()
    assert len(mail.outbox) == 3
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    # The dead worker's claimed rows wait out the timeout: it might still be sending.
    assert delivery.deliver_due() == 0
    later = timezone.now() + delivery.SENDING_TIMEOUT + timedelta(seconds=1)
    assert delivery.deliver_due(now=later) == 3
    assert len(mail.outbox) == 6
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(set(ids)) == 6
    assert EmailDelivery.objects.filter(sent_at__isnull=True).count() == 0


def test_every_email_of_a_notification_carries_the_same_message_id(owner):
    notify_all(owner, n=2)
    first, second = Notification.objects.order_by("pk")
    assert delivery.message_id(first) == delivery.message_id(first)
    assert delivery.message_id(first) != delivery.message_id(second)
    assert delivery.deliver_due() == 2
    sent = {m.message()["Message-ID"] for m in mail.outbox}
    assert sent == {delivery.message_id(first), delivery.message_id(second)}


@pytest.mark.django_db(transaction=True)
def test_two_workers_competing_send_each_email_once(make_person, monkeypatch):
    from django.db import connection

    people = [make_person(f"P{n}") for n in range(3)]
    for person in people:
        notify_all(person, n=5)
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def slow_send(self, *args, **kwargs):
        clock.sleep(0.02)  # widen the window in which a second worker could grab a row
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailBackend, "send_messages", slow_send)
    sent: list[int] = []

    def worker() -> None:
        try:
            sent.append(delivery.deliver_due(batch=2))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(sent) == 15
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(recipients) == 15
    assert EmailDelivery.objects.filter(sent_at__isnull=True).count() == 0
    if connection.vendor == "postgresql":
        assert all(n > 0 for n in sent), "both workers took part"
    assert Notification.objects.count() == 15
