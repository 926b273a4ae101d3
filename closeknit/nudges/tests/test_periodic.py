from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from closeknit.activity.services import activity_record
from closeknit.dates.models import PlannedDate
from closeknit.nudges.models import Notification
from closeknit.nudges.periodic import announce_weekly_plans, remind_dates, suggest_checkins


def test_both_partners_hear_about_a_date_once(owner, partner, couple):
    soon = PlannedDate.objects.create(
        couple=couple,
        created_by=owner,
        title="Picnic",
        starts_at=timezone.now() + timedelta(hours=5),
    )
    PlannedDate.objects.create(
        couple=couple, created_by=owner, title="Later", starts_at=timezone.now() + timedelta(days=3)
    )
    assert remind_dates() == 2
    assert remind_dates() == 0
    assert set(Notification.objects.values_list("user_id", "url")) == {
        (owner.pk, f"/quality-time/dates/{soon.pk}/"),
        (partner.pk, f"/quality-time/dates/{soon.pk}/"),
    }
    assert "Picnic" not in str(list(Notification.objects.values_list("detail", flat=True)))


def test_the_weekly_plan_is_announced_monday_morning_to_active_people(owner, partner, couple):
    activity_record(user=owner, couple=couple, practice="trust", kind="test")
    monday_nine = datetime(2026, 11, 30, 9, 5, tzinfo=ZoneInfo(owner.timezone))
    assert announce_weekly_plans(now=monday_nine) == 1  # the partner hasn't used it lately
    assert announce_weekly_plans(now=monday_nine + timedelta(minutes=20)) == 0
    assert announce_weekly_plans(now=monday_nine + timedelta(days=1)) == 0
    assert Notification.objects.get().user_id == owner.pk


def test_a_due_check_in_is_suggested_once_per_period(owner, partner, couple):
    activity_record(user=owner, couple=couple, practice="trust", kind="test")
    evening = timezone.now().astimezone(ZoneInfo(owner.timezone)).replace(hour=18, minute=3)
    assert suggest_checkins(now=evening) == 1
    assert suggest_checkins(now=evening + timedelta(days=1)) == 0
    assert Notification.objects.get().event == "checkin_due"
