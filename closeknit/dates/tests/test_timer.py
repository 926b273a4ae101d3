"""Phone-free time: either partner starts it, both see it, either stops it."""

from datetime import timedelta

from closeknit.activity.models import ActivityRecord
from closeknit.dates.models import PhoneFreeSession
from closeknit.dates.services import timer

P = "/quality-time"


def test_either_starts_both_see_either_stops(web, api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    started = robin.post("/quality-time/timer/start")
    assert started.status_code == 201 and started.json()["running"]["started_by_me"] is True
    seen = kai.get("/quality-time/timer").json()
    assert seen["running"] is not None and seen["running"]["started_by_me"] is False
    assert "We're done" in web(partner).get(f"{P}/phone-free/").content.decode()
    again = kai.post("/quality-time/timer/start")
    assert again.status_code == 409 and again.json()["error"]["code"] == "timer_running"

    PhoneFreeSession.objects.update(
        started_at=PhoneFreeSession.objects.get().started_at - timedelta(minutes=42)
    )
    stopped = kai.post("/quality-time/timer/stop")
    assert stopped.status_code == 200 and stopped.json()["running"] is None
    assert stopped.json()["recent"][0]["minutes"] == 42
    assert robin.get("/quality-time/timer").json()["minutes_this_month"] == 42
    assert kai.post("/quality-time/timer/stop").status_code == 409
    kinds = set(ActivityRecord.objects.values_list("kind", flat=True))
    assert {"phone_free_started", "phone_free_ended"} <= kinds


def test_the_timer_on_the_web_with_htmx(web, owner, partner, couple):
    response = web(owner).post(f"{P}/phone-free/start/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "data-started" in body
    poll = web(partner).get(f"{P}/phone-free/", headers={"HX-Request": "true"}).content.decode()
    assert "data-started" in poll and 'hx-trigger="every 30s"' in poll
    assert "data-started" in web(partner).get(f"{P}/").content.decode()
    twice = web(partner).post(f"{P}/phone-free/start/", headers={"HX-Request": "true"})
    assert twice.status_code == 409 and "already running" in twice.content.decode()
    assert web(partner).post(f"{P}/phone-free/stop/").status_code == 302
    assert PhoneFreeSession.objects.get().ended_by == partner
    assert web(owner).post(f"{P}/phone-free/stop/").status_code == 409


def test_a_forgotten_timer_is_capped_and_nothing_shames(api, owner):
    session = timer.timer_start(user=owner)
    PhoneFreeSession.objects.filter(pk=session.pk).update(
        started_at=session.started_at - timedelta(days=2)
    )
    assert timer.timer_stop(user=owner).minutes == timer.MAX_MINUTES


def test_couples_have_separate_timers(api, owner, partner, couple, outsider):
    api(owner).post("/quality-time/timer/start")
    assert api(outsider).get("/quality-time/timer").json()["running"] is None
    assert api(outsider).post("/quality-time/timer/stop").status_code == 409
    assert api(outsider).post("/quality-time/timer/start").status_code == 201
    assert PhoneFreeSession.objects.filter(ended_at__isnull=True).count() == 2
