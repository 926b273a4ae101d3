"""Planning dates, time zones, .ics downloads, and private logs of how each felt."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from closeknit.activity.models import ActivityRecord
from closeknit.dates.models import DateLog, PlannedDate
from closeknit.dates.services import planning
from closeknit.dates.tests.conftest import move_to_past, plan, soon

P = "/quality-time"
BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def local_form(when, tz, **extra):
    local = when.astimezone(tz)
    return {"day": local.date().isoformat(), "time": local.strftime("%H:%M"), **extra}


def test_planning_on_the_web_in_my_time_zone_shows_in_my_partners(
    web, ideas, owner, partner, couple
):
    when = soon(days=3)
    form = local_form(when, BERLIN, idea="date-003", place="the big park", note="bring cards")
    response = web(owner).get(f"{P}/dates/new/?idea=date-003")
    assert response.status_code == 200 and "Question jar" in response.content.decode()
    created = web(owner).post(f"{P}/dates/new/", form)
    assert created.status_code == 302
    planned = PlannedDate.objects.get()
    assert planned.starts_at == when and planned.couple == couple
    assert planned.title == "Question jar" and planned.minutes == 60
    kai_page = web(partner).get(created["Location"]).content.decode()
    assert when.astimezone(NEW_YORK).strftime("%H:%M") in kai_page
    assert "bring cards" in kai_page and "the big park" in kai_page
    robin_page = web(owner).get(created["Location"]).content.decode()
    assert when.astimezone(BERLIN).strftime("%H:%M") in robin_page
    assert "Question jar" in web(partner).get(f"{P}/").content.decode()
    assert ActivityRecord.objects.filter(user=owner, kind="date_planned").count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"day": "2001-01-01"}, "already passed"),
        ({"day": "not a day"}, "Enter a valid date"),
        ({"time": "25:61"}, "Enter a valid time"),
        ({"minutes": "5"}, "greater than or equal to 10"),
        ({"title": ""}, "Give the date a name"),
        ({"title": "x", "idea": "date-999"}, "isn&#x27;t in the library"),
        ({"day": "2099-01-01"}, "three years ahead"),
    ],
)
def test_bad_dates_on_the_web_are_400_and_keep_what_was_typed(web, ideas, owner, change, message):
    form = {**local_form(soon(), BERLIN), "title": "Sunset walk", "place": "the pier", **change}
    response = web(owner).post(f"{P}/dates/new/", form)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert "the pier" in body
    assert not PlannedDate.objects.exists()


def test_the_api_plans_reads_changes_and_cancels(api, ideas, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    naive = (timezone.now().astimezone(BERLIN) + timedelta(days=4)).replace(
        tzinfo=None, second=0, microsecond=0
    )
    created = robin.post(
        "/quality-time/dates", {"title": "Stargazing", "starts_at": naive.isoformat()}
    )
    assert created.status_code == 201, created.content
    date = created.json()
    expected = naive.replace(tzinfo=BERLIN)
    assert PlannedDate.objects.get().starts_at == expected  # read in Robin's own zone
    seen = kai.get(f"/quality-time/dates/{date['id']}").json()
    assert seen["timezone"] == "America/New_York"
    assert seen["starts_at_local"].startswith(
        expected.astimezone(NEW_YORK).strftime("%Y-%m-%dT%H:%M")
    )
    assert [d["id"] for d in kai.get("/quality-time/dates").json()["upcoming"]] == [date["id"]]

    later = (expected + timedelta(days=1)).isoformat()
    changed = kai.patch(f"/quality-time/dates/{date['id']}", {"starts_at": later, "place": "roof"})
    assert changed.status_code == 200 and changed.json()["place"] == "roof"
    planned = PlannedDate.objects.get()
    assert planned.sequence == 1 and planned.starts_at == expected + timedelta(days=1)
    assert changed.json()["uid"] == date["uid"]

    assert robin.delete(f"/quality-time/dates/{date['id']}").status_code == 204
    assert not PlannedDate.objects.exists()
    assert kai.get(f"/quality-time/dates/{date['id']}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x", "starts_at": "2001-01-01T10:00:00Z"},
        {"title": "x", "starts_at": "yesterday"},
        {"title": "x"},
        {"title": "", "starts_at": "NOW+"},
        {"title": "", "starts_at": "FUTURE"},
        {"title": "x", "starts_at": "FUTURE", "minutes": 3},
        {"title": "x", "starts_at": "FUTURE", "minutes": "long"},
        {"title": "x", "starts_at": "FUTURE", "idea_id": "date-999"},
        {"title": "x" * 121, "starts_at": "FUTURE"},
        {"title": "x", "starts_at": "FUTURE", "colour": "red"},
        {"title": 7, "starts_at": "FUTURE"},
    ],
)
def test_bad_dates_over_the_api_are_4xx_and_write_nothing(api, ideas, owner, body):
    future = soon().isoformat()
    body = {k: (future if v in ("FUTURE", "NOW+") else v) for k, v in body.items()}
    response = api(owner).post("/quality-time/dates", body)
    assert response.status_code in (400, 422), response.content
    assert response.json()["error"]["message"]
    assert not PlannedDate.objects.exists()


def test_changing_to_a_past_time_is_refused(api, owner):
    planned = plan(owner)
    response = api(owner).patch(
        f"/quality-time/dates/{planned.pk}", {"starts_at": "2001-05-01T10:00:00Z"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "in_the_past"
    assert api(owner).patch(f"/quality-time/dates/{planned.pk}", {"minutes": 0}).status_code == 422
    planned.refresh_from_db()
    assert planned.sequence == 0


def test_editing_a_date_on_the_web(web, owner, partner, couple):
    planned = plan(owner, title="Pottery")
    form = local_form(planned.starts_at, NEW_YORK, title="Pottery class", minutes="90")
    response = web(partner).post(f"{P}/dates/{planned.pk}/edit/", form)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.title == "Pottery class" and planned.minutes == 90
    # A date that has begun can still be renamed without touching its time.
    move_to_past(planned)
    form = local_form(planned.starts_at, BERLIN, title="Pottery, done")
    assert web(owner).post(f"{P}/dates/{planned.pk}/edit/", form).status_code == 302
    assert web(owner).get(f"{P}/dates/{planned.pk}/edit/").status_code == 200


def test_each_date_downloads_as_an_ics_file(web, api, owner, partner, couple):
    planned = plan(owner, title="Ferry ride", place="Pier 4", note="sunset side", minutes=90)
    for response in (
        web(partner).get(f"{P}/dates/{planned.pk}/date.ics"),
        api(partner).get(f"/quality-time/dates/{planned.pk}/ics"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        calendar = icalendar.Calendar.from_ical(response.content)
        [event] = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == "Ferry ride" and str(event["LOCATION"]) == "Pier 4"
        assert event.decoded("DTSTART") == planned.starts_at
        assert event.decoded("DTSTART").utcoffset() == timedelta(0)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
        assert str(event["UID"]) == f"{planned.uid}@closeknit"
        assert "sunset side" in str(event["DESCRIPTION"])


def test_the_uid_stays_and_the_sequence_grows_when_a_date_changes(web, owner):
    planned = plan(owner)
    first = icalendar.Calendar.from_ical(web(owner).get(f"{P}/dates/{planned.pk}/date.ics").content)
    planning.date_update(user=owner, date_id=planned.pk, changes={"title": "Renamed"})
    second = icalendar.Calendar.from_ical(
        web(owner).get(f"{P}/dates/{planned.pk}/date.ics").content
    )
    [a], [b] = first.walk("VEVENT"), second.walk("VEVENT")
    assert a["UID"] == b["UID"]
    assert int(b["SEQUENCE"]) == int(a["SEQUENCE"]) + 1
    assert str(b["SUMMARY"]) == "Renamed"


def test_logs_are_private_until_shared(web, api, owner, partner, couple):
    planned = move_to_past(plan(owner, title="Museum"))
    robin, kai = api(owner), api(partner)
    saved = robin.call(
        "PUT", f"/quality-time/dates/{planned.pk}/log", {"feeling": 5, "words": "so glad"}
    )
    assert saved.status_code == 200 and saved.json()["mine"]["words"] == "so glad"
    seen = kai.get(f"/quality-time/dates/{planned.pk}").json()
    assert seen["theirs"] is None and seen["mine"] is None
    assert "so glad" not in kai.get("/quality-time/dates").content.decode()
    assert "so glad" not in web(partner).get(f"{P}/dates/{planned.pk}/").content.decode()

    robin.call(
        "PUT",
        f"/quality-time/dates/{planned.pk}/log",
        {"feeling": 4, "words": "so glad", "shared": True},
    )
    assert kai.get(f"/quality-time/dates/{planned.pk}").json()["theirs"]["feeling"] == 4
    assert "so glad" in web(partner).get(f"{P}/dates/{planned.pk}/").content.decode()
    assert robin.delete(f"/quality-time/dates/{planned.pk}/log").status_code == 204
    assert kai.get(f"/quality-time/dates/{planned.pk}").json()["theirs"] is None
    assert robin.delete(f"/quality-time/dates/{planned.pk}/log").status_code == 404
    assert ActivityRecord.objects.filter(user=owner, kind="date_logged").count() == 1


def test_logging_on_the_web_with_htmx(web, owner, partner, couple):
    planned = move_to_past(plan(owner))
    response = web(partner).post(
        f"{P}/dates/{planned.pk}/log/",
        {"feeling": "3", "words": "a bit rainy", "shared": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    log = DateLog.objects.get()
    assert (log.user, log.feeling, log.shared, log.couple) == (partner, 3, True, couple)
    bad = web(partner).post(
        f"{P}/dates/{planned.pk}/log/",
        {"feeling": "9", "words": "kept words"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 400 and "kept words" in bad.content.decode()
    log.refresh_from_db()
    assert log.feeling == 3


def test_a_date_still_to_come_cannot_be_logged(web, api, owner):
    planned = plan(owner)
    response = api(owner).call("PUT", f"/quality-time/dates/{planned.pk}/log", {"feeling": 3})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_yet_happened"
    page = web(owner).post(f"{P}/dates/{planned.pk}/log/", {"feeling": "3"})
    assert page.status_code == 409
    for body in ({"feeling": 0}, {"feeling": 6}, {"feeling": "good"}, {"words": "x"}):
        assert (
            api(owner).call("PUT", f"/quality-time/dates/{planned.pk}/log", body).status_code == 422
        )
    assert not DateLog.objects.exists()


def test_alone_a_log_cannot_be_shared(api, owner):
    planned = move_to_past(plan(owner))
    response = api(owner).call(
        "PUT", f"/quality-time/dates/{planned.pk}/log", {"feeling": 3, "shared": True}
    )
    assert response.status_code == 409 and not DateLog.objects.exists()


def test_outsiders_get_404_on_every_date_route(web, api, owner, partner, couple, outsider):
    planned = plan(owner, note="secret note")
    move_to_past(planned)
    planning.date_log_save(user=owner, date_id=planned.pk, feeling=5, words="private", shared=True)
    client, api_client = web(outsider), api(outsider)
    for path in ("", "edit/", "date.ics"):
        response = client.get(f"{P}/dates/{planned.pk}/{path}")
        assert response.status_code == 404, path
        assert "secret note" not in response.content.decode()
    for path, data in (("edit/", {"title": "x"}), ("cancel/", {}), ("log/", {"feeling": "3"})):
        assert client.post(f"{P}/dates/{planned.pk}/{path}", data).status_code == 404, path
    assert api_client.get(f"/quality-time/dates/{planned.pk}").status_code == 404
    assert api_client.delete(f"/quality-time/dates/{planned.pk}").status_code == 404
    assert "secret note" not in api_client.get("/quality-time/dates").content.decode()
    assert PlannedDate.objects.filter(pk=planned.pk).exists()
    assert DateLog.objects.get().feeling == 5


def test_the_dates_page_lists_upcoming_and_earlier(web, owner, partner, couple):
    plan(owner, title="Soon thing")
    move_to_past(plan(partner, title="Old thing"), days=10)
    page = web(owner).get(f"{P}/dates/").content.decode()
    assert page.index("Soon thing") < page.index("Old thing")
    assert "Make my private address" in page
