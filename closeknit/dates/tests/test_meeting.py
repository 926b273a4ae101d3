"""The weekly couple meeting: a guided page with shared, encrypted notes."""

from django.db import connection

from closeknit.activity.models import ActivityRecord
from closeknit.dates.models import Meeting, MeetingNote
from closeknit.dates.services import meetings

P = "/quality-time"


def test_the_guide_runs_in_order_and_notes_are_shared(web, api, owner, partner, couple):
    page = web(owner).get(f"{P}/meeting/").content.decode()
    order = [page.index(t) for t in ("Appreciations", "What went well", "One topic", "feel loved")]
    assert order == sorted(order)
    meeting = Meeting.objects.get(couple=couple)
    response = web(owner).post(
        f"{P}/meeting/{meeting.pk}/notes/",
        {"section": "appreciations", "text": "you fixed my bike"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    kai = api(partner).get("/quality-time/meetings/current").json()
    assert kai["id"] == meeting.pk
    part = next(s for s in kai["sections"] if s["key"] == "appreciations")
    assert part["theirs"] == "you fixed my bike" and part["mine"] == ""
    put = api(partner).call(
        "PUT", f"/quality-time/meetings/{meeting.pk}/notes", {"section": "topic", "text": "chores"}
    )
    assert put.status_code == 200
    assert "chores" in web(owner).get(f"{P}/meeting/").content.decode()
    assert ActivityRecord.objects.filter(kind="meeting_notes").count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM dates_meetingnote")
        assert all(row[0].startswith("ck1:") for row in cursor.fetchall())


def test_empty_text_clears_my_notes(api, owner, partner, couple):
    meeting = meetings.meeting_current(user=owner)
    meetings.meeting_note_save(user=owner, meeting_id=meeting.pk, section="topic", text="x")
    api(owner).call(
        "PUT", f"/quality-time/meetings/{meeting.pk}/notes", {"section": "topic", "text": ""}
    )
    assert not MeetingNote.objects.exists()


def test_bad_notes_are_refused_and_keep_what_was_typed(web, api, owner, partner, couple):
    meeting = meetings.meeting_current(user=owner)
    url = f"/quality-time/meetings/{meeting.pk}/notes"
    assert api(owner).call("PUT", url, {"section": "gossip", "text": "x"}).status_code == 400
    assert api(owner).call("PUT", url, {"section": "topic", "text": "x" * 4001}).status_code == 422
    assert api(owner).call("PUT", url, {"section": "topic"}).status_code == 422
    response = web(owner).post(
        f"{P}/meeting/{meeting.pk}/notes/",
        {"section": "topic", "text": "y" * 4001},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400 and "y" * 4001 in response.content.decode()
    assert (
        web(owner)
        .post(f"{P}/meeting/{meeting.pk}/notes/", {"section": "gossip", "text": "z"})
        .status_code
        == 400
    )
    assert not MeetingNote.objects.exists()


def test_outsiders_cannot_read_or_write_a_couples_meeting(
    web, api, owner, partner, couple, outsider
):
    meeting = meetings.meeting_current(user=owner)
    meetings.meeting_note_save(user=owner, meeting_id=meeting.pk, section="topic", text="ours")
    assert web(outsider).get(f"{P}/meeting/{meeting.pk}/").status_code == 404
    assert (
        web(outsider)
        .post(f"{P}/meeting/{meeting.pk}/notes/", {"section": "topic", "text": "x"})
        .status_code
        == 404
    )
    assert api(outsider).get(f"/quality-time/meetings/{meeting.pk}").status_code == 404
    assert api(outsider).get("/quality-time/meetings/current").json()["id"] != meeting.pk
    assert MeetingNote.objects.get().text == "ours"


def test_earlier_weeks_are_listed_and_readable(web, api, owner, partner, couple):
    from datetime import timedelta

    current = meetings.meeting_current(user=owner)
    old = Meeting.objects.create(couple=couple, week=current.week - timedelta(days=7))
    meetings.meeting_note_save(user=partner, meeting_id=old.pk, section="went_well", text="trip")
    assert [m["id"] for m in api(owner).get("/quality-time/meetings").json()] == [old.pk]
    assert "trip" in web(owner).get(f"{P}/meeting/{old.pk}/").content.decode()
    assert f"/meeting/{old.pk}/" in web(owner).get(f"{P}/meeting/").content.decode()


def test_someone_alone_can_prepare_notes_that_stay_theirs(web, api, owner):
    page = web(owner).get(f"{P}/meeting/").content.decode()
    assert "prepare your notes alone" in page
    meeting = Meeting.objects.get(user=owner, couple__isnull=True)
    response = api(owner).call(
        "PUT",
        f"/quality-time/meetings/{meeting.pk}/notes",
        {"section": "feel_loved", "text": "a slow breakfast"},
    )
    assert response.status_code == 200
    part = next(s for s in response.json()["sections"] if s["key"] == "feel_loved")
    assert part["mine"] == "a slow breakfast" and part["theirs"] is None
