"""'I could use some support': one tap to send, preferences and suggestions for the
partner, one-tap answers, withdrawing, and no read receipts or pressure."""

import re

from closeknit.activity.models import ActivityRecord
from closeknit.support import services
from closeknit.support.models import Signal, SignalAnswer


def _without_tokens(body: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "", body)


def test_one_tap_signal_and_one_tap_answer_on_the_web(web, owner, partner, couple):
    services.preferences_save(user=owner, ways=["listening"], in_my_words="Just be near.")
    robin, kai = web(owner), web(partner)
    assert "I could use some support" in robin.get("/support/").content.decode()
    sent = robin.post("/support/signals/", headers={"HX-Request": "true"})
    body = sent.content.decode()
    assert sent.status_code == 200 and "<html" not in body
    assert "You let Kai know you could use some support" in body
    assert "data-live" in body  # the answer arrives by itself (app.js, /live/)
    signal = Signal.objects.get()

    kai_index = kai.get("/support/").content.decode()
    assert "Robin could use some support" in kai_index
    assert "Listen to me, without fixing" in kai_index and "Just be near." in kai_index
    assert "Say back what you hear" in kai_index  # a suggestion keyed to listening
    assert 'id="support-incoming" class="live" aria-live="polite" data-live' in kai_index

    answered = kai.post(
        f"/support/signals/{signal.pk}/answer/",
        {"kind": "on_my_way", "from": "incoming"},
        headers={"HX-Request": "true"},
    )
    assert answered.status_code == 200 and 'id="support-incoming"' in answered.content.decode()
    assert "On my way." in answered.content.decode()
    polled = robin.get("/support/live/?part=mine", headers={"HX-Request": "true"})
    assert "Kai:</span>\n    On my way." in polled.content.decode()
    assert ActivityRecord.objects.filter(user=partner, kind="signal_answered").count() == 1
    assert ActivityRecord.objects.filter(user=owner, kind="signal_sent").count() == 1


def test_answers_with_a_call_time_or_a_note_on_the_signal_page(web, owner, partner, couple):
    signal = services.signal_send(user=owner, note="the meeting went badly")
    kai = web(partner)
    page = kai.get(f"/support/signals/{signal.pk}/").content.decode()
    assert "the meeting went badly" in page and 'type="time"' in page
    assert "Ask what would help most right now" in page  # no preferences yet: general ideas
    kai.post(f"/support/signals/{signal.pk}/answer/", {"kind": "call", "call_at": "18:00"})
    note = kai.post(
        f"/support/signals/{signal.pk}/answer/",
        {"kind": "note", "text": "Proud of you for going."},
        headers={"HX-Request": "true"},
    )
    assert note.status_code == 200 and 'id="signal-card"' in note.content.decode()
    robin_page = web(owner).get(f"/support/signals/{signal.pk}/").content.decode()
    assert "call you at 6" in robin_page and "Proud of you for going." in robin_page


def test_signals_over_the_api(api, owner, partner, couple):
    services.preferences_save(user=owner, ways=["space", "distraction"])
    robin, kai = api(owner), api(partner)
    created = robin.post("/support/signals", {"note": "long day"})
    assert created.status_code == 201 and created.json()["suggestions"] == []
    signal_id = created.json()["id"]
    seen = kai.get("/support").json()["partner_signals"][0]
    assert seen["id"] == signal_id and seen["can_answer"] and seen["is_open"]
    assert seen["sender_preferences"]["ways"] == ["space", "distraction"]
    assert len(seen["suggestions"]) == 4 and "room" in seen["suggestions"][0]
    answer = kai.post(f"/support/signals/{signal_id}/answers", {"kind": "call", "call_at": "18:30"})
    assert answer.status_code == 201
    mine = robin.get("/support").json()["my_signal"]
    assert mine["answers"][0]["text"].startswith("I'll call you at 6:30")
    assert mine["answers"][0]["from_me"] is False
    thinking = kai.post(f"/support/signals/{signal_id}/answers", {"kind": "thinking"})
    assert [a["text"] for a in thinking.json()["answers"]][-1] == "Thinking of you."
    listed = robin.get("/support/signals").json()
    assert [s["id"] for s in listed["items"]] == [signal_id] and not listed["has_next"]


def test_the_sender_can_take_a_signal_back(web, api, owner, partner, couple):
    signal = services.signal_send(user=owner)
    taken = web(owner).post(
        f"/support/signals/{signal.pk}/withdraw/", {"from": "mine"}, headers={"HX-Request": "true"}
    )
    assert taken.status_code == 200 and "I could use some support" in taken.content.decode()
    assert (
        "could use some support"
        not in web(partner).get("/support/live/?part=incoming").content.decode()
    )
    gone = api(partner).post(f"/support/signals/{signal.pk}/answers", {"kind": "thinking"})
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "withdrawn"
    again = api(owner).post(f"/support/signals/{signal.pk}/withdraw")
    assert again.status_code == 409
    assert api(partner).post(f"/support/signals/{signal.pk}/withdraw").status_code == 404
    assert api(owner).get(f"/support/signals/{signal.pk}").json()["withdrawn"] is True
    assert api(owner).post("/support/signals").status_code == 201  # a new one any time
    assert not SignalAnswer.objects.exists()


def test_bad_signals_and_answers_are_refused_and_nothing_is_written(
    web, api, owner, partner, couple
):
    assert api(owner).post("/support/signals", {"note": "x" * 281}).status_code == 422
    assert api(owner).post("/support/signals", {"mood": 1}).status_code == 422
    assert not Signal.objects.exists()
    signal = services.signal_send(user=owner)
    again = api(owner).post("/support/signals")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_open"
    kai = api(partner)
    for bad in (
        {"kind": "later"},
        {"kind": "note"},
        {"kind": "note", "text": "x" * 501},
        {"kind": "call", "call_at": "25:99"},
        {"kind": "thinking", "extra": True},
    ):
        assert 400 <= kai.post(f"/support/signals/{signal.pk}/answers", bad).status_code < 500, bad
    web_bad = web(partner).post(
        f"/support/signals/{signal.pk}/answer/", {"kind": "note", "text": " "}
    )
    assert web_bad.status_code == 400 and 'role="alert"' in web_bad.content.decode()
    own = api(owner).post(f"/support/signals/{signal.pk}/answers", {"kind": "thinking"})
    assert own.status_code == 409 and own.json()["error"]["code"] == "own_signal"
    assert not SignalAnswer.objects.exists()
    assert Signal.objects.count() == 1


def test_alone_the_signal_waits_for_a_partner(web, api, owner):
    assert "open once your partner joins" in web(owner).get("/support/").content.decode()
    refused = api(owner).post("/support/signals")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_partner"
    assert web(owner).post("/support/signals/").status_code == 409
    assert not Signal.objects.exists()


def test_no_read_receipts_and_no_pressure_for_the_sender(web, api, owner, partner, couple):
    signal = services.signal_send(user=owner)
    robin_web, robin_api = web(owner), api(owner)

    def sender_view() -> list[str]:
        return [
            robin_web.get("/support/").content.decode(),
            robin_web.get(f"/support/signals/{signal.pk}/").content.decode(),
            robin_api.get(f"/support/signals/{signal.pk}").content.decode(),
            robin_api.get("/support").content.decode(),
        ]

    before = sender_view()
    web(partner).get("/support/")
    web(partner).get(f"/support/signals/{signal.pk}/")
    api(partner).get(f"/support/signals/{signal.pk}")
    after = sender_view()
    assert [_without_tokens(b) for b in before] == [_without_tokens(a) for a in after]
    for body in after:
        lowered = body.lower()
        for pressure in ("seen", "read it", " ago", "still waiting", "hasn't answered", "no reply"):
            assert pressure not in lowered, pressure


def test_outsiders_get_404_on_signal_pages(web, owner, partner, couple, outsider):
    signal = services.signal_send(user=owner, note="private trouble")
    client = web(outsider)
    assert client.get(f"/support/signals/{signal.pk}/").status_code == 404
    assert (
        client.post(f"/support/signals/{signal.pk}/answer/", {"kind": "thinking"}).status_code
        == 404
    )
    assert client.post(f"/support/signals/{signal.pk}/withdraw/").status_code == 404
    assert "private trouble" not in client.get("/support/").content.decode()
    assert web(partner).post(f"/support/signals/{signal.pk}/withdraw/").status_code == 404
