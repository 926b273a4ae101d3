from datetime import timedelta

from django.utils import timezone

from closeknit.nudges import services
from closeknit.nudges.models import Notification, PeriodicRun
from closeknit.nudges.schedule import enqueue_due


def test_the_centre_lists_marks_and_clears(web, owner):
    services.notify(user=owner, event="checkin_due", url="/checkin/", dedupe_key="a")
    client = web(owner)
    home = client.get("/").content.decode()
    assert 'Notifications <span class="badge">1' in home
    page = client.get("/notifications/").content.decode()
    assert "A check-in is ready when you are" in page
    note = Notification.objects.get()
    partial = client.post(
        "/notifications/act/", {"action": "read", "id": note.pk}, headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert services.unread_count(owner) == 0
    client.post("/notifications/act/", {"action": "clear"})
    assert "Nothing new" in client.get("/notifications/").content.decode()


def test_bad_actions_change_nothing(web, owner, outsider):
    services.notify(user=owner, event="checkin_due", url="/", dedupe_key="a")
    note = Notification.objects.get()
    assert web(owner).post("/notifications/act/", {"action": "explode"}).status_code == 400
    assert web(owner).post("/notifications/act/", {"action": "read", "id": "x"}).status_code == 404
    assert (
        web(outsider).post("/notifications/act/", {"action": "read", "id": note.pk}).status_code
        == 404
    )
    assert services.unread_count(owner) == 1


def test_preferences_page_saves_and_refuses_half_quiet_hours(web, owner):
    client = web(owner)
    assert client.get("/notifications/settings/").status_code == 200
    bad = client.post("/notifications/settings/", {"daily_cap": 3, "quiet_from": "22:00"})
    assert bad.status_code == 400
    ok = client.post(
        "/notifications/settings/",
        {"daily_cap": 5, "quiet_from": "22:00", "quiet_until": "07:00", "weekly_plan__app": "on"},
    )
    assert ok.status_code == 302
    prefs = services.preferences_for(owner)
    assert prefs.daily_cap == 5 and prefs.quiet_until.hour == 7
    assert services.channel_on(prefs, "weekly_plan", "email") is False


def test_the_api_lists_marks_clears_and_sets_preferences(api, owner):
    services.notify(user=owner, event="weekly_plan", url="/insights/", dedupe_key="a")
    client = api(owner)
    items = client.get("/notifications").json()
    assert [i["title"] for i in items] == ["This week's plan is ready"]
    assert client.post(f"/notifications/{items[0]['id']}/read").json() == {"marked": 1}
    assert client.delete(f"/notifications/{items[0]['id']}").json() == {"cleared": 1}
    updated = client.call(
        "PUT",
        "/notifications/preferences",
        {"channels": {"weekly_plan": {"email": False, "push": True}}, "daily_cap": 4},
    )
    assert updated.status_code == 200
    assert updated.json()["channels"]["weekly_plan"] == {"app": True, "email": False, "push": True}
    for bad in (
        {"daily_cap": 0},
        {"channels": {"nope": {"app": True}}},
        {"quiet_from": "22:00"},
        {"channels": {"weekly_plan": {"sms": True}}},
    ):
        response = client.call("PUT", "/notifications/preferences", bad)
        assert 400 <= response.status_code < 500, bad
    assert services.preferences_for(owner).daily_cap == 4
    quiet = client.call(
        "PUT", "/notifications/preferences", {"quiet_from": "22:00", "quiet_until": "07:30"}
    )
    assert quiet.status_code == 200 and quiet.json()["quiet_until"] == "07:30"
    for bad in ("22:00:00Z", "25:00", "7:30"):
        response = client.call(
            "PUT", "/notifications/preferences", {"quiet_from": bad, "quiet_until": "07:00"}
        )
        assert response.status_code == 422, bad


def test_each_periodic_slot_runs_once_across_workers(db):
    now = timezone.now()
    first = enqueue_due(now=now)
    second = enqueue_due(now=now)
    jobs = {"rollover", "deliver_email", "deliver_push", "remind_dates", "remind_occasions",
            "hourly", "reclaim_tasks"}  # fmt: skip
    assert set(first) == jobs and second == []
    later = enqueue_due(now=now + timedelta(hours=1, minutes=1))
    assert set(later) == jobs
    assert PeriodicRun.objects.count() == 2 * len(jobs)


def test_the_centre_shows_a_page_at_a_time(web, owner):
    """A short first page whatever the history; older notifications a page at a time."""
    from closeknit.nudges.views import PAGE

    now = timezone.now()
    Notification.objects.bulk_create(  # past the daily cap of `notify`, as over weeks
        Notification(
            user=owner,
            event="checkin_due",
            url="/",
            dedupe_key=f"k{n}",
            created_at=now - timedelta(hours=n),
        )
        for n in range(PAGE + 5)
    )
    client = web(owner)
    first = client.get("/notifications/").content.decode()
    assert first.count('name="id"') == PAGE and "?page=2" in first and "Newer" not in first
    oldest = Notification.objects.get(dedupe_key=f"k{PAGE + 4}")
    assert f'value="{oldest.pk}"' not in first
    second = client.get("/notifications/?page=2").content.decode()
    assert second.count('name="id"') == 5 and "?page=1" in second and "?page=3" not in second
    assert f'value="{oldest.pk}"' in second
    assert client.get("/notifications/?page=x").status_code == 200
