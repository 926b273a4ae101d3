"""Export, and the leaving rule of docs/couples.md for every quality-time entry."""

import pytest

from closeknit.couples.services import couple_leave
from closeknit.dates import lifecycle
from closeknit.dates.models import MeetingNote, PhoneFreeSession
from closeknit.dates.services import feed, meetings, planning, timer
from closeknit.dates.services.ideas import idea_like_set
from closeknit.dates.tests.conftest import move_to_past, plan
from closeknit.lib.lifecycle import collect_exports

P = "/quality-time"


def _history(owner, partner):
    robins = move_to_past(plan(owner, title="Robin's plan", note="robin note"))
    kais = move_to_past(plan(partner, title="Kai's plan"))
    planning.date_log_save(user=owner, date_id=kais.pk, feeling=4, words="robin felt", shared=True)
    planning.date_log_save(
        user=partner, date_id=robins.pk, feeling=5, words="kai felt", shared=True
    )
    meeting = meetings.meeting_current(user=owner)
    meetings.meeting_note_save(
        user=owner, meeting_id=meeting.pk, section="topic", text="robin topic"
    )
    meetings.meeting_note_save(
        user=partner, meeting_id=meeting.pk, section="topic", text="kai topic"
    )
    timer.timer_start(user=owner)
    return robins, kais, meeting


def test_export_holds_only_my_own_entries(ideas, owner, partner, couple):
    _history(owner, partner)
    idea_like_set(user=owner, idea_id="date-001", liked=True)
    idea_like_set(user=partner, idea_id="date-002", liked=True)
    feed.feed_token_renew(user=owner)
    data = lifecycle.export_user_data(user=owner)
    assert [d["title"] for d in data["dates_planned"]] == ["Robin's plan"]
    assert [log["words"] for log in data["date_logs"]] == ["robin felt"]
    assert [n["text"] for n in data["meeting_notes"]] == ["robin topic"]
    assert [like["idea_id"] for like in data["liked_ideas"]] == ["date-001"]
    assert data["calendar_feed"] is True and len(data["phone_free_time_started"]) == 1
    text = str(data)
    assert "Kai's plan" not in text and "kai felt" not in text and "kai topic" not in text
    assert "dates" in collect_exports(user=owner)


@pytest.mark.parametrize("entries_stay", [True, False])
def test_leaving_follows_the_rule(web, api, owner, partner, couple, entries_stay):
    robins, kais, meeting = _history(owner, partner)
    couple_leave(user=owner, entries_stay=entries_stay)
    assert not PhoneFreeSession.objects.filter(ended_at__isnull=True).exists()

    # The partner's view of the ended space.
    kai = api(partner)
    robins_date = kai.get(f"/quality-time/dates/{robins.pk}")
    kai_meeting = kai.get(f"/quality-time/meetings/{meeting.pk}").json()
    topic = next(s for s in kai_meeting["sections"] if s["key"] == "topic")
    assert topic["mine"] == "kai topic"
    kais_date = kai.get(f"/quality-time/dates/{kais.pk}").json()
    if entries_stay:
        assert robins_date.json()["title"] == "Robin's plan"
        assert kais_date["theirs"]["words"] == "robin felt"
        assert topic["theirs"] == "robin topic"
    else:
        # Kai logged Robin's date, so the date stays listed for Kai, without Robin's words.
        body = robins_date.json()
        assert body["taken_away"] is True and body["title"] == "" and body["note"] == ""
        assert body["mine"]["words"] == "kai felt"
        assert kais_date["theirs"] is None
        assert topic["theirs"] is None
        page = web(partner).get(f"{P}/dates/").content.decode()
        assert "Robin&#x27;s plan" not in page and "robin felt" not in page
        assert "robin topic" not in web(partner).get(f"{P}/meeting/{meeting.pk}/").content.decode()
    assert kais_date["title"] == "Kai's plan" and kais_date["mine"] is None

    # The leaver keeps their own entries and sees nothing of the partner's.
    robin = api(owner)
    assert robin.get(f"/quality-time/dates/{robins.pk}").json()["title"] == "Robin's plan"
    kais_for_robin = robin.get(f"/quality-time/dates/{kais.pk}")
    assert kais_for_robin.status_code == 200
    assert kais_for_robin.json()["theirs"] is None
    robin_meeting = robin.get(f"/quality-time/meetings/{meeting.pk}").json()
    topic = next(s for s in robin_meeting["sections"] if s["key"] == "topic")
    assert topic["mine"] == "robin topic" and topic["theirs"] is None
    # Nothing of the ended space can be changed any more.
    assert robin.patch(f"/quality-time/dates/{robins.pk}", {"title": "x"}).status_code == 404
    assert (
        robin.call(
            "PUT",
            f"/quality-time/meetings/{meeting.pk}/notes",
            {"section": "topic", "text": "x"},
        ).status_code
        == 404
    )
    assert MeetingNote.objects.filter(user=owner).get().text == "robin topic"
    assert robin.get("/quality-time/dates").json()["upcoming"] == []
