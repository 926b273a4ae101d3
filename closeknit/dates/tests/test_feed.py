"""The private calendar feed: a secret address, public only with the right token."""

from datetime import timedelta

import icalendar
from django.utils import timezone

from closeknit.dates.models import FeedToken, PlannedDate
from closeknit.dates.services import feed
from closeknit.dates.tests.conftest import plan

P = "/quality-time"


def feed_path(raw: str) -> str:
    return f"{P}/calendar/{raw}.ics"


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_the_feed_lists_the_couples_dates_and_nothing_else(
    web, api, owner, partner, couple, outsider
):
    mine = plan(owner, title="Picnic", place="the hill", note="bring a blanket")
    theirs = plan(partner, title="Gallery", minutes=90)
    plan(outsider, title="Not yours")
    old = plan(owner, title="Long ago")
    PlannedDate.objects.filter(pk=old.pk).update(starts_at=timezone.now() - timedelta(days=90))

    created = api(owner).post("/quality-time/feed")
    assert created.status_code == 201
    url = created.json()["url"]
    assert url.startswith("http://testserver/quality-time/calendar/")
    found = events(web(None).get(url.removeprefix("http://testserver")))
    by_uid = {str(e["UID"]): e for e in found}
    assert set(by_uid) == {f"{mine.uid}@closeknit", f"{theirs.uid}@closeknit"}
    event = by_uid[f"{mine.uid}@closeknit"]
    assert str(event["SUMMARY"]) == "Picnic" and str(event["LOCATION"]) == "the hill"
    assert event.decoded("DTSTART") == mine.starts_at
    assert event.decoded("DTSTART").tzinfo is not None
    assert "bring a blanket" not in response_text(web(None).get(url))
    gallery = by_uid[f"{theirs.uid}@closeknit"]
    assert gallery.decoded("DTEND") - gallery.decoded("DTSTART") == timedelta(minutes=90)


def response_text(response) -> str:
    return response.content.decode()


def test_the_feed_address_shows_on_the_persons_page_and_can_be_remade(web, owner, partner, couple):
    client = web(owner)
    assert client.post(f"{P}/calendar/renew/").status_code == 302
    first = FeedToken.objects.get(user=owner).token
    page = client.get(f"{P}/dates/").content.decode()
    assert first in page
    # The partner has no address until they make their own; they never see Robin's.
    assert first not in web(partner).get(f"{P}/dates/").content.decode()
    client.post(f"{P}/calendar/renew/")
    second = FeedToken.objects.get(user=owner).token
    assert second != first
    assert web(None).get(feed_path(first)).status_code == 404
    assert web(None).get(feed_path(second)).status_code == 200
    client.post(f"{P}/calendar/revoke/")
    assert web(None).get(feed_path(second)).status_code == 404
    assert not FeedToken.objects.exists()


def test_wrong_tokens_are_404(web, owner):
    raw = feed.feed_token_renew(user=owner)
    for bad in ("nope", raw[:-1], raw.upper() if raw.upper() != raw else raw + "x", "x" * 200):
        assert web(None).get(feed_path(bad)).status_code == 404
    assert web(None).get(feed_path(raw)).status_code == 200


def test_the_token_is_only_stored_hashed_and_encrypted(owner):
    from django.db import connection

    raw = feed.feed_token_renew(user=owner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash, token FROM dates_feedtoken")
        stored_hash, stored = cursor.fetchone()
    assert raw not in stored_hash and raw not in stored and stored.startswith("ck1:")


def test_the_feed_api_reads_renews_and_revokes(api, owner):
    client = api(owner)
    assert client.get("/quality-time/feed").json() == {"url": None, "created_at": None}
    url = client.post("/quality-time/feed").json()["url"]
    assert client.get("/quality-time/feed").json()["url"] == url
    assert client.delete("/quality-time/feed").status_code == 204
    assert client.get("/quality-time/feed").json()["url"] is None


def test_after_leaving_the_feed_no_longer_shows_the_ended_couples_dates(
    web, owner, partner, couple
):
    from closeknit.couples.services import couple_leave

    plan(partner, title="Shared plan")
    raw = feed.feed_token_renew(user=owner)
    assert len(events(web(None).get(feed_path(raw)))) == 1
    couple_leave(user=partner, entries_stay=True)
    assert events(web(None).get(feed_path(raw))) == []


def test_a_cancelled_date_leaves_the_feed(web, owner):
    planned = plan(owner)
    raw = feed.feed_token_renew(user=owner)
    assert len(events(web(None).get(feed_path(raw)))) == 1
    web(owner).post(f"{P}/dates/{planned.pk}/cancel/", {"confirm": "yes"})
    assert events(web(None).get(feed_path(raw))) == []
