from closeknit.couples import services as couples
from closeknit.goals import services, someday
from closeknit.goals.lifecycle import export_user_data
from closeknit.lib import lifecycle


def _fill(owner, partner):
    ours = services.goal_create(user=owner, title="Robin's shared goal", kind="shared")
    services.milestone_add(user=partner, goal_id=ours.pk, title="Kai's step in it")
    kais = services.goal_create(user=partner, title="Kai's own goal", kind="shared")
    services.goal_create(user=owner, title="Robin's shown goal", kind="individual", shared=True)
    services.goal_create(user=owner, title="Robin's private goal", kind="individual")
    someday.dream_note_add(user=owner, text="Robin's dream note")
    someday.dream_note_add(user=partner, text="Kai's dream note")
    someday.someday_add(user=owner, title="Robin's someday", category="travel")
    someday.someday_add(user=partner, title="Kai's someday", category="travel")
    return ours, kais


def test_export_holds_only_the_persons_own_entries(owner, partner, couple):
    _fill(owner, partner)
    data = export_user_data(user=owner)
    assert {g["title"] for g in data["goals"]} == {
        "Robin's shared goal",
        "Robin's shown goal",
        "Robin's private goal",
    }
    assert [n["text"] for n in data["dream_notes"]] == ["Robin's dream note"]
    assert [s["title"] for s in data["someday"]] == ["Robin's someday"]
    assert data["milestones"] == []
    assert lifecycle.collect_exports(user=owner)["goals"] == data
    assert "Kai" not in str(data)


def _texts(api_client):
    return " ".join(
        api_client.get(path).content.decode()
        for path in ("/goals", "/goals/dreams/notes", "/goals/someday", "/goals?status=archived")
    )


def test_leaving_and_taking_entries_hides_them_from_the_partner(api, owner, partner, couple):
    ours, _kais = _fill(owner, partner)
    couples.couple_leave(user=owner, entries_stay=False)
    kai = api(partner)
    seen = _texts(kai)
    assert "Kai's own goal" in seen and "Kai's dream note" in seen and "Kai's someday" in seen
    for gone in (
        "Robin's shared goal",
        "Robin's shown goal",
        "Robin's dream note",
        "Robin's someday",
    ):
        assert gone not in seen, gone
    assert kai.get(f"/goals/{ours.pk}").status_code == 404
    # The leaver keeps their own entries, and no longer sees the partner's.
    robin = _texts(api(owner))
    assert "Robin's shared goal" in robin and "Robin's private goal" in robin
    assert "Kai's own goal" not in robin and "Kai's dream note" not in robin
    # Kai's step inside Robin's goal went with the goal; Kai's export still has it.
    assert [m["title"] for m in export_user_data(user=partner)["milestones"]] == [
        "Kai's step in it"
    ]


def test_leaving_and_letting_entries_stay_keeps_the_shared_history(api, owner, partner, couple):
    ours, _kais = _fill(owner, partner)
    couples.couple_leave(user=owner, entries_stay=True)
    kai = api(partner)
    seen = _texts(kai)
    assert "Robin's shared goal" in seen and "Robin's dream note" in seen
    assert "Robin's private goal" not in seen
    # History of an ended space is read-only.
    late = kai.post(f"/goals/{ours.pk}/milestones", {"title": "late"})
    assert late.status_code == 409 and late.json()["error"]["code"] == "space_ended"
    assert "Kai's own goal" not in _texts(api(owner))


def test_the_partner_who_stays_behind_sees_when_their_partner_left(api, owner, partner, couple):
    _fill(owner, partner)
    couples.couple_leave(user=partner, entries_stay=False)
    robin = _texts(api(owner))
    assert "Kai's own goal" not in robin and "Kai's dream note" not in robin
    assert "Robin's shared goal" in robin
