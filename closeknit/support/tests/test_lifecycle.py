"""Export and the leaving rule (docs/couples.md) for support entries."""

from closeknit.couples import services as couples
from closeknit.support import selectors, services
from closeknit.support.lifecycle import export_user_data


def _history(owner, partner):
    services.preferences_save(user=owner, ways=["listening"], in_my_words="stay near")
    shared = services.mood_add(user=owner, mood=2, stress=4, note="shared check-in")
    services.mood_share(user=owner, mood_id=shared.pk, shared=True)
    services.mood_add(user=owner, mood=1, stress=5, note="private check-in")
    signal = services.signal_send(user=owner, note="Robin's signal")
    services.signal_answer(user=partner, signal_id=signal.pk, kind="note", text="Kai's answer")
    news = services.good_news_share(user=owner, text="Robin's good news")
    services.good_news_reply(user=partner, good_news_id=news.pk, text="Kai's reply")
    kai_news = services.good_news_share(user=partner, text="Kai's good news")
    services.good_news_reply(user=owner, good_news_id=kai_news.pk, text="Robin's reply")
    return signal, news, kai_news


def test_export_has_own_entries_and_what_was_received(owner, partner, couple):
    _history(owner, partner)
    data = export_user_data(user=owner)
    assert [m["note"] for m in data["mood_checkins"]] == ["shared check-in", "private check-in"]
    assert data["support_preferences"] == {"ways": ["listening"], "in_my_words": "stay near"}
    assert data["signals_sent"][0]["answers"][0]["text"] == "Kai's answer"
    assert data["good_news_shared"][0]["replies"][0]["text"] == "Kai's reply"
    assert [r["text"] for r in data["replies_written"]] == ["Robin's reply"]
    theirs = export_user_data(user=partner)
    assert "private check-in" not in str(theirs) and "Robin's signal" not in str(theirs)
    assert [a["text"] for a in theirs["answers_given"]] == ["Kai's answer"]


def test_taking_entries_on_leaving_removes_them_from_the_partners_view(api, owner, partner, couple):
    signal, news, kai_news = _history(owner, partner)
    couples.couple_leave(user=owner, entries_stay=False)
    kai = api(partner)
    assert kai.get("/support/shared-moods").json() == []
    assert kai.get(f"/support/signals/{signal.pk}").status_code == 404
    assert kai.get(f"/support/good-news/{news.pk}").status_code == 404
    own = kai.get(f"/support/good-news/{kai_news.pk}").json()
    assert own["replies"] == [] and own["can_reply"] is False
    # The leaver keeps their own entries and sees nothing of the partner's.
    robin = api(owner)
    assert robin.get(f"/support/signals/{signal.pk}").json()["answers"] == []
    assert robin.get(f"/support/good-news/{news.pk}").json()["replies"] == []
    assert robin.get(f"/support/good-news/{kai_news.pk}").status_code == 404
    assert len(robin.get("/support/moods").json()) == 2


def test_leaving_entries_in_place_keeps_what_was_shared(api, owner, partner, couple):
    signal, news, _kai_news = _history(owner, partner)
    couples.couple_leave(user=owner, entries_stay=True)
    kai = api(partner)
    assert [m["note"] for m in kai.get("/support/shared-moods").json()] == ["shared check-in"]
    kept = kai.get(f"/support/good-news/{news.pk}").json()
    assert kept["text"] == "Robin's good news" and kept["can_reply"] is False
    assert kai.post(f"/support/good-news/{news.pk}/replies", {"text": "late"}).status_code == 404
    assert kai.get(f"/support/signals/{signal.pk}").json()["can_answer"] is False
    assert kai.get("/support/preferences").json()["partner"] is None
    assert selectors.live(user=partner).their_signals == []
