from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.lib.bulk import insert_ignoring_conflicts
from closeknit.lib.timezones import all_timezones
from closeknit.nudges import services
from closeknit.nudges.models import EmailDelivery, Notification
from closeknit.nudges.services import in_quiet_hours, send_after


def test_the_same_happening_notifies_once(owner):
    for _ in range(3):
        services.notify(user=owner, event="weekly_plan", url="/insights/", dedupe_key="week:1")
    assert Notification.objects.filter(user=owner).count() == 1
    assert EmailDelivery.objects.count() == 1  # weekly_plan emails by default


def test_channels_follow_the_persons_settings(owner):
    services.preferences_update(
        user=owner, channels={"weekly_plan": {"app": False, "email": False}}
    )
    assert not services.notify(user=owner, event="weekly_plan", url="/", dedupe_key="a")
    services.preferences_update(user=owner, channels={"checkin_due": {"email": False}})
    assert services.notify(user=owner, event="checkin_due", url="/", dedupe_key="b")
    assert not EmailDelivery.objects.exists()


def test_no_email_at_all_when_unsubscribed(owner):
    services.preferences_update(user=owner, email_off=True)
    services.notify(user=owner, event="checkin_due", url="/", dedupe_key="c")
    assert Notification.objects.filter(user=owner).count() == 1
    assert not EmailDelivery.objects.exists()


def test_a_hidden_practice_never_nags(owner):
    from closeknit.accounts.services import account_update

    account_update(user=owner, hidden_practices=["support"])
    assert not services.notify(user=owner, event="support_signal", url="/", dedupe_key="d")
    assert services.notify(user=owner, event="weekly_plan", url="/", dedupe_key="e")


def test_the_daily_cap_holds_and_resets_the_next_local_day(owner):
    services.preferences_update(user=owner, daily_cap=2)
    morning = datetime(2026, 5, 4, 8, 0, tzinfo=ZoneInfo(owner.timezone))
    results = [
        services.notify(user=owner, event="checkin_due", url="/", dedupe_key=f"k{n}", now=morning)
        for n in range(4)
    ]
    assert results == [True, True, False, False]
    next_day = morning + timedelta(days=1)
    assert services.notify(user=owner, event="checkin_due", url="/", dedupe_key="k9", now=next_day)


def test_email_waits_out_quiet_hours(owner):
    services.preferences_update(user=owner, quiet=(time(22, 0), time(7, 30)))
    late = datetime(2026, 5, 4, 23, 15, tzinfo=ZoneInfo(owner.timezone))
    services.notify(user=owner, event="checkin_due", url="/", dedupe_key="q", now=late)
    due = EmailDelivery.objects.get().send_after.astimezone(ZoneInfo(owner.timezone))
    assert (due.date(), due.time()) == (late.date() + timedelta(days=1), time(7, 30))


@pytest.mark.parametrize(
    ("start", "end", "now", "quiet"),
    [
        (time(22), time(7), time(23), True),
        (time(22), time(7), time(6, 59), True),
        (time(22), time(7), time(7), False),
        (time(13), time(14), time(13, 30), True),
        (time(13), time(14), time(14, 1), False),
        (None, None, time(3), False),
    ],
)
def test_quiet_hours_across_midnight(start, end, now, quiet):
    assert in_quiet_hours(now, start, end) is quiet


ZONES = sorted(all_timezones() - {"Factory", "localtime"})


@settings(max_examples=300, deadline=None)
@given(
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
    ),
    tz=st.sampled_from(ZONES),
    start=st.times(),
    end=st.times(),
)
def test_email_is_never_due_inside_quiet_hours(now, tz, start, end):
    start, end = start.replace(microsecond=0, second=0), end.replace(microsecond=0, second=0)
    due = send_after(now=now, tz=tz, start=start, end=end)
    assert due >= now
    assert due - now <= timedelta(hours=26)
    local = due.astimezone(ZoneInfo(tz))
    # Wall-clock gaps (spring forward) can land a moment inside the window's edge only
    # when the end time itself does not exist that day; otherwise never inside.
    if in_quiet_hours(local.time(), start, end):
        assert local.replace(tzinfo=None).time() != end
        assert local.utcoffset() != (local - timedelta(hours=2)).utcoffset()


def test_marking_read_and_clearing_are_the_persons_own(owner, outsider):
    services.notify(user=owner, event="checkin_due", url="/", dedupe_key="x")
    note = Notification.objects.get(user=owner)
    with pytest.raises(services.NotFound):
        services.mark_read(user=outsider, notification_id=note.pk)
    assert services.unread_count(owner) == 1
    services.mark_read(user=owner, notification_id=note.pk)
    assert services.unread_count(owner) == 0
    services.clear(user=owner)
    assert not services.visible(owner).exists()


def test_partner_answering_nudges_the_other_once(library, owner, partner, couple):
    from closeknit.prompts import services as daily

    question = daily.question_today(user=owner)
    daily.answer_save(user=owner, question_id=question.pk, text="a", choice=0, scale=2)
    daily.answer_save(user=owner, question_id=question.pk, text="edited", choice=0, scale=2)
    assert list(Notification.objects.values_list("user_id", "event")) == [
        (partner.pk, "partner_answered")
    ]
    daily.answer_save(user=partner, question_id=question.pk, text="b", choice=0, scale=2)
    # The one who answered first hears that both answers are there; the partner, who
    # saw the reveal as they answered, hears nothing more.
    assert sorted(Notification.objects.values_list("user_id", "event")) == sorted(
        [(partner.pk, "partner_answered"), (owner.pk, "reveal_ready")]
    )
    assert services.unread_count(partner) == 0  # their "your turn" closed as they answered


def _stored_details(event):
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM nudges_notification WHERE event = %s", [event])
        return [row[0] for row in cursor.fetchall()]


def test_details_are_encrypted_per_row_unless_shared(make_person):
    people = [make_person() for _ in range(3)]
    words = "What made you laugh this week?"
    nudges = [
        services.Nudge(user=p, event="weekly_plan", url="/", dedupe_key="w:1", detail=words)
        for p in people
    ]
    assert services.notify_many(nudges) == 3
    stored = _stored_details("weekly_plan")
    assert len(set(stored)) == 3 and not any(words in s for s in stored)
    assert {n.detail for n in Notification.objects.all()} == {words}
    shared = [
        services.Nudge(user=p, event="checkin_due", url="/", dedupe_key="c:1", detail=words)
        for p in people
    ]
    assert services.notify_many(shared, shared_detail=True) == 3
    assert services.notify_many(shared, shared_detail=True) == 0  # nothing new
    stored = _stored_details("checkin_due")
    assert len(stored) == 3 and len(set(stored)) == 1 and words not in stored[0]
    assert {n.detail for n in Notification.objects.filter(event="checkin_due")} == {words}


def test_insert_ignoring_conflicts_counts_only_new_rows(owner, partner):
    now = Notification._meta.get_field("created_at").get_db_prep_save(datetime.now(UTC), connection)
    row = (owner.pk, "weekly_plan", "/", "", "k", now, True)
    fields = services.NOTIFICATION_FIELDS
    assert insert_ignoring_conflicts(Notification, fields, [row]) == 1
    again = [row, (partner.pk, *row[1:])]
    assert insert_ignoring_conflicts(Notification, fields, again) == 1
    assert Notification.objects.count() == 2
    assert insert_ignoring_conflicts(Notification, fields, []) == 0
