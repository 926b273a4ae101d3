"""Mood and stress check-ins: a few taps, private to their author unless one is shared."""

import re
from datetime import UTC, datetime

from django.utils.html import strip_tags

from closeknit.activity.models import ActivityRecord
from closeknit.support import services
from closeknit.support.models import MoodEntry

SECRET = "could not stop crying at lunch"


def test_checking_in_on_the_web_with_htmx(web, owner, partner, couple):
    robin = web(owner)
    page = robin.get("/support/mood/").content.decode()
    assert "Really low" in page and "Overwhelmed" in page and "Only you see these" in page
    saved = robin.post(
        "/support/mood/",
        {"mood": "2", "stress": "4", "note": SECRET},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and "<html" not in saved.content.decode()
    body = saved.content.decode()
    assert "A bit down" in body and "Very stressed" in body and SECRET in body
    entry = MoodEntry.objects.get()
    assert (entry.user, entry.mood, entry.stress, entry.shared_with) == (owner, 2, 4, None)
    assert robin.post("/support/mood/", {"mood": "5", "stress": "1"}).status_code == 302
    assert ActivityRecord.objects.filter(user=owner, kind="mood_checkin").count() == 2


def test_bad_check_ins_are_refused_and_nothing_is_written(web, api, owner):
    for data in ({"mood": "6", "stress": "2"}, {"mood": "3"}, {"mood": "x", "stress": "2"}):
        response = web(owner).post(
            "/support/mood/", {**data, "note": "typed words"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 400, data
        assert "typed words" in response.content.decode()
    for bad in (
        {"mood": 0, "stress": 3},
        {"mood": 3, "stress": 6},
        {"mood": 3},
        {"mood": 3, "stress": 3, "note": "x" * 1001},
        {"mood": 3, "stress": 3, "emoji": "sad"},
    ):
        response = api(owner).post("/support/moods", bad)
        assert 400 <= response.status_code < 500 and response.json()["error"]["message"], bad
    assert not MoodEntry.objects.exists()


def test_the_partner_never_sees_private_check_ins_or_a_count_of_them(
    web, api, owner, partner, couple, outsider
):
    entries = [services.mood_add(user=owner, mood=1, stress=5, note=SECRET) for _ in range(13)]
    MoodEntry.objects.update(created_at=datetime(2025, 1, 1, tzinfo=UTC))
    for person in (partner, outsider):
        client, robot = web(person), api(person)
        for url in ("/support/", "/support/mood/", "/support/live/?part=incoming"):
            text = strip_tags(client.get(url).content.decode())
            assert SECRET not in text, url
            assert not re.search(r"\b13\b", text), url
        assert robot.get(f"/support/moods/{entries[0].pk}").status_code == 404
        assert robot.get("/support/moods").json() == []
        assert robot.get("/support/shared-moods").json() == []
        assert SECRET not in robot.get("/support").content.decode()
        assert (
            client.post(f"/support/mood/{entries[0].pk}/share/", {"shared": "1"}).status_code == 404
        )
        assert client.post(f"/support/mood/{entries[0].pk}/delete/").status_code == 404
        assert (
            robot.call("PUT", f"/support/moods/{entries[0].pk}/share", {"shared": True}).status_code
            == 404
        )
        assert robot.delete(f"/support/moods/{entries[0].pk}").status_code == 404
    assert MoodEntry.objects.filter(shared_with__isnull=False).count() == 0
    own = strip_tags(web(owner).get("/support/mood/").content.decode())
    assert SECRET in own and not re.search(r"\b13\b", own)


def test_sharing_a_single_check_in(web, api, owner, partner, couple):
    shared = services.mood_add(user=owner, mood=2, stress=4, note="the deadline moved up")
    services.mood_add(user=owner, mood=1, stress=5, note=SECRET)
    response = web(owner).post(
        f"/support/mood/{shared.pk}/share/", {"shared": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Make private again" in response.content.decode()
    kai = api(partner).get("/support/shared-moods").json()
    assert [(m["name"], m["note"], m["stress_label"]) for m in kai] == [
        ("Robin", "the deadline moved up", "Very stressed")
    ]
    kai_page = web(partner).get("/support/mood/").content.decode()
    assert "the deadline moved up" in kai_page and SECRET not in kai_page
    assert api(partner).get(f"/support/moods/{shared.pk}").status_code == 404  # still Robin's
    unshared = api(owner).call("PUT", f"/support/moods/{shared.pk}/share", {"shared": False})
    assert unshared.json()["shared"] is False
    assert api(partner).get("/support/shared-moods").json() == []


def test_check_ins_over_the_api(api, owner):
    robot = api(owner)
    created = robot.post("/support/moods", {"mood": 4, "stress": 2, "note": "slept well"})
    assert created.status_code == 201
    entry = created.json()
    assert (entry["mood_label"], entry["stress_label"], entry["shared"]) == (
        "Good",
        "A little stretched",
        False,
    )
    assert [m["id"] for m in robot.get("/support/moods").json()] == [entry["id"]]
    refused = robot.call("PUT", f"/support/moods/{entry['id']}/share", {"shared": True})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_partner"
    assert robot.delete(f"/support/moods/{entry['id']}").status_code == 204
    assert robot.get("/support/moods").json() == []


def test_a_shared_check_in_shows_on_the_partners_support_page(web, owner, partner, couple):
    entry = services.mood_add(user=owner, mood=2, stress=4, note="big exam tomorrow")
    services.mood_add(user=owner, mood=1, stress=5, note=SECRET)
    assert "shared a check-in" not in web(partner).get("/support/").content.decode()
    services.mood_share(user=owner, mood_id=entry.pk, shared=True)
    polled = web(partner).get("/support/live/?part=incoming", headers={"HX-Request": "true"})
    body = polled.content.decode()
    assert "Robin shared a check-in: A bit down, Very stressed." in body
    assert "big exam tomorrow" in body and SECRET not in body
    assert "shared a check-in" not in web(owner).get("/support/").content.decode()
